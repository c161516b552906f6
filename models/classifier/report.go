package classifier

import (
	"fmt"
	"math"

	"genplay/models/data"
	"genplay/models/metrics"
)

// Report is the set of numbers every family is scored with on MNIST, in the
// classifier's feature space (an "Inception for MNIST": the Fréchet distance
// on LeNet-style features is sometimes called FLD).
//
// FD is biased upwards at small N: the covariance of N samples misses
// variance in directions that N points do not span, and the error of both
// estimates adds a positive term that falls roughly like 1/N (Chong &
// Forsyth 2020, "Effectively Unbiased FID and Inception Score and where to
// find them"). Compare FDs only at the same N, and against the floor at
// that N (Floor): real test digits score 23.8 at N = 1000 with the
// shipped classifier (doc.go), not 0.
type Report struct {
	// N is the number of generated images scored.
	N int
	// FD is the Fréchet distance between the Gaussian fitted to the
	// generated images' features and the reference statistics of the real
	// training set (metrics.Frechet).
	FD float64
	// Histogram counts the predicted class of each generated image.
	Histogram []int
	// LabelEntropy is the entropy of Histogram/N in nats: ln(Classes) when
	// every class is predicted equally often, 0 for a single class.
	LabelEntropy float64
	// ClassCoverage is LabelEntropy / ln(Classes), in [0, 1]: 1 = all
	// classes equally. (Unrelated to metrics.DensityCoverage's coverage.)
	ClassCoverage float64
	// Precision and Recall are the k-NN precision and recall of
	// Kynkäänniemi et al. (2019, k = 3) of the generated features against
	// the features of N real test images (metrics.PrecisionRecall).
	Precision, Recall float64
}

func (r Report) String() string {
	return fmt.Sprintf("N %d: FD %.3f, label entropy %.3f nats (class coverage %.3f), precision %.3f, recall %.3f, histogram %v",
		r.N, r.FD, r.LabelEntropy, r.ClassCoverage, r.Precision, r.Recall, r.Histogram)
}

// prK is k of the precision and recall.
const prK = 3

// Score scores the generated images fake (N = len(fake)/Dim() images,
// pixel values meant to lie in [0, 1]) against the reference statistics
// (FD, which Load or ComputeReference must have set) and against the first
// N images of real, normally the test set (precision and recall). Pixels
// are clamped to [0, 1] first and NaN reads as 0 (background), so a model
// that diverged scores like blank images rather than poisoning the
// statistics. Score returns an error if the FD cannot be computed; it
// panics if real has fewer than N images, N ≤ 3 or fake does not hold
// whole images. It allocates O(N·(Dim + FeatureDim)) and takes about a
// second for N = 1000 (the k-NN search is O(N²·FeatureDim)).
func (c *Classifier) Score(fake []float32, real *data.Images) (Report, error) {
	d := c.Dim()
	n := len(fake) / d
	if len(fake)%d != 0 || n <= prK || n > real.Len() || real.Rows != c.rows || real.Cols != c.cols {
		panic(fmt.Sprintf("classifier: Score of %d values (images of %d pixels) against %d real %d×%d images; need more than %d images and as many real ones",
			len(fake), d, real.Len(), real.Rows, real.Cols, prK))
	}
	x := make([]float32, len(fake))
	for i, v := range fake {
		switch {
		case v > 0 && v <= 1:
			x[i] = v
		case v > 1:
			x[i] = 1
		} // else 0, also for NaN
	}
	fakeFeat := c.features(x)
	realFeat := c.features(images(real, 0, n))
	return c.report(x, fakeFeat, realFeat)
}

// Floor returns the Report of real images in place of generated ones,
// images n to 2n−1 of real scored against the training reference and
// against images 0 to n−1 (the real set of Score at this n): the zero point
// of every number at this N, which no generator can be expected to beat
// (the train-versus-test floor of the literature). It panics unless real
// holds at least 2n images.
func (c *Classifier) Floor(real *data.Images, n int) (Report, error) {
	if 2*n > real.Len() {
		panic(fmt.Sprintf("classifier: Floor at n = %d needs %d real images, have %d", n, 2*n, real.Len()))
	}
	return c.Score(images(real, n, 2*n), real)
}

// features returns the features of the images x.
func (c *Classifier) features(x []float32) []float32 {
	f := make([]float32, len(x)/c.Dim()*c.FeatureDim())
	c.Features(f, x)
	return f
}

// report computes the Report of the generated images x with features
// fakeFeat against real features realFeat.
func (c *Classifier) report(x, fakeFeat, realFeat []float32) (Report, error) {
	f := c.FeatureDim()
	n := len(fakeFeat) / f
	rep := Report{N: n, Histogram: make([]int, c.classes)}
	if c.refMu == nil {
		return rep, fmt.Errorf("classifier: no reference statistics (ComputeReference or Load sets them)")
	}
	pred := make([]uint8, n)
	c.Predict(pred, x)
	for _, p := range pred {
		rep.Histogram[p]++
	}
	for _, h := range rep.Histogram {
		if h > 0 {
			q := float64(h) / float64(n)
			rep.LabelEntropy -= q * math.Log(q)
		}
	}
	rep.ClassCoverage = rep.LabelEntropy / math.Log(float64(c.classes))
	rep.Precision, rep.Recall = metrics.PrecisionRecall(realFeat, fakeFeat, f, prK)
	mu, cov := metrics.MeanCov(fakeFeat, f)
	var err error
	if rep.FD, err = metrics.Frechet(mu, cov, c.refMu, c.refCov); err != nil {
		return rep, fmt.Errorf("classifier: %w", err)
	}
	return rep, nil
}

// images returns images lo to hi−1 of set at their pixel centres.
func images(set *data.Images, lo, hi int) []float32 {
	x := make([]float32, (hi-lo)*set.Dim())
	set.Batch(x, nil, lo, hi)
	return x
}
