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
//
// The split form (Config.Mask "checkerboard") computes the same map on a
// vector whose kept coordinates are contiguous, eqs. 4–5 directly:
//
//	x₁ = x[:, lo:hi]   the kept coordinates, the network's only input
//	x₂ = the others    transformed: y₂ = x₂ ⊙ exp(s(x₁)) + t(x₁)
//
// The network then reads and writes only what it uses, (n, |x₁|) →
// (n, 2|x₂|), where the masked form spends half its first and last layers on
// zeros: for MNIST the same weights budget buys twice the width, and a step
// costs about half.

import (
	"genplay/tensor"
	"genplay/tensor/nn"
	"genplay/tensor/rng"
)

// coupling is one affine coupling layer, in the masked form (mask set) or
// the split form (split > 0).
type coupling struct {
	mask *tensor.Tensor // b, (D), no gradient; nil in the split form
	keep *tensor.Tensor // 1 − b, (D), no gradient; nil in the split form

	// The split form keeps x[:, :split] if first, else x[:, split:].
	split int
	first bool

	net   *nn.MLP        // b ⊙ x ↦ [ŝ, t], or x₁ ↦ [ŝ, t]
	scale *tensor.Tensor // a, (D) or (|x₂|); nil when s = ŝ is left unbounded
}

// newCoupling returns a masked coupling over dim coordinates that keeps
// those where mask is 1, with an MLP of depth hidden layers of width hidden.
// With bounded set, s = a ⊙ tanh(ŝ) with a starting at a0 in every
// coordinate; a0 = 0 starts the layer as a pure translation (a NICE additive
// coupling).
func newCoupling(mask []float32, hidden, depth int, bounded bool, a0 float32, r *rng.PCG) *coupling {
	dim := len(mask)
	c := &coupling{mask: tensor.New(dim), keep: tensor.New(dim)}
	for j, b := range mask {
		c.mask.Data[j], c.keep.Data[j] = b, 1-b
	}
	c.init(dim, dim, hidden, depth, bounded, a0, r)
	return c
}

// newSplitCoupling returns a split coupling over dim coordinates that keeps
// x[:, :split] (first) or x[:, split:] and transforms the others, with the
// network and bound of newCoupling.
func newSplitCoupling(dim, split int, first bool, hidden, depth int, bounded bool, a0 float32, r *rng.PCG) *coupling {
	c := &coupling{split: split, first: first}
	in := split
	if !first {
		in = dim - split
	}
	c.init(in, dim-in, hidden, depth, bounded, a0, r)
	return c
}

// init builds the network, in inputs to [ŝ, t] of out coordinates each,
// and the bound's factor a.
func (c *coupling) init(in, out, hidden, depth int, bounded bool, a0 float32, r *rng.PCG) {
	sizes := []int{in}
	for range depth {
		sizes = append(sizes, hidden)
	}
	c.net = nn.NewMLP(r, append(sizes, 2*out)...)
	if bounded {
		c.scale = tensor.NewParam(out)
		for j := range c.scale.Data {
			c.scale.Data[j] = a0
		}
	}
}

// params returns the layer's parameters: the MLP's, then a.
func (c *coupling) params() []*tensor.Tensor {
	ps := c.net.Params()
	if c.scale != nil {
		ps = append(ps, c.scale)
	}
	return ps
}

// st computes the log-scale s and translation t of out coordinates from the
// network's input in (steps 1–3 of forward and inverse).
func (c *coupling) st(tp *tensor.Tape, in *tensor.Tensor) (s, t *tensor.Tensor) {
	// 1. The network sees only the kept coordinates: b ⊙ x, or x₁.
	h := c.net.Forward(tp, in) // (n, 2·out)
	out := h.Cols() / 2
	// 2. Split the output into the raw log-scale ŝ and the translation.
	s, t = tp.Slice(h, 1, 0, out), tp.Slice(h, 1, out, 2*out) // (n, out), (n, out)
	// 3. Bound the log-scale: s = a ⊙ tanh(ŝ).
	if c.scale != nil {
		s = tp.Mul(tp.Tanh(s), c.scale)
	}
	return s, t
}

