package vae

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

// The observation models Config.Decoder names.
const (
	Gaussian  = "gaussian"  // p(x|z) = N(μ(z), diag σ²), for real-valued data
	Bernoulli = "bernoulli" // p(x|z) = Bernoulli(sigmoid(l(z))), for data in [0, 1]
)

// Config is a VAE's architecture and training setup. The same fields serve
// 2D points and images; only the data dimension, given to New, differs.
type Config struct {
	// Latent is the dimension of the code z; 2 for the 2D sets.
	Latent int `json:"latent"`
	// Hidden is the width of every hidden layer of the encoder and decoder.
	Hidden int `json:"hidden"`
	// Depth is the number of hidden layers in each of the two networks.
	Depth int `json:"depth"`
	// Decoder is the observation model: "gaussian" or "bernoulli" (see the
	// package comment).
	Decoder string `json:"decoder"`
	// ObsStd is the Gaussian decoder's fixed observation standard
	// deviation σ; 0 learns one log σ² per data dimension. It must be 0
	// with the Bernoulli decoder.
	ObsStd float32 `json:"obs_std"`
	// Beta is β, the weight of the KL term (Higgins et al. 2017); 1 is the
	// ELBO of Kingma & Welling, larger values trade reconstruction for a
	// code closer to the prior.
	Beta float32 `json:"beta"`
	// Samples is K, the number of importance samples per point in
	// LogProb's bound; 1 gives a one-sample ELBO estimate.
	Samples int `json:"iw_samples"`
	// LearningRate is Adam's step size.
	LearningRate float32 `json:"lr"`
	// Batch is the number of points drawn for each training step.
	Batch int `json:"batch"`
}

// Default returns the configuration of the 2D playground: a 2D code, two
// small ReLU MLPs, a Gaussian decoder with learned variance, β = 1 and the
// k = 50 bound of Burda et al.'s tables.
func Default() Config {
	return Config{Latent: 2, Hidden: 64, Depth: 2, Decoder: Gaussian, Beta: 1, Samples: 50, LearningRate: 3e-3, Batch: 256}
}

// Validate reports every field that is out of range, joined.
func (c Config) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf("vae: "+format, args...))
		}
	}
	check(c.Latent >= 1 && c.Latent <= 1024, "latent must be in [1, 1024], got %d", c.Latent)
	check(c.Hidden >= 1 && c.Hidden <= 4096, "hidden must be in [1, 4096], got %d", c.Hidden)
	check(c.Depth >= 1 && c.Depth <= 16, "depth must be in [1, 16], got %d", c.Depth)
	check(c.Decoder == Gaussian || c.Decoder == Bernoulli, "decoder must be %q or %q, got %q", Gaussian, Bernoulli, c.Decoder)
	check(c.ObsStd == 0 || (c.ObsStd >= 1e-3 && c.ObsStd <= 1e3), "obs_std must be 0 (learned) or in [0.001, 1000], got %g", c.ObsStd)
	check(c.ObsStd == 0 || c.Decoder != Bernoulli, "obs_std must be 0 with the bernoulli decoder, got %g", c.ObsStd)
	check(c.Beta >= 0 && c.Beta <= 1000, "beta must be in [0, 1000], got %g", c.Beta)
	check(c.Samples >= 1 && c.Samples <= 5000, "iw_samples must be in [1, 5000], got %d", c.Samples)
	check(c.LearningRate > 0 && c.LearningRate < 1, "lr must be in (0, 1), got %g", c.LearningRate)
	check(c.Batch >= 1 && c.Batch <= 65536, "batch must be in [1, 65536], got %d", c.Batch)
	return errors.Join(errs...)
}

// MaxDim bounds the data dimension New accepts (MNIST has 784).
const MaxDim = 1 << 16

