package worker

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"time"

	"genplay/models"
	"genplay/models/classifier"
	"genplay/models/metrics"
	"genplay/models/pretrained"
	"genplay/tensor/rng"
	"genplay/wasm/protocol"
)

// The live metrics of a 2D sample, in the order of Progress.Metrics, are
// those of metrics.Score under the names of package metrics, NaN where one
// does not apply: precision, recall, modes, modes_total, high_quality,
// mmd2, nll (exact, a flow) or nll_bound (the model's bound: IWAE-K for a
// VAE, diffusion's VLB only when paused, since it costs T network
// evaluations per point), nll_gap and ms_per_sample (the wall ms to draw
// the sample divided by its points). The real points are as many as the
// sample's, drawn from the data set; the NLL is averaged over nllPoints
// fresh ones.
var liveNames = []string{
	metrics.Precision, metrics.Recall, metrics.ModesCaptured, metrics.ModesTotal, metrics.HighQuality,
	metrics.MMD2, metrics.NLL, metrics.NLLBound, metrics.NLLGap, metrics.MsPerSample,
}

// liveCost is the most network evaluations per point that the live NLL
// spends while training; a costlier likelihood (diffusion's bound) is
// scored only in the paused figure, a network evaluation a piece.
// pieceEvals bounds the network evaluations of one piece of the NLL
// (points × evaluations per point): while training the NLL is averaged
// over the first pieceEvals/Evals of its points (the VAE's IWAE-50 bound
// over 39), paused over all of them a piece at a time.
const (
	liveCost   = 100
	pieceEvals = 2000
)

// boundUnits is twice the work of one point's network evaluation in
// diffusion's bound, in the units of a job's work (see piece): it costs
// 1.4 times a step of a chain, natively 1.98 µs against 1.40 µs a point
// for the page's default diffusion model on 8 Gaussians.
const boundUnits = 3

// sampled takes the session's fresh sample, finished at t: on 2D sets it
// starts its live score (score2D) while scoring is within its share of the
// wall time, and always while paused; a sample over the share is shown
// without new metrics. While training it shows the sample in the view's
// figure: PanelSamples at once (with the metrics of the newest scored
// sample), other panels as a job.
func (tr *trainer) sampled(t time.Time) {
	s := tr.s
	msPer := ms(s.busy) / float64(s.n)
	s.lastSample, s.lastCost, s.busy = t, s.busy, 0
	r := s.sampleRNG
	if !s.running {
		// The sample of a pause is scored from a stream of the seed and
		// the step, as the paused figures are: a model shows the same
		// metrics at the same step however it got there (trained, loaded
		// or imported), also in a panel whose figure has none.
		r = pausedStream(s.spec.Seed, s.step)
	}
	if s.is2D {
		if !s.running || tr.scoreFits() {
			tr.score2D(slices.Clone(s.points), r, msPer)
		}
	} else {
		s.metrics = append([]protocol.Stat{{Name: metrics.MsPerSample, Value: msPer}}, s.scores...)
		s.last = s.metrics
	}
	if s.running && s.job == nil {
		// Paused, the figure comes from its own stream (startFigure).
		tr.startFigure(true)
	}
}

// score2D starts the live score of the 2D sample x as the session's score
// job, which runs to its end once started (job.whole), a few rows of MMD a
// piece: the live metrics (liveNames), with the NLL of the first of
// nllPoints fresh real points that one piece of pieceEvals network
// evaluations reaches (none for a likelihood that costs more than liveCost
// evaluations a point: diffusion's bound).
func (tr *trainer) score2D(x []float32, r *rng.PCG, msPer float64) {
	s := tr.s
	s.dropScore()
	s.scoreRun = 0
	j := &job{whole: true}
	o := metrics.Options{MsPerSample: msPer}
	held, _ := s.real(r, nllPoints) // drawn for every family: see metricsJob
	if lik, ok := s.m.(models.Likelihood); ok && lik.LogProbKind().Evals <= liveCost {
		o.Held = held[:s.dim*min(nllPoints, max(1, pieceEvals/max(lik.LogProbKind().Evals, 1)))]
	}
	tr.quality2DJob(j, x, r, o, func(st []protocol.Stat) {
		s.metrics = append(st, s.scores...)
		s.last = s.metrics
	})
	s.score = j
}

