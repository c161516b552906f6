package flow

import (
	"fmt"

	"genplay/models"
)

// Cost returns the memory of a flow of c on points of dimension dim,
// computed without building it (see models.Cost). The training tape holds,
// per point of a batch and per coupling, the s,t network's recorded outputs
// and the coupling's elementwise terms (coupling.go: the mask or the split,
// the tanh bound, the affine map and its log-determinant), each with a
// gradient; the logit layer's terms have none (the data have none).
// Inference keeps one tape per pass (forward, inverse, log-density) of
// chunkRows points, without gradients. c must be valid and dim suit its
// masks.
func (c Config) Cost(dim int) models.Cost {
	var params, train, infer int64
	d := int64(dim)
	for _, l := range c.layers(dim) {
		p, row := models.MLPCost(models.Widths(l.in, c.Hidden, c.Depth, 2*l.out)...)
		in, out := int64(l.in), int64(l.out)
		params += p
		// The split's slices and join, or the mask's products.
		elem := 2*d + in
		if l.out == dim {
			elem = 3 * d
		}
		elem += 5 * out // the slices of s and t, exp(s), the product and the sum
		if c.TanhScale {
			params += out
			elem += 17 * out // tanh is 16 recorded terms, then the scale
		}
		train += row + elem
		// An inverse pass has the same shape; the log-density the larger.
		infer += row + elem
	}
	cost := models.AdamCost(params)
	n := int64(c.Batch)
	// The batch (twice with a permutation), every output with its gradient,
	// the base density's terms and the logit layer's (no gradients).
	batch := d
	if c.Mask == MaskCheckerboard {
		batch = 2 * d
	}
	// The logit layer records 9 terms per coordinate forward and 37 in
	// its inverse (two softplus and a sigmoid); one inference pass is an
	// inverse, the other two go forward.
	logit, logitInfer := int64(0), int64(0)
	if c.Logit > 0 {
		logit, logitInfer = 9*d, 37*d+2*9*d
	}
	cost.Activations = models.Float * n * (batch + 2*(train+2*d) + logit)
	// numPasses tapes of chunkRows points, the chunk, the couplings' masks.
	cost.Buffers = models.Float * (chunkRows*(int64(numPasses)*(infer+2*d)+logitInfer+d) + 2*d*int64(c.Couplings))
	return cost
}

// Tensors returns the names and shapes of the weights of a flow of c on
// points of dimension dim, as Weights lists them, without building it.
func (c Config) Tensors(dim int) []models.TensorShape {
	var t []models.TensorShape
	for k, l := range c.layers(dim) {
		t = models.LinearShapes(t, fmt.Sprintf("coupling.%d.net", k), models.Widths(l.in, c.Hidden, c.Depth, 2*l.out)...)
		if c.TanhScale {
			t = append(t, models.TensorShape{Name: fmt.Sprintf("coupling.%d.scale", k), Shape: []int{l.out}})
		}
	}
	return t
}

// layerShape is the number of coordinates a coupling reads (its network's
// input) and moves (half of its network's output).
type layerShape struct{ in, out int }

// layers returns the shape of each coupling of a flow of c on points of
// dimension dim, as New builds them: with alternating masks every coupling
// reads and moves all dim coordinates (the masks zero the others); with
// checkerboard masks coupling k reads the black squares, (dim+1)/2 of
// them, if k is even, the white ones if odd, and moves the rest.
func (c Config) layers(dim int) []layerShape {
	ls := make([]layerShape, c.Couplings)
	black := (dim + 1) / 2
	for k := range ls {
		switch {
		case c.Mask != MaskCheckerboard:
			ls[k] = layerShape{dim, dim}
		case k%2 == 0:
			ls[k] = layerShape{black, dim - black}
		default:
			ls[k] = layerShape{dim - black, black}
		}
	}
	return ls
}
