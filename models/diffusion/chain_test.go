package diffusion

import (
	"math"
	"testing"

	"genplay/models"
	"genplay/tensor/rng"
)

// TestStepper checks the sampling capability against the package's own
// samplers: DDPM by NewChain is Sample bit for bit, DDIM is SampleDDIM, the
// chain's length, evaluations and time follow the timesteps, and bad
// options are refused.
func TestStepper(t *testing.T) {
	m, _, _ := train(t, "8gaussians", 3, 20)
	T := m.Config().T
	ss := m.Samplers()
	if len(ss) != 2 || ss[0].Name != SamplerDDPM || ss[0].FixedSteps != T || ss[1].Name != SamplerDDIM || ss[1].FixedSteps != 0 {
		t.Fatalf("Samplers() = %+v", ss)
	}
	run := func(opts models.SampleOpts, seed uint64) (models.Chain, []float32) {
		t.Helper()
		r := rng.New(seed)
		c, err := m.NewChain(8, opts, r)
		if err != nil {
			t.Fatal(err)
		}
		if c.Time() != 1 || c.Remaining() != c.Len() {
			t.Errorf("%+v: a fresh chain is at time %v with %d of %d steps left", opts, c.Time(), c.Remaining(), c.Len())
		}
		for !c.Advance(7, r) {
			if tm := c.Time(); !(tm > 0 && tm < 1) {
				t.Fatalf("%+v: time %v midway", opts, tm)
			}
		}
		if c.Time() != 0 || c.Remaining() != 0 {
			t.Errorf("%+v: a finished chain is at time %v with %d steps left", opts, c.Time(), c.Remaining())
		}
		return c, c.X()
	}
	want := make([]float32, 16)
	m.Sample(want, rng.New(4))
	c, got := run(models.SampleOpts{}, 4)
	if c.Len() != T || c.Evals() != T {
		t.Errorf("DDPM chain: %d steps, %d evaluations, want %d", c.Len(), c.Evals(), T)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("DDPM chain %v, Sample %v", got, want)
		}
	}
	if err := m.SampleDDIM(want, 25, 0.5, rng.New(5)); err != nil {
		t.Fatal(err)
	}
	c, got = run(models.SampleOpts{Sampler: SamplerDDIM, Steps: 25, Eta: 0.5}, 5)
	if c.Len() != 25 || c.Evals() != 25 {
		t.Errorf("DDIM chain: %d steps, %d evaluations, want 25", c.Len(), c.Evals())
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("DDIM chain %v, SampleDDIM %v", got, want)
		}
	}
	// PredX0 after the last DDIM step is the sample itself (ᾱ₋₁ = 1, η
	// irrelevant at the end).
	for i, v := range c.PredX0() {
		if math.Abs(float64(v-got[i])) > 1e-5 {
			t.Fatalf("DDIM's last x̂₀ %v differs from its sample %v", c.PredX0(), got)
		}
	}
	for _, bad := range []models.SampleOpts{{Sampler: "euler"}, {Sampler: SamplerDDIM, Steps: 0}, {Sampler: SamplerDDIM, Steps: T + 1}, {Sampler: SamplerDDIM, Steps: 10, Eta: 2}} {
		if _, err := m.NewChain(4, bad, rng.New(1)); err == nil {
			t.Errorf("NewChain accepted %+v", bad)
		}
	}
}

// TestPredictorNoiser checks the forward process against its closed form
// at a few times, and that Predict is the noise prediction the samplers
// use: with the ε the network predicts at xₖ, DDIM's x̂₀ = (xₖ − √(1−ᾱ)ε)/√ᾱ
// of a one-step chain started at the noisiest step.
func TestPredictorNoiser(t *testing.T) {
	m, _, _ := train(t, "8gaussians", 3, 20)
	s := m.Schedule()
	T := m.Config().T
	x0 := []float32{1, -2, 0.5, 3}
	eps := []float32{0.3, 0.1, -1, 2}
	got := make([]float32, 4)
	m.Noise(got, x0, eps, 0)
	for i := range x0 {
		if got[i] != x0[i] {
			t.Fatalf("Noise at t = 0 gave %v, want the data %v", got, x0)
		}
	}
	for _, k := range []int{1, 250, T} {
		m.Noise(got, x0, eps, float32(k)/float32(T))
		for i := range x0 {
			want := s.SqrtAlphaBar[k-1]*x0[i] + s.SqrtOneMinusAlphaBar[k-1]*eps[i]
			if math.Abs(float64(got[i]-want)) > 1e-6 {
				t.Fatalf("Noise at step %d: %v, want √ᾱ·x₀ + √(1−ᾱ)·ε at index %d", k, got, k-1)
			}
		}
	}
	if m.PredictionName() != "ε" {
		t.Errorf("PredictionName() = %q", m.PredictionName())
	}
	x := []float32{0.2, -0.4, 1.5, 0.7}
	pred := make([]float32, 4)
	m.Predict(pred, x, 1)
	ddim, err := NewDDIM(s, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	c := m.NewChainFrom(ddim, append([]float32(nil), x...))
	c.Advance(1, rng.New(1))
	a, b := s.SqrtAlphaBar[T-1], s.SqrtOneMinusAlphaBar[T-1]
	for i := range x {
		want := (x[i] - b*pred[i]) / a
		if math.Abs(float64(c.PredX0()[i]-want)) > 1e-3*math.Max(1, math.Abs(float64(want))) {
			t.Fatalf("x̂₀ of the chain %v, from Predict %v (ε %v)", c.PredX0(), want, pred)
		}
	}
	if k := m.LogProbKind(); k.Exact() || k.Bound != "VLB" || k.Evals != T {
		t.Errorf("LogProbKind() = %+v", k)
	}
}

// TestStepwiseEdits checks that inpainting and SDEdit by chain, with DDIM,
// keep the known coordinates exactly and that a strength outside (0, 1]
// and a mask of the wrong length are refused.
func TestStepwiseEdits(t *testing.T) {
	m, _, _ := train(t, "8gaussians", 3, 20)
	x := []float32{1, 5, -1, 7, 0.5, -3}
	known := []bool{true, false, true, false, true, false}
	c, err := m.NewInpaintChain(x, known, models.SampleOpts{Sampler: SamplerDDIM, Steps: 20}, rng.New(2))
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != 20 {
		t.Errorf("inpainting chain of %d steps, want 20", c.Len())
	}
	for !c.Advance(3, rng.New(3)) {
	}
	for i, k := range known {
		if k && c.X()[i] != x[i] {
			t.Errorf("coordinate %d: %v, want the known %v", i, c.X()[i], x[i])
		}
	}
	tr, err := m.NewTranslateChain(x, 0.3, models.SampleOpts{}, rng.New(2))
	if err != nil {
		t.Fatal(err)
	}
	if n := tr.Len(); n != 300 {
		t.Errorf("SDEdit at strength 0.3 over DDPM-%d: %d steps, want 300", m.Config().T, n)
	}
	if _, err := m.NewTranslateChain(x, 0, models.SampleOpts{}, rng.New(2)); err == nil {
		t.Error("NewTranslateChain accepted strength 0")
	}
	if _, err := m.NewInpaintChain(x, known[:2], models.SampleOpts{}, rng.New(2)); err == nil {
		t.Error("NewInpaintChain accepted a short mask")
	}
}
