// Package pretrained measures genplay's pretrained models: one function,
// Score, computes the metrics that make weights records in each weights
// file and in the manifest, and the tests recompute them from the committed
// files on the same fixed seed. A number in the manifest is therefore a
// claim anyone can check.
package pretrained

import (
	"fmt"
	"math"
	"time"

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
	rep := metrics.Evaluate(l.Model, set, Samples2D, nllPoints, rng.New(Seed), stopped)
	m := map[string]float64{}
	for _, st := range rep.Stats() {
		if st.Name != metrics.MsPerSample && st.Name != metrics.StepsPerSec {
			put(m, st.Name, st.Value)
		}
	}
	return m, nil
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

// nllPoints is the number of real points the 2D likelihood is averaged
// over (metrics.NLLPoints: a quarter of them for diffusion's bound, which
// costs T network evaluations per point).
const nllPoints = 1000

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
