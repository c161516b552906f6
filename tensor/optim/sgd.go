package optim

import "genplay/tensor"

// SGD is stochastic gradient descent with momentum in PyTorch's form
// (Sutskever et al. 2013, with the velocity accumulating raw gradients):
//
//	v ← μ·v + g;  θ ← θ − α·v
type SGD struct {
	LR       float32 // α
	Momentum float32 // μ; 0 for plain SGD

	v [][]float32
}

// NewSGD returns SGD with step size lr and momentum mu.
func NewSGD(lr, mu float32) *SGD { return &SGD{LR: lr, Momentum: mu} }

// Step updates params from their gradients and zeroes the gradients.
func (o *SGD) Step(params []*tensor.Tensor) {
	if o.v == nil {
		o.v = make([][]float32, len(params))
		for i, p := range params {
			o.v[i] = make([]float32, len(p.Data))
		}
	}
	if len(params) != len(o.v) {
		panic("optim: SGD.Step called with a different parameter list")
	}
	for i, p := range params {
		v, g, w := o.v[i], p.Grad, p.Data
		v, g = v[:len(w)], g[:len(w)]
		for j, gj := range g {
			vj := o.Momentum*v[j] + gj
			v[j] = vj
			w[j] -= o.LR * vj
		}
		clear(g)
	}
}