// advanceScore advances the session's live score by one piece, counts
// its time by spend, and forgets the score once it is done, keeping what
// it cost. A score that overran half the share of the recent window (the
// first, in code the browser has not optimised yet, can cost ten times the
// next) counts as that half for the scores after it, so that they resume
// within about a window; its time still counts against training (as time
// between ticks).
func (tr *trainer) advanceScore(now func() time.Time, spend func(phase)) {
	s := tr.s
	done := s.score.advance(now)
	spend(phaseScore)
	if !done {
		return
	}
	s.dropScore()
	s.scoreCost, s.scoreRun = s.scoreRun, 0
	if most := time.Duration(tr.cfg.scoreShare * float64(tr.cfg.shareWindow) / 2); s.scoreCost > most && s.recent[phaseScore] > most {
		s.recent[phaseOther] += s.recent[phaseScore] - most
		s.recent[phaseScore] = most
	}
}

// dropScore abandons the live score under way, if any.
func (s *session) dropScore() {
	if s.score != nil {
		s.score.stop()
		s.score = nil
	}
}

// imageScoreDue reports whether an automatic score of the image model that
// trains is due at t: with the classifier at hand, once cfg.imageScoreEvery
// has passed since the last one ended, and while scoring is within its
// share of the wall time.
func (tr *trainer) imageScoreDue(t time.Time) bool {
	s := tr.s
	return s.running && !s.is2D && tr.scorer != nil && s.img != nil && s.img.Len() >= scoreImages &&
		t.Sub(s.lastScore) >= tr.cfg.imageScoreEvery && tr.scoreFits()
}

// startImageScore starts an automatic score of the image model as the
// session's score job (scoreJob's pieces, advanced only while scoring is
// within its share): its numbers go out with the next Progress and stay
// in the live metrics of the samples after it.
func (tr *trainer) startImageScore() {
	s := tr.s
	j := &job{fig: protocol.Figure{Panel: protocol.PanelSamples}}
	tr.scoreJob(j, s.sampleRNG)
	j.do(func() { s.lastScore = j.now() })
	s.score, s.scoreRun = j, 0
}

// pausedScoreDue reports whether the paused image model's metrics at its
// step are still to be scored: once its paused figure is done, with the
// classifier at hand, and no score of this step finished or under way.
// So a pretrained model's metrics fill in after it loads and a model's
// after it pauses, as they do while it trains (imageScoreDue).
func (tr *trainer) pausedScoreDue() bool {
	s := tr.s
	return s != nil && !s.running && !s.want && s.job == nil && s.score == nil && s.failure == "" &&
		!s.is2D && tr.scorer != nil && s.img != nil && s.img.Len() >= scoreImages && s.scoredStep != s.step
}

// startPausedScore starts the score of the paused image model at its step
// from a stream of the seed and step of its own (scoreStream), so that the
// same Spec at the same step scores the same in any browser.
func (tr *trainer) startPausedScore() {
	s := tr.s
	j := &job{fig: protocol.Figure{Panel: protocol.PanelSamples, Step: s.step}}
	tr.scoreJob(j, scoreStream(s.spec.Seed, s.step))
	s.score, s.scoreRun = j, 0
}

// scoreStream returns the generator of the paused score at step: the
// figure streams' numbers (figureStream) with the panel byte 0xff, which
// no panel has.
func scoreStream(seed uint64, step int) *rng.PCG {
	return rng.NewStream(seed, 1<<62|uint64(step)<<8|0xff)
}

// lastMetrics returns the metrics of the newest scored sample.
func (s *session) lastMetrics() []protocol.Stat { return s.last }

