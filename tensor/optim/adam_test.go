package optim

import (
	"math"
	"testing"

	"genplay/tensor"
)

// TestAdamFirstStep checks the property of Algorithm 1 that the first step
// moves every parameter by α against the sign of its gradient (m̂/√v̂ = ±1).
func TestAdamFirstStep(t *testing.T) {
	p := tensor.NewParam(3)
	copy(p.Data, []float32{1, 2, 3})
	copy(p.Grad, []float32{0.5, -4, 1e-3})
	o := NewAdam(0.1)
	o.Step([]*tensor.Tensor{p})
	want := []float32{0.9, 2.1, 2.9}
	for i := range want {
		if math.Abs(float64(p.Data[i]-want[i])) > 1e-5 {
			t.Errorf("param %d = %v, want %v", i, p.Data[i], want[i])
		}
		if p.Grad[i] != 0 {
			t.Errorf("gradient %d not zeroed", i)
		}
	}
}

// TestAdamWarmup checks that with Warmup = 4 step t moves a parameter whose
// gradient keeps its value by α·t/4 (m̂/√v̂ = 1) for t < 4, then by α.
func TestAdamWarmup(t *testing.T) {
	p := tensor.NewParam(1)
	o := NewAdam(0.1)
	o.Warmup = 4
	for step, want := range []float64{0.025, 0.05, 0.075, 0.1, 0.1} {
		before := p.Data[0]
		p.Grad[0] = 2
		o.Step([]*tensor.Tensor{p})
		if got := float64(before - p.Data[0]); math.Abs(got-want) > 1e-6 {
			t.Errorf("step %d moved %v, want %v", step+1, got, want)
		}
	}
}

// TestAdamMinimisesQuadratic runs Adam on f(x) = Σ (x-c)² and expects x ≈ c.
func TestAdamMinimisesQuadratic(t *testing.T) {
	p := tensor.NewParam(2)
	c := []float32{3, -2}
	o := NewAdam(0.05)
	for range 2000 {
		for i := range p.Data {
			p.Grad[i] = 2 * (p.Data[i] - c[i])
		}
		o.Step([]*tensor.Tensor{p})
	}
	for i := range c {
		if math.Abs(float64(p.Data[i]-c[i])) > 1e-2 {
			t.Errorf("x[%d] = %v, want %v", i, p.Data[i], c[i])
		}
	}
}

// TestAdamWDecays checks line 12 of Algorithm 2: with a zero gradient,
// AdamW shrinks θ by the factor 1 − αλ each step and Adam leaves it alone.
func TestAdamWDecays(t *testing.T) {
	p, q := tensor.NewParam(1), tensor.NewParam(1)
	p.Data[0], q.Data[0] = 2, 2
	w, a := NewAdamW(0.1, 0.5), NewAdam(0.1)
	for range 3 {
		w.Step([]*tensor.Tensor{p})
		a.Step([]*tensor.Tensor{q})
	}
	if want := 2 * math.Pow(0.95, 3); math.Abs(float64(p.Data[0])-want) > 1e-6 {
		t.Errorf("AdamW θ = %v, want %v", p.Data[0], want)
	}
	if q.Data[0] != 2 {
		t.Errorf("Adam moved θ with zero gradient: %v", q.Data[0])
	}
}

func TestSGDMomentum(t *testing.T) {
	p := tensor.NewParam(1)
	o := NewSGD(0.1, 0.9)
	// Constant gradient 1: v = 1, 1.9, 2.71; θ = −0.1, −0.29, −0.561.
	for range 3 {
		p.Grad[0] = 1
		o.Step([]*tensor.Tensor{p})
	}
	if math.Abs(float64(p.Data[0])+0.561) > 1e-6 {
		t.Errorf("θ = %v, want −0.561", p.Data[0])
	}
}

func TestClipGradNorm(t *testing.T) {
	a, b := tensor.NewParam(2), tensor.NewParam(1)
	copy(a.Grad, []float32{3, 0})
	b.Grad[0] = 4
	if n := ClipGradNorm([]*tensor.Tensor{a, b}, 1); math.Abs(float64(n)-5) > 1e-6 {
		t.Errorf("norm %v, want 5", n)
	}
	if math.Abs(float64(a.Grad[0])-0.6) > 1e-5 || math.Abs(float64(b.Grad[0])-0.8) > 1e-5 {
		t.Errorf("clipped gradients %v %v, want 0.6 0.8", a.Grad, b.Grad)
	}
	// Below the bound nothing changes.
	if n := ClipGradNorm([]*tensor.Tensor{a, b}, 10); math.Abs(float64(n)-1) > 1e-5 || math.Abs(float64(a.Grad[0])-0.6) > 1e-5 {
		t.Errorf("norm %v after clipping, gradients %v", n, a.Grad)
	}
}