// Model is a VAE: encoder, decoder, observation variance and optimizer.
type Model struct {
	cfg       Config
	dim       int // data dimension
	enc, dec  *nn.MLP
	obsLogVar *tensor.Tensor   // (dim) log σ² of the Gaussian decoder; a parameter when learned
	params    []*tensor.Tensor // the optimizer's fixed order
	opt       *optim.Adam
	steps     int
	losses    [3]models.Loss

	tape   tensor.Tape    // training pass
	x, eps *tensor.Tensor // (Batch, dim) batch, (Batch, Latent) ε of the reparameterisation

	infer    tensor.Tape    // inference passes, NoGrad
	xin, zin *tensor.Tensor // inference inputs (n, dim) and (n, Latent)
	logW     []float32      // log importance weights of one chunk of Bound
	invVar   []float32      // (dim) e^−logσ², refreshed by each Bound
	zab      []float32      // (2·Latent) the two codes of Interpolate
}

var (
	_ models.Model         = (*Model)(nil)
	_ models.Encoder       = (*Model)(nil)
	_ models.Reconstructor = (*Model)(nil)
	_ models.Likelihood    = (*Model)(nil)
)

// New returns a VAE for data of dimension dim with weights drawn from r:
// encoder dim → Hidden×Depth → 2·Latent (means, log-variances), decoder
// Latent → Hidden×Depth → dim.
func New(cfg Config, dim int, r *rng.PCG) (*Model, error) {
	err := cfg.Validate()
	if dim < 1 || dim > MaxDim {
		err = errors.Join(err, fmt.Errorf("vae: data dimension must be in [1, %d], got %d", MaxDim, dim))
	}
	if err != nil {
		return nil, err
	}
	encSizes, decSizes := []int{dim}, []int{cfg.Latent}
	for range cfg.Depth {
		encSizes = append(encSizes, cfg.Hidden)
		decSizes = append(decSizes, cfg.Hidden)
	}
	encSizes, decSizes = append(encSizes, 2*cfg.Latent), append(decSizes, dim)
	m := &Model{
		cfg:    cfg,
		dim:    dim,
		enc:    nn.NewMLP(r, encSizes...),
		dec:    nn.NewMLP(r, decSizes...),
		opt:    optim.NewAdam(cfg.LearningRate),
		invVar: make([]float32, dim),
		zab:    make([]float32, 2*cfg.Latent),
	}
	m.params = append(m.enc.Params(), m.dec.Params()...)
	if cfg.Decoder == Gaussian {
		if cfg.ObsStd == 0 {
			m.obsLogVar = tensor.NewParam(dim) // σ = 1 at the start
			m.params = append(m.params, m.obsLogVar)
		} else {
			m.obsLogVar = tensor.New(dim)
			for i := range m.obsLogVar.Data {
				m.obsLogVar.Data[i] = 2 * math32.Log(cfg.ObsStd)
			}
		}
	}
	m.infer.NoGrad = true
	return m, nil
}

// Config returns the model's configuration.
func (m *Model) Config() Config { return m.cfg }

// Dim returns the data dimension.
func (m *Model) Dim() int { return m.dim }

// LatentDim returns the dimension of the code.
func (m *Model) LatentDim() int { return m.cfg.Latent }

// Steps returns the number of training steps taken.
func (m *Model) Steps() int { return m.steps }

// Resume goes on from weights trained step steps (models.Resumer): the
// step count is set and the step size ramps up over models.ResumeWarmup
// steps, since the optimizer's moments start anew.
func (m *Model) Resume(step int) {
	m.steps = step
	m.opt.Warmup = models.ResumeWarmup
}

// LogProbKind reports that LogProb is the K-sample importance-weighted
// bound ("IWAE-K", K = Config.Samples; "ELBO" for K = 1): one encoding and K
// decodings per point. With the Bernoulli decoder it scores binary data.
func (m *Model) LogProbKind() models.LogProbKind {
	bound := fmt.Sprintf("IWAE-%d", m.cfg.Samples)
	if m.cfg.Samples == 1 {
		bound = "ELBO"
	}
	return models.LogProbKind{Bound: bound, Evals: 1 + m.cfg.Samples, Discrete: m.cfg.Decoder == Bernoulli}
}

// ObsStd returns σ of the Gaussian decoder for data dimension d (learned or
// fixed); 0 for the Bernoulli decoder.
func (m *Model) ObsStd(d int) float32 {
	if m.obsLogVar == nil {
		return 0
	}
	return math32.Exp(0.5 * m.obsLogVar.Data[d])
}

