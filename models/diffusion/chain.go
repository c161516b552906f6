package diffusion

// Sampling as a chain the caller advances a few steps at a time, and the
// capabilities built on it (models.Stepper, models.Predictor,
// models.Noiser, models.ChainInpainter, models.ChainTranslator).
//
// Time: the capabilities speak of t ∈ [0, 1], 1 at pure noise and 0 at the
// data. Step k = 1…T of Ho et al. (the schedule's index k−1) is at
// t = k/T; a time t is rounded to the step k = round(t·T), and t = 0 (k = 0)
// is the data itself.

import (
	"fmt"

	"genplay/models"
	"genplay/tensor"
	"genplay/tensor/rng"
)

// The samplers a Model offers, by SampleOpts.Sampler.
const (
	SamplerDDPM = "ddpm" // ancestral sampling over all T steps (Ho et al. Algorithm 2)
	SamplerDDIM = "ddim" // DDIM with k steps and noise scale η (Song et al. 2021)
)

// Chain is a sampling run that can be advanced a few steps at a time, so a
// caller can interleave it with training or drawing. It implements
// models.Chain.
type Chain struct {
	m       *Model
	sampler Sampler
	ts      []int
	i       int // index in ts of the next step
	tape    tensor.Tape
	input   *tensor.Tensor // (n, dim+EmbedDim)
	x, x0   []float32
}

var _ models.Chain = (*Chain)(nil)

// Samplers returns DDPM (T steps, the default) and DDIM (k steps, η).
func (m *Model) Samplers() []models.SamplerInfo {
	return []models.SamplerInfo{
		{Name: SamplerDDPM, Title: "DDPM", FixedSteps: m.cfg.T, EvalsPerStep: 1, Stochastic: true},
		{Name: SamplerDDIM, Title: "DDIM", EvalsPerStep: 1, Stochastic: true},
	}
}

// sampler returns the Sampler that opts names.
func (m *Model) sampler(opts models.SampleOpts) (Sampler, error) {
	switch opts.Sampler {
	case "", SamplerDDPM:
		return DDPM{S: m.sched}, nil
	case SamplerDDIM:
		return NewDDIM(m.sched, opts.Steps, opts.Eta)
	}
	return nil, fmt.Errorf("diffusion: unknown sampler %q (known: %s, %s)", opts.Sampler, SamplerDDPM, SamplerDDIM)
}

// NewChain starts a run of n points from noise, x ~ N(0, I) drawn with r,
// with the sampler of opts: DDPM over every step, or DDIM with opts.Steps
// steps in [1, T] and η = opts.Eta in [0, 1].
func (m *Model) NewChain(n int, opts models.SampleOpts, r *rng.PCG) (models.Chain, error) {
	s, err := m.sampler(opts)
	if err != nil {
		return nil, err
	}
	x := make([]float32, m.dim*n)
	r.FillNormal(x)
	return m.NewChainFrom(s, x), nil
}

// NewInpaintChain starts a run that completes the points x, keeping the
// coordinates where known is true (the sampler of opts with replacement,
// see Inpaint).
func (m *Model) NewInpaintChain(x []float32, known []bool, opts models.SampleOpts, r *rng.PCG) (models.Chain, error) {
	s, err := m.sampler(opts)
	if err != nil {
		return nil, err
	}
	p, err := NewInpaint(s, m.sched, known, x)
	if err != nil {
		return nil, err
	}
	start := make([]float32, len(x))
	p.Start(start, r)
	return m.NewChainFrom(p, start), nil
}

// NewTranslateChain starts a run from the points x noised to strength in
// (0, 1] (SDEdit over the sampler of opts).
func (m *Model) NewTranslateChain(x []float32, strength float32, opts models.SampleOpts, r *rng.PCG) (models.Chain, error) {
	s, err := m.sampler(opts)
	if err != nil {
		return nil, err
	}
	e, err := NewSDEdit(s, m.sched, strength)
	if err != nil {
		return nil, err
	}
	start := make([]float32, len(x))
	e.Start(start, x, r)
	return m.NewChainFrom(e, start), nil
}

// NewChainFrom starts a run of sampler s from x, the points at the sampler's
// first timestep. The chain owns x from now on.
func (m *Model) NewChainFrom(s Sampler, x []float32) *Chain {
	c := &Chain{
		m: m, sampler: s, ts: s.Timesteps(),
		input: tensor.New(len(x)/m.dim, m.dim+m.cfg.EmbedDim),
		x:     x, x0: make([]float32, len(x)),
	}
	c.tape.NoGrad = true
	return c
}

