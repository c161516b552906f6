package gan

import (
	"errors"
	"fmt"

	"genplay/models"
	"genplay/tensor"
	"genplay/tensor/math32"
	"genplay/tensor/optim"
	"genplay/tensor/rng"
)

// Config is a GAN's architecture and training setup.
type Config struct {
	// LatentDim is the dimension of the latent z ~ N(0, I) that G maps to
	// a point.
	LatentDim int `json:"latent_dim"`
	// Hidden is the width of the hidden layers of G and of D.
	Hidden int `json:"hidden"`
	// Depth is the number of hidden layers of G and of D.
	Depth int `json:"depth"`
	// Loss is the objective, "nonsaturating" or "wgan-gp" (see loss.go).
	Loss string `json:"loss"`
	// Penalty is λ, the weight of WGAN-GP's gradient penalty (10 in
	// Gulrajani et al. 2017); "nonsaturating" ignores it.
	Penalty float32 `json:"penalty"`
	// DSteps is k, the number of discriminator steps per generator step,
	// each on a fresh real batch (k = 1 in Goodfellow et al. 2014's
	// experiments, n_critic = 5 in Gulrajani et al. 2017).
	DSteps int `json:"d_steps"`
	// LRG is Adam's step size for the generator.
	LRG float32 `json:"lr_g"`
	// LRD is Adam's step size for the discriminator.
	LRD float32 `json:"lr_d"`
	// Beta1 is Adam's β₁ for both networks; GANs use 0.5 (Radford et al.
	// 2016) or 0 (Gulrajani et al. 2017) rather than Adam's 0.9.
	Beta1 float32 `json:"beta1"`
	// Beta2 is Adam's β₂ for both networks (0.999 in Adam, 0.9 in
	// Gulrajani et al. 2017).
	Beta2 float32 `json:"beta2"`
	// Batch is the number of real points, and of generated points, in each
	// discriminator and generator step.
	Batch int `json:"batch"`
}

// Default returns the non-saturating GAN of the 2D playground: networks small
// enough to train in a browser tab in seconds, and DCGAN's Adam β₁ = 0.5.
func Default() Config {
	return Config{LatentDim: 8, Hidden: 32, Depth: 2, Loss: NonSaturating, Penalty: 10, DSteps: 1,
		LRG: 1e-3, LRD: 1e-3, Beta1: 0.5, Beta2: 0.999, Batch: 128}
}

// DefaultWGANGP returns Default with the WGAN-GP objective and the
// hyperparameters of Gulrajani et al. 2017, Algorithm 1 (λ = 10,
// n_critic = 5, β₁ = 0, β₂ = 0.9), except the step sizes, which are raised
// from 1e-4 so that the 2D toys train in seconds.
func DefaultWGANGP() Config {
	c := Default()
	c.Loss, c.Penalty, c.DSteps, c.Beta1, c.Beta2 = WGANGP, 10, 5, 0, 0.9
	return c
}

// Validate reports every field that is out of range.
func (c Config) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf("gan: "+format, args...))
		}
	}
	check(c.LatentDim >= 1 && c.LatentDim <= 1024, "latent_dim must be in [1, 1024], got %d", c.LatentDim)
	check(c.Hidden >= 1 && c.Hidden <= 4096, "hidden must be in [1, 4096], got %d", c.Hidden)
	check(c.Depth >= 1 && c.Depth <= 16, "depth must be in [1, 16], got %d", c.Depth)
	check(c.Loss == NonSaturating || c.Loss == WGANGP, "loss must be %q or %q, got %q", NonSaturating, WGANGP, c.Loss)
	check(c.Penalty >= 0 && c.Penalty <= 1000, "penalty must be in [0, 1000], got %g", c.Penalty)
	check(c.DSteps >= 1 && c.DSteps <= 100, "d_steps must be in [1, 100], got %d", c.DSteps)
	check(c.LRG > 0 && c.LRG < 1, "lr_g must be in (0, 1), got %g", c.LRG)
	check(c.LRD > 0 && c.LRD < 1, "lr_d must be in (0, 1), got %g", c.LRD)
	check(c.Beta1 >= 0 && c.Beta1 < 1, "beta1 must be in [0, 1), got %g", c.Beta1)
	check(c.Beta2 >= 0 && c.Beta2 < 1, "beta2 must be in [0, 1), got %g", c.Beta2)
	check(c.Batch >= 1 && c.Batch <= 65536, "batch must be in [1, 65536], got %d", c.Batch)
	return errors.Join(errs...)
}

