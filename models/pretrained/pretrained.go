// Package pretrained measures genplay's pretrained models: one function,
// Score, computes the metrics that make weights records in each weights
// file and in the manifest, and the tests recompute them from the committed
// files on the same fixed seed. A number in the manifest is therefore a
// claim anyone can check.
//
// # The protocol
//
// Every recorded number, the manifest's, make eval's and the README's
// tables, is one draw of the same protocol:
//
//	2D     N = Samples2D (1000) samples against 1000 fresh real points, the
//	       likelihood over NLLPoints2D (1000) real points (a quarter for
//	       diffusion's bound), all from rng.New(Seed), Seed = 7
//	MNIST  N = SamplesImages (1000) images drawn from rng.New(Seed) against
//	       the reference statistics of the 20,000 training digits (FD) and
//	       the first 1000 test digits (precision, recall), in the features
//	       of the shipped convolutional classifier (models/classifier)
//
// Where a sentence needs an interval, further draws follow the same
// protocol with the seeds Seed+1, Seed+2, … and, on MNIST, the next blocks
// of 1000 test digits (ImageScorer.ScoreDraw).
package pretrained

import (
	"fmt"
	"math"
	"time"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/metrics"
	"genplay/models/registry"
	"genplay/tensor/rng"
)

// Seed seeds every draw of Score: the samples, the real points and the
// likelihood's noise. It is independent of the training seed.
const Seed = 7

// Samples2D is the number of generated and real points the 2D metrics
// compare.
const Samples2D = 1000

// Score returns the metrics of a loaded model, rounded to four decimals.
// img scores image models; it may be nil when l is a 2D model.
func Score(l *registry.Loaded, img *ImageScorer) (map[string]float64, error) {
	set, is2D := l.Source.(data.Set)
	if !is2D {
		if img == nil {
			return nil, fmt.Errorf("pretrained: scoring %s needs the image classifier", l.Spec.Data)
		}
		return img.Score(l.Model)
	}
	return Metrics2D(Evaluate2D(l.Model, set, stopped)), nil
}

// Metrics2D returns the numbers of a 2D report that Score records, rounded
// to four decimals: every finite one but the timings.
func Metrics2D(rep metrics.Report) map[string]float64 {
	m := map[string]float64{}
	for _, st := range rep.Stats() {
		if st.Name != metrics.MsPerSample && st.Name != metrics.StepsPerSec {
			put(m, st.Name, st.Value)
		}
	}
	return m
}

// Evaluate2D scores a 2D model by the protocol (Samples2D points, the
// likelihood over NLLPoints2D, rng.New(Seed)), timing its sampler with
// clock.
func Evaluate2D(m models.Model, set data.Set, clock func() time.Time) metrics.Report {
	return metrics.Evaluate(m, set, Samples2D, NLLPoints2D, rng.New(Seed), clock)
}

// put stores v rounded to four decimals, leaving out NaN and infinities.
func put(m map[string]float64, k string, v float64) {
	if !math.IsNaN(v) && !math.IsInf(v, 0) {
		m[k] = math.Round(v*1e4) / 1e4
	}
}

// stopped is a clock that never moves: Score records no timings, which
// would not reproduce.
func stopped() time.Time { return time.Time{} }

// NLLPoints2D is the number of real points the 2D likelihood is averaged
// over (metrics.NLLPoints: a quarter of them for diffusion's bound, which
// costs T network evaluations per point).
const NLLPoints2D = 1000

// Check compares recomputed metrics with recorded ones: every recorded
// key must come back within tol (absolute, after the four-decimal rounding),
// and no key may appear or vanish.
func Check(recorded, got map[string]float64, tol float64) error {
	for k, want := range recorded {
		v, ok := got[k]
		if !ok {
			return fmt.Errorf("metric %s = %v recorded, not measured now", k, want)
		}
		if math.Abs(v-want) > tol {
			return fmt.Errorf("metric %s = %v, recorded %v", k, v, want)
		}
	}
	for k, v := range got {
		if _, ok := recorded[k]; !ok {
			return fmt.Errorf("metric %s = %v measured now, not recorded", k, v)
		}
	}
	return nil
}
