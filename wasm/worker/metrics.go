package main

import (
	"bytes"
	"fmt"
	"math"
	"time"

	"genplay/models"
	"genplay/models/classifier"
	"genplay/models/diffusion"
	"genplay/models/metrics"
	"genplay/models/pretrained"
	"genplay/tensor/rng"
	"genplay/wasm/protocol"
)

// The live metrics of a 2D sample, in the order of Progress.Metrics; the
// same names for every family, NaN where one does not apply.
//
//	precision, recall  k-NN precision and recall, k = 3 (metrics.PrecisionRecall)
//	modes              modes with a high-quality point (mixtures only)
//	modes_total        the mixture's modes
//	high_quality       fraction of points within 3σ of a mode
//	mmd                unbiased MMD² (metrics.MMD)
//	nll                mean −log p in nats of nllPoints fresh real points:
//	                   exact for the flow, −ELBO for the VAE, diffusion's
//	                   variational bound only when paused
//	nll_gap            nll minus the data's entropy
//	ms_per_sample      wall ms to draw the sample divided by its points
//
// The real points are as many as the sample's, drawn from the data set.

// sampled scores the session's fresh sample and, while training, shows it
// in the view's figure: PanelSamples at once, other panels as a job.
func (tr *trainer) sampled() {
	s := tr.s
	msPer := ms(s.busy) / float64(s.n)
	s.busy = 0
	r := s.sampleRNG
	if s.is2D {
		x := s.points
		nll := math.NaN()
		if _, ok := s.m.(*diffusion.Model); !ok {
			nll = tr.nll(r)
		}
		s.metrics = tr.quality2D(x, r, nll, msPer)
	} else {
		s.metrics = []protocol.Stat{{Name: "ms_per_sample", Value: msPer}}
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

// nll returns the live NLL of the session's model on nllPoints fresh real
// points: exact for a flow, −ELBO (one sample) for a VAE, NaN without a
// likelihood.
func (tr *trainer) nll(r *rng.PCG) float64 {
	s := tr.s
	x, _ := s.real(r, nllPoints)
	if e, ok := s.m.(interface {
		ELBO(dst, x []float32, r *rng.PCG)
	}); ok {
		lp := make([]float32, nllPoints)
		e.ELBO(lp, x, r)
		var sum float64
		for _, v := range lp {
			sum -= float64(v)
		}
		return sum / nllPoints
	}
	if lik, ok := s.m.(models.Likelihood); ok {
		return meanNLL(lik, x, s.dim, r)
	}
	return math.NaN()
}

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

// quality2D returns the live metrics of the 2D sample x, scored against as
// many real points drawn with r.
func (tr *trainer) quality2D(x []float32, r *rng.PCG, nll, msPer float64) []protocol.Stat {
	s := tr.s
	real, _ := s.real(r, len(x)/2)
	if s.bandwidths == nil {
		s.bandwidths = metrics.Bandwidths(real, 2)
	}
	p, rc, mmd := quality(real, x, s.bandwidths)
	modes, total, hq := math.NaN(), math.NaN(), math.NaN()
	if s.set.Centers != nil {
		st := metrics.Modes(metrics.Finite(x, 2), s.set.Centers, 2, s.set.Std)
		modes, total, hq = float64(st.Captured), float64(len(s.set.Centers)/2), st.HighQuality
	}
	gap := math.NaN()
	if s.set.HasEntropy() {
		gap = nll - s.set.Entropy
	}
	return []protocol.Stat{
		{Name: "precision", Value: p}, {Name: "recall", Value: rc},
		{Name: "modes", Value: modes}, {Name: "modes_total", Value: total}, {Name: "high_quality", Value: hq},
		{Name: "mmd", Value: mmd}, {Name: "nll", Value: nll}, {Name: "nll_gap", Value: gap},
		{Name: "ms_per_sample", Value: msPer},
	}
}

// metricsJob appends to j the pieces that score the paused sample x: on 2D
// sets the live metrics (diffusion's NLL bound a network evaluation a
// piece), on images the classifier's metrics when the view asks for them.
func (tr *trainer) metricsJob(j *job, x []float32, r *rng.PCG, msPer float64) {
	s := tr.s
	if !s.is2D {
		j.stat("ms_per_sample", msPer)
		if tr.wantScores(tr.view) {
			tr.scoreJob(j, r)
		}
		return
	}
	d, ok := s.m.(*diffusion.Model)
	if !ok {
		j.do(func() {
			j.fig.Stats = append(tr.quality2D(x, r, tr.nll(r), msPer), j.fig.Stats...)
		})
		return
	}
	held, _ := s.real(r, nllPoints)
	nll := make([]float64, nllPoints)
	j.vlb(d, held, nll, r)
	j.do(func() {
		var sum float64
		for _, v := range nll {
			sum += v
		}
		j.fig.Stats = append(tr.quality2D(x, r, sum/nllPoints, msPer), j.fig.Stats...)
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

// scoreJob appends to j the pieces that draw scoreImages images (diffusion
// by DDIM with the session's image steps, a step a piece) and score them:
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
		for _, k := range []string{"fd", "class_coverage", "precision", "recall"} {
			st = append(st, protocol.Stat{Name: k, Value: got[k]})
		}
		if lik, ok := s.m.(models.Likelihood); ok && lik.Exact() {
			st = append(st, protocol.Stat{Name: "bpd", Value: sc.BitsPerDim(lik, 64)})
		}
		s.scores = st
		s.metrics = append(s.metrics, st...)
		j.fig.Stats = append(j.fig.Stats, st...)
	}
	if d, ok := s.m.(*diffusion.Model); ok {
		v := tr.view
		v.Sampler, v.K, v.Eta = protocol.SamplerDDIM, max(tr.cfg.imageSteps, 1), 1
		j.chain(fromNoise(d, sampler(d, v), scoreImages, r), r, nil, func(y []float32, _ int, _ time.Duration) { copy(x, y) })
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
