package flowmatch

import (
	"math"
	"testing"
)

// TestPath checks the path's ends (exact: x₀ at t = 0, ε at t = 1), that
// its derivative in t, by central differences in float64 arithmetic on the
// float32 path, is the target v = ε − x₀, and that PredX0 with the true v
// returns x₀ at every t.
func TestPath(t *testing.T) {
	x0 := []float32{0.7, -1.2, 3, 0}
	eps := []float32{0.3, 0.5, -2, 1.5}
	xt, v, got := make([]float32, 4), make([]float32, 4), make([]float32, 4)
	Target(v, x0, eps)
	for i := range v {
		if v[i] != eps[i]-x0[i] {
			t.Fatalf("Target[%d] = %v, want %v", i, v[i], eps[i]-x0[i])
		}
	}
	Noise(xt, x0, eps, 0)
	for i := range xt {
		if xt[i] != x0[i] {
			t.Errorf("x at t = 0: %v, want x₀ = %v", xt[i], x0[i])
		}
	}
	Noise(xt, x0, eps, 1)
	for i := range xt {
		if xt[i] != eps[i] {
			t.Errorf("x at t = 1: %v, want ε = %v", xt[i], eps[i])
		}
	}
	lo, hi := make([]float32, 4), make([]float32, 4)
	for _, tt := range []float32{0.1, 0.25, 0.5, 0.9} {
		const h = 1e-2
		Noise(lo, x0, eps, tt-h)
		Noise(hi, x0, eps, tt+h)
		Noise(xt, x0, eps, tt)
		PredX0(got, xt, v, tt)
		for i := range xt {
			d := (float64(hi[i]) - float64(lo[i])) / (2 * h)
			if math.Abs(d-float64(v[i])) > 1e-4 {
				t.Errorf("t=%v: dxₜ/dt[%d] ≈ %v, want v = %v", tt, i, d, v[i])
			}
			if math.Abs(float64(got[i]-x0[i])) > 1e-6 {
				t.Errorf("t=%v: x̂₀[%d] = %v with the true v, want %v", tt, i, got[i], x0[i])
			}
		}
	}
}
