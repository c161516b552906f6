package nn

import (
	"genplay/tensor"
	"genplay/tensor/math32"
	"genplay/tensor/rng"
)

// Linear is an affine layer y = x·W + b.
type Linear struct {
	W *tensor.Tensor // (in, out)
	B *tensor.Tensor // (out)
}

// NewLinear returns a Linear layer with in inputs and out outputs,
// initialised as PyTorch's nn.Linear does: W and b uniform in
// [-1/√in, 1/√in].
func NewLinear(in, out int, r *rng.PCG) *Linear {
	l := &Linear{W: tensor.NewParam(in, out), B: tensor.NewParam(out)}
	uniform(l.Params(), 1/math32.Sqrt(float32(in)), r)
	return l
}

// Forward returns x·W + b for x of shape (n, in).
func (l *Linear) Forward(tp *tensor.Tape, x *tensor.Tensor) *tensor.Tensor {
	return tp.Add(tp.MatMul(x, l.W), l.B) // (n, out)
}

// Params returns W and b.
func (l *Linear) Params() []*tensor.Tensor { return []*tensor.Tensor{l.W, l.B} }
