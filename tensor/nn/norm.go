package nn

import "genplay/tensor"

// LayerNorm normalises over the last dimension and applies a learned scale
// and shift (Ba, Kiros & Hinton 2016, eq. 4):
//
//	y = (x − μ)/√(σ² + ε) ⊙ γ + β
//
// with μ and σ² the mean and (biased) variance of each row.
type LayerNorm struct {
	Gamma *tensor.Tensor // γ, (d), initialised to 1
	Beta  *tensor.Tensor // β, (d), initialised to 0
	Eps   float32        // ε, 1e-5 as in PyTorch
}

// NewLayerNorm returns a LayerNorm over rows of width d.
func NewLayerNorm(d int) *LayerNorm {
	l := &LayerNorm{Gamma: tensor.NewParam(d), Beta: tensor.NewParam(d), Eps: 1e-5}
	for i := range l.Gamma.Data {
		l.Gamma.Data[i] = 1
	}
	return l
}

// Forward normalises x, whose last dimension is d.
func (l *LayerNorm) Forward(tp *tensor.Tape, x *tensor.Tensor) *tensor.Tensor {
	axis := len(x.Shape) - 1
	inv := 1 / float32(x.Shape[axis])
	xc := tp.Sub(x, tp.Scale(tp.SumAxis(x, axis), inv))            // x − μ
	v := tp.Scale(tp.SumAxis(tp.Square(xc), axis), inv)            // σ², last dim 1
	rstd := tp.Exp(tp.Scale(tp.Log(tp.AddScalar(v, l.Eps)), -0.5)) // 1/√(σ²+ε)
	return tp.Add(tp.Mul(tp.Mul(xc, rstd), l.Gamma), l.Beta)
}

// Params returns γ and β.
func (l *LayerNorm) Params() []*tensor.Tensor { return []*tensor.Tensor{l.Gamma, l.Beta} }
