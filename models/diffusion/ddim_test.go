package diffusion

import (
	"math"
	"testing"

	"genplay/tensor/rng"
)

func TestDDIMTimesteps(t *testing.T) {
	s, _ := Linear(1000, 1e-4, 0.02)
	for _, c := range []struct {
		k           int
		first, last int
	}{{1, 999, 999}, {10, 999, 99}, {50, 999, 19}, {1000, 999, 0}, {3, 999, 332}} {
		d, err := NewDDIM(s, c.k, 0)
		if err != nil {
			t.Fatal(err)
		}
		ts := d.Timesteps()
		if len(ts) != c.k || ts[0] != c.first || ts[len(ts)-1] != c.last {
			t.Errorf("k=%d: %d timesteps from %d to %d, want %d from %d to %d", c.k, len(ts), ts[0], ts[len(ts)-1], c.k, c.first, c.last)
		}
		for i := 1; i < len(ts); i++ {
			if ts[i] >= ts[i-1] {
				t.Fatalf("k=%d: timesteps not decreasing at %d: %v", c.k, i, ts[i-1:i+1])
			}
		}
	}
	for _, bad := range []struct {
		k   int
		eta float32
	}{{0, 0}, {1001, 0}, {10, -0.1}, {10, 1.5}} {
		if _, err := NewDDIM(s, bad.k, bad.eta); err == nil {
			t.Errorf("NewDDIM(k=%d, eta=%v) accepted", bad.k, bad.eta)
		}
	}
}

// TestDDIMRecoversGaussian runs DDIM on the closed-form denoiser of
// N(1.5, 0.3²). With k = T the deterministic sampler reproduces the law;
// with fewer steps the mean stays put but the spread shrinks, more so the
// fewer the steps (the discretisation error of the underlying ODE): fewer
// network evaluations cost diversity.
func TestDDIMRecoversGaussian(t *testing.T) {
	s, _ := Linear(1000, 1e-4, 0.02)
	prev := 0.0
	for _, k := range []int{10, 50, 250, 1000} {
		for _, eta := range []float32{0, 1} {
			d, _ := NewDDIM(s, k, eta)
			const n = 20000
			r := rng.New(2)
			x, x0, eps := make([]float32, n), make([]float32, n), make([]float32, n)
			r.FillNormal(x)
			run(d, gaussianDenoiser(s, 1.5, 0.3), x, x0, eps, r)
			m, sd := moments(x)
			t.Logf("DDIM k=%4d eta=%v: mean %.4f std %.4f", k, eta, m, sd)
			if math.Abs(m-1.5) > 0.01 {
				t.Errorf("k=%d eta=%v: mean %.4f, want 1.5", k, eta, m)
			}
			if eta == 0 {
				if sd <= prev || sd > 0.31 {
					t.Errorf("k=%d: std %.4f, want above %.4f (fewer steps) and at most 0.31", k, sd, prev)
				}
				prev = sd
			}
		}
	}
	if math.Abs(prev-0.3) > 0.005 {
		t.Errorf("DDIM with k = T gives std %.4f, want 0.3", prev)
	}
}

// TestDDIMDeterministic checks that η = 0 draws nothing: two runs from the
// same start agree whatever the generator.
func TestDDIMDeterministic(t *testing.T) {
	s, _ := Linear(1000, 1e-4, 0.02)
	d, _ := NewDDIM(s, 20, 0)
	den := gaussianDenoiser(s, -0.5, 0.7)
	a, b := make([]float32, 64), make([]float32, 64)
	rng.New(3).FillNormal(a)
	copy(b, a)
	x0, eps := make([]float32, 64), make([]float32, 64)
	run(d, den, a, x0, eps, rng.New(4))
	run(d, den, b, x0, eps, rng.New(5))
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("η = 0 runs differ at %d: %v vs %v", i, a[i], b[i])
		}
	}
}

// TestDDIMFullIsDDPM checks the identity the paper states below eq. 16:
// with k = T and η = 1, DDIM's update is DDPM's, so from the same start and
// the same noise the two agree up to rounding.
func TestDDIMFullIsDDPM(t *testing.T) {
	s, _ := Linear(1000, 1e-4, 0.02)
	d, _ := NewDDIM(s, 1000, 1)
	den := gaussianDenoiser(s, 0.2, 0.5)
	a, b := make([]float32, 256), make([]float32, 256)
	rng.New(6).FillNormal(a)
	copy(b, a)
	x0, eps := make([]float32, 256), make([]float32, 256)
	run(d, den, a, x0, eps, rng.New(7))
	run(DDPM{S: s}, den, b, x0, eps, rng.New(7))
	for i := range a {
		if math.Abs(float64(a[i]-b[i])) > 1e-3 {
			t.Fatalf("point %d: DDIM(T, η=1) %v, DDPM %v", i, a[i], b[i])
		}
	}
}
