package flow

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

func TestRetuneRejects(t *testing.T) {
	base, _ := retuneStep(t, nil)
	var errFrozen, errInvalid error
	got, _ := retuneStep(t, func(m *Model) error {
		c := m.Config()
		c.Hidden++
		errFrozen = m.Retune(c)
		c = m.Config()
		c.LearningRate = 0
		errInvalid = m.Retune(c)
		return nil
	})
	if errFrozen == nil || !strings.Contains(errFrozen.Error(), "hidden cannot change while training") {
		t.Errorf("Retune with a new width: error %v", errFrozen)
	}
	if errInvalid == nil {
		t.Error("Retune accepted a zero learning rate")
	}
	if got.Config() != Default() || !sameWeights(got, base) {
		t.Error("a rejected Retune changed the model")
	}
}

// TestRetuneHalfLife checks that the decay goes on from the new base rate:
// after 30 steps with half-life 60, step 30 uses α·2^(−30/60).
func TestRetuneHalfLife(t *testing.T) {
	var src models.Source = modeltest.Lookup(t, "moons")
	c := Default()
	c.HalfLife, c.Batch = 60, 16
	r := rng.New(5)
	m, err := New(c, 2, r)
	if err != nil {
		t.Fatal(err)
	}
	modeltest.Train(t, m, src, r, 30)
	c.LearningRate = 0.02
	if err := m.Retune(c); err != nil {
		t.Fatal(err)
	}
	m.TrainStep(src, r)
	if want := float32(0.02 / math.Sqrt2); math.Abs(float64(m.opt.LR-want)) > 1e-6 {
		t.Errorf("step 30 used rate %g, want %g", m.opt.LR, want)
	}
	c.HalfLife = 0
	if err := m.Retune(c); err != nil {
		t.Fatal(err)
	}
	m.TrainStep(src, r)
	if m.opt.LR != 0.02 {
		t.Errorf("without a half-life the rate is %g, want 0.02", m.opt.LR)
	}
}
