package gan

import (
	"math"
	"testing"

	"genplay/tensor"
	"genplay/tensor/rng"
	"genplay/tensor/tensortest"
)

// critic returns a random LeakyReLU critic dim → 16 → 16 → 16 → 1 and n
// points whose every hidden pre-activation is at least margin away from the
// kink at 0, so that the small perturbations of the checks below cannot flip
// a mask: there D is linear in x, and v a polynomial in the weights.
func critic(t *testing.T, dim, n int, margin float32) (mlp, *tensor.Tensor) {
	t.Helper()
	r := rng.New(7)
	d := newMLP(r, dim, 16, 16, 16, 1)
	x := tensor.New(n, dim)
	row := tensor.New(1, dim)
	for i, tries := 0, 0; i < n; tries++ {
		if tries > 10000 {
			t.Fatal("no points away from the kinks")
		}
		for j := range row.Data {
			row.Data[j] = 2 * r.Normal()
		}
		if kinkDistance(d, row) >= margin {
			copy(x.Data[i*dim:], row.Data)
			i++
		}
	}
	return d, x
}

// kinkDistance returns the smallest |pre-activation| of d's hidden layers
// at the points x.
func kinkDistance(d mlp, x *tensor.Tensor) float32 {
	var tp tensor.Tape
	tp.NoGrad = true
	dist := float32(math.Inf(1))
	h := x
	for _, layer := range d[:len(d)-1] {
		h = layer.Forward(&tp, h)
		for _, v := range h.Data {
			dist = min(dist, max(v, -v))
		}
		h = tp.LeakyReLU(h, slope)
	}
	return dist
}

// inputGradOf returns v = ∇ₓD(x) built by inputGrad, one row per point.
func inputGradOf(d mlp, x *tensor.Tensor) []float32 {
	var tp tensor.Tape
	var ms masks
	keep := make([]*tensor.Tensor, len(d)-1)
	d.forward(&tp, &ms, x, keep)
	return d.inputGrad(&tp, &ms, keep).Data
}

// TestInputGradFiniteDifferences checks v against central differences of D
// in x (exact for a piecewise-linear D when no kink lies within the step,
// up to float32 rounding) and against the tape's own Backward to x.
func TestInputGradFiniteDifferences(t *testing.T) {
	const dim, n, h = 3, 16, 2e-3
	d, x := critic(t, dim, n, 0.05)
	v := inputGradOf(d, x)

	var tp tensor.Tape
	var ms masks
	eval := func(p []float32) float64 {
		tp.Reset()
		ms.reset()
		return float64(d.forward(&tp, &ms, tensor.FromData(p, 1, dim), nil).Data[0])
	}
	p := make([]float32, dim)
	for i := range n {
		for j := range dim {
			copy(p, x.Data[i*dim:(i+1)*dim])
			p[j] += h
			up := eval(p)
			p[j] -= 2 * h
			down := eval(p)
			num := (up - down) / (2 * h)
			if got := float64(v[i*dim+j]); math.Abs(got-num) > 1e-3*math.Max(1, math.Abs(num)) {
				t.Errorf("point %d coordinate %d: v = %.6g, finite difference %.6g", i, j, got, num)
			}
		}
	}

	// The same gradient by ordinary backprop to x: ∂(Σᵢ D(xᵢ))/∂xᵢ = ∇D(xᵢ).
	xp := tensor.NewParam(n, dim)
	copy(xp.Data, x.Data)
	tp.Reset()
	ms.reset()
	tp.Backward(tp.Sum(d.forward(&tp, &ms, xp, nil)))
	for i, g := range xp.Grad {
		if math.Abs(float64(g-v[i])) > 1e-5*math.Max(1, math.Abs(float64(g))) {
			t.Errorf("element %d: v = %.7g, backprop to x %.7g", i, v[i], g)
		}
	}
}

// TestGradientPenaltyGradCheck checks Backward of the WGAN-GP penalty
// E (‖∇ₓD(x)‖ − 1)² with respect to every weight and bias of D against
// finite differences. The biases' gradients are 0: they move only the masks.
func TestGradientPenaltyGradCheck(t *testing.T) {
	const dim, n = 2, 12
	d, x := critic(t, dim, n, 0.05)
	var ms masks
	keep := make([]*tensor.Tensor, len(d)-1)
	penalty := func(tp *tensor.Tape) *tensor.Tensor {
		ms.reset()
		d.forward(tp, &ms, x, keep)
		return gradientPenalty(tp, d.inputGrad(tp, &ms, keep))
	}
	// A step of 1e-3 moves no pre-activation by more than ~1e-2 here, well
	// inside the 0.05 margin.
	if err := tensortest.GradCheck(penalty, 1e-3, 1e-2, d.params()...); err != nil {
		t.Error(err)
	}
	var tp tensor.Tape
	if p := penalty(&tp).Data[0]; !(p > 1e-3) {
		t.Errorf("penalty %g: too small for the check to mean anything", p)
	}
}