// Model is a GAN: a generator G: z ↦ x and a discriminator D: x ↦ ℝ, MLPs
// with LeakyReLU activations, each with its own Adam optimizer.
type Model struct {
	cfg              Config
	dim              int
	g, d             mlp
	gParams, dParams []*tensor.Tensor
	optG, optD       *optim.Adam
	weights          []models.Weight
	losses           []models.Loss
	steps            int

	// Training state, sized for cfg.Batch. dPass records the discriminator
	// step, aux its constant inputs (G(z) and the masks at x̂), gPass the
	// generator step.
	dPass, aux, gPass pass
	z, real, xHat     *tensor.Tensor   // (batch, LatentDim), (batch, dim), (batch, dim)
	keep              []*tensor.Tensor // D's masks at x̂

	// Inference state, resized to each call's number of points.
	sPass, fPass pass
	sz, fx       *tensor.Tensor
}

var (
	_ models.Model     = (*Model)(nil)
	_ models.Field     = (*Model)(nil)
	_ models.Truncator = (*Model)(nil)
)

// New returns a GAN for points of dimension dim (2 for the toy sets, 784 for
// MNIST) with weights drawn from r, G's first.
func New(cfg Config, dim int, r *rng.PCG) (*Model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if dim < 1 || dim > 1<<16 {
		return nil, fmt.Errorf("gan: data dimension must be in [1, 65536], got %d", dim)
	}
	gSizes, dSizes := []int{cfg.LatentDim}, []int{dim}
	for range cfg.Depth {
		gSizes, dSizes = append(gSizes, cfg.Hidden), append(dSizes, cfg.Hidden)
	}
	m := &Model{
		cfg:  cfg,
		dim:  dim,
		g:    newMLP(r, append(gSizes, dim)...),
		d:    newMLP(r, append(dSizes, 1)...),
		optG: optim.NewAdam(cfg.LRG),
		optD: optim.NewAdam(cfg.LRD),
		z:    tensor.New(cfg.Batch, cfg.LatentDim),
		real: tensor.New(cfg.Batch, dim),
		xHat: tensor.New(cfg.Batch, dim),
		keep: make([]*tensor.Tensor, cfg.Depth),
	}
	m.gParams, m.dParams = m.g.params(), m.d.params()
	for _, o := range []*optim.Adam{m.optG, m.optD} {
		o.Beta1, o.Beta2 = cfg.Beta1, cfg.Beta2
	}
	m.weights = append(named("g", m.g), named("d", m.d)...)
	m.losses = []models.Loss{{Name: "total"}, {Name: "d_loss"}, {Name: "g_loss"}}
	if cfg.Loss == WGANGP {
		m.losses = append(m.losses, models.Loss{Name: "penalty"})
	}
	m.aux.tp.NoGrad, m.sPass.tp.NoGrad, m.fPass.tp.NoGrad = true, true, true
	return m, nil
}

// named returns the layers of net as Weights "<prefix>.<layer>.w" and
// "<prefix>.<layer>.b".
func named(prefix string, net mlp) []models.Weight {
	var ws []models.Weight
	for l, layer := range net {
		ws = append(ws,
			models.Weight{Name: fmt.Sprintf("%s.%d.w", prefix, l), T: layer.W},
			models.Weight{Name: fmt.Sprintf("%s.%d.b", prefix, l), T: layer.B})
	}
	return ws
}

// Config returns the model's configuration.
func (m *Model) Config() Config { return m.cfg }

// Dim returns the dimension of the points the model generates.
func (m *Model) Dim() int { return m.dim }

// Steps returns the number of generator steps taken.
func (m *Model) Steps() int { return m.steps }

// Resume goes on from weights trained step steps (models.Resumer): the
// step count is set and the step size ramps up over models.ResumeWarmup
// steps, since the optimizer's moments start anew.
func (m *Model) Resume(step int) {
	m.steps = step
	m.optG.Warmup = models.ResumeWarmup
	m.optD.Warmup = models.ResumeWarmup
}

// Weights returns G's then D's layers, each as "g.<layer>.w" and
// "g.<layer>.b" (then "d.…"), W of shape (in, out). The slice is the
// model's own.
func (m *Model) Weights() []models.Weight { return m.weights }

// TrainStep takes k = Config.DSteps discriminator steps, each on a fresh
// batch of real points drawn from src, then one generator step. Its losses
// are "total" (= g_loss, the last objective optimised), "d_loss" (the
// discriminator's objective including any penalty, averaged over the k
// steps), "g_loss" and, for WGAN-GP, "penalty" (E (‖∇D(x̂)‖ − 1)², averaged,
// without λ). It allocates nothing after the first call, and panics if src
// does not have the model's dimension.
func (m *Model) TrainStep(src models.Source, r *rng.PCG) []models.Loss {
	if src.Dim() != m.dim {
		panic(fmt.Sprintf("gan: source of dimension %d for a model of dimension %d", src.Dim(), m.dim))
	}
	var dSum, penSum float32
	for range m.cfg.DSteps {
		d, pen := m.discriminatorStep(src, r)
		dSum += d
		penSum += pen
	}
	g := m.generatorStep(r)
	m.steps++
	k := float32(m.cfg.DSteps)
	m.losses[0].Value, m.losses[1].Value, m.losses[2].Value = g, dSum/k, g
	if m.cfg.Loss == WGANGP {
		m.losses[3].Value = penSum / k
	}
	return m.losses
}

