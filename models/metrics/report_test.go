package metrics

import (
	"math"
	"testing"
	"time"

	"genplay/models"
	"genplay/models/data"
	"genplay/tensor/rng"
)

// oracle is a "model" that samples a Gaussian mixture exactly and knows its
// exact log-density: the best any family can score.
type oracle struct{ set data.Set }

func (o oracle) TrainStep(models.Source, *rng.PCG) []models.Loss { return nil }
func (o oracle) Sample(dst []float32, r *rng.PCG)                { o.set.Sample(dst, r) }
func (o oracle) Steps() int                                      { return 0 }
func (o oracle) Weights() []models.Weight                        { return nil }
func (o oracle) LogProbKind() models.LogProbKind                 { return models.LogProbKind{Evals: 1} }
func (o oracle) LogProb(dst, x []float32, _ *rng.PCG) {
	k := len(o.set.Centers) / 2
	s2 := float64(o.set.Std) * float64(o.set.Std)
	for i := range dst {
		var p float64
		for c := range k {
			dx := float64(x[2*i] - o.set.Centers[2*c])
			dy := float64(x[2*i+1] - o.set.Centers[2*c+1])
			p += math.Exp(-(dx*dx+dy*dy)/(2*s2)) / (2 * math.Pi * s2) / float64(k)
		}
		dst[i] = float32(math.Log(p))
	}
}

// TestEvaluateOracle scores the exact sampler of 8 Gaussians: all modes,
// ≈ 98.9 % high quality, precision and recall near the published oracle
// values, MMD² near 0 and an NLL equal to the data's entropy (2.833 nats,
// an independent check of that constant).
func TestEvaluateOracle(t *testing.T) {
	set, _ := data.Lookup("8gaussians")
	clock := time.Unix(0, 0)
	now := func() time.Time { clock = clock.Add(5 * time.Millisecond); return clock }
	rep := Evaluate(oracle{set}, set, 1000, 4000, rng.New(1), now)
	t.Logf("%+v", rep)
	if rep.Modes != 8 || rep.ModesTotal != 8 || math.Abs(rep.HighQuality-0.989) > 0.01 {
		t.Errorf("modes %d/%d, high quality %.3f", rep.Modes, rep.ModesTotal, rep.HighQuality)
	}
	if rep.Precision < 0.93 || rep.Recall < 0.93 || math.Abs(rep.Density-1) > 0.1 || rep.Coverage < 0.93 || math.Abs(rep.MMD) > 0.01 {
		t.Errorf("precision %.3f recall %.3f density %.3f coverage %.3f MMD² %.4f", rep.Precision, rep.Recall, rep.Density, rep.Coverage, rep.MMD)
	}
	if !rep.NLLKind.Exact() || math.Abs(rep.NLLGap) > 0.05 {
		t.Errorf("NLL %.3f (%v), gap to the entropy %.3f, want ≈ 0", rep.NLL, rep.NLLKind, rep.NLLGap)
	}
	// One clock step of 5 ms for 1000 samples.
	if rep.MsPerSample != 0.005 {
		t.Errorf("sampling time %v ms per sample, want 0.005", rep.MsPerSample)
	}
}

// nanModel has diverged: every sample is NaN.
type nanModel struct{ oracle }

func (nanModel) Sample(dst []float32, _ *rng.PCG) {
	for i := range dst {
		dst[i] = float32(math.NaN())
	}
}

func TestEvaluateDiverged(t *testing.T) {
	set, _ := data.Lookup("8gaussians")
	rep := Evaluate(nanModel{oracle{set}}, set, 200, 0, rng.New(2), time.Now)
	if rep.Modes != 0 || rep.Precision != 0 || rep.Recall != 0 || !math.IsNaN(rep.NLL) {
		t.Errorf("diverged model scored %+v", rep)
	}
}

// bounded is the oracle with its log-density reported as a bound.
type bounded struct{ oracle }

func (bounded) LogProbKind() models.LogProbKind { return models.LogProbKind{Bound: "IWAE-5", Evals: 6} }

// TestStatsNames checks the names a Report's numbers go by: the NLL is
// "nll" when exact and "nll_bound" when a bound, with the same value, and
// every name appears once.
func TestStatsNames(t *testing.T) {
	set, _ := data.Lookup("8gaussians")
	value := func(rep Report, name string) (float64, bool) {
		for _, s := range rep.Stats() {
			if s.Name == name {
				return s.Value, true
			}
		}
		return 0, false
	}
	exact := Evaluate(oracle{set}, set, 300, 300, rng.New(3), time.Now)
	bound := Evaluate(bounded{oracle{set}}, set, 300, 300, rng.New(3), time.Now)
	e, ok1 := value(exact, NLL)
	b, ok2 := value(bound, NLLBound)
	_, wrong1 := value(exact, NLLBound)
	_, wrong2 := value(bound, NLL)
	if !ok1 || !ok2 || wrong1 || wrong2 || e != b || math.IsNaN(e) {
		t.Errorf("exact NLL %v (%v, bound name too: %v), bound %v (%v, exact name too: %v)", e, ok1, wrong1, b, ok2, wrong2)
	}
	if bound.NLLKind.String() != "IWAE-5 bound, 6 evaluations per point" {
		t.Errorf("kind %q", bound.NLLKind)
	}
	seen := map[string]bool{}
	for _, s := range exact.Stats() {
		if seen[s.Name] {
			t.Errorf("%s twice", s.Name)
		}
		seen[s.Name] = true
	}
	if v, _ := value(exact, ModesCaptured); v != 8 {
		t.Errorf("modes %v, want 8", v)
	}
}