// Weights returns the encoder's then the decoder's layers as "enc.i.w",
// "enc.i.b", …, "dec.i.w", "dec.i.b", then "dec.logvar" when the
// observation variance is learned. The tensors are the model's own.
func (m *Model) Weights() []models.Weight {
	var ws []models.Weight
	for _, net := range []struct {
		name string
		mlp  *nn.MLP
	}{{"enc", m.enc}, {"dec", m.dec}} {
		for i, l := range net.mlp.Layers {
			ws = append(ws,
				models.Weight{Name: fmt.Sprintf("%s.%d.w", net.name, i), T: l.W},
				models.Weight{Name: fmt.Sprintf("%s.%d.b", net.name, i), T: l.B})
		}
	}
	if m.obsLogVar != nil && m.obsLogVar.Grad != nil {
		ws = append(ws, models.Weight{Name: "dec.logvar", T: m.obsLogVar})
	}
	return ws
}

// TrainStep draws Batch points from src and takes one Adam step on the
// negative β-ELBO (elbo.go). It returns "total" = recon + β·kl, "recon" =
// −E_q[log p(x|z)] and "kl" = KL(q(z|x) ‖ N(0, I)), each in nats per point
// averaged over the batch. The slice is the model's and is overwritten by
// the next call. It allocates nothing after the first call and panics if
// src's dimension is not the model's.
func (m *Model) TrainStep(src models.Source, r *rng.PCG) []models.Loss {
	if src.Dim() != m.dim {
		panic(fmt.Sprintf("vae: source of dimension %d for a model of dimension %d", src.Dim(), m.dim))
	}
	if m.x == nil {
		m.x, m.eps = tensor.New(m.cfg.Batch, m.dim), tensor.New(m.cfg.Batch, m.cfg.Latent)
	}
	src.Sample(m.x.Data, r)
	r.FillNormal(m.eps.Data)
	m.tape.Reset()
	total, recon, kl := m.negELBO(&m.tape, m.x, m.eps)
	m.tape.Backward(total)
	m.opt.Step(m.params)
	m.steps++
	m.losses = [3]models.Loss{{Name: "total", Value: total.Data[0]}, {Name: "recon", Value: recon.Data[0]}, {Name: "kl", Value: kl.Data[0]}}
	return m.losses[:]
}

// Encode writes the posterior means E[z|x] of the points x into dst, which
// must hold len(x)/Dim()·LatentDim() values. Inference calls allocate only
// when the number of points changes.
func (m *Model) Encode(dst, x []float32) {
	n := rows("Encode", x, m.dim, dst, m.cfg.Latent)
	if n == 0 {
		return
	}
	m.infer.Reset()
	m.means(dst, m.enc.Forward(&m.infer, m.input(&m.xin, x, n, m.dim)).Data)
}

// Decode writes the means of p(x|z) for the codes z into dst, which must
// hold len(z)/LatentDim()·Dim() values: μ(z) for the Gaussian decoder, the
// probabilities sigmoid(l(z)) for the Bernoulli one.
func (m *Model) Decode(dst, z []float32) {
	n := rows("Decode", z, m.cfg.Latent, dst, m.dim)
	if n == 0 {
		return
	}
	m.infer.Reset()
	m.observe(dst, m.dec.Forward(&m.infer, m.input(&m.zin, z, n, m.cfg.Latent)).Data)
}

// Reconstruct writes the decoding of the posterior mean of each point of x
// into dst (len(dst) = len(x)).
func (m *Model) Reconstruct(dst, x []float32) {
	n := rows("Reconstruct", x, m.dim, dst, m.dim)
	if n == 0 {
		return
	}
	z := m.input(&m.zin, nil, n, m.cfg.Latent)
	m.infer.Reset()
	m.means(z.Data, m.enc.Forward(&m.infer, m.input(&m.xin, x, n, m.dim)).Data)
	m.observe(dst, m.dec.Forward(&m.infer, z).Data)
}