// discriminatorStep takes one Adam step on D and returns L_D and the
// penalty (0 for the non-saturating loss).
func (m *Model) discriminatorStep(src models.Source, r *rng.PCG) (loss, penalty float32) {
	m.aux.reset()
	m.dPass.reset()
	tp := &m.dPass.tp
	// 1. x̃ = G(z), z ~ N(0, I), on the no-grad tape: a constant here.
	r.FillNormal(m.z.Data)
	fake := m.g.forward(&m.aux.tp, &m.aux.ms, m.z, nil)
	// 2. A fresh real batch x, and L_D on both (loss.go).
	src.Sample(m.real.Data, r)
	dReal := m.d.forward(tp, &m.dPass.ms, m.real, nil)
	dFake := m.d.forward(tp, &m.dPass.ms, fake, nil)
	l := discriminatorLoss(tp, m.cfg.Loss, dReal, dFake)
	// 3. WGAN-GP: the masks of D at x̂ from a no-grad pass, then ∇ₓD(x̂)
	// built from them on the tape (net.go), and λ times the penalty.
	if m.cfg.Loss == WGANGP {
		interpolate(m.xHat.Data, m.real.Data, fake.Data, m.dim, r)
		m.d.forward(&m.aux.tp, &m.aux.ms, m.xHat, m.keep)
		pen := gradientPenalty(tp, m.d.inputGrad(tp, &m.dPass.ms, m.keep))
		l = tp.Add(l, tp.Scale(pen, m.cfg.Penalty))
		penalty = pen.Data[0]
	}
	// 4. One Adam step on D.
	tp.Backward(l)
	m.optD.Step(m.dParams)
	return l.Data[0], penalty
}

// generatorStep takes one Adam step on G and returns L_G.
func (m *Model) generatorStep(r *rng.PCG) float32 {
	m.gPass.reset()
	tp := &m.gPass.tp
	r.FillNormal(m.z.Data)
	fake := m.g.forward(tp, &m.gPass.ms, m.z, nil)
	l := generatorLoss(tp, m.cfg.Loss, m.d.forward(tp, &m.gPass.ms, fake, nil))
	tp.Backward(l)
	m.optG.Step(m.gParams)
	for _, p := range m.dParams {
		p.ZeroGrad() // Backward went through D too; its step must not see this.
	}
	return l.Data[0]
}

// Sample fills dst with len(dst)/Dim() generated points. It allocates only
// when the number of points differs from the previous call's.
func (m *Model) Sample(dst []float32, r *rng.PCG) { m.SampleTruncated(dst, 1, r) }

// SampleTruncated is Sample with each latent scaled towards the latent mean
// 0, z ← ψ·z: the truncation trick (Brock et al. 2019, section 3.1; the
// form w̄ + ψ(w − w̄) of Karras et al. 2019 with w̄ = 0), which trades
// diversity for fidelity. It panics unless 0 ≤ psi ≤ 1.
func (m *Model) SampleTruncated(dst []float32, psi float32, r *rng.PCG) {
	if !(psi >= 0 && psi <= 1) {
		panic(fmt.Sprintf("gan: truncation psi must be in [0, 1], got %g", psi))
	}
	n := len(dst) / m.dim
	if n == 0 {
		return
	}
	m.sz = reuse(m.sz, n, m.cfg.LatentDim)
	r.FillNormal(m.sz.Data)
	if psi != 1 {
		for i, v := range m.sz.Data {
			m.sz.Data[i] = psi * v
		}
	}
	m.sPass.reset()
	copy(dst, m.g.forward(&m.sPass.tp, &m.sPass.ms, m.sz, nil).Data)
}

// FieldName names the discriminator's output as FieldAt returns it.
func (m *Model) FieldName() string {
	if m.cfg.Loss == WGANGP {
		return "D(x), critic value"
	}
	return "D(x), probability real"
}

// FieldAt writes D's output at each point of x into dst: the probability
// σ(D(x)) that x is real for the non-saturating GAN, the raw critic value
// (unbounded, meaningful only up to a constant) for WGAN-GP.
func (m *Model) FieldAt(dst, x []float32) {
	n := len(x) / m.dim
	if n == 0 {
		return
	}
	m.fx = reuse(m.fx, n, m.dim)
	copy(m.fx.Data, x)
	m.fPass.reset()
	out := m.d.forward(&m.fPass.tp, &m.fPass.ms, m.fx, nil)
	for i, v := range out.Data {
		if m.cfg.Loss == NonSaturating {
			v = math32.Sigmoid(v)
		}
		dst[i] = v
	}
}
