package ae

import (
	"errors"
	"fmt"

	"genplay/models"
	"genplay/tensor"
	"genplay/tensor/nn"
	"genplay/tensor/optim"
	"genplay/tensor/rng"
)

// Config is an autoencoder's architecture and training setup. The same
// fields serve 2D points and images; only the data dimension, given to New,
// differs.
type Config struct {
	// Latent is the dimension of the code z. 2 for the 2D sets, so that the
	// bottleneck loses nothing and reconstruction can be near exact.
	Latent int `json:"latent"`
	// Hidden is the width of every hidden layer of the encoder and decoder.
	Hidden int `json:"hidden"`
	// Depth is the number of hidden layers in each of the two networks.
	Depth int `json:"depth"`
	// LearningRate is Adam's step size.
	LearningRate float32 `json:"lr"`
	// Batch is the number of points drawn for each training step.
	Batch int `json:"batch"`
}

// Default returns the configuration of the 2D playground: a 2D code and two
// small ReLU MLPs that train in a browser tab in a few seconds.
func Default() Config {
	return Config{Latent: 2, Hidden: 64, Depth: 2, LearningRate: 3e-3, Batch: 256}
}

// Validate reports every field that is out of range, joined.
func (c Config) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf("ae: "+format, args...))
		}
	}
	check(c.Latent >= 1 && c.Latent <= 1024, "latent must be in [1, 1024], got %d", c.Latent)
	check(c.Hidden >= 1 && c.Hidden <= 4096, "hidden must be in [1, 4096], got %d", c.Hidden)
	check(c.Depth >= 1 && c.Depth <= 16, "depth must be in [1, 16], got %d", c.Depth)
	check(c.LearningRate > 0 && c.LearningRate < 1, "lr must be in (0, 1), got %g", c.LearningRate)
	check(c.Batch >= 1 && c.Batch <= 65536, "batch must be in [1, 65536], got %d", c.Batch)
	return errors.Join(errs...)
}

// MaxDim bounds the data dimension New accepts (MNIST has 784).
const MaxDim = 1 << 16

// Model is an autoencoder x → enc(x) = z → dec(z) = x̂ trained on
// mean((x̂ − x)²).
type Model struct {
	cfg      Config
	dim      int // data dimension
	enc, dec *nn.MLP
	params   []*tensor.Tensor // enc's then dec's, the optimizer's fixed order
	opt      *optim.Adam
	steps    int
	losses   [1]models.Loss

	tape tensor.Tape    // training pass
	x    *tensor.Tensor // (Batch, dim) training batch

	infer    tensor.Tape    // inference passes, NoGrad
	xin, zin *tensor.Tensor // (n, dim) and (n, Latent) inference inputs
}

var (
	_ models.Model         = (*Model)(nil)
	_ models.Reconstructor = (*Model)(nil)
	_ models.Encoder       = (*Model)(nil)
)

// New returns an autoencoder for data of dimension dim with weights drawn
// from r: encoder dim → Hidden×Depth → Latent, decoder the mirror image.
func New(cfg Config, dim int, r *rng.PCG) (*Model, error) {
	err := cfg.Validate()
	if dim < 1 || dim > MaxDim {
		err = errors.Join(err, fmt.Errorf("ae: data dimension must be in [1, %d], got %d", MaxDim, dim))
	}
	if err != nil {
		return nil, err
	}
	encSizes, decSizes := []int{dim}, []int{cfg.Latent}
	for range cfg.Depth {
		encSizes = append(encSizes, cfg.Hidden)
		decSizes = append(decSizes, cfg.Hidden)
	}
	encSizes, decSizes = append(encSizes, cfg.Latent), append(decSizes, dim)
	m := &Model{
		cfg: cfg,
		dim: dim,
		enc: nn.NewMLP(r, encSizes...),
		dec: nn.NewMLP(r, decSizes...),
		opt: optim.NewAdam(cfg.LearningRate),
	}
	m.params = append(m.enc.Params(), m.dec.Params()...)
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

// Weights returns the encoder's then the decoder's layers as "enc.i.w",
// "enc.i.b", …, "dec.i.w", "dec.i.b". The tensors are the model's own.
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
	return ws
}

// TrainStep draws Batch points from src and takes one Adam step on their
// mean squared reconstruction error, which it returns as the single loss
// term "mse". The slice is the model's and is overwritten by the next call.
// It allocates nothing after the first call and panics if src's dimension
// is not the model's.
func (m *Model) TrainStep(src models.Source, r *rng.PCG) []models.Loss {
	if src.Dim() != m.dim {
		panic(fmt.Sprintf("ae: source of dimension %d for a model of dimension %d", src.Dim(), m.dim))
	}
	if m.x == nil {
		m.x = tensor.New(m.cfg.Batch, m.dim)
	}
	src.Sample(m.x.Data, r)
	m.tape.Reset()
	xhat := m.dec.Forward(&m.tape, m.enc.Forward(&m.tape, m.x)) // (Batch, dim)
	loss := m.tape.MSE(xhat, m.x)
	m.tape.Backward(loss)
	m.opt.Step(m.params)
	m.steps++
	m.losses[0] = models.Loss{Name: "mse", Value: loss.Data[0]}
	return m.losses[:]
}

// Encode writes the codes of the points x into dst, which must hold
// len(x)/Dim()·LatentDim() values. It allocates only when the number of
// points changes from the previous inference call.
func (m *Model) Encode(dst, x []float32) {
	n := rows("Encode", x, m.dim, dst, m.cfg.Latent)
	if n == 0 {
		return
	}
	m.infer.Reset()
	copy(dst, m.enc.Forward(&m.infer, m.input(&m.xin, x, n, m.dim)).Data)
}

// Decode writes the points decoded from the codes z into dst, which must
// hold len(z)/LatentDim()·Dim() values.
func (m *Model) Decode(dst, z []float32) {
	n := rows("Decode", z, m.cfg.Latent, dst, m.dim)
	if n == 0 {
		return
	}
	m.infer.Reset()
	copy(dst, m.dec.Forward(&m.infer, m.input(&m.zin, z, n, m.cfg.Latent)).Data)
}

// Reconstruct writes dec(enc(x)) for the points x into dst (len(dst) =
// len(x)).
func (m *Model) Reconstruct(dst, x []float32) {
	n := rows("Reconstruct", x, m.dim, dst, m.dim)
	if n == 0 {
		return
	}
	m.infer.Reset()
	z := m.enc.Forward(&m.infer, m.input(&m.xin, x, n, m.dim))
	copy(dst, m.dec.Forward(&m.infer, z).Data)
}

// Sample fills dst with len(dst)/Dim() decodings of z ~ N(0, I). The
// autoencoder never trained its codes towards N(0, I), so these are not
// samples of the data distribution (see the package comment); Sample exists
// so that the metrics can show it.
func (m *Model) Sample(dst []float32, r *rng.PCG) {
	n := rows("Sample", dst, m.dim, nil, 0)
	if n == 0 {
		return
	}
	z := m.input(&m.zin, nil, n, m.cfg.Latent)
	r.FillNormal(z.Data)
	m.infer.Reset()
	copy(dst, m.dec.Forward(&m.infer, z).Data)
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
		panic(fmt.Sprintf("ae: %s of %d values, not a multiple of %d", op, len(x), in))
	}
	if out > 0 && len(dst) != n*out {
		panic(fmt.Sprintf("ae: %s of %d points needs dst of %d values, got %d", op, n, n*out, len(dst)))
	}
	return n
}
