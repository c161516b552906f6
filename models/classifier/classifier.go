package classifier

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/metrics"
	"genplay/tensor"
	"genplay/tensor/nn"
	"genplay/tensor/optim"
	"genplay/tensor/rng"
)

// Config is the classifier's architecture and training setup.
type Config struct {
	// Conv are the output channels of the convolutional layers, input
	// first: each is a 3×3 convolution (stride 1, zero padding 1), a ReLU
	// and a 2×2 average pooling, so the image sides must be divisible by
	// 2^len(Conv). Empty: the network is an MLP on the pixels.
	Conv []int `json:"conv,omitempty"`
	// Hidden are the widths of the hidden ReLU layers that follow the
	// convolutions (or the pixels); the last one is the dimension of the
	// feature space.
	Hidden []int `json:"hidden"`
	// LearningRate is Adam's step size at the first step. It decays
	// linearly to 0 at step Steps.
	LearningRate float32 `json:"lr"`
	// Batch is the number of images of each training step.
	Batch int `json:"batch"`
	// Steps is the length of the training run that the learning-rate
	// schedule spans; steps after it take no step (the rate is 0).
	Steps int `json:"steps"`
	// Shift is the largest translation, in whole pixels along each axis,
	// of the training augmentation; 0 trains on the images as they are.
	Shift int `json:"shift"`
}

// Default returns the configuration of the shipped classifier, a small
// convolutional network: two 3×3 convolutions of 8 and 16 channels, each
// followed by a ReLU and 2×2 average pooling (28² → 14² → 7²), then a
// 784→64 ReLU layer (the features) and 64→10; Adam at 3e-3 decaying
// linearly to 0 over 3000 steps of 128 images (19 passes over the 20,000
// training digits), each image shifted by up to one pixel. doc.go gives its
// accuracy and cost.
func Default() Config {
	return Config{Conv: []int{8, 16}, Hidden: []int{64}, LearningRate: 3e-3, Batch: 128, Steps: 3000, Shift: 1}
}

// MLP returns the configuration of the earlier 784→256→128→10 ReLU MLP
// (features: the 128 activations after the second ReLU), trained as
// Default. Its features are not those of the image metrics; it stays for
// comparison (doc.go).
func MLP() Config {
	return Config{Hidden: []int{256, 128}, LearningRate: 3e-3, Batch: 128, Steps: 3000, Shift: 1}
}

// convKernel is the side of the convolutions' filters.
const convKernel = 3

// Validate reports every field that is out of range, joined.
func (c Config) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf("classifier: "+format, args...))
		}
	}
	check(len(c.Conv) <= 4, "conv must list at most 4 channel counts, got %d", len(c.Conv))
	for i, ch := range c.Conv {
		check(ch >= 1 && ch <= 256, "conv[%d] must be in [1, 256], got %d", i, ch)
	}
	check(len(c.Hidden) >= 1 && len(c.Hidden) <= 8, "hidden must list 1 to 8 widths, got %d", len(c.Hidden))
	for i, h := range c.Hidden {
		check(h >= 1 && h <= 4096, "hidden[%d] must be in [1, 4096], got %d", i, h)
	}
	check(c.LearningRate > 0 && c.LearningRate < 1, "lr must be in (0, 1), got %g", c.LearningRate)
	check(c.Batch >= 1 && c.Batch <= 65536, "batch must be in [1, 65536], got %d", c.Batch)
	check(c.Steps >= 1 && c.Steps <= 100_000_000, "steps must be in [1, 1e8], got %d", c.Steps)
	check(c.Shift >= 0 && c.Shift <= 8, "shift must be in [0, 8], got %d", c.Shift)
	return errors.Join(errs...)
}

// MaxSide and MaxClasses bound the image size and the number of classes New
// accepts.
const (
	MaxSide    = 256
	MaxClasses = 256
)

// chunk is the number of images an inference pass takes at a time, which
// bounds the inference tape's memory (about 1.6 MB of activations for the
// default network).
const chunk = 256

