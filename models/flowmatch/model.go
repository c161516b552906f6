package flowmatch

import (
	"errors"
	"fmt"

	"genplay/models"
	"genplay/tensor"
	"genplay/tensor/nn"
	"genplay/tensor/optim"
	"genplay/tensor/rng"
)

// The solvers a Config or SampleOpts names.
const (
	SamplerEuler = "euler"
	SamplerHeun  = "heun"
)

// What the network outputs, Config.Predict.
const (
	PredictV  = "v"  // the velocity v = ε − x₀ itself
	PredictX0 = "x0" // the clean point x₀, turned into v (see tMin)
)

// Config is a flow-matching model's network, training and default sampler.
type Config struct {
	// Hidden is the width of the velocity MLP's hidden layers.
	Hidden int `json:"hidden"`
	// Depth is the number of hidden layers.
	Depth int `json:"depth"`
	// EmbedDim is the width of the sinusoidal time embedding fed to the
	// network next to the point; even.
	EmbedDim int `json:"embed_dim"`
	// TimeEvery feeds the time embedding to every layer, not only the
	// first.
	TimeEvery bool `json:"time_every,omitempty"`
	// Predict is what the network outputs: "v", the velocity; or "x0",
	// the clean point x̂₀, from which the velocity follows as
	// v = (xₜ − x̂₀)/max(t, 0.05) (see tMin). Either way the loss is the
	// velocity's squared error (see TrainBatch).
	Predict string `json:"predict"`
	// LearningRate is Adam's step size.
	LearningRate float32 `json:"lr"`
	// Batch is the number of points per training step.
	Batch int `json:"batch"`
	// Sampler is the solver Sample uses: "euler" or "heun".
	Sampler string `json:"sampler"`
	// SampleSteps is the number of solver steps k Sample takes: k network
	// evaluations per sample with Euler, 2k with Heun.
	SampleSteps int `json:"sample_steps"`
}

// Default returns the configuration of the 2D playground: the network of
// diffusion's 2D default predicting the velocity, and Euler with 20 steps.
func Default() Config {
	return Config{Hidden: 64, Depth: 3, EmbedDim: 16, Predict: PredictV, LearningRate: 3e-3, Batch: 256, Sampler: SamplerEuler, SampleSteps: 20}
}

// Validate reports every field that is out of range.
func (c Config) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf("flowmatch: "+format, args...))
		}
	}
	check(c.Hidden >= 1 && c.Hidden <= 4096, "hidden must be in [1, 4096], got %d", c.Hidden)
	check(c.Depth >= 1 && c.Depth <= 16, "depth must be in [1, 16], got %d", c.Depth)
	check(c.EmbedDim >= 2 && c.EmbedDim <= 512 && c.EmbedDim%2 == 0, "embed_dim must be even and in [2, 512], got %d", c.EmbedDim)
	check(c.LearningRate > 0 && c.LearningRate < 1, "lr must be in (0, 1), got %g", c.LearningRate)
	check(c.Batch >= 1 && c.Batch <= 65536, "batch must be in [1, 65536], got %d", c.Batch)
	check(c.Predict == PredictV || c.Predict == PredictX0, "predict must be %q or %q, got %q", PredictV, PredictX0, c.Predict)
	check(c.Sampler == SamplerEuler || c.Sampler == SamplerHeun, "sampler must be %q or %q, got %q", SamplerEuler, SamplerHeun, c.Sampler)
	check(c.SampleSteps >= 1 && c.SampleSteps <= MaxSteps, "sample_steps must be in [1, %d], got %d", MaxSteps, c.SampleSteps)
	return errors.Join(errs...)
}

// timeScale multiplies t ∈ [0, 1] before the sinusoidal embedding, so that
// the embedding sees the positions 0…1000 that diffusion's integer
// timesteps give it: with the frequencies of nn.Sinusoidal, t itself would
// turn only the fastest of them by less than a radian.
const timeScale = 1000

// tMin bounds the divisor t of the velocity of an x₀-predicting network,
// v = (xₜ − x̂₀)/max(t, tMin), as Li & He (2025), "Back to Basics: Let
// Denoising Generative Models Denoise", section 4, clip theirs (at 0.05):
// near t = 0 the division would blow the network's error up without bound.
//
// Why an x₀ network at all: the velocity ε − x₀ carries the full-dimensional
// noise ε, which a network narrower than its input (MNIST's 512 hidden
// units for 784 pixels) cannot pass through; x₀ lies near a
// low-dimensional set of digits, and the noise then comes from xₜ by the
// skip connection in the formula above. Li & He make the same argument for
// large images. Trained as a velocity predictor the MNIST preset's network
// drew noise (FD 1047 after 3000 steps); see the package documentation.
const tMin = 0.05

