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
