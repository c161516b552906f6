package diffusion

import (
	"errors"
	"fmt"

	"genplay/tensor"
	"genplay/tensor/nn"
	"genplay/tensor/optim"
	"genplay/tensor/rng"
)

// Config is a diffusion model's architecture and training setup for 2D
// points.
type Config struct {
	// T is the number of diffusion steps; 1000 in Ho et al.
	T int `json:"T"`
	// BetaStart is β at the first step of the linear schedule.
	BetaStart float32 `json:"beta_start"`
	// BetaEnd is β at the last step of the linear schedule.
	BetaEnd float32 `json:"beta_end"`
	// Hidden is the width of the noise-prediction MLP's hidden layers.
	Hidden int `json:"hidden"`
	// Depth is the number of hidden layers.
	Depth int `json:"depth"`
	// EmbedDim is the width of the sinusoidal time embedding fed to the
	// network next to the point; even.
	EmbedDim int `json:"embed_dim"`
	// LearningRate is Adam's step size.
	LearningRate float32 `json:"lr"`
	// Batch is the number of points per training step.
	Batch int `json:"batch"`
}

// Default returns the configuration of the 2D playground: the schedule of Ho
// et al. and an MLP small enough to train in a browser tab in seconds.
func Default() Config {
	return Config{T: 1000, BetaStart: 1e-4, BetaEnd: 0.02, Hidden: 64, Depth: 3, EmbedDim: 16, LearningRate: 3e-3, Batch: 256}
}

// Validate reports the first field that is out of range.
func (c Config) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf("diffusion: "+format, args...))
		}
	}
	check(c.T >= 2 && c.T <= 10000, "T must be in [2, 10000], got %d", c.T)
	check(c.BetaStart > 0 && c.BetaStart <= c.BetaEnd && c.BetaEnd < 1, "betas must satisfy 0 < beta_start <= beta_end < 1, got %g and %g", c.BetaStart, c.BetaEnd)
	check(c.Hidden >= 1 && c.Hidden <= 4096, "hidden must be in [1, 4096], got %d", c.Hidden)
	check(c.Depth >= 1 && c.Depth <= 16, "depth must be in [1, 16], got %d", c.Depth)
	check(c.EmbedDim >= 2 && c.EmbedDim <= 512 && c.EmbedDim%2 == 0, "embed_dim must be even and in [2, 512], got %d", c.EmbedDim)
	check(c.LearningRate > 0 && c.LearningRate < 1, "lr must be in (0, 1), got %g", c.LearningRate)
	check(c.Batch >= 1 && c.Batch <= 65536, "batch must be in [1, 65536], got %d", c.Batch)
	return errors.Join(errs...)
}

// dim is the dimension of the data: 2D points.
const dim = 2

// Model is a DDPM on 2D points: a linear schedule and a noise-prediction MLP
// ε_θ([xₜ, emb(t)]) trained with the simple loss of Ho et al. (eq. 14),
// ‖ε − ε_θ(√ᾱₜx₀ + √(1−ᾱₜ)ε, t)‖².
type Model struct {
	cfg   Config
	sched *Schedule
	net   *nn.MLP
	opt   *optim.Adam
	emb   []float32 // emb[t*EmbedDim:(t+1)*EmbedDim] is the embedding of t
	steps int

	// Training buffers, reused while the batch size stays the same.
	tape          tensor.Tape
	input, target *tensor.Tensor // (batch, 2+EmbedDim), (batch, 2)
}

// New returns a model with freshly initialised weights drawn from r.
func New(cfg Config, r *rng.PCG) (*Model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	sched, err := Linear(cfg.T, cfg.BetaStart, cfg.BetaEnd)
	if err != nil {
		return nil, err
	}
	sizes := []int{dim + cfg.EmbedDim}
	for range cfg.Depth {
		sizes = append(sizes, cfg.Hidden)
	}
	sizes = append(sizes, dim)
	m := &Model{
		cfg:   cfg,
		sched: sched,
		net:   nn.NewMLP(r, sizes...),
		opt:   optim.NewAdam(cfg.LearningRate),
		emb:   make([]float32, cfg.T*cfg.EmbedDim),
	}
	for t := range cfg.T {
		nn.Sinusoidal(m.emb[t*cfg.EmbedDim:(t+1)*cfg.EmbedDim], float32(t))
	}
	return m, nil
}