// quality returns the precision, recall and MMD² of the 2D sample fake
// against real, with the points that are not finite left out.
// The bandwidths are metrics.Bandwidths(real) when bw is nil.
func quality(real, fake []float32, bw []float64) (precision, recall, mmd float64) {
	fake = metrics.Finite(fake, 2)
	if len(fake)/2 <= 5 {
		return 0, 0, math.NaN()
	}
	if bw == nil {
		bw = metrics.Bandwidths(real, 2)
	}
	precision, recall = metrics.PrecisionRecall(real, fake, 2, 3)
	return precision, recall, metrics.MMD(real, fake, 2, bw)
}

// pausedStream returns the generator that scores the sample drawn at a
// pause at step: the figure streams' numbers (figureStream) with the
// panel byte 0, which no panel has.
func pausedStream(seed uint64, step int) *rng.PCG {
	return rng.NewStream(seed, 1<<62|uint64(step)<<8)
}

// bandwidthStream is the number of the stream of a seed whose real points
// set a session's MMD bandwidths: above the figures' (figureStream).
const bandwidthStream = 1 << 63

// quality2DJob appends to j the pieces that score the 2D sample x against
// as many real points drawn with r, by metrics.Score with the session's
// MMD bandwidths, and call done with the live metrics (liveNames): the
// real points and the bandwidths (the first time) in one piece, MMD's
// pair sums cfg.mmdRows rows a piece, then the rest of the metrics.
func (tr *trainer) quality2DJob(j *job, x []float32, r *rng.PCG, o metrics.Options, done func([]protocol.Stat)) {
	s := tr.s
	var (
		real []float32
		sum  *metrics.MMDSum
	)
	fake := metrics.Finite(x, 2)
	j.as(labelScoring).do(func() {
		real, _ = s.real(r, len(x)/2)
		if s.bandwidths == nil {
			// From real points of a stream of the seed's own rather than
			// the first ones scored, so that a model loaded or imported at
			// any step scores the MMD² of the run that trained it.
			ref, _ := s.real(rng.NewStream(s.spec.Seed, bandwidthStream), s.n)
			s.bandwidths = metrics.Bandwidths(ref, 2)
		}
		o.Bandwidths = s.bandwidths
	})
	if len(fake)/2 > 5 {
		// A row of MMD's pair sums counts as a unit of work.
		j.then(len(fake)/2, tr.cfg.mmdRows, func() bool {
			if sum == nil {
				sum = metrics.NewMMDSum(real, fake, 2, s.bandwidths)
			}
			if !sum.Advance(tr.cfg.mmdRows) {
				return false
			}
			v := sum.Value()
			o.MMD = &v
			return true
		})
	}
	j.doUnits(len(x)/2, func() {
		rep := metrics.Score(s.m, s.set, real, x, o, r)
		var out []protocol.Stat
		for _, st := range rep.Stats() {
			if slices.Contains(liveNames, st.Name) {
				out = append(out, protocol.Stat{Name: st.Name, Value: st.Value})
			}
		}
		done(out)
	})
}

// metricsJob appends to j the pieces that score the paused sample x: on 2D
// sets the live metrics (a likelihood that pauses, diffusion's bound, a
// network evaluation a piece), on images the classifier's metrics when the
// view asks for them.
func (tr *trainer) metricsJob(j *job, x []float32, r *rng.PCG, msPer float64) {
	s := tr.s
	if !s.is2D {
		j.stat(metrics.MsPerSample, msPer)
		if tr.wantScores(tr.view) {
			tr.scoreJob(j, r)
		}
		return
	}
	// The NLL's points are drawn for every family, with or without a
	// likelihood, so that the real points every family's sample is scored
	// against are the same at the same seed, step and panel.
	o := metrics.Options{MsPerSample: msPer}
	held, _ := s.real(r, nllPoints)
	lik, ok := s.m.(models.Likelihood)
	if ok {
		o.Held = held
	}
	if pl, pausing := lik.(models.PausingLikelihood); ok && pausing {
		o.HeldLogProb = make([]float32, nllPoints)
		// A pause after each network evaluation of all the points, each
		// costing boundUnits a point.
		per := nllPoints * boundUnits / 2
		j.as(labelLikelihood).stepwise(per*pl.LogProbKind().Evals, per, func(pause func() bool) { pl.LogProbEach(o.HeldLogProb, o.Held, r, pause) })
	} else if ok {
		o.HeldLogProb = make([]float32, nllPoints)
		per := max(1, pieceEvals/max(lik.LogProbKind().Evals, 1))
		for i := 0; i < nllPoints; i += per {
			end := min(i+per, nllPoints)
			j.as(labelLikelihood).doUnits((end-i)*lik.LogProbKind().Evals, func() { lik.LogProb(o.HeldLogProb[i:end], held[i*s.dim:end*s.dim], r) })
		}
	}
	tr.quality2DJob(j, x, r, o, func(st []protocol.Stat) {
		j.fig.Stats = append(st, j.fig.Stats...)
	})
}