// Classifier is an image classifier, convolutional (Config.Conv) or an
// MLP, and, once ComputeReference or Load has set them, the reference
// statistics of its features on the real training set. Its methods use scratch space of their own: a Classifier is
// not safe for concurrent use.
type Classifier struct {
	cfg                 Config
	rows, cols, classes int
	conv                []*nn.Conv2d
	net                 *nn.MLP
	params              []*tensor.Tensor
	opt                 *optim.Adam
	steps               int

	tape      tensor.Tape    // training pass
	x, onehot *tensor.Tensor // (Batch, Dim) images, (Batch, classes) labels

	// Inference passes (NoGrad): full chunks go through infer, a partial
	// last chunk through tail, so that calls of a fixed size allocate
	// nothing after the first.
	infer, tail tensor.Tape
	xin, xtail  *tensor.Tensor // (chunk, Dim) and (< chunk, Dim) inputs

	maps, tailMaps []*tensor.Tensor // convInfer's maps for infer and tail

	refMu  []float64     // μ of the training set's features
	refCov *mat.SymDense // Σ of the training set's features
}

// New returns an untrained classifier of rows×cols images into classes
// classes, with weights drawn from r (PyTorch's nn.Linear initialisation).
func New(cfg Config, rows, cols, classes int, r *rng.PCG) (*Classifier, error) {
	if err := errors.Join(cfg.Validate(), checkInput(cfg, rows, cols, classes)); err != nil {
		return nil, err
	}
	cfg.Conv, cfg.Hidden = slices.Clone(cfg.Conv), slices.Clone(cfg.Hidden)
	c := &Classifier{cfg: cfg, rows: rows, cols: cols, classes: classes, opt: optim.NewAdam(cfg.LearningRate)}
	in := 1
	for _, ch := range cfg.Conv {
		l := nn.NewConv2d(in, ch, convKernel, 1, convKernel/2, r)
		c.conv = append(c.conv, l)
		c.params = append(c.params, l.Params()...)
		in = ch
	}
	sizes := append(append([]int{flatDim(cfg, rows, cols)}, cfg.Hidden...), classes)
	c.net = nn.NewMLP(r, sizes...)
	c.params = append(c.params, c.net.Params()...)
	c.infer.NoGrad, c.tail.NoGrad = true, true
	return c, nil
}

// flatDim returns the width of the input of the dense layers: the pixels,
// or the channels × pixels of the last pooled feature map.
func flatDim(cfg Config, rows, cols int) int {
	if len(cfg.Conv) == 0 {
		return rows * cols
	}
	k := len(cfg.Conv)
	return cfg.Conv[k-1] * (rows >> k) * (cols >> k)
}

// checkInput reports an image size or class count out of range, or image
// sides that cfg's poolings do not divide.
func checkInput(cfg Config, rows, cols, classes int) error {
	var err error
	if rows < 1 || cols < 1 || rows > MaxSide || cols > MaxSide {
		err = fmt.Errorf("classifier: image size %d×%d outside 1…%d", rows, cols, MaxSide)
	} else if p := 1 << len(cfg.Conv); rows%p != 0 || cols%p != 0 {
		err = fmt.Errorf("classifier: image size %d×%d not divisible by %d, which %d poolings need", rows, cols, p, len(cfg.Conv))
	}
	if classes < 2 || classes > MaxClasses {
		err = errors.Join(err, fmt.Errorf("classifier: %d classes outside 2…%d", classes, MaxClasses))
	}
	return err
}

// Config returns the classifier's configuration.
func (c *Classifier) Config() Config {
	cfg := c.cfg
	cfg.Conv, cfg.Hidden = slices.Clone(cfg.Conv), slices.Clone(cfg.Hidden)
	return cfg
}

// Dim returns the number of pixels of an input image.
func (c *Classifier) Dim() int { return c.rows * c.cols }

// Size returns the height and width of an input image.
func (c *Classifier) Size() (rows, cols int) { return c.rows, c.cols }

// Classes returns the number of classes.
func (c *Classifier) Classes() int { return c.classes }

// FeatureDim returns the dimension of the feature space, the width of the
// last hidden layer.
func (c *Classifier) FeatureDim() int { return c.cfg.Hidden[len(c.cfg.Hidden)-1] }

// Steps returns the number of training steps taken.
func (c *Classifier) Steps() int { return c.steps }