// Config returns the model's configuration.
func (m *Model) Config() Config { return m.cfg }

// Schedule returns the model's noise schedule.
func (m *Model) Schedule() *Schedule { return m.sched }

// Steps returns the number of training steps taken.
func (m *Model) Steps() int { return m.steps }

// Params returns the network's parameters in a fixed order.
func (m *Model) Params() []*tensor.Tensor { return m.net.Params() }

// TrainStep takes one Adam step on the batch x0 of len(x0)/2 points and
// returns the batch's loss (Ho et al. Algorithm 1). It allocates only when
// the batch size changes.
func (m *Model) TrainStep(x0 []float32, r *rng.PCG) float32 {
	n := len(x0) / dim
	width := dim + m.cfg.EmbedDim
	if m.input == nil || m.input.Rows() != n {
		m.input, m.target = tensor.New(n, width), tensor.New(n, dim)
	}
	// Algorithm 1, lines 2–4: t ~ U{0…T−1}, ε ~ N(0, I), xₜ from x₀.
	for i := range n {
		t := r.Intn(m.cfg.T)
		row := m.input.Data[i*width : (i+1)*width]
		eps := m.target.Data[i*dim : (i+1)*dim]
		r.FillNormal(eps)
		m.sched.AddNoise(row[:dim], x0[i*dim:(i+1)*dim], eps, t)
		copy(row[dim:], m.emb[t*m.cfg.EmbedDim:])
	}
	// Line 5: a gradient step on ‖ε − ε_θ(xₜ, t)‖².
	m.tape.Reset()
	loss := m.tape.MSE(m.net.Forward(&m.tape, m.input), m.target)
	m.tape.Backward(loss)
	m.opt.Step(m.net.Params())
	m.steps++
	return loss.Data[0]
}

// Chain is an ancestral sampling run that can be advanced a few steps at a
// time, so a caller can interleave it with training or drawing.
type Chain struct {
	m       *Model
	sampler DDPM
	tape    tensor.Tape
	input   *tensor.Tensor // (n, 2+EmbedDim)
	x, x0   []float32
	t       int // the next timestep to denoise; -1 when done
}

// NewChain starts a sampling run of n points from x_{T−1} ~ N(0, I).
func (m *Model) NewChain(n int, r *rng.PCG) *Chain {
	c := &Chain{
		m:       m,
		sampler: DDPM{S: m.sched},
		input:   tensor.New(n, dim+m.cfg.EmbedDim),
		x:       make([]float32, dim*n),
		x0:      make([]float32, dim*n),
		t:       m.cfg.T - 1,
	}
	c.tape.NoGrad = true
	r.FillNormal(c.x)
	return c
}

// Advance performs up to k reverse steps with the model's current weights
// and reports whether the chain has reached t = 0.
func (c *Chain) Advance(k int, r *rng.PCG) (done bool) {
	cfg := c.m.cfg
	width := dim + cfg.EmbedDim
	n := len(c.x) / dim
	for ; k > 0 && c.t >= 0; k-- {
		e := c.m.emb[c.t*cfg.EmbedDim : (c.t+1)*cfg.EmbedDim]
		for i := range n {
			row := c.input.Data[i*width : (i+1)*width]
			copy(row, c.x[i*dim:(i+1)*dim])
			copy(row[dim:], e)
		}
		c.tape.Reset()
		eps := c.m.net.Forward(&c.tape, c.input)
		c.sampler.Step(c.x, c.x0, c.x, eps.Data, c.t, r)
		c.t--
	}
	return c.t < 0
}

// Remaining returns the number of reverse steps left.
func (c *Chain) Remaining() int { return c.t + 1 }

// X returns the current xₜ as x0, y0, x1, y1, …; the samples once Advance has
// returned true. The slice is the chain's own and changes as it advances.
func (c *Chain) X() []float32 { return c.x }

// PredX0 returns the latest prediction of x₀ (zeros before the first step).
func (c *Chain) PredX0() []float32 { return c.x0 }

// Sample fills dst with len(dst)/2 points by a full ancestral run.
func (m *Model) Sample(dst []float32, r *rng.PCG) {
	c := m.NewChain(len(dst)/dim, r)
	c.Advance(m.cfg.T, r)
	copy(dst, c.X())
}
