package nn

import (
	"genplay/tensor"
	"genplay/tensor/math32"
	"genplay/tensor/rng"
)

// Conv2d is a 2D convolution layer on NCHW tensors with a bias per output
// channel.
type Conv2d struct {
	W           *tensor.Tensor // (out, in, k, k)
	B           *tensor.Tensor // (out, 1, 1), broadcast over the image
	Stride, Pad int
}

// NewConv2d returns a Conv2d from in to out channels with k×k filters,
// initialised as PyTorch's nn.Conv2d: uniform in ±1/√(in·k·k).
func NewConv2d(in, out, k, stride, pad int, r *rng.PCG) *Conv2d {
	c := &Conv2d{W: tensor.NewParam(out, in, k, k), B: tensor.NewParam(out, 1, 1), Stride: stride, Pad: pad}
	uniform(c.Params(), 1/math32.Sqrt(float32(in*k*k)), r)
	return c
}

// Forward applies the convolution to x of shape (N, in, H, W).
func (c *Conv2d) Forward(tp *tensor.Tape, x *tensor.Tensor) *tensor.Tensor {
	return tp.Add(tp.Conv2D(x, c.W, c.Stride, c.Pad), c.B)
}

// Params returns W and b.
func (c *Conv2d) Params() []*tensor.Tensor { return []*tensor.Tensor{c.W, c.B} }

// ConvTranspose2d is a transposed 2D convolution layer (the upsampling layer
// of DCGAN-style decoders) with a bias per output channel.
type ConvTranspose2d struct {
	W           *tensor.Tensor // (in, out, k, k), PyTorch's layout
	B           *tensor.Tensor // (out, 1, 1)
	Stride, Pad int
}

// NewConvTranspose2d returns a ConvTranspose2d from in to out channels with
// k×k filters, initialised as PyTorch's nn.ConvTranspose2d: uniform in
// ±1/√(out·k·k).
func NewConvTranspose2d(in, out, k, stride, pad int, r *rng.PCG) *ConvTranspose2d {
	c := &ConvTranspose2d{W: tensor.NewParam(in, out, k, k), B: tensor.NewParam(out, 1, 1), Stride: stride, Pad: pad}
	uniform(c.Params(), 1/math32.Sqrt(float32(out*k*k)), r)
	return c
}

// Forward applies the transposed convolution to x of shape (N, in, H, W).
func (c *ConvTranspose2d) Forward(tp *tensor.Tape, x *tensor.Tensor) *tensor.Tensor {
	return tp.Add(tp.ConvTranspose2D(x, c.W, c.Stride, c.Pad), c.B)
}

// Params returns W and b.
func (c *ConvTranspose2d) Params() []*tensor.Tensor { return []*tensor.Tensor{c.W, c.B} }

// uniform fills every parameter with values uniform in [-bound, bound].
func uniform(ps []*tensor.Tensor, bound float32, r *rng.PCG) {
	for _, p := range ps {
		for i := range p.Data {
			p.Data[i] = (2*r.Float32() - 1) * bound
		}
	}
}
