package tensor

import (
	"math"
	"slices"
)

// Compositions: functions built only from the primitives, so they need no
// backward code of their own. Each is written in its numerically stable
// form; the comment gives the identity used.

// ln2Pi is ln 2π, written out because math.Log has amd64 assembly and a
// last-bit difference would break bit-identical training in the browser.
const ln2Pi = 1.8378770664093453

// Const returns a scalar constant owned by the tape (no gradient).
func (tp *Tape) Const(v float32) *Tensor {
	shape := scalarShape
	c := tp.constant(shape[:])
	c.Data[0] = v
	return c
}

// constant returns a tape-owned tensor without gradient, reused by position
// across passes like the ops' outputs. Its contents are the caller's to set.
func (tp *Tape) constant(shape []int) *Tensor {
	if tp.nc == len(tp.consts) {
		tp.consts = append(tp.consts, nil)
	}
	c := tp.consts[tp.nc]
	if c == nil || !slices.Equal(c.Shape, shape) {
		c = New(shape...)
		tp.consts[tp.nc] = c
	}
	tp.nc++
	return c
}

// Neg returns −a.
func (tp *Tape) Neg(a *Tensor) *Tensor { return tp.Mul(a, tp.Const(-1)) }

// Scale returns s·a.
func (tp *Tape) Scale(a *Tensor, s float32) *Tensor { return tp.Mul(a, tp.Const(s)) }

// AddScalar returns a + s.
func (tp *Tape) AddScalar(a *Tensor, s float32) *Tensor { return tp.Add(a, tp.Const(s)) }

// Sub returns a − b, with b broadcast over a.
func (tp *Tape) Sub(a, b *Tensor) *Tensor { return tp.Add(a, tp.Neg(b)) }

// Square returns a² elementwise.
func (tp *Tape) Square(a *Tensor) *Tensor { return tp.Mul(a, a) }

// Sqrt returns √a = exp(½·log a) elementwise, for a > 0.
func (tp *Tape) Sqrt(a *Tensor) *Tensor { return tp.Exp(tp.Scale(tp.Log(a), 0.5)) }

// Abs returns |a| = relu(a) + relu(−a).
func (tp *Tape) Abs(a *Tensor) *Tensor { return tp.Add(tp.Relu(a), tp.Relu(tp.Neg(a))) }

// Softplus returns log(1 + eᵃ) = relu(a) + log(1 + e^−|a|), which neither
// overflows nor loses small values.
func (tp *Tape) Softplus(a *Tensor) *Tensor {
	return tp.Add(tp.Relu(a), tp.Log(tp.AddScalar(tp.Exp(tp.Neg(tp.Abs(a))), 1)))
}

// Sigmoid returns 1/(1 + e^−a) = exp(−softplus(−a)).
func (tp *Tape) Sigmoid(a *Tensor) *Tensor { return tp.Exp(tp.Neg(tp.Softplus(tp.Neg(a)))) }

// Tanh returns tanh a = 2·sigmoid(2a) − 1.
func (tp *Tape) Tanh(a *Tensor) *Tensor {
	return tp.AddScalar(tp.Scale(tp.Sigmoid(tp.Scale(a, 2)), 2), -1)
}

// SiLU returns a·sigmoid(a) (Hendrycks & Gimpel 2016; Ramachandran et al.
// 2017 call it swish).
func (tp *Tape) SiLU(a *Tensor) *Tensor { return tp.Mul(a, tp.Sigmoid(a)) }

// GELU returns the tanh approximation of a·Φ(a) (Hendrycks & Gimpel 2016,
// section 2): ½a(1 + tanh(√(2/π)(a + 0.044715a³))), PyTorch's
// approximate="tanh".
func (tp *Tape) GELU(a *Tensor) *Tensor {
	c := float32(math.Sqrt(2 / math.Pi))
	inner := tp.Scale(tp.Add(a, tp.Scale(tp.Mul(tp.Square(a), a), 0.044715)), c)
	return tp.Mul(tp.Scale(a, 0.5), tp.AddScalar(tp.Tanh(inner), 1))
}

// LeakyReLU returns a where a > 0 and alpha·a elsewhere:
// relu(a) − alpha·relu(−a).
func (tp *Tape) LeakyReLU(a *Tensor, alpha float32) *Tensor {
	return tp.Sub(tp.Relu(a), tp.Scale(tp.Relu(tp.Neg(a)), alpha))
}

// LogSumExp returns log Σ eᵃ along axis, keeping the axis with size 1. The
// maximum m along the axis is subtracted first and added back,
// m + log Σ e^(a−m); m enters as a constant, which leaves the gradient
// (the softmax) exact.
func (tp *Tape) LogSumExp(a *Tensor, axis int) *Tensor {
	if axis < 0 || axis >= len(a.Shape) || len(a.Shape) > maxRank {
		panic("tensor: LogSumExp axis out of range")
	}
	var shape [maxRank]int
	n := copy(shape[:], a.Shape)
	shape[axis] = 1
	m := tp.constant(shape[:n])
	outer, dim, inner := split(a.Shape, axis)
	for o := range outer {
		for i := range inner {
			best := float32(math.Inf(-1))
			for d := range dim {
				best = max(best, a.Data[(o*dim+d)*inner+i])
			}
			if math.IsInf(float64(best), 0) {
				best = 0 // all −∞ (or +∞ present): no shift helps
			}
			m.Data[o*inner+i] = best
		}
	}
	return tp.Add(tp.Log(tp.SumAxis(tp.Exp(tp.Sub(a, m)), axis)), m)
}

// MSE returns the mean squared error mean((a − b)²) as a scalar.
func (tp *Tape) MSE(a, b *Tensor) *Tensor {
	d := tp.Sub(a, b)
	return tp.Mean(tp.Mul(d, d))
}

// BCEWithLogits returns the elementwise binary cross-entropy of targets y in
// [0, 1] against the probabilities sigmoid(z):
// −y·log σ(z) − (1−y)·log(1−σ(z)) = softplus(z) − y·z.
func (tp *Tape) BCEWithLogits(z, y *Tensor) *Tensor {
	return tp.Sub(tp.Softplus(z), tp.Mul(z, y))
}

// GaussianLogDensity returns, elementwise, log N(x; mu, e^logVar) =
// −½(log 2π + logVar + (x − mu)²·e^−logVar).
func (tp *Tape) GaussianLogDensity(x, mu, logVar *Tensor) *Tensor {
	d := tp.Sub(x, mu)
	q := tp.Mul(tp.Square(d), tp.Exp(tp.Neg(logVar)))
	return tp.Scale(tp.AddScalar(tp.Add(q, logVar), ln2Pi), -0.5)
}

// KLDiagGaussians returns, elementwise, KL(N(mu1, e^lv1) ‖ N(mu2, e^lv2)) =
// ½(lv2 − lv1 + (e^lv1 + (mu1 − mu2)²)·e^−lv2 − 1). Summed over the latent
// dimensions it is the KL term of the VAE's ELBO (Kingma & Welling 2014,
// appendix B, with a standard normal as the second argument).
func (tp *Tape) KLDiagGaussians(mu1, lv1, mu2, lv2 *Tensor) *Tensor {
	num := tp.Add(tp.Exp(lv1), tp.Square(tp.Sub(mu1, mu2)))
	r := tp.Mul(num, tp.Exp(tp.Neg(lv2)))
	return tp.Scale(tp.AddScalar(tp.Add(tp.Sub(lv2, lv1), r), -1), 0.5)
}
