package flowmatch

import (
	"fmt"

	"genplay/models"
	"genplay/tensor"
	"genplay/tensor/rng"
)

// Samplers returns Euler (the default of Default()) and Heun; the model's
// configured sampler comes first.
func (m *Model) Samplers() []models.SamplerInfo {
	k := m.cfg.SampleSteps
	euler := models.SamplerInfo{Name: SamplerEuler, Title: "Euler", DefaultSteps: k, EvalsPerStep: 1}
	heun := models.SamplerInfo{Name: SamplerHeun, Title: "Heun", DefaultSteps: k, EvalsPerStep: 2}
	if m.cfg.Sampler == SamplerHeun {
		return []models.SamplerInfo{heun, euler}
	}
	return []models.SamplerInfo{euler, heun}
}

// solver returns the Solver and step count that opts choose: an empty
// Sampler or zero Steps mean the Config's.
func (m *Model) solver(opts models.SampleOpts) (Solver, int, error) {
	name, k := opts.Sampler, opts.Steps
	if name == "" {
		name = m.cfg.Sampler
	}
	if k == 0 {
		k = m.cfg.SampleSteps
	}
	if k < 1 || k > MaxSteps {
		return nil, 0, fmt.Errorf("flowmatch: steps must be in [1, %d], got %d", MaxSteps, opts.Steps)
	}
	if opts.Eta != 0 {
		return nil, 0, fmt.Errorf("flowmatch: the ODE samplers take no eta, got %g", opts.Eta)
	}
	switch name {
	case SamplerEuler:
		return &Euler{}, k, nil
	case SamplerHeun:
		return &Heun{}, k, nil
	}
	return nil, 0, fmt.Errorf("flowmatch: unknown sampler %q (known: %q, %q)", name, SamplerEuler, SamplerHeun)
}

// Chain is an ODE solve that can be advanced a few steps at a time, so a
// caller can interleave it with training or drawing.
type Chain struct {
	m      *Model
	solver Solver
	ts     []float32 // Times(k)
	i      int       // steps taken
	tape   tensor.Tape
	input  *tensor.Tensor // (n, dim+EmbedDim)
	v      Velocity       // the model's network, bound once
	x, x0  []float32
}

var _ models.Chain = (*Chain)(nil)

// NewChain starts n points from noise, x ~ N(0, I) at t = 1, with the
// solver and steps of opts (an empty Sampler or zero Steps mean the
// Config's). It fails on an unknown sampler, steps outside [1, MaxSteps],
// or a non-zero Eta.
func (m *Model) NewChain(n int, opts models.SampleOpts, r *rng.PCG) (models.Chain, error) {
	return m.newChain(n, opts, r)
}

// newChain is NewChain with the concrete type.
func (m *Model) newChain(n int, opts models.SampleOpts, r *rng.PCG) (*Chain, error) {
	s, k, err := m.solver(opts)
	if err != nil {
		return nil, err
	}
	x := make([]float32, n*m.dim)
	r.FillNormal(x)
	return m.NewChainFrom(s, k, x), nil
}

// NewInpaintChain starts a chain that completes the points x, keeping the
// coordinates where known is true (Inpaint), with the solver and steps of
// opts. It fails as NewChain does, or if known and x differ in length.
func (m *Model) NewInpaintChain(x []float32, known []bool, opts models.SampleOpts, r *rng.PCG) (*Chain, error) {
	s, k, err := m.solver(opts)
	if err != nil {
		return nil, err
	}
	start := make([]float32, len(x))
	r.FillNormal(start)
	p, err := NewInpaint(s, known, x, start)
	if err != nil {
		return nil, err
	}
	return m.NewChainFrom(p, k, start), nil
}

// NewChainFrom starts a k-step solve with s from x, the points at t = 1.
// The chain owns x from now on. It panics unless 1 ≤ k ≤ MaxSteps.
func (m *Model) NewChainFrom(s Solver, k int, x []float32) *Chain {
	c := &Chain{
		m: m, solver: s, ts: Times(k),
		input: tensor.New(len(x)/m.dim, m.dim+m.cfg.EmbedDim),
		x:     x, x0: make([]float32, len(x)),
	}
	c.tape.NoGrad = true
	c.v = func(dst, x []float32, t float32) { m.velocity(&c.tape, c.input, dst, x, t) }
	return c
}

// Advance performs up to k solver steps with the model's current weights
// and reports whether the chain has finished. It draws nothing: r is
// unused.
func (c *Chain) Advance(k int, r *rng.PCG) (done bool) {
	for ; k > 0 && c.i < len(c.ts)-1; k-- {
		c.solver.Step(c.x, c.x0, c.x, c.ts[c.i], c.ts[c.i+1], c.v)
		c.i++
	}
	return c.i == len(c.ts)-1
}

// Remaining returns the number of steps left.
func (c *Chain) Remaining() int { return len(c.ts) - 1 - c.i }

// Len returns the number of steps in all.
func (c *Chain) Len() int { return len(c.ts) - 1 }

// Evals returns the network evaluations of the whole solve.
func (c *Chain) Evals() int { return c.Len() * c.solver.EvalsPerStep() }

// Time returns the time the points are at: 1 before the first step, 0 once
// done.
func (c *Chain) Time() float32 { return c.ts[c.i] }

// X returns the current points; the samples once Advance has returned true.
// The slice is the chain's own and changes as it advances.
func (c *Chain) X() []float32 { return c.x }

// PredX0 returns the prediction x̂₀ = x − t·v_θ(x, t) made at the start of
// the latest step (zeros before the first).
func (c *Chain) PredX0() []float32 { return c.x0 }

// run finishes a chain at once and copies its points into dst.
func (c *Chain) run(dst []float32) {
	c.Advance(c.Remaining(), nil)
	copy(dst, c.x)
}

// Sample fills dst with len(dst)/Dim() points by the Config's sampler and
// steps.
func (m *Model) Sample(dst []float32, r *rng.PCG) {
	c, err := m.newChain(len(dst)/m.dim, models.SampleOpts{}, r)
	if err != nil {
		panic(err) // the Config is valid, so are its sampler and steps
	}
	c.run(dst)
}

// Inpaint writes into dst completions of the points x that keep the
// coordinates where known is true, by the Config's sampler and steps with
// replacement along the path (Inpaint). It panics if known and x differ in
// length.
func (m *Model) Inpaint(dst, x []float32, known []bool, r *rng.PCG) {
	c, err := m.NewInpaintChain(x, known, models.SampleOpts{}, r)
	if err != nil {
		panic(err)
	}
	c.run(dst)
}
