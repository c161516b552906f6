package gan

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
	c.LRG, c.LRD = 10*c.LRG, 10*c.LRD
	fast, _ := retuneStep(t, func(m *Model) error { return m.Retune(c) })
	if fast.Config() != c {
		t.Errorf("config after Retune %+v, want %+v", fast.Config(), c)
	}
	// Adam's first step moves each weight by lr·g/(|g| + ε), the gradient
	// g the same for both models: ten times the rates move the
	// discriminator's weights, whose step comes first, ten times as far.
	if ratio := modeltest.Moved(fast.Weights(), before, "d.") / modeltest.Moved(base.Weights(), before, "d."); math.Abs(ratio-10) > 1e-3 {
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
		c.LRG = 0
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

func TestRetuneDSteps(t *testing.T) {
	base, _ := retuneStep(t, nil)
	c := Default()
	c.DSteps = 2
	got, _ := retuneStep(t, func(m *Model) error { return m.Retune(c) })
	if got.Config().DSteps != 2 || sameWeights(got, base) {
		t.Error("retuning d_steps did not change the next step")
	}
}

// TestRetunePenalty retunes λ of a WGAN-GP, the loss that reads it.
func TestRetunePenalty(t *testing.T) {
	var src models.Source = modeltest.Lookup(t, "moons")
	step := func(penalty float32) *Model {
		r := rng.New(5)
		m, err := New(DefaultWGANGP(), 2, r)
		if err != nil {
			t.Fatal(err)
		}
		c := m.Config()
		c.Penalty = penalty
		if err := m.Retune(c); err != nil {
			t.Fatal(err)
		}
		m.TrainStep(src, r)
		return m
	}
	if sameWeights(step(10), step(1)) {
		t.Error("retuning the penalty did not change the next step")
	}
}

// TestRetuneAdamBetas changes Adam's β₁ and β₂ after a first step: Adam's
// first step does not depend on them, its second does.
func TestRetuneAdamBetas(t *testing.T) {
	var src models.Source = modeltest.Lookup(t, "moons")
	two := func(c *Config) *Model {
		r := rng.New(5)
		m, err := New(Default(), 2, r)
		if err != nil {
			t.Fatal(err)
		}
		m.TrainStep(src, r)
		if c != nil {
			if err := m.Retune(*c); err != nil {
				t.Fatal(err)
			}
		}
		m.TrainStep(src, r)
		return m
	}
	base := two(nil)
	c := Default()
	c.Beta1, c.Beta2 = 0, 0.9
	tuned := two(&c)
	if sameWeights(base, tuned) {
		t.Error("new Adam βs did not change the second step")
	}
	if tuned.optG.Beta1 != 0 || tuned.optD.Beta2 != 0.9 || tuned.Config().Beta1 != 0 {
		t.Errorf("βs not applied: G β₁ %g, D β₂ %g, config β₁ %g", tuned.optG.Beta1, tuned.optD.Beta2, tuned.Config().Beta1)
	}
}
