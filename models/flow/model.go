package flow

import (
	"errors"
	"fmt"
	"math"

	"genplay/models"
	"genplay/tensor"
	"genplay/tensor/math32"
	"genplay/tensor/optim"
	"genplay/tensor/rng"
)

// Config is a Real NVP flow's architecture and training setup.
type Config struct {
	// Couplings is the number of affine coupling layers. Their masks
	// alternate: couplings 2i and 2i+1 are complements, so each such pair
	// transforms every coordinate. At least 2.
	Couplings int `json:"couplings"`
	// Hidden is the width of the hidden layers of each coupling's s,t
	// network.
	Hidden int `json:"hidden"`
	// Depth is the number of hidden layers of each s,t network.
	Depth int `json:"depth"`
	// TanhScale bounds each log-scale as s = a·tanh(ŝ) with a learned
	// per-coordinate factor a, as the Real NVP code does: |s| ≤ |a|, so one
	// large network output cannot blow up exp(s). False uses the network's
	// ŝ as s, unbounded (eq. 4).
	TanhScale bool `json:"tanh_scale"`
	// ScaleInit is the initial value of a, in [0, 10]; unused without
	// TanhScale. 0, the Real NVP code's choice, starts every coupling as a
	// translation; 1 lets the couplings scale from the first step, which
	// halves the gap on 8 Gaussians after 600 steps.
	ScaleInit float32 `json:"scale_init"`
	// LearningRate is Adam's step size α.
	LearningRate float32 `json:"lr"`
	// HalfLife, in steps, decays the step size exponentially: step t uses
	// α·2^(−t/HalfLife), so that long runs settle instead of hovering at
	// the noise level of α. 0 keeps α constant.
	HalfLife int `json:"half_life"`
	// WeightDecay is AdamW's decoupled weight decay λ; 0 gives Adam.
	WeightDecay float32 `json:"weight_decay"`
	// Clip is the largest joint L2 norm of the gradients; larger ones are
	// scaled down to it. 0 turns clipping off.
	Clip float32 `json:"clip"`
	// Batch is the number of points per training step.
	Batch int `json:"batch"`
	// Logit is α of the logit preprocessing layer (logit.go) for data in
	// the unit cube such as dequantised pixels, in [0, 0.5): the couplings
	// then act on y = logit(α + (1 − 2α)x), and LogProb, Forward and
	// Inverse include the layer and its log-determinant, so LogProb stays
	// the exact density of x. 0 turns the layer off (the 2D default).
	Logit float32 `json:"logit"`
	// Mask chooses the couplings' masks: "alternate" (the default; "" is
	// the same) cycles through index parity and halves of the flat vector
	// (masks in coupling.go); "checkerboard", for images, alternates a
	// checkerboard over the √D×√D image with its complement (checkerboard
	// in coupling.go), with split couplings that read and write only what
	// they use, and needs a square D.
	Mask string `json:"mask"`
}

// The values of Config.Mask.
const (
	MaskAlternate    = "alternate"
	MaskCheckerboard = "checkerboard"
)

// Default returns the configuration of the 2D playground: eight couplings,
// small enough to reach within 0.3 nats of the entropy of two moons in a few
// seconds natively.
func Default() Config {
	return Config{
		Couplings:    8,
		Hidden:       32,
		Depth:        2,
		TanhScale:    true,
		ScaleInit:    1,
		LearningRate: 5e-3,
		WeightDecay:  1e-5,
		Clip:         100,
		Batch:        256,
		Mask:         MaskAlternate,
	}
}

// Validate reports every field that is out of range.
func (c Config) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf("flow: "+format, args...))
		}
	}
	check(c.Couplings >= 2 && c.Couplings <= 64, "couplings must be in [2, 64], got %d", c.Couplings)
	check(c.Hidden >= 1 && c.Hidden <= 4096, "hidden must be in [1, 4096], got %d", c.Hidden)
	check(c.Depth >= 1 && c.Depth <= 16, "depth must be in [1, 16], got %d", c.Depth)
	check(c.ScaleInit >= 0 && c.ScaleInit <= 10, "scale_init must be in [0, 10], got %g", c.ScaleInit)
	check(c.LearningRate > 0 && c.LearningRate < 1, "lr must be in (0, 1), got %g", c.LearningRate)
	check(c.HalfLife >= 0, "half_life must be >= 0, got %d", c.HalfLife)
	check(c.WeightDecay >= 0 && c.WeightDecay < 1, "weight_decay must be in [0, 1), got %g", c.WeightDecay)
	check(c.Clip >= 0 && c.Clip <= math.MaxFloat32, "clip must be finite and >= 0, got %g", c.Clip)
	check(c.Batch >= 1 && c.Batch <= 65536, "batch must be in [1, 65536], got %d", c.Batch)
	check(c.Logit >= 0 && c.Logit < 0.5, "logit must be in [0, 0.5), got %g", c.Logit)
	check(c.Mask == "" || c.Mask == MaskAlternate || c.Mask == MaskCheckerboard,
		"mask must be %q or %q, got %q", MaskAlternate, MaskCheckerboard, c.Mask)
	return errors.Join(errs...)
}