// Weights returns the convolutions as "conv.i.w" (out, in, 3, 3) and
// "conv.i.b" (out, 1, 1), then the dense layers as "net.i.w" (in, out) and
// "net.i.b" (out), input layer first. The tensors are the classifier's own.
func (c *Classifier) Weights() []models.Weight {
	var ws []models.Weight
	for i, l := range c.conv {
		ws = append(ws,
			models.Weight{Name: fmt.Sprintf("conv.%d.w", i), T: l.W},
			models.Weight{Name: fmt.Sprintf("conv.%d.b", i), T: l.B})
	}
	for i, l := range c.net.Layers {
		ws = append(ws,
			models.Weight{Name: fmt.Sprintf("net.%d.w", i), T: l.W},
			models.Weight{Name: fmt.Sprintf("net.%d.b", i), T: l.B})
	}
	return ws
}

// TrainStep draws Batch labelled images from train with r, augments them
// (augment) and takes one Adam step on the mean cross-entropy
//
//	L = (1/B) Σᵢ (log Σₖ exp zᵢₖ − zᵢ,yᵢ)
//
// of the logits z, at the step size of the linear schedule (Config.Steps).
// It returns L in nats. It allocates nothing after the first call and
// panics if train's images are not the classifier's size or have labels
// outside its classes.
func (c *Classifier) TrainStep(train *data.Images, r *rng.PCG) float32 {
	if train.Rows != c.rows || train.Cols != c.cols || train.Classes > c.classes {
		panic(fmt.Sprintf("classifier: training on %d×%d images of %d classes, the classifier takes %d×%d images of %d",
			train.Rows, train.Cols, train.Classes, c.rows, c.cols, c.classes))
	}
	d, b := c.Dim(), c.cfg.Batch
	if c.x == nil {
		c.x, c.onehot = tensor.New(b, d), tensor.New(b, c.classes)
	}
	clear(c.onehot.Data)
	for i := range b {
		k := r.Intn(train.Len())
		c.onehot.Data[i*c.classes+int(train.Labels[k])] = 1
		augment(c.x.Data[i*d:(i+1)*d], train, k, c.cfg.Shift, r)
	}
	// A float32 product and quotient, which no target fuses: the same
	// rate natively and in wasm.
	c.opt.LR = c.cfg.LearningRate * float32(max(c.cfg.Steps-c.steps, 0)) / float32(c.cfg.Steps)
	tp := &c.tape
	tp.Reset()
	z := c.forward(tp, c.x, false)                     // (B, classes)
	picked := tp.Sum(tp.Mul(z, c.onehot))              // Σᵢ zᵢ,yᵢ
	loss := tp.Sub(tp.Sum(tp.LogSumExp(z, 1)), picked) // B·L
	loss = tp.Scale(loss, 1/float32(b))                // L
	tp.Backward(loss)
	c.opt.Step(c.params)
	c.steps++
	return loss.Data[0]
}

// Train takes steps training steps (TrainStep), calling progress, if not
// nil, after each with the step's number (from 1) and loss.
func (c *Classifier) Train(train *data.Images, steps int, r *rng.PCG, progress func(step int, loss float32)) {
	for range steps {
		l := c.TrainStep(train, r)
		if progress != nil {
			progress(c.steps, l)
		}
	}
}

// augment writes image k of s into dst translated by a random whole-pixel
// offset of up to shift pixels along each axis (pixels shifted in are 0),
// and dequantised as data.Images.Sample does: p ↦ (p + u)/256 with
// u ~ U[0, 1). Shifts are the classic cheap MNIST augmentation (Simard et
// al. 2003 use elastic distortions; whole-pixel shifts need no
// interpolation, so they are exact on every target).
func augment(dst []float32, s *data.Images, k, shift int, r *rng.PCG) {
	dy, dx := 0, 0
	if shift > 0 {
		dy, dx = r.Intn(2*shift+1)-shift, r.Intn(2*shift+1)-shift
	}
	rows, cols := s.Rows, s.Cols
	px := s.Pixels[k*rows*cols : (k+1)*rows*cols]
	for y := range rows {
		sy := y - dy
		for x := range cols {
			var p uint8
			if sx := x - dx; sy >= 0 && sy < rows && sx >= 0 && sx < cols {
				p = px[sy*cols+sx]
			}
			dst[y*cols+x] = (float32(p) + r.Float32()) * (1.0 / 256)
		}
	}
}