// Model is conditional flow matching on the straight path (path.go): an MLP
// v_θ([xₜ, emb(t)]) trained to regress the velocity ε − x₀, and sampled by
// integrating dx/dt = v_θ from noise at t = 1 to t = 0 with a Solver.
type Model struct {
	cfg    Config
	dim    int
	net    *nn.MLP
	params []*tensor.Tensor // net.Params(), kept so a step allocates nothing
	opt    *optim.Adam
	steps  int

	// Training buffers, reused while the batch size stays the same.
	tape          tensor.Tape
	batch, eps    []float32
	input, target *tensor.Tensor // (batch, dim+EmbedDim), (batch, dim)
	xt, invT      *tensor.Tensor // (batch, dim), (batch, 1): xₜ and 1/max(t, tMin) for PredictX0
	losses        []models.Loss

	// Predict's buffers.
	ptape  tensor.Tape
	pinput *tensor.Tensor
}

var (
	_ models.Model     = (*Model)(nil)
	_ models.Stepper   = (*Model)(nil)
	_ models.Predictor = (*Model)(nil)
	_ models.Noiser    = (*Model)(nil)
	_ models.Inpainter = (*Model)(nil)
)

// New returns a model of points of dimension dim with freshly initialised
// weights drawn from r.
func New(cfg Config, dim int, r *rng.PCG) (*Model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if dim < 1 || dim > 1<<16 {
		return nil, fmt.Errorf("flowmatch: data dimension must be in [1, 65536], got %d", dim)
	}
	sizes := []int{dim + cfg.EmbedDim}
	for range cfg.Depth {
		sizes = append(sizes, cfg.Hidden)
	}
	sizes = append(sizes, dim)
	net := &nn.MLP{}
	for i := 1; i < len(sizes); i++ {
		in := sizes[i-1]
		if cfg.TimeEvery && i > 1 {
			in += cfg.EmbedDim
		}
		net.Layers = append(net.Layers, nn.NewLinear(in, sizes[i], r))
	}
	m := &Model{
		cfg:    cfg,
		dim:    dim,
		net:    net,
		opt:    optim.NewAdam(cfg.LearningRate),
		losses: []models.Loss{{Name: "mse"}},
	}
	m.params = m.net.Params()
	m.ptape.NoGrad = true
	return m, nil
}

// Config returns the model's configuration.
func (m *Model) Config() Config { return m.cfg }

// Dim returns the dimension of the points the model generates.
func (m *Model) Dim() int { return m.dim }

// Steps returns the number of training steps taken.
func (m *Model) Steps() int { return m.steps }

// Resume goes on from weights trained step steps (models.Resumer): the
// step count is set and the step size ramps up over models.ResumeWarmup
// steps, since the optimizer's moments start anew.
func (m *Model) Resume(step int) {
	m.steps = step
	m.opt.Warmup = models.ResumeWarmup
}

// Weights returns the network's parameters named "v.<layer>.w" and
// "v.<layer>.b".
func (m *Model) Weights() []models.Weight {
	var ws []models.Weight
	for i, l := range m.net.Layers {
		ws = append(ws, models.Weight{Name: fmt.Sprintf("v.%d.w", i), T: l.W}, models.Weight{Name: fmt.Sprintf("v.%d.b", i), T: l.B})
	}
	return ws
}

// TrainStep draws a batch of Config.Batch points from src and takes one Adam
// step on it. The loss is the velocity MSE.
func (m *Model) TrainStep(src models.Source, r *rng.PCG) []models.Loss {
	if n := m.cfg.Batch * m.dim; len(m.batch) != n {
		m.batch = make([]float32, n)
	}
	src.Sample(m.batch, r)
	m.losses[0].Value = m.TrainBatch(m.batch, r)
	return m.losses
}