// parts returns the input of the network and the part of x the layer
// transforms: b ⊙ x and x itself in the masked form, x₁ and x₂ in the split
// form.
func (c *coupling) parts(tp *tensor.Tape, x *tensor.Tensor) (in, moved *tensor.Tensor) {
	if c.split == 0 {
		return tp.Mul(x, c.mask), x
	}
	lo, hi := tp.Slice(x, 1, 0, c.split), tp.Slice(x, 1, c.split, x.Cols())
	if c.first {
		return lo, hi
	}
	return hi, lo
}

// affine returns s and t for the input in; in the masked form they are
// multiplied by 1 − b (step 4), so that the layer transforms only where
// b = 0.
func (c *coupling) affine(tp *tensor.Tape, in *tensor.Tensor) (s, t *tensor.Tensor) {
	s, t = c.st(tp, in)
	if c.split == 0 {
		s, t = tp.Mul(s, c.keep), tp.Mul(t, c.keep)
	}
	return s, t
}

// join puts the kept part x₁ and the transformed y₂ back in their places
// (split form); in the masked form y₂ is already y.
func (c *coupling) join(tp *tensor.Tape, x, y2 *tensor.Tensor) *tensor.Tensor {
	if c.split == 0 {
		return y2
	}
	if c.first {
		return tp.Concat(1, tp.Slice(x, 1, 0, c.split), y2)
	}
	return tp.Concat(1, y2, tp.Slice(x, 1, c.split, x.Cols()))
}

// forward applies the layer to x (n, D) and returns y and log|det ∂y/∂xᵀ|
// (n, 1).
func (c *coupling) forward(tp *tensor.Tape, x *tensor.Tensor) (y, logDet *tensor.Tensor) {
	in, moved := c.parts(tp, x)
	s, t := c.affine(tp, in)
	// 5. Eq. 9 (eq. 5 in the split form): y = x ⊙ exp(s) + t.
	y = c.join(tp, x, tp.Add(tp.Mul(moved, tp.Exp(s)), t))
	// 6. Eq. 6: the Jacobian is triangular with diagonal exp(s).
	return y, tp.SumAxis(s, 1)
}

// inverse undoes forward on y (n, D) and returns x and log|det ∂x/∂yᵀ| =
// −Σⱼ sⱼ (n, 1). b ⊙ y = b ⊙ x, so s and t are the ones forward used
// (eq. 8: the inverse costs no more than the forward pass).
func (c *coupling) inverse(tp *tensor.Tape, y *tensor.Tensor) (x, logDet *tensor.Tensor) {
	in, moved := c.parts(tp, y)
	s, t := c.affine(tp, in)
	// 5′. Eq. 8: x = (y − t) ⊙ exp(−s).
	x = c.join(tp, y, tp.Mul(tp.Sub(moved, t), tp.Exp(tp.Neg(s))))
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

// checkerboard returns the order in which a flow with Config.Mask
// "checkerboard" stores the pixels of a side×side image (row by row,
// side = √dim), and the number of black squares, black: perm[i] is the pixel
// at position i. The black squares, where row + column is even, come first,
// then the white ones, each in raster order. A split coupling keeping
// positions [0, black) is then Real NVP's checkerboard mask (section 3.4,
// figure 3) and one keeping [black, dim) its complement: every transformed
// pixel sees its four neighbours. (Index parity on the flat vector, the
// "alternate" masks, gives columns, not a checkerboard, when side is even.)
func checkerboard(dim int) (perm []int, black int) {
	side := isqrt(dim)
	perm = make([]int, 0, dim)
	for pass := range 2 {
		for j := range dim {
			if (j/side+j%side)%2 == pass {
				perm = append(perm, j)
			}
		}
		if pass == 0 {
			black = len(perm)
		}
	}
	return perm, black
}

// isqrt returns ⌊√n⌋ for n ≥ 0.
func isqrt(n int) int {
	s := 0
	for (s+1)*(s+1) <= n {
		s++
	}
	return s
}