// log2Pi is ln 2π, for the standard normal's log-density.
const log2Pi = 1.8378770664093453

// chunkRows is the number of points the inference methods push through the
// flow at once; longer inputs go in chunks, the last one padded with zeros,
// so that every pass has the same shapes and reuses the tape's buffers.
const chunkRows = 256

// Panic messages.
const (
	errDim    = "flow: input length %d is not a multiple of the dimension %d"
	errDst    = "flow: destination of length %d for %d values"
	errSource = "flow: source of dimension %d for a model of dimension %d"
)

// Model is a Real NVP flow over D-dimensional points: z = f(x) is a stack of
// affine couplings with alternating masks and z ~ N(0, I), so
//
//	log p(x) = log N(f(x); 0, I) + Σₖ log|det ∂hₖ/∂hₖ₋₁ᵀ|
//
// exactly (Dinh et al. 2017, eq. 3). It trains by maximum likelihood and
// samples by x = f⁻¹(z).
//
// A Model is not safe for concurrent use: its methods share scratch buffers.
type Model struct {
	cfg     Config
	dim     int
	layers  []*coupling // x → z order
	params  []*tensor.Tensor
	weights []models.Weight
	opt     *optim.Adam
	steps   int
	losses  [2]models.Loss

	tape  tensor.Tape    // training pass
	batch *tensor.Tensor // (Batch, D), in the order perm
	raw   []float32      // Batch·D, the batch as drawn; only with perm

	// perm is the order of the coordinates inside the flow (checkerboard
	// masks): position i holds coordinate perm[i]. nil is the identity.
	// A permutation has |det| = 1, so it leaves the densities alone.
	perm []int

	infer [numPasses]tensor.Tape // inference, NoGrad, one tape per pass so each reuses its buffers
	chunk *tensor.Tensor         // (chunkRows, D)
}

var (
	_ models.Model      = (*Model)(nil)
	_ models.Likelihood = (*Model)(nil)
	_ models.Field      = (*Model)(nil)
	_ models.Bijection  = (*Model)(nil)
)

// New returns a flow over dim-dimensional points with freshly initialised
// weights drawn from r.
func New(cfg Config, dim int, r *rng.PCG) (*Model, error) {
	err := cfg.Validate()
	if dim < 2 || dim > 1<<16 {
		err = errors.Join(err, fmt.Errorf("flow: dim must be in [2, 65536], got %d", dim))
	}
	if side := isqrt(dim); cfg.Mask == MaskCheckerboard && (side*side != dim || side < 2) {
		err = errors.Join(err, fmt.Errorf("flow: checkerboard masks need a square dim of at least 4, got %d", dim))
	}
	if err != nil {
		return nil, err
	}
	m := &Model{
		cfg:   cfg,
		dim:   dim,
		opt:   optim.NewAdamW(cfg.LearningRate, cfg.WeightDecay),
		batch: tensor.New(cfg.Batch, dim),
		chunk: tensor.New(chunkRows, dim),
	}
	for p := range m.infer {
		m.infer[p].NoGrad = true
	}
	var layers []*coupling
	if cfg.Mask == MaskCheckerboard {
		var black int
		m.perm, black = checkerboard(dim)
		m.raw = make([]float32, cfg.Batch*dim)
		for k := range cfg.Couplings {
			layers = append(layers, newSplitCoupling(dim, black, k%2 == 0, cfg.Hidden, cfg.Depth, cfg.TanhScale, cfg.ScaleInit, r))
		}
	} else {
		for _, mask := range masks(cfg.Couplings, dim) {
			layers = append(layers, newCoupling(mask, cfg.Hidden, cfg.Depth, cfg.TanhScale, cfg.ScaleInit, r))
		}
	}
	for k, c := range layers {
		m.layers = append(m.layers, c)
		for i, l := range c.net.Layers {
			m.weights = append(m.weights,
				models.Weight{Name: fmt.Sprintf("coupling.%d.net.%d.w", k, i), T: l.W},
				models.Weight{Name: fmt.Sprintf("coupling.%d.net.%d.b", k, i), T: l.B})
		}
		if c.scale != nil {
			m.weights = append(m.weights, models.Weight{Name: fmt.Sprintf("coupling.%d.scale", k), T: c.scale})
		}
		m.params = append(m.params, c.params()...)
	}
	return m, nil
}

