package metrics

import (
	"math"
	"time"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/metrics/vocab"
	"genplay/tensor/rng"
)

// The names of the metrics, from package vocab (their labels and help are
// there too): the same name means the same number in make eval, in the
// weights files and the manifest (package pretrained), and in the page's
// live metrics (the worker).
const (
	ModesCaptured = vocab.ModesCaptured
	ModesTotal    = vocab.ModesTotal
	HighQuality   = vocab.HighQuality
	Precision     = vocab.Precision
	Recall        = vocab.Recall
	Density       = vocab.Density
	Coverage      = vocab.Coverage
	MMD2          = vocab.MMD2
	NLL           = vocab.NLL
	NLLBound      = vocab.NLLBound
	NLLGap        = vocab.NLLGap
	MsPerSample   = vocab.MsPerSample
	StepsPerSec   = vocab.StepsPerSec

	// The image metrics (package classifier and pretrained).
	FD            = vocab.FD
	ClassCoverage = vocab.ClassCoverage
	BPD           = vocab.BPD
	BPDBound      = vocab.BPDBound
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
	NLL         float64 // mean NLL in nats (a bound unless NLLKind.Exact()); NaN without a likelihood
	NLLKind     models.LogProbKind
	NLLGap      float64 // NLL minus the data's entropy; NaN when either is unknown
	MsPerSample float64 // wall time to draw one sample, in milliseconds
	StepsPerSec float64 // training speed, filled in by the caller
}

// Stat is one named number of a Report.
type Stat struct {
	Name  string
	Value float64
}

// Stats returns the report's numbers under their names, in display order,
// NaN where one does not apply; the NLL is named NLL when exact and
// NLLBound when a bound.
func (rep Report) Stats() []Stat {
	modes, total := math.NaN(), math.NaN()
	if rep.Modes >= 0 {
		modes, total = float64(rep.Modes), float64(rep.ModesTotal)
	}
	nll := NLL
	if !math.IsNaN(rep.NLL) && !rep.NLLKind.Exact() {
		nll = NLLBound
	}
	return []Stat{
		{Precision, rep.Precision}, {Recall, rep.Recall},
		{ModesCaptured, modes}, {ModesTotal, total}, {HighQuality, rep.HighQuality},
		{Density, rep.Density}, {Coverage, rep.Coverage},
		{MMD2, rep.MMD}, {nll, rep.NLL}, {NLLGap, rep.NLLGap},
		{MsPerSample, rep.MsPerSample}, {StepsPerSec, rep.StepsPerSec},
	}
}

// Options are the inputs of Score beyond the model and the points.
type Options struct {
	// Bandwidths are MMD's kernel widths; nil computes them from the real
	// points (Bandwidths).
	Bandwidths []float64
	// Held are the fresh real points the NLL is averaged over; none leaves
	// the NLL NaN.
	Held []float32
	// HeldLogProb, if not nil, is the model's LogProb of Held computed
	// already (a run that was interleaved with other work); else Score
	// calls the model's LogProb with r.
	HeldLogProb []float32
	// MsPerSample is the caller's timing of the sample.
	MsPerSample float64
	// MMD, if not nil, is the MMD² of the real points and the finite
	// points of the sample over the bandwidths, computed already (in
	// pieces, by MMDSum); else Score computes it.
	MMD *float64
}

// Score scores the 2D sample fake of m against the real points of set:
// modes (on mixtures), precision and recall, density and coverage, MMD²,
// and, where m has a likelihood and o.Held is not empty, the mean NLL of
// o.Held and its gap to the data's entropy. Points of fake that are not
// finite count as missing samples.
func Score(m models.Model, set data.Set, real, fake []float32, o Options, r *rng.PCG) Report {
	const dim = 2
	rep := Report{Modes: -1, HighQuality: math.NaN(), NLL: math.NaN(), NLLGap: math.NaN(), MsPerSample: o.MsPerSample, StepsPerSec: math.NaN()}
	fake = Finite(fake, dim)
	if set.Centers != nil {
		st := Modes(fake, set.Centers, dim, set.Std)
		rep.Modes, rep.ModesTotal, rep.HighQuality = st.Captured, len(set.Centers)/dim, st.HighQuality
	}
	if len(fake)/dim > 5 {
		bw := o.Bandwidths
		if bw == nil {
			bw = Bandwidths(real, dim)
		}
		rep.Precision, rep.Recall = PrecisionRecall(real, fake, dim, 3)
		rep.Density, rep.Coverage = DensityCoverage(real, fake, dim, 5)
		if o.MMD != nil {
			rep.MMD = *o.MMD
		} else {
			rep.MMD = MMD(real, fake, dim, bw)
		}
	} else {
		rep.Precision, rep.Recall, rep.Density, rep.Coverage, rep.MMD = 0, 0, 0, 0, math.NaN()
	}
	if lik, ok := m.(models.Likelihood); ok && len(o.Held) >= dim {
		lp := o.HeldLogProb
		if lp == nil {
			lp = make([]float32, len(o.Held)/dim)
			lik.LogProb(lp, o.Held, r)
		}
		var s float64
		for _, v := range lp {
			s -= float64(v)
		}
		rep.NLL, rep.NLLKind = s/float64(len(lp)), lik.LogProbKind()
		if set.HasEntropy() {
			rep.NLLGap = rep.NLL - set.Entropy
		}
	}
	return rep
}

// NLLPoints returns the number of fresh points to average a likelihood of
// kind k over, out of base: a quarter of them for a bound that costs over
// 100 network evaluations per point (diffusion's T).
func NLLPoints(k models.LogProbKind, base int) int {
	if k.Evals > 100 {
		return base / 4
	}
	return base
}

// Evaluate draws n samples from m and n real points from set, and scores
// them with Score. The likelihood, where m has one, is averaged over
// NLLPoints(kind, nll) further real points. now is the clock for the
// sampling time.
func Evaluate(m models.Model, set data.Set, n, nll int, r *rng.PCG, now func() time.Time) Report {
	const dim = 2
	real, fake := make([]float32, dim*n), make([]float32, dim*n)
	set.Sample(real, r.Split())
	start := now()
	m.Sample(fake, r)
	o := Options{MsPerSample: float64(now().Sub(start).Microseconds()) / 1000 / float64(n)}
	if lik, ok := m.(models.Likelihood); ok && nll > 0 {
		o.Held = make([]float32, dim*NLLPoints(lik.LogProbKind(), nll)) // fresh real points, like FFJORD's test batch
		set.Sample(o.Held, r.Split())
	}
	return Score(m, set, real, fake, o, r)
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
