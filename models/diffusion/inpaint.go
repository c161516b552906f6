package diffusion

import (
	"fmt"

	"genplay/tensor/rng"
)

// Inpaint fills in the unknown coordinates of points by replacement: after
// every reverse step of the base sampler, the known coordinates are replaced
// by the known values noised to the step's new timestep,
// √ᾱₚ·x₀ + √(1−ᾱₚ)·z (Song et al. 2021, "Score-Based Generative Modeling
// through SDEs", appendix I.2; the baseline of Lugmayr et al. 2022,
// RePaint). The network never sees the mask: inpainting comes for free from
// working on the noise. After the last step the known coordinates hold
// their values exactly.
type Inpaint struct {
	Base   Sampler
	S      *Schedule
	Known  []bool    // Known[j] says coordinate j of the batch is given
	Values []float32 // the given values; only entries with Known[j] are read
}

var _ Sampler = (*Inpaint)(nil)

// NewInpaint returns an inpainting sampler over base for a batch whose
// known coordinates are marked in known, with values in values.
func NewInpaint(base Sampler, s *Schedule, known []bool, values []float32) (*Inpaint, error) {
	if len(known) != len(values) {
		return nil, fmt.Errorf("diffusion: inpainting mask has %d entries for %d values", len(known), len(values))
	}
	return &Inpaint{Base: base, S: s, Known: known, Values: values}, nil
}

// Timesteps returns the base sampler's timesteps.
func (p *Inpaint) Timesteps() []int { return p.Base.Timesteps() }

// Step takes the base sampler's step and re-imposes the known coordinates.
func (p *Inpaint) Step(dst, x0, x, eps []float32, i int, r *rng.PCG) {
	p.Base.Step(dst, x0, x, eps, i, r)
	ts := p.Base.Timesteps()
	if i+1 == len(ts) {
		for j, k := range p.Known {
			if k {
				dst[j] = p.Values[j]
			}
		}
		return
	}
	tp := ts[i+1]
	a, b := p.S.SqrtAlphaBar[tp], p.S.SqrtOneMinusAlphaBar[tp]
	for j, k := range p.Known {
		if k {
			dst[j] = a*p.Values[j] + b*r.Normal()
		}
	}
}

// Start writes the starting point of an inpainting run into x: noise
// everywhere, with the known coordinates noised to the first timestep.
func (p *Inpaint) Start(x []float32, r *rng.PCG) {
	t := p.Timesteps()[0]
	a, b := p.S.SqrtAlphaBar[t], p.S.SqrtOneMinusAlphaBar[t]
	for j := range x {
		z := r.Normal()
		if p.Known[j] {
			x[j] = a*p.Values[j] + b*z
		} else {
			x[j] = z
		}
	}
}