// Config returns the model's configuration.
func (m *Model) Config() Config { return m.cfg }

// Dim returns the dimension of the points.
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

// Weights returns the parameters in a fixed order with stable names:
// coupling.k.net.i.w and .b for layer i of coupling k's s,t network, then
// coupling.k.scale (with TanhScale). The slice is the model's own.
func (m *Model) Weights() []models.Weight { return m.weights }

// transform records x ↦ f(x) (or f⁻¹ with inverse) through the logit layer
// (with Logit > 0) and every coupling, and returns the image and its
// log|det J| (n, 1).
func (m *Model) transform(tp *tensor.Tape, x *tensor.Tensor, inverse bool) (y, logDet *tensor.Tensor) {
	y = x
	alpha := m.cfg.Logit
	if alpha > 0 && !inverse {
		y, logDet = logitForward(tp, y, alpha)
	}
	for i := range m.layers {
		var ld *tensor.Tensor
		if inverse {
			y, ld = m.layers[len(m.layers)-1-i].inverse(tp, y)
		} else {
			y, ld = m.layers[i].forward(tp, y)
		}
		if logDet == nil {
			logDet = ld
		} else {
			logDet = tp.Add(logDet, ld)
		}
	}
	if alpha > 0 && inverse {
		var ld *tensor.Tensor
		y, ld = logitInverse(tp, y, alpha)
		logDet = tp.Add(logDet, ld)
	}
	return y, logDet
}

// logProb records log p(x) (n, 1) for the points x (n, D): the change of
// variables formula (Dinh et al. 2017, eq. 3) with the base N(0, I),
//
//	log p(x) = −½‖z‖² − (D/2)·ln 2π + log|det ∂z/∂xᵀ|,  z = f(x).
func (m *Model) logProb(tp *tensor.Tape, x *tensor.Tensor) *tensor.Tensor {
	z, logDet := m.transform(tp, x, false)
	base := tp.AddScalar(tp.Scale(tp.SumAxis(tp.Square(z), 1), -0.5), -0.5*float32(m.dim)*log2Pi)
	return tp.Add(base, logDet)
}

// nll records the mean negative log-likelihood of x in nats, the training
// loss.
func (m *Model) nll(tp *tensor.Tape, x *tensor.Tensor) *tensor.Tensor {
	return tp.Neg(tp.Mean(m.logProb(tp, x)))
}

// TrainStep draws a batch from src and takes one AdamW step on its mean
// negative log-likelihood. The losses are "total" and "nll", equal, in nats
// per point. It allocates nothing after the first call. It panics if src's
// dimension is not the model's.
func (m *Model) TrainStep(src models.Source, r *rng.PCG) []models.Loss {
	if src.Dim() != m.dim {
		panic(fmt.Sprintf(errSource, src.Dim(), m.dim))
	}
	if m.perm == nil {
		src.Sample(m.batch.Data, r)
	} else {
		src.Sample(m.raw, r)
		m.permute(m.batch.Data, m.raw)
	}
	m.tape.Reset()
	loss := m.nll(&m.tape, m.batch)
	m.tape.Backward(loss)
	if m.cfg.Clip > 0 {
		optim.ClipGradNorm(m.params, m.cfg.Clip)
	}
	if h := m.cfg.HalfLife; h > 0 {
		// math32, not math.Exp2, so that the browser trains the same
		// weights.
		m.opt.LR = m.cfg.LearningRate * math32.Exp(-math.Ln2*float32(m.steps)/float32(h))
	}
	m.opt.Step(m.params)
	m.steps++
	v := loss.Data[0]
	m.losses = [2]models.Loss{{Name: "total", Value: v}, {Name: "nll", Value: v}}
	return m.losses[:]
}

// pass says what eval computes.
type pass uint8

const (
	passForward pass = iota
	passInverse
	passLogProb
	numPasses
)

