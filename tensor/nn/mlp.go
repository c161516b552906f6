package nn

import (
	"fmt"

	"genplay/tensor"
	"genplay/tensor/rng"
)

// MLP is a stack of Linear layers with ReLU between them (none after the
// last).
type MLP struct {
	Layers []*Linear
}

// NewMLP returns an MLP whose layer widths are sizes: sizes[0] inputs,
// sizes[len-1] outputs. It panics if fewer than two sizes are given.
func NewMLP(r *rng.PCG, sizes ...int) *MLP {
	if len(sizes) < 2 {
		panic(fmt.Sprintf("nn: MLP needs at least an input and an output size, got %v", sizes))
	}
	m := &MLP{}
	for i := 1; i < len(sizes); i++ {
		m.Layers = append(m.Layers, NewLinear(sizes[i-1], sizes[i], r))
	}
	return m
}

// Forward applies the layers to x of shape (n, sizes[0]).
func (m *MLP) Forward(tp *tensor.Tape, x *tensor.Tensor) *tensor.Tensor {
	for i, l := range m.Layers {
		x = l.Forward(tp, x)
		if i < len(m.Layers)-1 {
			x = tp.Relu(x)
		}
	}
	return x
}

// Params returns every layer's W and b, in layer order.
func (m *MLP) Params() []*tensor.Tensor {
	var ps []*tensor.Tensor
	for _, l := range m.Layers {
		ps = append(ps, l.Params()...)
	}
	return ps
}