// TrainBatch takes one Adam step on the batch x0 of len(x0)/Dim() points and
// returns its loss, the conditional flow-matching objective (Lipman et al.
// eq. 23 with σ_min = 0; Liu et al. eq. 1)
//
//	L(θ) = E_{t, x₀, ε} ‖v_θ((1 − t)·x₀ + t·ε, t) − (ε − x₀)‖² / dim.
//
// t is drawn uniformly from [0, 1), as both papers do: the target ε − x₀
// has the same scale at every t (unlike ε-prediction, whose x₀ estimate
// blows up as t → 0), so no time needs weighting to balance the loss, and
// on 2D data the hard times — where trajectories choose their mode — are
// spread over the whole range. Esser et al. (2024) found a logit-normal
// density better for large image models; the MNIST preset keeps the
// uniform one so that it differs from diffusion's only in the path and
// the target. It allocates only when the batch size changes.
func (m *Model) TrainBatch(x0 []float32, r *rng.PCG) float32 {
	d, e := m.dim, m.cfg.EmbedDim
	n := len(x0) / d
	if m.input == nil || m.input.Rows() != n {
		m.input, m.target = tensor.New(n, d+e), tensor.New(n, d)
		m.xt, m.invT = tensor.New(n, d), tensor.New(n, 1)
		m.eps = make([]float32, d)
	}
	for i := range n {
		// 1. t ~ U[0, 1), ε ~ N(0, I).
		t := r.Float32()
		r.FillNormal(m.eps)
		// 2. The network's input [xₜ, emb(t)], xₜ = (1 − t)·x₀ + t·ε.
		row := m.input.Data[i*(d+e) : (i+1)*(d+e)]
		x := x0[i*d : (i+1)*d]
		Noise(row[:d], x, m.eps, t)
		nn.Sinusoidal(row[d:], t*timeScale)
		// 3. The target v = ε − x₀.
		Target(m.target.Data[i*d:(i+1)*d], x, m.eps)
		if m.cfg.Predict == PredictX0 {
			copy(m.xt.Data[i*d:(i+1)*d], row[:d])
			m.invT.Data[i] = 1 / max(t, tMin)
		}
	}
	// 4. A gradient step on the mean squared error of the velocity; an x₀
	// network's output x̂₀ counts through v̂ = (xₜ − x̂₀)/max(t, tMin).
	m.tape.Reset()
	v := m.forward(&m.tape, m.input)
	if m.cfg.Predict == PredictX0 {
		v = m.tape.Mul(m.tape.Sub(m.xt, v), m.invT)
	}
	loss := m.tape.MSE(v, m.target)
	m.tape.Backward(loss)
	m.opt.Step(m.params)
	m.steps++
	return loss.Data[0]
}

// forward records the network on tp for input rows [xₜ, emb(t)].
func (m *Model) forward(tp *tensor.Tape, input *tensor.Tensor) *tensor.Tensor {
	if !m.cfg.TimeEvery {
		return m.net.Forward(tp, input)
	}
	emb := tp.Slice(input, 1, m.dim, m.dim+m.cfg.EmbedDim) // (n, EmbedDim)
	h := input
	for i, l := range m.net.Layers {
		if i > 0 {
			h = tp.Concat(1, h, emb)
		}
		h = l.Forward(tp, h)
		if i < len(m.net.Layers)-1 {
			h = tp.Relu(h)
		}
	}
	return h
}

// velocity writes v_θ(x, t) for the points x into dst, computing on tp
// with input, an (n, dim+EmbedDim) buffer for [x, emb(t)].
func (m *Model) velocity(tp *tensor.Tape, input *tensor.Tensor, dst, x []float32, t float32) {
	d, e := m.dim, m.cfg.EmbedDim
	n := len(x) / d
	nn.Sinusoidal(input.Data[d:d+e], t*timeScale)
	for i := range n {
		row := input.Data[i*(d+e) : (i+1)*(d+e)]
		copy(row, x[i*d:(i+1)*d])
		if i > 0 {
			copy(row[d:], input.Data[d:d+e])
		}
	}
	tp.Reset()
	out := m.forward(tp, input).Data
	if m.cfg.Predict != PredictX0 {
		copy(dst, out)
		return
	}
	inv := 1 / max(t, tMin)
	for j, x0 := range out {
		dst[j] = (x[j] - x0) * inv
	}
}

// PredictionName returns "v": Predict gives the velocity ε − x₀ (for an
// x₀ network, as converted by the formula of tMin).
func (m *Model) PredictionName() string { return "v" }

// Predict writes the network's velocity v_θ(x, t) at the points x and time
// t ∈ [0, 1] into dst. It allocates only when the number of points changes.
func (m *Model) Predict(dst, x []float32, t float32) {
	if n := len(x) / m.dim; m.pinput == nil || m.pinput.Rows() != n {
		m.pinput = tensor.New(n, m.dim+m.cfg.EmbedDim)
	}
	m.velocity(&m.ptape, m.pinput, dst, x, t)
}

// Noise writes xₜ = (1 − t)·x0 + t·eps, the point of the probability path
// at t, into dst.
func (m *Model) Noise(dst, x0, eps []float32, t float32) { Noise(dst, x0, eps, t) }
