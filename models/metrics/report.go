package metrics

import (
	"math"
	"time"

	"genplay/models"
	"genplay/models/data"
	"genplay/tensor/rng"
)

// Report is the one set of numbers every family is scored with on a 2D set.
// Fields that do not apply are NaN (or -1 for counts).
type Report struct {
	Modes       int     // modes captured (mixtures only; -1 otherwise)
	ModesTotal  int     // modes of the mixture (0 otherwise)
	HighQuality float64 // fraction of samples within 3σ of a mode (mixtures only)
	Precision   float64 // k-NN precision, k = 3
	Recall      float64 // k-NN recall, k = 3
	Density     float64 // density, k = 5
	Coverage    float64 // coverage, k = 5
	MMD         float64 // unbiased MMD² over the bandwidths of Bandwidths
	NLL         float64 // mean NLL in nats (a bound unless NLLExact); NaN without a likelihood
	NLLExact    bool    // NLL is exact, not a bound
	NLLGap      float64 // NLL minus the data's entropy; NaN when either is unknown
	SampleMs    float64 // wall time to draw 1000 samples, in milliseconds
	StepsPerSec float64 // training speed, filled in by the caller
}

// Evaluate draws n samples from m and n real points from set, and scores
// them. The likelihood, where m has one, is averaged over nll further real
// points (its cost is T network evaluations for diffusion). now is the clock for the
// sampling time.
func Evaluate(m models.Model, set data.Set, n, nll int, r *rng.PCG, now func() time.Time) Report {
	const dim = 2
	rep := Report{Modes: -1, HighQuality: math.NaN(), NLL: math.NaN(), NLLGap: math.NaN(), StepsPerSec: math.NaN()}
	real, fake := make([]float32, dim*n), make([]float32, dim*n)
	set.Sample(real, r.Split())
	start := now()
	m.Sample(fake, r)
	rep.SampleMs = float64(now().Sub(start).Microseconds()) / 1000 * 1000 / float64(n)
	fake = Finite(fake, dim)
	if set.Centers != nil {
		st := Modes(fake, set.Centers, dim, set.Std)
		rep.Modes, rep.ModesTotal, rep.HighQuality = st.Captured, len(set.Centers)/dim, st.HighQuality
	}
	if len(fake)/dim > 5 {
		rep.Precision, rep.Recall = PrecisionRecall(real, fake, dim, 3)
		rep.Density, rep.Coverage = DensityCoverage(real, fake, dim, 5)
		rep.MMD = MMD(real, fake, dim, Bandwidths(real, dim))
	} else {
		rep.Precision, rep.Recall, rep.Density, rep.Coverage, rep.MMD = 0, 0, 0, 0, math.NaN()
	}
	if lik, ok := m.(models.Likelihood); ok && nll > 0 {
		held := make([]float32, dim*nll) // fresh real points, like FFJORD's test batch
		set.Sample(held, r.Split())
		lp := make([]float32, nll)
		lik.LogProb(lp, held, r)
		var s float64
		for _, v := range lp {
			s -= float64(v)
		}
		rep.NLL, rep.NLLExact = s/float64(nll), lik.Exact()
		if set.HasEntropy() {
			rep.NLLGap = rep.NLL - set.Entropy
		}
	}
	return rep
}

// Finite returns the points of x (dim values each) whose coordinates are
// all finite, so that a diverged model's NaNs score as missing samples
// rather than poisoning the distances.
func Finite(x []float32, dim int) []float32 {
	out := x[:0:0]
	for i := 0; i+dim <= len(x); i += dim {
		ok := true
		for _, v := range x[i : i+dim] {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				ok = false
			}
		}
		if ok {
			out = append(out, x[i:i+dim]...)
		}
	}
	return out
}
