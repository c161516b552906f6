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

// sampled scores the session's fresh sample and, while training, shows it
// in the view's figure: PanelSamples at once, other panels as a job.
func (tr *trainer) sampled() {
	s := tr.s
	msPer := ms(s.busy) / float64(s.n)
	s.busy = 0
	r := s.sampleRNG
	if s.is2D {
		o := metrics.Options{MsPerSample: msPer}
		held, _ := s.real(r, nllPoints) // drawn for every family: see metricsJob
		if lik, ok := s.m.(models.Likelihood); ok && lik.LogProbKind().Evals <= liveCost {
			o.Held = held[:s.dim*min(nllPoints, max(1, pieceEvals/max(lik.LogProbKind().Evals, 1)))]
		}
		s.metrics = tr.quality2D(s.points, r, o)
	} else {
		s.metrics = []protocol.Stat{{Name: metrics.MsPerSample, Value: msPer}}
	}
	s.metrics = append(s.metrics, s.scores...)
	s.last = s.metrics
	if s.running && s.job == nil {
		// Paused, the figure comes from its own stream (startFigure).
		tr.startFigure(true)
	}
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

// quality2D returns the live metrics of the 2D sample x (liveNames),
// scored by metrics.Score against as many real points drawn with r, with
// the session's MMD bandwidths.
func (tr *trainer) quality2D(x []float32, r *rng.PCG, o metrics.Options) []protocol.Stat {
	s := tr.s
	real, _ := s.real(r, len(x)/2)
	if s.bandwidths == nil {
		s.bandwidths = metrics.Bandwidths(real, 2)
	}
	o.Bandwidths = s.bandwidths
	rep := metrics.Score(s.m, s.set, real, x, o, r)
	var out []protocol.Stat
	for _, st := range rep.Stats() {
		if slices.Contains(liveNames, st.Name) {
			out = append(out, protocol.Stat{Name: st.Name, Value: st.Value})
		}
	}
	return out
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
		j.stepwise(func(pause func() bool) { pl.LogProbEach(o.HeldLogProb, o.Held, r, pause) })
	} else if ok {
		o.HeldLogProb = make([]float32, nllPoints)
		per := max(1, pieceEvals/max(lik.LogProbKind().Evals, 1))
		for i := 0; i < nllPoints; i += per {
			end := min(i+per, nllPoints)
			j.do(func() { lik.LogProb(o.HeldLogProb[i:end], held[i*s.dim:end*s.dim], r) })
		}
	}
	j.do(func() {
		j.fig.Stats = append(tr.quality2D(x, r, o), j.fig.Stats...)
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
		s.scores = st
		s.metrics = append(s.metrics, st...)
		j.fig.Stats = append(j.fig.Stats, st...)
	}
	if s.start != nil {
		j.chain(func() chain { return s.start(scoreImages, r) }, r, nil, func(y []float32, _ int, _ time.Duration) { copy(x, y) })
	} else {
		j.do(func() { s.m.Sample(x, r) })
	}
	j.do(score)
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