// imageScorer scores generated images with the shipped classifier against
// the session's image set.
type imageScorer struct {
	c *classifier.Classifier
}

// wantScores reports whether v asks for image metrics the session lacks.
func (tr *trainer) wantScores(v protocol.View) bool {
	s := tr.s
	return v.Score && !s.is2D && s.scores == nil && tr.scorer != nil && s.img != nil && s.img.Len() >= scoreImages
}

// scoreJob appends to j the pieces that draw scoreImages images (a model
// that samples step by step with the session's live sampler, diffusion's
// DDIM with η = 1 and the image steps, a step a piece) and score them:
// fd, class_coverage, precision and recall (pretrained.ImageScorer against
// the first images of the set), and bpd for a flow.
func (tr *trainer) scoreJob(j *job, r *rng.PCG) {
	s := tr.s
	x := make([]float32, scoreImages*s.dim)
	score := func() {
		sc := pretrained.NewImageScorer(tr.scorer.c, s.img)
		got, err := sc.ScoreImages(x)
		if err != nil {
			j.fig.Note = sentence(err.Error())
			return
		}
		var st []protocol.Stat
		for _, k := range []string{metrics.FD, metrics.ClassCoverage, metrics.Precision, metrics.Recall} {
			st = append(st, protocol.Stat{Name: k, Value: got[k]})
		}
		if lik, ok := s.m.(models.Likelihood); ok && lik.LogProbKind().Exact() {
			st = append(st, protocol.Stat{Name: metrics.BPD, Value: sc.BitsPerDim(lik, 64)})
		}
		s.scores, s.scoredStep = st, s.step
		s.metrics = mergeStats(s.last, st)
		s.last = s.metrics
		j.fig.Stats = append(j.fig.Stats, st...)
	}
	if s.start != nil {
		j.as(labelScoreSampling).chain(scoreImages, tr.cfg.imageSteps, func() chain { return s.start(scoreImages, r) }, r, nil, func(y []float32, _ int, _ time.Duration) { copy(x, y) })
	} else {
		j.as(labelScoreSampling).doUnits(scoreImages, func() { s.m.Sample(x, r) })
	}
	j.as(labelClassifier).doUnits(scoreImages*classifyUnits, score)
}

// ensureScorer downloads the classifier of the image metrics, the
// manifest's data asset "classifier", unless it has been.
func (tr *trainer) ensureScorer(now func() time.Time) error {
	if tr.scorer != nil {
		return nil
	}
	m, err := tr.getManifest()
	if err != nil {
		return err
	}
	a, ok := m.Asset("classifier")
	if !ok {
		return fmt.Errorf("the server offers no classifier to score images with")
	}
	b, err := tr.download("the MNIST classifier", a, now)
	if err != nil {
		return err
	}
	c, _, err := classifier.Load(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("the MNIST classifier is malformed: %v", err)
	}
	tr.scorer = &imageScorer{c: c}
	return nil
}

// mergeStats returns old with the values of upd set or added.
func mergeStats(old, upd []protocol.Stat) []protocol.Stat {
	out := slices.Clone(old)
	for _, st := range upd {
		if i := slices.IndexFunc(out, func(o protocol.Stat) bool { return o.Name == st.Name }); i >= 0 {
			out[i].Value = st.Value
		} else {
			out = append(out, st)
		}
	}
	return out
}
