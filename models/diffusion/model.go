package diffusion

import (
	"errors"
	"fmt"

	"genplay/models"
	"genplay/tensor"
	"genplay/tensor/math32"
	"genplay/tensor/nn"
	"genplay/tensor/optim"
	"genplay/tensor/rng"
)

// The network outputs Config.Predict names.
const (
	PredictEps = "eps" // the noise ε (Ho et al. 2020)
	PredictV   = "v"   // the velocity v (Salimans & Ho 2022)
	PredictX0  = "x0"  // the clean point x₀
)

// Config is a diffusion model's process, network and training setup.
type Config struct {
	// T is the number of diffusion steps; 1000 in Ho et al.
	T int `json:"T"`
	// Schedule names the noise schedule: "linear" or "cosine".
	Schedule string `json:"schedule"`
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
	// Predict is what the network outputs: "eps" (or empty, the default),
	// the noise ε of Ho et al.; or "v", the velocity v = √ᾱₜ·ε − √(1−ᾱₜ)·x₀
	// of Salimans & Ho (2022), from which ε and x₀ follow with a skip
	// connection from xₜ (see predict).
	Predict string `json:"predict,omitempty"`
	// TimeEvery feeds the time embedding to every layer, not only the
	// first.
	TimeEvery bool `json:"time_every,omitempty"`
	// MinSNR is γ of the min-SNR weighting; 0 = off.
	MinSNR float32 `json:"min_snr,omitempty"`
}

// Default returns the configuration of the 2D playground: the schedule of Ho
// et al. and an MLP small enough to train in a browser tab in seconds.
func Default() Config {
	return Config{T: 1000, Schedule: "linear", BetaStart: 1e-4, BetaEnd: 0.02, Hidden: 64, Depth: 3, EmbedDim: 16, LearningRate: 3e-3, Batch: 256}
}

// Validate reports every field that is out of range.
func (c Config) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf("diffusion: "+format, args...))
		}
	}
	check(c.T >= 2 && c.T <= 10000, "T must be in [2, 10000], got %d", c.T)
	check(c.Schedule == "linear" || c.Schedule == "cosine", "schedule must be linear or cosine, got %q", c.Schedule)
	check(c.BetaStart > 0 && c.BetaStart <= c.BetaEnd && c.BetaEnd < 1, "betas must satisfy 0 < beta_start <= beta_end < 1, got %g and %g", c.BetaStart, c.BetaEnd)
	check(c.Hidden >= 1 && c.Hidden <= 4096, "hidden must be in [1, 4096], got %d", c.Hidden)
	check(c.Depth >= 1 && c.Depth <= 16, "depth must be in [1, 16], got %d", c.Depth)
	check(c.EmbedDim >= 2 && c.EmbedDim <= 512 && c.EmbedDim%2 == 0, "embed_dim must be even and in [2, 512], got %d", c.EmbedDim)
	check(c.LearningRate > 0 && c.LearningRate < 1, "lr must be in (0, 1), got %g", c.LearningRate)
	check(c.Batch >= 1 && c.Batch <= 65536, "batch must be in [1, 65536], got %d", c.Batch)
	check(c.Predict == "" || c.Predict == PredictEps || c.Predict == PredictV || c.Predict == PredictX0, "predict must be %q, %q or %q, got %q", PredictEps, PredictV, PredictX0, c.Predict)
	return errors.Join(errs...)
}

// Model is a DDPM: a noise schedule and a noise-prediction MLP
// ε_θ([xₜ, emb(t)]) trained with the simple loss of Ho et al. (eq. 14),
// ‖ε − ε_θ(√ᾱₜx₀ + √(1−ᾱₜ)ε, t)‖². Sampling is by any Sampler: DDPM with T
// network evaluations per sample, DDIM with k.
type Model struct {
	cfg    Config
	dim    int
	sched  *Schedule
	net    *nn.MLP
	params []*tensor.Tensor // net.Params(), kept so a step allocates nothing
	opt    *optim.Adam
	emb    []float32 // emb[t*EmbedDim:(t+1)*EmbedDim] is the embedding of t
	steps  int

	// Training buffers, reused while the batch size stays the same.
	tape          tensor.Tape
	batch         []float32
	input, target *tensor.Tensor // (batch, dim+EmbedDim), (batch, dim)
	weight        *tensor.Tensor // (batch, 1)
	losses        []models.Loss
}