// Advance performs up to k reverse steps with the model's current weights
// and reports whether the chain has finished.
func (c *Chain) Advance(k int, r *rng.PCG) (done bool) {
	for ; k > 0 && c.i < len(c.ts); k-- {
		eps := c.m.predict(&c.tape, c.input, c.x, c.ts[c.i])
		c.sampler.Step(c.x, c.x0, c.x, eps, c.i, r)
		c.i++
	}
	return c.i == len(c.ts)
}

// Remaining returns the number of reverse steps left.
func (c *Chain) Remaining() int { return len(c.ts) - c.i }

// Len returns the number of reverse steps in all.
func (c *Chain) Len() int { return len(c.ts) }

// Evals returns the network evaluations of the whole chain: one a step.
func (c *Chain) Evals() int { return len(c.ts) }

// Time returns the time of the current points: k/T before the reverse
// step at Ho et al.'s step k, 0 once the chain has finished.
func (c *Chain) Time() float32 {
	if c.i == len(c.ts) {
		return 0
	}
	return float32(c.ts[c.i]+1) / float32(c.m.cfg.T)
}

// X returns the current points; the samples once Advance has returned true.
// The slice is the chain's own and changes as it advances.
func (c *Chain) X() []float32 { return c.x }

// PredX0 returns the latest prediction of x₀ (zeros before the first step).
func (c *Chain) PredX0() []float32 { return c.x0 }

// run finishes a chain at once and copies its points into dst.
func (c *Chain) run(dst []float32, r *rng.PCG) {
	c.Advance(len(c.ts), r)
	copy(dst, c.x)
}

// step returns the schedule index of the time t, round(t·T) − 1, clamped
// to [0, T−1].
func (m *Model) step(t float32) int {
	T := m.cfg.T
	k := int(t*float32(T) + 0.5)
	return min(max(k-1, 0), T-1)
}

// PredictionName returns "ε": Predict gives the noise whatever
// Config.Predict trains the network to output.
func (m *Model) PredictionName() string { return "ε" }

// Predict writes ε_θ(x, k) into dst, the network's noise prediction at the
// points x and the step k = round(t·T) (k = 0 is taken as 1).
func (m *Model) Predict(dst, x []float32, t float32) {
	var tp tensor.Tape
	tp.NoGrad = true
	input := tensor.New(len(x)/m.dim, m.dim+m.cfg.EmbedDim)
	copy(dst, m.predict(&tp, input, x, m.step(t)))
}

// Noise writes xₖ = √ᾱₖ·x0 + √(1−ᾱₖ)·eps (Ho et al. eq. 4) into dst for
// the step k = round(t·T); k = 0 copies x0.
func (m *Model) Noise(dst, x0, eps []float32, t float32) {
	if int(t*float32(m.cfg.T)+0.5) <= 0 {
		copy(dst, x0)
		return
	}
	m.sched.AddNoise(dst, x0, eps, m.step(t))
}

// Sample fills dst with len(dst)/Dim() points by DDPM: T network evaluations.
func (m *Model) Sample(dst []float32, r *rng.PCG) {
	x := make([]float32, len(dst))
	r.FillNormal(x)
	m.NewChainFrom(DDPM{S: m.sched}, x).run(dst, r)
}

// SampleDDIM fills dst with points by DDIM with k steps and noise scale eta.
func (m *Model) SampleDDIM(dst []float32, k int, eta float32, r *rng.PCG) error {
	s, err := NewDDIM(m.sched, k, eta)
	if err != nil {
		return err
	}
	x := make([]float32, len(dst))
	r.FillNormal(x)
	m.NewChainFrom(s, x).run(dst, r)
	return nil
}

// Inpaint writes into dst completions of the points x that keep the
// coordinates where known is true, by DDPM with replacement. It panics
// when known and x differ in length.
func (m *Model) Inpaint(dst, x []float32, known []bool, r *rng.PCG) {
	c, err := m.NewInpaintChain(x, known, models.SampleOpts{}, r)
	if err != nil {
		panic(err)
	}
	c.(*Chain).run(dst, r)
}

// Translate writes into dst samples started from the points x noised to
// strength in (0, 1] (SDEdit over DDPM). It panics on a strength outside
// (0, 1].
func (m *Model) Translate(dst, x []float32, strength float32, r *rng.PCG) {
	c, err := m.NewTranslateChain(x, strength, models.SampleOpts{}, r)
	if err != nil {
		panic(err)
	}
	c.(*Chain).run(dst, r)
}
