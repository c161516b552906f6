package pretrained

import (
	"fmt"
	"math"
	"sync"

	"genplay/models"
	"genplay/models/classifier"
	"genplay/models/data"
	"genplay/models/metrics"
	"genplay/tensor/rng"
)

// SamplesImages is the number of generated images the MNIST metrics score,
// against as many real test digits. FD is biased upwards at small N, so
// every FD genplay reports is at this N, beside the floor of real digits at
// the same N.
const SamplesImages = 1000

// Likelihood budgets on MNIST: the flow's exact density is cheap; the VAE's
// importance-weighted bound costs K decoder passes per image.
const (
	nllImagesFlow = 1000
	nllImagesVAE  = 250
)

// ImageScorer scores image models with the shipped MNIST classifier (its
// convolutional features). It is
// safe for concurrent use; scores are computed one at a time.
type ImageScorer struct {
	mu   sync.Mutex
	c    *classifier.Classifier
	test *data.Images
}

// NewImageScorer returns a scorer that uses c's features and reference
// statistics and compares against the first images of test.
func NewImageScorer(c *classifier.Classifier, test *data.Images) *ImageScorer {
	return &ImageScorer{c: c, test: test}
}

// Classifier returns the scorer's classifier.
func (s *ImageScorer) Classifier() *classifier.Classifier { return s.c }

// Score returns the metrics of an MNIST model: the Fréchet distance in the
// classifier's features (fd), the class coverage (the entropy of the
// predicted labels over ln 10), k-NN precision and recall in feature space,
// and bits per dimension where the family has a likelihood: exact for the
// flow (bpd), a bound for a VAE with a Gaussian decoder (bpd_bound). Diffusion is sampled with
// DDIM-50 (η = 0), a thousandth of DDPM's cost at nearly its quality; the
// README's table adds DDPM-1000.
func (s *ImageScorer) Score(m models.Model) (map[string]float64, error) {
	x := make([]float32, SamplesImages*s.test.Dim())
	if err := SampleFast(m, x, s.test.Dim(), rng.New(Seed)); err != nil {
		return nil, err
	}
	out, err := s.ScoreImages(x)
	if err != nil {
		return nil, err
	}
	if lik, ok := m.(models.Likelihood); ok {
		// A Bernoulli decoder scores binary pixels, not a density of
		// them (Loaiza-Ganem & Cunningham 2019), so it has no bits per
		// dimension; diffusion's bound costs T passes per image.
		k := lik.LogProbKind()
		n, key := nllImagesFlow, metrics.BPD
		if !k.Exact() {
			n, key = nllImagesVAE, metrics.BPDBound
		}
		if !k.Discrete && k.Evals <= 100 {
			put(out, key, s.BitsPerDim(lik, n))
		}
	}
	return out, nil
}

// ScoreImages scores generated images (pixel values in [0, 1]).
func (s *ImageScorer) ScoreImages(x []float32) (map[string]float64, error) {
	return s.ScoreDraw(x, 0)
}

// ScoreDraw scores the generated images x of draw d of the protocol: FD
// against the training reference, precision and recall against the test
// digits d·N to (d+1)·N − 1 (N = len(x)/Dim), so that the draws' real sets
// are disjoint. It returns an error if the test set has too few digits.
func (s *ImageScorer) ScoreDraw(x []float32, d int) (map[string]float64, error) {
	n := len(x) / s.test.Dim()
	if d < 0 || (d+1)*n > s.test.Len() {
		return nil, fmt.Errorf("pretrained: draw %d of %d images needs %d test digits, have %d", d, n, (d+1)*n, s.test.Len())
	}
	real := *s.test
	real.Pixels = s.test.Pixels[d*n*s.test.Dim() : (d+1)*n*s.test.Dim()]
	real.Labels = s.test.Labels[d*n : (d+1)*n]
	s.mu.Lock()
	rep, err := s.c.Score(x, &real)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	put(out, metrics.FD, rep.FD)
	put(out, metrics.ClassCoverage, rep.ClassCoverage)
	put(out, metrics.Precision, rep.Precision)
	put(out, metrics.Recall, rep.Recall)
	return out, nil
}

// Floor returns the metrics of real test digits in place of generated ones
// at N = SamplesImages: the zero point of every number above.
func (s *ImageScorer) Floor() (map[string]float64, error) {
	s.mu.Lock()
	rep, err := s.c.Floor(s.test, SamplesImages)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	put(out, metrics.FD, rep.FD)
	put(out, metrics.ClassCoverage, rep.ClassCoverage)
	put(out, metrics.Precision, rep.Precision)
	put(out, metrics.Recall, rep.Recall)
	return out, nil
}

// BitsPerDim returns the mean of −log₂ p(x)/D + 8 over the first n test
// digits, each dequantised with uniform noise from a fixed seed: the
// density of x ∈ [0, 1]^D turned into bits per pixel of 256 levels (Theis
// et al. 2016).
func (s *ImageScorer) BitsPerDim(lik models.Likelihood, n int) float64 {
	d := s.test.Dim()
	x := make([]float32, n*d)
	r := rng.New(Seed + 1)
	for i := range n {
		s.test.Image(x[i*d:(i+1)*d], i)
		for j := range d {
			x[i*d+j] += (r.Float32() - 0.5) / 256
		}
	}
	lp := make([]float32, n)
	lik.LogProb(lp, x, rng.New(Seed+2))
	var nll float64
	for _, v := range lp {
		nll -= float64(v)
	}
	return BPD(nll/float64(n), d)
}

// BPD converts a mean negative log-density in nats of x ∈ [0, 1]^dim into
// bits per dimension of 256-level pixels: (nll/dim + ln 256)/ln 2.
func BPD(nll float64, dim int) float64 {
	return (nll/float64(dim) + math.Log(256)) / math.Ln2
}

// FastSteps is the number of steps of SampleFast's sampler.
const FastSteps = 50

// SampleFast fills dst with samples: a Stepper with FastSteps steps of its
// first sampler that takes a step count (diffusion: DDIM-50, η = 0), any
// other model with its own one-pass sampler.
func SampleFast(m models.Model, dst []float32, dim int, r *rng.PCG) error {
	if st, ok := m.(models.Stepper); ok {
		if err := models.SampleWith(st, dst, dim, models.StepOpts(st, FastSteps), r); err != nil {
			return fmt.Errorf("pretrained: %d-step sampler: %w", FastSteps, err)
		}
		return nil
	}
	m.Sample(dst, r)
	return nil
}

// ClassifierMetrics returns what the shipped classifier's file records:
// its accuracy on the test digits and the floor of each image metric
// (real test digits scored as if generated, floor_*).
func ClassifierMetrics(s *ImageScorer) (map[string]float64, error) {
	out := map[string]float64{}
	put(out, "test_accuracy", s.c.Accuracy(s.test))
	floor, err := s.Floor()
	if err != nil {
		return nil, err
	}
	for k, v := range floor {
		out["floor_"+k] = v
	}
	return out, nil
}
