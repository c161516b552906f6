package data

import (
	"math"
	"testing"

	"genplay/tensor/rng"
)

func TestEightGaussians(t *testing.T) {
	s, err := Lookup("8gaussians")
	if err != nil {
		t.Fatal(err)
	}
	const n = 40000
	pts := make([]float32, 2*n)
	s.Sample(pts, rng.New(1))
	counts := make([]int, 8)
	var sq float64
	for i := 0; i < len(pts); i += 2 {
		best, bd := -1, math.Inf(1)
		for k := range 8 {
			dx, dy := float64(pts[i]-s.Centers[2*k]), float64(pts[i+1]-s.Centers[2*k+1])
			if d := dx*dx + dy*dy; d < bd {
				best, bd = k, d
			}
		}
		counts[best]++
		sq += bd
	}
	for k, c := range counts {
		if c < n/8-400 || c > n/8+400 {
			t.Errorf("mode %d has %d points, want about %d", k, c, n/8)
		}
	}
	// E‖x-μ‖² = 2σ² for an isotropic 2D Gaussian.
	if got, want := sq/n, 2*float64(s.Std)*float64(s.Std); math.Abs(got-want) > 0.02*want {
		t.Errorf("mean squared distance to centre %.4f, want %.4f", got, want)
	}
	if r := math.Hypot(float64(s.Centers[0]), float64(s.Centers[1])); math.Abs(r-4/1.414) > 1e-5 {
		t.Errorf("radius %v, want 4/1.414", r)
	}
}

func TestSameSeedSamePoints(t *testing.T) {
	s, _ := Lookup("8gaussians")
	a, b := make([]float32, 100), make([]float32, 100)
	s.Sample(a, rng.New(9))
	s.Sample(b, rng.New(9))
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("point %d differs: %v vs %v", i, a[i], b[i])
		}
	}
}

func TestLookupUnknown(t *testing.T) {
	if _, err := Lookup("nope"); err == nil {
		t.Fatal("Lookup of an unknown set succeeded")
	}
}