// pass runs the network on the images x (n·Dim values), chunk images at a
// time, and hands each chunk's output to emit: the logits, or with
// features set the last hidden layer's activations (after its ReLU).
func (c *Classifier) pass(x []float32, features bool, emit func(lo, hi int, out []float32)) {
	d := c.Dim()
	n := len(x) / d
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		tp, in := &c.infer, &c.xin
		if hi-lo < chunk {
			tp, in = &c.tail, &c.xtail
		}
		if *in == nil || (*in).Shape[0] != hi-lo {
			*in = tensor.New(hi-lo, 1, c.rows, c.cols)
		}
		copy((*in).Data, x[lo*d:hi*d])
		tp.Reset()
		if len(c.conv) == 0 {
			flat := &tensor.Tensor{Shape: []int{hi - lo, d}, Data: (*in).Data}
			emit(lo, hi, c.dense(tp, flat, features).Data)
			continue
		}
		maps := &c.maps
		if tp == &c.tail {
			maps = &c.tailMaps
		}
		emit(lo, hi, c.dense(tp, c.convInfer(tp, *in, maps), features).Data)
	}
}

// forward records the network on x (n, Dim) on tp and returns the logits
// (n, Classes), or with features set the last hidden layer's activations
// after its ReLU (n, FeatureDim):
//
//	h₀ = x as (n, 1, rows, cols)
//	hᵢ = pool(relu(convᵢ(hᵢ₋₁)))        i = 1…len(Conv)
//	dense layers with ReLUs on hₖ flattened, the last one without
//
// Training records all of it; inference (pass) records the same
// operations in fewer passes (convInfer), with the same results.
func (c *Classifier) forward(tp *tensor.Tape, x *tensor.Tensor, features bool) *tensor.Tensor {
	n := x.Shape[0]
	h := x
	if len(c.conv) > 0 {
		h = tp.Reshape(h, n, 1, c.rows, c.cols)
		for _, l := range c.conv {
			h = avgPool2(tp, tp.Relu(l.Forward(tp, h)))
		}
		h = tp.Reshape(h, n, flatDim(c.cfg, c.rows, c.cols))
	}
	return c.dense(tp, h, features)
}

// dense records the dense layers on h, the flattened convolution output
// or the pixels, as forward.
func (c *Classifier) dense(tp *tensor.Tape, h *tensor.Tensor, features bool) *tensor.Tensor {
	layers := c.net.Layers
	if features {
		layers = layers[:len(layers)-1]
	}
	for i, l := range layers {
		h = l.Forward(tp, h)
		if features || i < len(layers)-1 {
			h = tp.Relu(h)
		}
	}
	return h
}

// avgPool2 returns the 2×2 average pooling of x (N, C, H, W), H and W
// even: (N, C, H/2, W/2), each output the mean of a 2×2 block, written with
// the tape's Reshape and SumAxis (rows of x viewed as (N·C·H/2, 2, W/2, 2):
// sum the last axis, then the second).
func avgPool2(tp *tensor.Tape, x *tensor.Tensor) *tensor.Tensor {
	n, ch, hh, ww := x.Shape[0], x.Shape[1], x.Shape[2]/2, x.Shape[3]/2
	y := tp.Reshape(x, n*ch*hh, 2, ww, 2)
	y = tp.SumAxis(tp.SumAxis(y, 3), 1)
	return tp.Scale(tp.Reshape(y, n, ch, hh, ww), 0.25)
}

// check panics unless x holds whole images and dst has width values for
// each.
func (c *Classifier) check(op string, dstLen int, x []float32, width int) {
	d := c.Dim()
	if len(x)%d != 0 || dstLen != len(x)/d*width {
		panic(fmt.Sprintf("classifier: %s of %d values (images of %d pixels) into %d values, want %d per image",
			op, len(x), d, dstLen, width))
	}
}

// Logits writes the Classes() logits of each image of x (pixel values in
// [0, 1], Dim() per image) into dst. It panics if the lengths disagree.
// Inference runs 256 images at a time; calls with the same number of images
// as the previous one allocate nothing.
func (c *Classifier) Logits(dst, x []float32) {
	c.check("Logits", len(dst), x, c.classes)
	k := c.classes
	c.pass(x, false, func(lo, hi int, out []float32) { copy(dst[lo*k:hi*k], out) })
}