// Sample fills dst with len(dst)/Dim() points from the model: z ~ N(0, I),
// then for the Gaussian decoder x = μ(z) + σ⊙ε with ε ~ N(0, I), a draw of
// the density that LogProb bounds; for the Bernoulli decoder the pixel
// probabilities sigmoid(l(z)).
func (m *Model) Sample(dst []float32, r *rng.PCG) {
	n := rows("Sample", dst, m.dim, nil, 0)
	if n == 0 {
		return
	}
	z := m.input(&m.zin, nil, n, m.cfg.Latent)
	r.FillNormal(z.Data)
	m.infer.Reset()
	m.observe(dst, m.dec.Forward(&m.infer, z).Data)
	if m.cfg.Decoder != Gaussian {
		return
	}
	for i := range n {
		for d := range m.dim {
			// The conversion rounds the product, so no target fuses it
			// into a multiply-add: samples stay bit-identical in wasm.
			dst[i*m.dim+d] += float32(m.ObsStd(d) * r.Normal())
		}
	}
}

// Interpolate writes into dst the decodings (as Decode) of steps codes
// evenly spaced on the segment from the posterior mean of a to that of b,
// both ends included. It panics unless a and b are points of the model's
// dimension, steps ≥ 2 and len(dst) = steps·Dim().
func (m *Model) Interpolate(dst []float32, a, b []float32, steps int) {
	if len(a) != m.dim || len(b) != m.dim || steps < 2 || len(dst) != steps*m.dim {
		panic(fmt.Sprintf("vae: Interpolate needs two points of dimension %d, steps >= 2 and dst of steps·%d values; got %d, %d, %d steps, %d",
			m.dim, m.dim, len(a), len(b), steps, len(dst)))
	}
	x := m.input(&m.xin, nil, 2, m.dim)
	copy(x.Data, a)
	copy(x.Data[m.dim:], b)
	m.infer.Reset()
	m.means(m.zab, m.enc.Forward(&m.infer, x).Data)
	L := m.cfg.Latent
	za, zb := m.zab[:L], m.zab[L:]
	z := m.input(&m.zin, nil, steps, L)
	for i := range steps {
		t := float32(i) / float32(steps-1)
		for j := range L {
			z.Data[i*L+j] = za[j] + float32(t*(zb[j]-za[j]))
		}
	}
	m.infer.Reset()
	m.observe(dst, m.dec.Forward(&m.infer, z).Data)
}

// means copies the posterior means, the first Latent columns of the
// encoder's output h (n, 2·Latent), into dst (n, Latent).
func (m *Model) means(dst, h []float32) {
	L := m.cfg.Latent
	for i := range len(dst) / L {
		copy(dst[i*L:(i+1)*L], h[2*i*L:])
	}
}

// observe writes the mean of p(x|z) given the decoder's output out into
// dst: out itself (Gaussian) or sigmoid(out) (Bernoulli).
func (m *Model) observe(dst, out []float32) {
	if m.cfg.Decoder == Gaussian {
		copy(dst, out)
		return
	}
	for i, v := range out {
		dst[i] = math32.Sigmoid(v)
	}
}

// input returns *buf resized to (n, cols), reallocated only when its shape
// changes, with src copied in when src is not nil.
func (m *Model) input(buf **tensor.Tensor, src []float32, n, cols int) *tensor.Tensor {
	if t := *buf; t == nil || t.Shape[0] != n || t.Shape[1] != cols {
		*buf = tensor.New(n, cols)
	}
	copy((*buf).Data, src)
	return *buf
}

// rows returns the number of points in x of width in, and panics unless x
// holds a whole number of them and dst (when in use, out > 0) has room for
// as many rows of width out.
func rows(op string, x []float32, in int, dst []float32, out int) int {
	n := len(x) / in
	if len(x)%in != 0 {
		panic(fmt.Sprintf("vae: %s of %d values, not a multiple of %d", op, len(x), in))
	}
	if out > 0 && len(dst) != n*out {
		panic(fmt.Sprintf("vae: %s of %d points needs dst of %d values, got %d", op, n, n*out, len(dst)))
	}
	return n
}
