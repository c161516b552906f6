package flow

// The affine coupling layer of Real NVP.
//
// Dinh, Sohl-Dickstein & Bengio (2017), "Density estimation using Real NVP",
// ICLR, section 3.3 (eqs. 4–6) and 3.4 (masked form, eqs. 7–9). The
// tanh-bounded log-scale follows the authors' code (tensorflow/models,
// research/real_nvp, masked_conv_aff_coupling: log_rescaling =
// rescaling_scale · tanh(·); there rescaling_scale is one scalar initialised
// to 0, here one factor per coordinate with a configurable start).
//
// Notation, code → paper:
//
//	x      x, the layer's input, (n, D)
//	y      y, the layer's output, (n, D)
//	mask   b, the binary mask: 1 on the coordinates that are kept and
//	       condition the others (x₁ of eq. 4), 0 on those transformed (x₂)
//	keep   1 − b
//	net    the MLP computing [ŝ, t] from b ⊙ x, (n, D) → (n, 2D)
//	scale  a, the learned factor of the bounded log-scale, (D)
//	s      s(b ⊙ x) = a ⊙ tanh(ŝ) masked by (1 − b), the log-scale, (n, D)
//	t      t(b ⊙ x) masked by (1 − b), the translation, (n, D)
//	logDet log|det ∂y/∂xᵀ| = Σⱼ sⱼ (eq. 6), (n, 1)
//
// With s and t already multiplied by 1 − b, eq. 9,
//
//	y = b ⊙ x + (1 − b) ⊙ (x ⊙ exp(s(b ⊙ x)) + t(b ⊙ x)),
//
// becomes y = x ⊙ exp(s) + t: where b = 1, s = t = 0 and y = x exactly.

import (
	"genplay/tensor"
	"genplay/tensor/nn"
	"genplay/tensor/rng"
)

// coupling is one affine coupling layer.
type coupling struct {
	mask  *tensor.Tensor // b, (D), no gradient
	keep  *tensor.Tensor // 1 − b, (D), no gradient
	net   *nn.MLP        // b ⊙ x ↦ [ŝ, t]
	scale *tensor.Tensor // a, (D); nil when s = ŝ is left unbounded
}

// newCoupling returns a coupling over dim coordinates that keeps those where
// mask is 1, with an MLP of depth hidden layers of width hidden. With bounded
// set, s = a ⊙ tanh(ŝ) with a starting at a0 in every coordinate; a0 = 0
// starts the layer as a pure translation (a NICE additive coupling).
func newCoupling(mask []float32, hidden, depth int, bounded bool, a0 float32, r *rng.PCG) *coupling {
	dim := len(mask)
	c := &coupling{mask: tensor.New(dim), keep: tensor.New(dim)}
	for j, b := range mask {
		c.mask.Data[j], c.keep.Data[j] = b, 1-b
	}
	sizes := []int{dim}
	for range depth {
		sizes = append(sizes, hidden)
	}
	c.net = nn.NewMLP(r, append(sizes, 2*dim)...)
	if bounded {
		c.scale = tensor.NewParam(dim)
		for j := range c.scale.Data {
			c.scale.Data[j] = a0
		}
	}
	return c
}

// params returns the layer's parameters: the MLP's, then a.
func (c *coupling) params() []*tensor.Tensor {
	ps := c.net.Params()
	if c.scale != nil {
		ps = append(ps, c.scale)
	}
	return ps
}

// st computes the masked log-scale s and translation t from x, of which only
// b ⊙ x is read (steps 1–4 of forward and inverse).
func (c *coupling) st(tp *tensor.Tape, x *tensor.Tensor) (s, t *tensor.Tensor) {
	dim := x.Cols()
	// 1. The network sees only the kept coordinates: b ⊙ x.
	h := c.net.Forward(tp, tp.Mul(x, c.mask)) // (n, 2D)
	// 2. Split the output into the raw log-scale ŝ and the translation.
	s, t = tp.Slice(h, 1, 0, dim), tp.Slice(h, 1, dim, 2*dim) // (n, D), (n, D)
	// 3. Bound the log-scale: s = a ⊙ tanh(ŝ).
	if c.scale != nil {
		s = tp.Mul(tp.Tanh(s), c.scale)
	}
	// 4. Transform only where b = 0.
	return tp.Mul(s, c.keep), tp.Mul(t, c.keep)
}

// forward applies the layer to x (n, D) and returns y and log|det ∂y/∂xᵀ|
// (n, 1).
func (c *coupling) forward(tp *tensor.Tape, x *tensor.Tensor) (y, logDet *tensor.Tensor) {
	s, t := c.st(tp, x)
	// 5. Eq. 9: y = x ⊙ exp(s) + t.
	y = tp.Add(tp.Mul(x, tp.Exp(s)), t)
	// 6. Eq. 6: the Jacobian is triangular with diagonal exp(s).
	return y, tp.SumAxis(s, 1)
}

// inverse undoes forward on y (n, D) and returns x and log|det ∂x/∂yᵀ| =
// −Σⱼ sⱼ (n, 1). b ⊙ y = b ⊙ x, so s and t are the ones forward used
// (eq. 8: the inverse costs no more than the forward pass).
func (c *coupling) inverse(tp *tensor.Tape, y *tensor.Tensor) (x, logDet *tensor.Tensor) {
	s, t := c.st(tp, y)
	// 5′. Eq. 8: x = (y − t) ⊙ exp(−s).
	x = tp.Mul(tp.Sub(y, t), tp.Exp(tp.Neg(s)))
	return x, tp.Neg(tp.SumAxis(s, 1))
}

// masks returns the n masks of the couplings over dim coordinates. They
// cycle through four patterns, each followed by its complement, so that
// couplings 2i and 2i+1 together transform every coordinate once:
//
//	k mod 4 = 0: b = 1 on even indices     (a checkerboard on the flat vector)
//	k mod 4 = 1: b = 1 on odd indices
//	k mod 4 = 2: b = 1 on the first half   (Real NVP's channel-wise split)
//	k mod 4 = 3: b = 1 on the second half
//
// For dim = 2 every pattern is x or y alone, so the couplings alternate
// between transforming y given x and x given y. For dim ≥ 2 each mask keeps
// at least one coordinate and transforms at least one.
func masks(n, dim int) [][]float32 {
	out := make([][]float32, n)
	for k := range out {
		m := make([]float32, dim)
		for j := range m {
			var keep bool
			if k%4 < 2 {
				keep = j%2 == 0
			} else {
				keep = j < dim/2
			}
			if k%2 == 1 {
				keep = !keep
			}
			if keep {
				m[j] = 1
			}
		}
		out[k] = m
	}
	return out
}