var (
	_ models.Model      = (*Model)(nil)
	_ models.Likelihood = (*Model)(nil)
	_ models.Inpainter  = (*Model)(nil)
	_ models.Translator = (*Model)(nil)
	_ models.Stepper    = (*Model)(nil)
	_ models.Predictor  = (*Model)(nil)
	_ models.Noiser     = (*Model)(nil)

	_ models.PausingLikelihood = (*Model)(nil)

	_ models.ChainInpainter  = (*Model)(nil)
	_ models.ChainTranslator = (*Model)(nil)
)

// New returns a model of points of dimension dim with freshly initialised
// weights drawn from r.
func New(cfg Config, dim int, r *rng.PCG) (*Model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if dim < 1 || dim > 1<<16 {
		return nil, fmt.Errorf("diffusion: data dimension must be in [1, 65536], got %d", dim)
	}
	sched, err := NewSchedule(cfg.Schedule, cfg.T, cfg.BetaStart, cfg.BetaEnd)
	if err != nil {
		return nil, err
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
		sched:  sched,
		net:    net,
		opt:    optim.NewAdam(cfg.LearningRate),
		emb:    make([]float32, cfg.T*cfg.EmbedDim),
		losses: []models.Loss{{Name: "mse"}},
	}
	m.params = m.net.Params()
	for t := range cfg.T {
		nn.Sinusoidal(m.emb[t*cfg.EmbedDim:(t+1)*cfg.EmbedDim], float32(t))
	}
	return m, nil
}

// Config returns the model's configuration.
func (m *Model) Config() Config { return m.cfg }

// Dim returns the dimension of the points the model generates.
func (m *Model) Dim() int { return m.dim }

// Schedule returns the model's noise schedule.
func (m *Model) Schedule() *Schedule { return m.sched }

// Steps returns the number of training steps taken.
func (m *Model) Steps() int { return m.steps }

// Resume goes on from weights trained step steps (models.Resumer): the
// step count is set and the step size ramps up over models.ResumeWarmup
// steps, since the optimizer's moments start anew.
func (m *Model) Resume(step int) {
	m.steps = step
	m.opt.Warmup = models.ResumeWarmup
}

// Weights returns the network's parameters named "eps.<layer>.w" and
// "eps.<layer>.b".
func (m *Model) Weights() []models.Weight {
	var ws []models.Weight
	for i, l := range m.net.Layers {
		ws = append(ws, models.Weight{Name: fmt.Sprintf("eps.%d.w", i), T: l.W}, models.Weight{Name: fmt.Sprintf("eps.%d.b", i), T: l.B})
	}
	return ws
}

// TrainStep draws a batch of Config.Batch points from src and takes one Adam
// step on it (Ho et al. Algorithm 1). The loss is the noise-prediction MSE.
func (m *Model) TrainStep(src models.Source, r *rng.PCG) []models.Loss {
	if n := m.cfg.Batch * m.dim; len(m.batch) != n {
		m.batch = make([]float32, n)
	}
	src.Sample(m.batch, r)
	m.losses[0].Value = m.TrainBatch(m.batch, r)
	return m.losses
}

