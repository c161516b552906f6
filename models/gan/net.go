package gan

import (
	"genplay/tensor"
	"genplay/tensor/nn"
	"genplay/tensor/rng"
)

// slope is the LeakyReLU slope α for negative inputs in both networks, 0.2
// as in DCGAN (Radford et al. 2016, section 3).
const slope = 0.2

// masks hands out the constant activation-slope tensors of forward passes,
// reused by position across passes the way a Tape reuses its outputs.
type masks struct {
	bufs []*tensor.Tensor
	n    int
}

func (ms *masks) reset() { ms.n = 0 }

// next returns the next (rows, cols) buffer; it allocates only when the
// previous pass had another shape at this position.
func (ms *masks) next(rows, cols int) *tensor.Tensor {
	if ms.n == len(ms.bufs) {
		ms.bufs = append(ms.bufs, nil)
	}
	ms.bufs[ms.n] = reuse(ms.bufs[ms.n], rows, cols)
	ms.n++
	return ms.bufs[ms.n-1]
}

// pass is a tape with its masks: one kind of computation that repeats with
// the same shapes, so that repeating it allocates nothing.
type pass struct {
	tp tensor.Tape
	ms masks
}

func (p *pass) reset() { p.tp.Reset(); p.ms.reset() }

// reuse returns t if it has shape (rows, cols), else a new zeroed tensor.
func reuse(t *tensor.Tensor, rows, cols int) *tensor.Tensor {
	if t == nil || t.Shape[0] != rows || t.Shape[1] != cols {
		return tensor.New(rows, cols)
	}
	return t
}

// mlp is a stack of Linear layers with LeakyReLU between them (none after
// the last).
type mlp []*nn.Linear

// newMLP returns an mlp with layer widths sizes, initialised from r.
func newMLP(r *rng.PCG, sizes ...int) mlp {
	net := make(mlp, len(sizes)-1)
	for i := range net {
		net[i] = nn.NewLinear(sizes[i], sizes[i+1], r)
	}
	return net
}

// params returns every layer's W and b, in layer order.
func (net mlp) params() []*tensor.Tensor {
	ps := make([]*tensor.Tensor, 0, 2*len(net))
	for _, l := range net {
		ps = append(ps, l.W, l.B)
	}
	return ps
}

// forward returns the network's output for x of shape (n, in).
//
// Each hidden activation is recorded as h ⊙ m with the constant m = act'(h),
// 1 where h > 0 and α elsewhere. For LeakyReLU, which is positively
// homogeneous, act(h) = act'(h)·h exactly, and the derivative with respect
// to h is m, as for the composition relu(h) − α·relu(−h) (the two differ
// only in the subgradient chosen at h = 0). It costs one Mul instead of
// five ops, and the masks are what inputGrad needs. If keep is not nil,
// forward stores the hidden layers' masks in keep[0:len(net)-1].
func (net mlp) forward(tp *tensor.Tape, ms *masks, x *tensor.Tensor, keep []*tensor.Tensor) *tensor.Tensor {
	h := x
	for l, layer := range net {
		h = layer.Forward(tp, h) // (n, width of layer l)
		if l == len(net)-1 {
			break
		}
		m := ms.next(h.Rows(), h.Cols())
		tensor.Step(m, h, 1, slope)
		if keep != nil {
			keep[l] = m
		}
		h = tp.Mul(h, m)
	}
	return h
}

// inputGrad records on tp the gradients of a scalar-output net with respect
// to its inputs, one row per point, from the masks a forward pass kept. With
// Wₗ of shape (inₗ, outₗ) and gₗ the gradient at the output of hidden layer
// l (a row per point):
//
//	g_L = m_L ⊙ (1·w_outᵀ)           (w_out broadcast over the n rows)
//	gₗ  = (gₗ₊₁·Wₗ₊₁ᵀ) ⊙ mₗ          for l = L−1, …, 1
//	v   = g₁·W₁ᵀ                     (n, in)
//
// The masks are constants, so v is a polynomial in the weights on the tape,
// and any function of v can be differentiated by Backward. The biases enter
// only through the masks, whose derivative is zero almost everywhere. The
// column of ones comes from ms.
func (net mlp) inputGrad(tp *tensor.Tape, ms *masks, keep []*tensor.Tensor) *tensor.Tensor {
	last := len(net) - 1
	ones := ms.next(keep[0].Rows(), 1) // (n, 1)
	for i := range ones.Data {
		ones.Data[i] = 1
	}
	// A product with ones rather than a Reshape of w_out, which allocates
	// on every call (its shape argument escapes).
	g := tp.Mul(tp.MatMulNT(ones, net[last].W), keep[last-1]) // (n, H_L)
	for l := last - 1; l >= 1; l-- {
		g = tp.Mul(tp.MatMulNT(g, net[l].W), keep[l-1]) // (n, H_l)
	}
	return tp.MatMulNT(g, net[0].W) // (n, in)
}
