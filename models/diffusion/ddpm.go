package diffusion

import (
	"genplay/tensor/math32"
	"genplay/tensor/rng"
)

// DDPM is ancestral sampling, Algorithm 2 of Ho et al. (2020), over a
// Schedule: T network evaluations per sample.
//
// Notation, beyond the Schedule's:
//
//	x     xₜ, the current sample
//	eps   ε_θ(xₜ, t), the predicted noise
//	x0    x̂₀ = (xₜ − √(1−ᾱₜ)·ε_θ) / √ᾱₜ (eq. 15)
//	sigma σₜ = √β̃ₜ, β̃ₜ = (1−ᾱₜ₋₁)/(1−ᾱₜ)·βₜ (eq. 7; the "fixed small" variance)
type DDPM struct {
	S *Schedule
}

var _ Sampler = DDPM{}

// Timesteps returns T−1 down to 0.
func (d DDPM) Timesteps() []int {
	ts := make([]int, d.S.T())
	for i := range ts {
		ts[i] = len(ts) - 1 - i
	}
	return ts
}

// Step takes the reverse step at t = T−1−i. At t = 0 no noise is added.
//
// Algorithm 2, line 4: xₜ₋₁ = (xₜ − βₜ/√(1−ᾱₜ)·ε_θ)/√αₜ + σₜ·z, z ~ N(0, I).
func (d DDPM) Step(dst, x0, x, eps []float32, i int, r *rng.PCG) {
	s := d.S
	t := s.T() - 1 - i
	predictX0(s, x0, x, eps, t)
	coef := s.Beta[t] / s.SqrtOneMinusAlphaBar[t]
	invSqrtAlpha := 1 / math32.Sqrt(s.Alpha[t])
	var sigma float32
	if t > 0 {
		sigma = math32.Sqrt((1 - s.AlphaBar[t-1]) / (1 - s.AlphaBar[t]) * s.Beta[t])
	}
	for j, xj := range x {
		v := (xj - coef*eps[j]) * invSqrtAlpha
		if sigma > 0 {
			v += sigma * r.Normal()
		}
		dst[j] = v
	}
}
