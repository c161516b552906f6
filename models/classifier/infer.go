package classifier

import "genplay/tensor"

// The convolutions' inference pass. Training records, for each layer,
// Conv2D (im2col and a GEMM per image), the bias's broadcast Add, the ReLU
// and the pooling's two reshapes, two sums and a scaling on the tape; at
// inference all but the GEMM are several passes and copies over maps this
// small, which cost more than the multiply-adds (the features took 6.6×
// the MLP's time natively and 17× under wasm, for 1.4× its
// multiply-adds). Here Conv2D stays on the tape and the rest runs in one
// loop:
//
//	t     Conv2D's output for one image and channel o, (H, W)
//	yₒ    the pooled map (H/2, W/2): yₒ[i,j] = ((r(2i,2j) + r(2i,2j+1)) + (r(2i+1,2j) + r(2i+1,2j+1)))·¼
//	      with r(y,x) = max(t[y,x] + bₒ, 0)
//
// in the order of the tape's operations (Add, Relu, SumAxis over the
// columns, then over the rows, Scale by ¼, which is exact), so the
// features are the same bits as training's forward pass
// (TestInferMatchesTape) and the reference statistics hold for both.

// biasReluPool writes, for each of n images of o channels of h×w maps in
// t, the pooled maps into dst (n·o·h/2·w/2 values).
func biasReluPool(dst, t, b []float32, n, o, h, w int) {
	hp, wp := h/2, w/2
	for k := range n * o {
		bias := b[k%o]
		src := t[k*h*w : (k+1)*h*w]
		out := dst[k*hp*wp : (k+1)*hp*wp]
		for y := range hp {
			r0, r1 := src[2*y*w:(2*y+1)*w], src[(2*y+1)*w:(2*y+2)*w]
			for x := range wp {
				a := max(r0[2*x]+bias, 0) + max(r0[2*x+1]+bias, 0)
				c := max(r1[2*x]+bias, 0) + max(r1[2*x+1]+bias, 0)
				out[y*wp+x] = (a + c) * 0.25
			}
		}
	}
}

// convInfer records the convolutions of the images in x (n, 1, rows,
// cols) on tp (a NoGrad tape) and returns their flattened output (n,
// flatDim). maps holds the pooled maps between layers and is reused by
// calls of the same n.
func (c *Classifier) convInfer(tp *tensor.Tape, x *tensor.Tensor, maps *[]*tensor.Tensor) *tensor.Tensor {
	n := x.Shape[0]
	if len(*maps) != len(c.conv)+1 || (*maps)[0].Shape[0] != n {
		*maps = (*maps)[:0]
		h, w := c.rows, c.cols
		for _, o := range c.cfg.Conv {
			h, w = h/2, w/2
			*maps = append(*maps, tensor.New(n, o, h, w))
		}
		// The last map again, as the dense layers' (n, flatDim) input.
		last := (*maps)[len(*maps)-1]
		*maps = append(*maps, &tensor.Tensor{Shape: []int{n, len(last.Data) / n}, Data: last.Data})
	}
	h := x
	for i, l := range c.conv {
		t := tp.Conv2D(h, l.W, l.Stride, l.Pad)
		biasReluPool((*maps)[i].Data, t.Data, l.B.Data, n, t.Shape[1], t.Shape[2], t.Shape[3])
		h = (*maps)[i]
	}
	return (*maps)[len(c.conv)]
}
