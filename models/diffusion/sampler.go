package diffusion

import "genplay/tensor/rng"

// Sampler is a reverse process over a Schedule. It owns no network: the
// caller predicts the noise at each timestep and hands it to Step.
//
// The sampling loop, for a noise-prediction network ε_θ, is
//
//	ts := s.Timesteps()
//	for i, t := range ts {
//		eps := ε_θ(x, t)
//		s.Step(x, x0, x, eps, i, r)
//	}
//
// after which x holds the samples and x0 the last prediction of x₀.
type Sampler interface {
	// Timesteps returns the timesteps the sampler visits, noisiest first.
	Timesteps() []int
	// Step takes the reverse step at Timesteps()[i] from x given the
	// predicted noise eps. It writes the next, less noisy x into dst (which
	// may alias x) and the predicted x₀ into x0.
	Step(dst, x0, x, eps []float32, i int, r *rng.PCG)
}

// predictX0 writes x̂₀ = (xₜ − √(1−ᾱₜ)·ε)/√ᾱₜ (Ho et al. eq. 15) into x0.
func predictX0(s *Schedule, x0, x, eps []float32, t int) {
	sab, s1ab := s.SqrtAlphaBar[t], s.SqrtOneMinusAlphaBar[t]
	for i, xi := range x {
		x0[i] = (xi - s1ab*eps[i]) / sab
	}
}
