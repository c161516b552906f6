package diffusion

import (
	"fmt"

	"genplay/tensor/rng"
)

// SDEdit turns a given point into a nearby sample (Meng et al. 2022,
// "SDEdit: Guided Image Synthesis and Editing with Stochastic Differential
// Equations", Algorithm 1): noise it to the timestep t₀ = strength·T, then
// run the base sampler from there. Small strengths keep the input's
// structure; strength 1 is plain sampling.
type SDEdit struct {
	Base Sampler
	S    *Schedule
	off  int // index in Base.Timesteps() of the first step taken
}

var _ Sampler = (*SDEdit)(nil)

// NewSDEdit returns an SDEdit sampler over base at strength in (0, 1].
func NewSDEdit(base Sampler, s *Schedule, strength float32) (*SDEdit, error) {
	if !(strength > 0 && strength <= 1) {
		return nil, fmt.Errorf("diffusion: SDEdit strength must be in (0, 1], got %g", strength)
	}
	t0 := int(strength * float32(s.T()-1)) // strength·(T−1), floored
	ts := base.Timesteps()
	off := 0
	for off < len(ts)-1 && ts[off] > t0 {
		off++
	}
	return &SDEdit{Base: base, S: s, off: off}, nil
}

// Timesteps returns the base sampler's timesteps from t₀ on.
func (e *SDEdit) Timesteps() []int { return e.Base.Timesteps()[e.off:] }

// Step takes the base sampler's step.
func (e *SDEdit) Step(dst, x0, x, eps []float32, i int, r *rng.PCG) {
	e.Base.Step(dst, x0, x, eps, i+e.off, r)
}

// Start writes x noised to t₀ into dst: √ᾱₜ₀·x + √(1−ᾱₜ₀)·z (eq. 4 of Ho et
// al.).
func (e *SDEdit) Start(dst, x []float32, r *rng.PCG) {
	t := e.Timesteps()[0]
	a, b := e.S.SqrtAlphaBar[t], e.S.SqrtOneMinusAlphaBar[t]
	for j, v := range x {
		dst[j] = a*v + b*r.Normal()
	}
}
