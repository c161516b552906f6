package flowmatch

import (
	"math"
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/modeltest"
	"genplay/tensor/rng"
)

// retuneStep builds the default model from seed 5, lets tune change it (nil
// leaves it alone) and takes one training step on moons. It returns the
// model and its weights before the step.
func retuneStep(t *testing.T, tune func(*Model) error) (*Model, [][]float32) {
	t.Helper()
	var src models.Source = modeltest.Lookup(t, "moons")
	r := rng.New(5)
	m, err := New(Default(), 2, r)
	if err != nil {
		t.Fatal(err)
	}
	if tune != nil {
		if err := tune(m); err != nil {
			t.Fatal(err)
		}
	}
	before := modeltest.CopyWeights(m.Weights())
	m.TrainStep(src, r)
	return m, before
}

func sameWeights(a, b *Model) bool {
	return modeltest.WeightsHash(a.Weights()) == modeltest.WeightsHash(b.Weights())
}

func TestRetuneLearningRate(t *testing.T) {
	base, before := retuneStep(t, nil)
	same, _ := retuneStep(t, func(m *Model) error { return m.Retune(m.Config()) })
	if !sameWeights(same, base) {
		t.Error("retuning to the same config changed the next step")
	}
	c := Default()
	c.LearningRate *= 10
	fast, _ := retuneStep(t, func(m *Model) error { return m.Retune(c) })
	if fast.Config() != c {
		t.Errorf("config after Retune %+v, want %+v", fast.Config(), c)
	}
	// Adam's first step moves each weight by lr·g/(|g| + ε), the gradient
	// g the same for both models: ten times the rate moves every weight ten
	// times as far.
	if ratio := modeltest.Moved(fast.Weights(), before, "") / modeltest.Moved(base.Weights(), before, ""); math.Abs(ratio-10) > 1e-3 {
		t.Errorf("ten times the learning rate moved the weights %v times as far", ratio)
	}
}

// TestRetuneSampler changes the sampler and its steps: training is
// untouched, and Sample follows the new setting.
func TestRetuneSampler(t *testing.T) {
	base, _ := retuneStep(t, nil)
	c := Default()
	c.Sampler, c.SampleSteps = SamplerHeun, 3
	heun, _ := retuneStep(t, func(m *Model) error { return m.Retune(c) })
	if !sameWeights(heun, base) {
		t.Error("changing the sampler changed a training step")
	}
	got, want := make([]float32, 2*8), make([]float32, 2*8)
	heun.Sample(got, rng.New(3))
	ch, err := base.NewChain(8, models.SampleOpts{Sampler: SamplerHeun, Steps: 3}, rng.New(3))
	if err != nil {
		t.Fatal(err)
	}
	ch.Advance(3, nil)
	copy(want, ch.X())
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("Sample after Retune to Heun-3 differs from a Heun-3 chain at %d: %v vs %v", i, got[i], want[i])
		}
	}
	if heun.Samplers()[0].Name != SamplerHeun {
		t.Errorf("after Retune to Heun, Samplers() starts with %q", heun.Samplers()[0].Name)
	}
}

func TestRetuneRejects(t *testing.T) {
	base, _ := retuneStep(t, nil)
	var errFrozen, errEvery, errInvalid error
	got, _ := retuneStep(t, func(m *Model) error {
		c := m.Config()
		c.Hidden++
		errFrozen = m.Retune(c)
		c = m.Config()
		c.TimeEvery = true
		errEvery = m.Retune(c)
		c = m.Config()
		c.LearningRate = 0
		errInvalid = m.Retune(c)
		return nil
	})
	if errFrozen == nil || !strings.Contains(errFrozen.Error(), "hidden cannot change while training") {
		t.Errorf("Retune with a new width: error %v", errFrozen)
	}
	if errEvery == nil || !strings.Contains(errEvery.Error(), "time_every cannot change while training") {
		t.Errorf("Retune with time_every: error %v", errEvery)
	}
	if errInvalid == nil || !strings.Contains(errInvalid.Error(), "lr must be") {
		t.Errorf("Retune with a zero learning rate: error %v", errInvalid)
	}
	if got.Config() != Default() || !sameWeights(got, base) {
		t.Error("a rejected Retune changed the model")
	}
}
