package diffusion

import (
	"genplay/tensor/math32"
	"genplay/tensor/rng"
)

// DDPM is ancestral sampling, Algorithm 2 of Ho et al. (2020), over a
// Schedule. It owns no network: Step takes the network's noise prediction.
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

// Timesteps returns the timesteps a full run visits, in order: T−1 down to 0.
func (d DDPM) Timesteps() []int {
	ts := make([]int, d.S.T())
	for i := range ts {
		ts[i] = len(ts) - 1 - i
	}
	return ts
}

// Step computes one reverse step from xₜ given the predicted noise eps. It
// writes xₜ₋₁ into dst and the predicted x̂₀ into x0; dst may alias x. At
// t = 0 no noise is added, so dst = x̂₀'s posterior mean.
//
// Algorithm 2, line 4: xₜ₋₁ = (xₜ − βₜ/√(1−ᾱₜ)·ε_θ)/√αₜ + σₜ·z, z ~ N(0, I).
func (d DDPM) Step(dst, x0, x, eps []float32, t int, r *rng.PCG) {
	s := d.S
	sab, s1ab := s.SqrtAlphaBar[t], s.SqrtOneMinusAlphaBar[t]
	coef := s.Beta[t] / s1ab
	invSqrtAlpha := 1 / math32.Sqrt(s.Alpha[t])
	var sigma float32
	if t > 0 {
		sigma = math32.Sqrt((1 - s.AlphaBar[t-1]) / (1 - s.AlphaBar[t]) * s.Beta[t])
	}
	for i := range x {
		xi, ei := x[i], eps[i]
		x0[i] = (xi - s1ab*ei) / sab
		v := (xi - coef*ei) * invSqrtAlpha
		if sigma > 0 {
			v += sigma * r.Normal()
		}
		dst[i] = v
	}
}
