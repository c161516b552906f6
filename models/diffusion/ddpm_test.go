package diffusion

import (
	"math"
	"testing"

	"genplay/tensor/rng"
)

// gaussianDenoiser is the exact noise prediction for data x₀ ~ N(mu, s²I):
// then xₜ ~ N(√ᾱ·mu, (ᾱs² + 1 − ᾱ)I) and the posterior mean of ε given xₜ is
//
//	E[ε | xₜ] = √(1−ᾱ)·(xₜ − √ᾱ·mu) / (ᾱs² + 1 − ᾱ).
//
// A sampler fed this closed form must reproduce N(mu, s²I), with no training.
func gaussianDenoiser(s *Schedule, mu, std float32) func(eps, x []float32, t int) {
	return func(eps, x []float32, t int) {
		ab := s.AlphaBar[t]
		v := ab*std*std + 1 - ab
		for i := range x {
			eps[i] = s.SqrtOneMinusAlphaBar[t] * (x[i] - s.SqrtAlphaBar[t]*mu) / v
		}
	}
}

func TestDDPMRecoversGaussian(t *testing.T) {
	s, _ := Linear(1000, 1e-4, 0.02)
	d := DDPM{S: s}
	const n = 20000
	const mu, std = 1.5, 0.3
	r := rng.New(1)
	x, x0, eps := make([]float32, n), make([]float32, n), make([]float32, n)
	r.FillNormal(x)
	denoise := gaussianDenoiser(s, mu, std)
	ts := d.Timesteps()
	if ts[0] != 999 || ts[len(ts)-1] != 0 || len(ts) != 1000 {
		t.Fatalf("timesteps run %d..%d (%d), want 999..0", ts[0], ts[len(ts)-1], len(ts))
	}
	run(d, denoise, x, x0, eps, r)
	checkMoments(t, "DDPM", x, mu, std, 0.01)
}

// run drives sampler s with the noise predictor denoise from x.
func run(s Sampler, denoise func(eps, x []float32, t int), x, x0, eps []float32, r *rng.PCG) {
	for i, tt := range s.Timesteps() {
		denoise(eps, x, tt)
		s.Step(x, x0, x, eps, i, r)
	}
}

func moments(x []float32) (mean, std float64) {
	for _, xi := range x {
		mean += float64(xi)
	}
	mean /= float64(len(x))
	var v float64
	for _, xi := range x {
		v += (float64(xi) - mean) * (float64(xi) - mean)
	}
	return mean, math.Sqrt(v / float64(len(x)))
}

func checkMoments(t *testing.T, name string, x []float32, mu, std, tol float64) {
	t.Helper()
	m, sd := moments(x)
	if math.Abs(m-mu) > tol || math.Abs(sd-std) > tol {
		t.Errorf("%s: samples have mean %.4f std %.4f, want %v and %v", name, m, sd, mu, std)
	}
}

// TestDDPMPredictsX0 checks eq. 15: with the true ε, x̂₀ is x₀ exactly.
func TestDDPMPredictsX0(t *testing.T) {
	s, _ := Linear(1000, 1e-4, 0.02)
	x0 := []float32{0.7, -1.2}
	eps := []float32{0.3, 0.5}
	xt, got, next := make([]float32, 2), make([]float32, 2), make([]float32, 2)
	for _, tt := range []int{0, 10, 500, 999} {
		s.AddNoise(xt, x0, eps, tt)
		DDPM{S: s}.Step(next, got, xt, eps, 999-tt, rng.New(1))
		for i := range x0 {
			if math.Abs(float64(got[i]-x0[i])) > 2e-3*(1+1/float64(s.SqrtAlphaBar[tt])*1e-2) {
				t.Errorf("t=%d: x̂₀[%d] = %v, want %v", tt, i, got[i], x0[i])
			}
		}
	}
}