// TrainBatch takes one Adam step on the batch x0 of len(x0)/Dim() points and
// returns its loss. It allocates only when the batch size changes.
func (m *Model) TrainBatch(x0 []float32, r *rng.PCG) float32 {
	d, e := m.dim, m.cfg.EmbedDim
	n := len(x0) / d
	if m.input == nil || m.input.Rows() != n {
		m.input, m.target, m.weight = tensor.New(n, d+e), tensor.New(n, d), tensor.New(n, 1)
	}
	// Algorithm 1, lines 2–4: t ~ U{0…T−1}, ε ~ N(0, I), xₜ from x₀.
	for i := range n {
		t := r.Intn(m.cfg.T)
		row := m.input.Data[i*(d+e) : (i+1)*(d+e)]
		eps := m.target.Data[i*d : (i+1)*d]
		r.FillNormal(eps)
		m.sched.AddNoise(row[:d], x0[i*d:(i+1)*d], eps, t)
		copy(row[d:], m.emb[t*e:(t+1)*e])
		if m.cfg.Predict == PredictV {
			// v = √ᾱₜ·ε − √(1−ᾱₜ)·x₀, in place of ε.
			a, b := m.sched.SqrtAlphaBar[t], m.sched.SqrtOneMinusAlphaBar[t]
			for j, x := range x0[i*d : (i+1)*d] {
				eps[j] = float32(a*eps[j]) - float32(b*x)
			}
		}
		if m.cfg.Predict == PredictX0 {
			copy(eps, x0[i*d:(i+1)*d])
		}
		if g := m.cfg.MinSNR; g > 0 {
			snr := m.sched.AlphaBar[t] / (1 - m.sched.AlphaBar[t])
			w := min(snr, g)
			switch m.cfg.Predict {
			case PredictV:
				w /= snr + 1
			case PredictX0:
			default:
				w /= snr
			}
			m.weight.Data[i] = w
		}
	}
	// Line 5: a gradient step on ‖ε − ε_θ(xₜ, t)‖².
	m.tape.Reset()
	var loss *tensor.Tensor
	if m.cfg.MinSNR > 0 {
		diff := m.tape.Sub(m.forward(&m.tape, m.input), m.target)
		loss = m.tape.Mean(m.tape.Mul(m.tape.Square(diff), m.weight))
	} else {
		loss = m.tape.MSE(m.forward(&m.tape, m.input), m.target)
	}
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

// predict returns ε_θ(x, t) for the points x, computed on tp with input as
// the buffer for [x, emb(t)]. The result is valid until tp is reset.
func (m *Model) predict(tp *tensor.Tape, input *tensor.Tensor, x []float32, t int) []float32 {
	d, e := m.dim, m.cfg.EmbedDim
	emb := m.emb[t*e : (t+1)*e]
	for i := range len(x) / d {
		row := input.Data[i*(d+e) : (i+1)*(d+e)]
		copy(row, x[i*d:(i+1)*d])
		copy(row[d:], emb)
	}
	tp.Reset()
	out := m.forward(tp, input).Data
	if m.cfg.Predict == PredictV {
		// ε = √(1−ᾱₜ)·xₜ + √ᾱₜ·v.
		a, b := m.sched.SqrtAlphaBar[t], m.sched.SqrtOneMinusAlphaBar[t]
		for j, v := range out {
			out[j] = float32(b*x[j]) + float32(a*v)
		}
	}
	if m.cfg.Predict == PredictX0 {
		// ε = (xₜ − √ᾱₜ·x₀)/√(1−ᾱₜ).
		a, b := m.sched.SqrtAlphaBar[t], m.sched.SqrtOneMinusAlphaBar[t]
		for j, v := range out {
			out[j] = (x[j] - float32(a*v)) / b
		}
	}
	return out
}

// LogProb writes into dst, for each point of x, minus the variational bound
// on its negative log-likelihood (Ho et al. eq. 5), estimated with one noise
// draw per timestep: a lower bound on log p(x) in nats. It costs T network
// evaluations of the whole batch.
func (m *Model) LogProb(dst, x []float32, r *rng.PCG) { m.LogProbEach(dst, x, r, nil) }

// LogProbEach is LogProb calling each, unless it is nil, after every one of
// its T network evaluations; when each returns false it stops, and dst is
// undefined.
func (m *Model) LogProbEach(dst, x []float32, r *rng.PCG, each func() bool) {
	var tp tensor.Tape
	tp.NoGrad = true
	input := tensor.New(len(x)/m.dim, m.dim+m.cfg.EmbedDim)
	nll := make([]float64, len(x)/m.dim)
	live := true
	VLB(m.sched, func(eps, xt []float32, t int) {
		if !live {
			clear(eps)
			return
		}
		copy(eps, m.predict(&tp, input, xt, t))
		if each != nil {
			live = each()
		}
	}, nll, x, m.dim, r)
	for i, v := range nll {
		dst[i] = float32(-v)
	}
}

// LogProbKind reports that LogProb is the variational bound ("VLB"), T
// network evaluations per point.
func (m *Model) LogProbKind() models.LogProbKind {
	return models.LogProbKind{Bound: "VLB", Evals: m.cfg.T}
}

// VLB writes into nll, for each point of x (dimension dim), a one-sample
// estimate of the variational bound L = L_T + Σₜ Lₜ + L₀ of Ho et al. eq. 5
// for the reverse process with variances σₜ² = β̃ₜ and a Gaussian decoder
// of variance β₀ at the last step, given the noise predictor denoise:
//
//	L_T = KL(q(x_{T−1}|x) ‖ N(0, I))
//	Lₜ  = βₜ²/(2σₜ²αₜ(1−ᾱₜ))·‖ε − ε_θ(xₜ, t)‖²   for t ≥ 1 (eq. 8 with eq. 11)
//	L₀  = −log N(x; x̂₀(x₀), β₀I)
func VLB(s *Schedule, denoise func(eps, xt []float32, t int), nll []float64, x []float32, dim int, r *rng.PCG) {
	T := s.T()
	n := len(x) / dim
	xt, eps, pred := make([]float32, len(x)), make([]float32, len(x)), make([]float32, len(x))
	// Prior term, per dimension ½(ᾱx² + (1−ᾱ) − 1 − log(1−ᾱ)).
	ab := float64(s.AlphaBar[T-1])
	// The logarithms go through math32 (math.Log has amd64 assembly), so
	// the bound is the same natively and in the browser.
	logOneMinusAb := float64(math32.Log(float32(1 - ab)))
	logDecoder := float64(math32.Log(2 * math32.Pi * s.Beta[0]))
	for i := range n {
		var kl float64
		for _, v := range x[i*dim : (i+1)*dim] {
			kl += 0.5 * (ab*float64(v)*float64(v) + (1 - ab) - 1 - logOneMinusAb)
		}
		nll[i] = kl
	}
	for t := range T {
		r.FillNormal(eps)
		for i := range n {
			s.AddNoise(xt[i*dim:(i+1)*dim], x[i*dim:(i+1)*dim], eps[i*dim:(i+1)*dim], t)
		}
		denoise(pred, xt, t)
		if t == 0 {
			b0 := float64(s.Beta[0])
			for i := range n {
				var l float64
				for j := i * dim; j < (i+1)*dim; j++ {
					mu := (float64(xt[j]) - float64(s.SqrtOneMinusAlphaBar[0])*float64(pred[j])) / float64(s.SqrtAlphaBar[0])
					d := float64(x[j]) - mu
					l += 0.5 * (logDecoder + d*d/b0)
				}
				nll[i] += l
			}
			continue
		}
		beta, alpha := float64(s.Beta[t]), float64(s.Alpha[t])
		abt, abp := float64(s.AlphaBar[t]), float64(s.AlphaBar[t-1])
		sigma2 := (1 - abp) / (1 - abt) * beta
		w := beta * beta / (2 * sigma2 * alpha * (1 - abt))
		for i := range n {
			var sq float64
			for j := i * dim; j < (i+1)*dim; j++ {
				d := float64(eps[j]) - float64(pred[j])
				sq += d * d
			}
			nll[i] += w * sq
		}
	}
}
