package flowmatch

import (
	"math"
	"testing"

	"genplay/tensor/rng"
)

// correlatedVelocity is the exact marginal velocity for 2D Gaussian data
// with zero mean, unit variances and correlation ρ: with Σ the data
// covariance, xₜ ~ N(0, C), C = (1 − t)²Σ + t²I, and
// E[ε − x₀ | xₜ] = (t·I − (1 − t)Σ)·C⁻¹·xₜ. Both matrices have the form
// [[a, b], [b, a]].
func correlatedVelocity(rho float64) Velocity {
	return func(dst, x []float32, t float32) {
		tt := float64(t)
		s := 1 - tt
		ca, cb := s*s+tt*tt, s*s*rho // C
		det := ca*ca - cb*cb
		ia, ib := ca/det, -cb/det // C⁻¹
		ma, mb := tt-s, -s*rho    // t·I − (1 − t)Σ
		pa, pb := ma*ia+mb*ib, ma*ib+mb*ia
		for i := 0; i < len(x); i += 2 {
			x1, x2 := float64(x[i]), float64(x[i+1])
			dst[i] = float32(pa*x1 + pb*x2)
			dst[i+1] = float32(pb*x1 + pa*x2)
		}
	}
}

// TestInpaintConditional fixes the first coordinate of correlated Gaussian
// points (unit variances, correlation ρ) at x₁ and solves for the second
// with the exact field. The known coordinate must come out exactly x₁. With
// ρ = 0 the second coordinate keeps its law N(0, 1). With ρ = 0.9 it is
// pulled toward the conditional law N(ρ·x₁, 1 − ρ²): replacement is only
// approximately conditional (inpaint.go), so the test asserts the pull, not
// the law: measured with 50 steps, the mean moves about half way (0.53 of
// 1.08) and the spread from 1 to about 0.7. Re-drawing the known
// coordinates' noise at every step, as diffusion's replacement does, pulls
// no further (0.54 and 0.65 with Euler).
func TestInpaintConditional(t *testing.T) {
	const n, x1, k = 4000, 1.2, 50
	inpaint := func(s Solver, rho float64) (mean, std float64) {
		values := make([]float32, 2*n)
		known := make([]bool, 2*n)
		for i := 0; i < 2*n; i += 2 {
			values[i], known[i] = x1, true
		}
		x := make([]float32, 2*n)
		rng.New(8).FillNormal(x)
		p, err := NewInpaint(s, known, values, x)
		if err != nil {
			t.Fatal(err)
		}
		x0 := solve(p, correlatedVelocity(rho), k, x)
		second := make([]float32, n)
		for i := range n {
			if x[2*i] != x1 || x0[2*i] != x1 {
				t.Fatalf("known coordinate %v, its preview %v, want %v", x[2*i], x0[2*i], x1)
			}
			second[i] = x[2*i+1]
		}
		return moments(second)
	}
	for _, s := range []Solver{&Euler{}, &Heun{}} {
		m0, s0 := inpaint(s, 0)
		m9, s9 := inpaint(s, 0.9)
		t.Logf("%T: ρ = 0: mean %.3f std %.3f; ρ = 0.9: mean %.3f std %.3f (exact conditional: %.3f, %.3f)", s, m0, s0, m9, s9, 0.9*x1, math.Sqrt(1-0.81))
		if math.Abs(m0) > 0.05 || math.Abs(s0-1) > 0.05 {
			t.Errorf("%T, ρ = 0: inpainted coordinate has mean %.3f std %.3f, want 0 and 1", s, m0, s0)
		}
		if m9 < 0.4*0.9*x1 || m9 > 0.9*x1+0.1 || s9 > 0.8 {
			t.Errorf("%T, ρ = 0.9: mean %.3f std %.3f, want a mean between %.2f and %.2f and a std below 0.8", s, m9, s9, 0.4*0.9*x1, 0.9*x1+0.1)
		}
	}
	if _, err := NewInpaint(&Euler{}, make([]bool, 3), make([]float32, 4), make([]float32, 4)); err == nil {
		t.Error("a mask of the wrong length was accepted")
	}
	if _, err := NewInpaint(&Euler{}, make([]bool, 4), make([]float32, 4), make([]float32, 2)); err == nil {
		t.Error("a start of the wrong length was accepted")
	}
}