// eval runs p over the points x in chunks of chunkRows: it writes the image
// of each point into dst (for passForward and passInverse) and the log-det
// or log-density of each point into perPoint, either of which may be nil.
func (m *Model) eval(p pass, dst, perPoint, x []float32) {
	d := m.dim
	if len(x)%d != 0 {
		panic(fmt.Sprintf(errDim, len(x), d))
	}
	n := len(x) / d
	if dst != nil && len(dst) != len(x) {
		panic(fmt.Sprintf(errDst, len(dst), len(x)))
	}
	if perPoint != nil && len(perPoint) != n {
		panic(fmt.Sprintf(errDst, len(perPoint), n))
	}
	for lo := 0; lo < n; lo += chunkRows {
		k := min(chunkRows, n-lo)
		m.permute(m.chunk.Data[:k*d], x[lo*d:(lo+k)*d])
		clear(m.chunk.Data[k*d:])
		tp := &m.infer[p]
		tp.Reset()
		var y, v *tensor.Tensor
		if p == passLogProb {
			v = m.logProb(tp, m.chunk)
		} else {
			y, v = m.transform(tp, m.chunk, p == passInverse)
		}
		if dst != nil && y != nil {
			m.unpermute(dst[lo*d:(lo+k)*d], y.Data[:k*d])
		}
		if perPoint != nil {
			copy(perPoint[lo:lo+k], v.Data)
		}
	}
}

// permute writes the points x into dst in the flow's order: dst[i] =
// x[perm[i]] in each point. dst and x must not overlap.
func (m *Model) permute(dst, x []float32) {
	if m.perm == nil {
		copy(dst, x)
		return
	}
	d := m.dim
	for o := 0; o < len(x); o += d {
		row, out := x[o:o+d], dst[o:o+d]
		for i, j := range m.perm {
			out[i] = row[j]
		}
	}
}

// unpermute undoes permute: dst[perm[i]] = y[i] in each point. dst and y
// must not overlap.
func (m *Model) unpermute(dst, y []float32) {
	if m.perm == nil {
		copy(dst, y)
		return
	}
	d := m.dim
	for o := 0; o < len(y); o += d {
		row, out := y[o:o+d], dst[o:o+d]
		for i, j := range m.perm {
			out[j] = row[i]
		}
	}
}

// Forward writes z = f(x) of the points x into dst and, unless logDet is
// nil, log|det ∂z/∂xᵀ| of each point into logDet (len(x)/D values). dst may
// be x. With Logit > 0, f starts with the logit layer, defined for x in
// (−α/(1 − 2α), 1 + α/(1 − 2α)) ⊃ [0, 1]; outside it z is NaN. It allocates
// only on its first call; it panics on mismatched lengths.
func (m *Model) Forward(dst, logDet, x []float32) { m.eval(passForward, dst, logDet, x) }

// Inverse writes x = f⁻¹(z) of the points z into dst and, unless logDet is
// nil, log|det ∂x/∂zᵀ| of each point into logDet. dst may be z. It
// allocates only on its first call; it panics on mismatched lengths.
func (m *Model) Inverse(dst, logDet, z []float32) { m.eval(passInverse, dst, logDet, z) }

// Sample fills dst with len(dst)/D points x = f⁻¹(z), z ~ N(0, I) drawn
// with r. With Logit > 0 it clamps them to [0, 1]: f⁻¹ reaches
// α/(1 − 2α) beyond the cube on either side.
func (m *Model) Sample(dst []float32, r *rng.PCG) {
	r.FillNormal(dst)
	m.Inverse(dst, nil, dst)
	if m.cfg.Logit > 0 {
		for i, v := range dst {
			dst[i] = min(max(v, 0), 1)
		}
	}
}

// LogProb writes the exact log p(x) in nats of each point of x into dst
// (len(x)/D values). It draws nothing; r may be nil.
func (m *Model) LogProb(dst, x []float32, r *rng.PCG) { m.eval(passLogProb, nil, dst, x) }

// LogProbKind reports that LogProb is exact, one pass through the flow per
// point.
func (m *Model) LogProbKind() models.LogProbKind { return models.LogProbKind{Evals: 1} }

// FieldName names the field FieldAt draws.
func (m *Model) FieldName() string { return "log p(x)" }

// FieldAt writes log p(x) of each point of x into dst, for a heatmap.
func (m *Model) FieldAt(dst, x []float32) { m.eval(passLogProb, nil, dst, x) }