// Predict writes the most likely class of each image of x into dst (the
// lowest class on a tie).
func (c *Classifier) Predict(dst []uint8, x []float32) {
	c.check("Predict", len(dst), x, 1)
	k := c.classes
	c.pass(x, false, func(lo, hi int, out []float32) {
		for i := range hi - lo {
			dst[lo+i] = uint8(argmax(out[i*k : (i+1)*k]))
		}
	})
}

func argmax(v []float32) int {
	best := 0
	for j, x := range v {
		if x > v[best] {
			best = j
		}
	}
	return best
}

// Features writes the FeatureDim() features of each image of x into dst:
// the activations of the last hidden layer after its ReLU, the space of the
// image metrics.
func (c *Classifier) Features(dst, x []float32) {
	f := c.FeatureDim()
	c.check("Features", len(dst), x, f)
	c.pass(x, true, func(lo, hi int, out []float32) { copy(dst[lo*f:hi*f], out) })
}

// Accuracy returns the fraction of the images of set (at their pixel
// centres, data.Images.Batch) whose predicted class is their label. It
// allocates its scratch space.
func (c *Classifier) Accuracy(set *data.Images) float64 {
	if set.Len() == 0 {
		return math.NaN()
	}
	pred := make([]uint8, set.Len())
	blocks(set, func(lo, hi int, x []float32) { c.Predict(pred[lo:hi], x) })
	right := 0
	for i, p := range pred {
		if p == set.Labels[i] {
			right++
		}
	}
	return float64(right) / float64(set.Len())
}

// blocks hands the images of set to fn at their pixel centres, chunk at a
// time, so that a whole set is never held as float32 (the 20,000 training
// digits would take 63 MB).
func blocks(set *data.Images, fn func(lo, hi int, x []float32)) {
	x := make([]float32, chunk*set.Dim())
	for lo := 0; lo < set.Len(); lo += chunk {
		hi := min(lo+chunk, set.Len())
		xb := x[:(hi-lo)*set.Dim()]
		set.Batch(xb, nil, lo, hi)
		fn(lo, hi, xb)
	}
}

// ComputeReference sets the reference statistics, the mean and covariance
// of the features of every image of set (at its pixel centres), computed in
// float64 (metrics.MeanCov) and then rounded to float32, the precision Save
// stores, so that a classifier scores the same before Save and after Load.
// The shipped classifier's reference is all 20,000 training digits. It
// panics with fewer than two images.
func (c *Classifier) ComputeReference(set *data.Images) {
	if set.Rows != c.rows || set.Cols != c.cols {
		panic(fmt.Sprintf("classifier: reference images of %d×%d, the classifier takes %d×%d", set.Rows, set.Cols, c.rows, c.cols))
	}
	f := c.FeatureDim()
	feats := make([]float32, set.Len()*f)
	blocks(set, func(lo, hi int, x []float32) { c.Features(feats[lo*f:hi*f], x) })
	mu, cov := metrics.MeanCov(feats, f)
	for i, v := range mu {
		mu[i] = float64(float32(v))
	}
	raw := cov.RawSymmetric()
	for i, v := range raw.Data {
		raw.Data[i] = float64(float32(v))
	}
	c.refMu, c.refCov = mu, cov
}

// Reference returns the reference statistics (nil, nil before
// ComputeReference or Load). They are the classifier's own: do not modify
// them.
func (c *Classifier) Reference() (mu []float64, cov *mat.SymDense) { return c.refMu, c.refCov }

// Pretrain trains a classifier with cfg on train for cfg.Steps steps from
// seed and sets its reference statistics to those of train: the recipe of
// the shipped classifier, Pretrain(Default(), the 20,000 training digits,
// DefaultSeed, …). progress is as Train's.
func Pretrain(cfg Config, train *data.Images, seed uint64, progress func(step int, loss float32)) (*Classifier, error) {
	r := rng.New(seed)
	c, err := New(cfg, train.Rows, train.Cols, train.Classes, r)
	if err != nil {
		return nil, err
	}
	c.Train(train, cfg.Steps, r, progress)
	c.ComputeReference(train)
	return c, nil
}

// DefaultSeed is the seed of the shipped classifier.
const DefaultSeed = 1
