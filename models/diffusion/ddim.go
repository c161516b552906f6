package diffusion

import (
	"fmt"

	"genplay/tensor/math32"
	"genplay/tensor/rng"
)

// DDIM is the sampler of Song, Meng & Ermon (2021), "Denoising Diffusion
// Implicit Models": it visits k of the T timesteps, so a sample costs k
// network evaluations instead of T, with the same trained network.
//
// Notation (paper eq. 12, with αₜ there = ᾱₜ here):
//
//	t, p   the current timestep and the previous (less noisy) one, p < t
//	x0     x̂₀ = (xₜ − √(1−ᾱₜ)·ε_θ)/√ᾱₜ
//	sigma  σ = η·√((1−ᾱₚ)/(1−ᾱₜ))·√(1 − ᾱₜ/ᾱₚ) (eq. 16)
//	step   xₚ = √ᾱₚ·x̂₀ + √(1−ᾱₚ−σ²)·ε_θ + σ·z
//
// η = 0 is the deterministic DDIM; η = 1 with k = T is DDPM. After the last
// step p = −1 with ᾱ₋₁ = 1, so the result is x̂₀.
//
// The timesteps are spaced "trailing" (Lin et al. 2024, "Common Diffusion
// Noise Schedules and Sample Steps are Flawed", table 2): T−1, T−1−T/k, …,
// so the first step starts at the noisiest timestep, where x_T ~ N(0, I)
// is a faithful start.
type DDIM struct {
	S   *Schedule
	Eta float32
	ts  []int
}

var _ Sampler = (*DDIM)(nil)

// NewDDIM returns a DDIM sampler of k steps (1 ≤ k ≤ T) with noise scale
// eta in [0, 1].
func NewDDIM(s *Schedule, k int, eta float32) (*DDIM, error) {
	T := s.T()
	if k < 1 || k > T {
		return nil, fmt.Errorf("diffusion: DDIM needs 1 <= steps <= %d, got %d", T, k)
	}
	if !(eta >= 0 && eta <= 1) {
		return nil, fmt.Errorf("diffusion: DDIM eta must be in [0, 1], got %g", eta)
	}
	ts := make([]int, k)
	for i := range ts {
		// round(T − i·T/k) − 1, in integers: T − 1 − floor(i·T/k + 1/2).
		ts[i] = T - 1 - (2*i*T+k)/(2*k)
	}
	return &DDIM{S: s, Eta: eta, ts: ts}, nil
}

// Timesteps returns the k visited timesteps, noisiest first.
func (d *DDIM) Timesteps() []int { return d.ts }

// Step takes the reverse step from Timesteps()[i] to the next one.
func (d *DDIM) Step(dst, x0, x, eps []float32, i int, r *rng.PCG) {
	s := d.S
	t := d.ts[i]
	abPrev := float32(1)
	if i+1 < len(d.ts) {
		abPrev = s.AlphaBar[d.ts[i+1]]
	}
	ab := s.AlphaBar[t]
	predictX0(s, x0, x, eps, t)
	var sigma float32
	if d.Eta > 0 {
		sigma = d.Eta * math32.Sqrt((1-abPrev)/(1-ab)*(1-ab/abPrev))
	}
	a, b := math32.Sqrt(abPrev), math32.Sqrt(max(1-abPrev-sigma*sigma, 0))
	for j := range x {
		v := a*x0[j] + b*eps[j]
		if sigma > 0 {
			v += sigma * r.Normal()
		}
		dst[j] = v
	}
}
