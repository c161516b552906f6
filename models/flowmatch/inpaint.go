package flowmatch

import "fmt"

// Inpainting by replacement along the path: after every step of the base
// solver, the known coordinates are set to where the straight path from
// their starting noise to their value is at the step's end time,
//
//	x[j] ← (1 − s)·y[j] + s·ε[j],
//
// y the known values and ε the chain's own starting noise at those
// coordinates. It is the replacement method of Song et al. (2021),
// "Score-Based Generative Modeling through SDEs", appendix I.2, carried to
// the deterministic path: diffusion re-noises the known values with fresh
// noise at every step, while here each known coordinate moves on the one
// straight line xₜ = (1 − t)·y + t·ε that the probability path (path.go)
// assigns it from its start, so a solve draws noise only once. The network
// never sees the mask. At t = 0 the known coordinates hold y exactly.
//
// Like its diffusion counterpart it is only approximately conditional: the
// unknown coordinates follow the marginal field evaluated at points whose
// known part is on a path chosen independently of them.

// Inpaint is a Solver that fills in the unknown coordinates of a batch.
type Inpaint struct {
	Base   Solver
	Known  []bool    // Known[j] says coordinate j of the batch is given
	Values []float32 // y: the given values; only entries with Known[j] are read
	Noise  []float32 // ε: the start of the solve, read where Known[j]
}

var _ Solver = (*Inpaint)(nil)

// NewInpaint returns an inpainting solver over base for a batch whose known
// coordinates are marked in known, with values in values, started from the
// noise start (the points at t = 1, which the caller keeps solving from).
func NewInpaint(base Solver, known []bool, values, start []float32) (*Inpaint, error) {
	if len(known) != len(values) || len(start) != len(values) {
		return nil, fmt.Errorf("flowmatch: inpainting mask has %d entries and the start %d for %d values", len(known), len(start), len(values))
	}
	return &Inpaint{Base: base, Known: known, Values: values, Noise: append([]float32(nil), start...)}, nil
}

// EvalsPerStep returns the base solver's.
func (p *Inpaint) EvalsPerStep() int { return p.Base.EvalsPerStep() }

// Step takes the base solver's step and puts the known coordinates on their
// paths at s; at s = 0, on their values. The preview x0 shows the values
// there too.
func (p *Inpaint) Step(dst, x0, x []float32, t, s float32, v Velocity) {
	p.Base.Step(dst, x0, x, t, s, v)
	for j, k := range p.Known {
		if !k {
			continue
		}
		x0[j] = p.Values[j]
		if s == 0 {
			dst[j] = p.Values[j]
		} else {
			dst[j] = float32((1-s)*p.Values[j]) + float32(s*p.Noise[j])
		}
	}
}
