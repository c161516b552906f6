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
func (o oracle) Exact() bool                                     { return true }
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
	if !rep.NLLExact || math.Abs(rep.NLLGap) > 0.05 {
		t.Errorf("NLL %.3f (exact %v), gap to the entropy %.3f, want ≈ 0", rep.NLL, rep.NLLExact, rep.NLLGap)
	}
	// One clock step of 5 ms for 1000 samples.
	if rep.SampleMs != 5 {
		t.Errorf("sampling time %v ms per 1000, want 5", rep.SampleMs)
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
