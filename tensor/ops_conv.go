package tensor

import (
	"fmt"

	"genplay/tensor/internal/kernel"
)

// Convolutions in NCHW layout, computed as im2col followed by one GEMM per
// image (Chellapilla et al. 2006, "High Performance Convolutional Neural
// Networks for Document Processing"). Notation:
//
//	x    input (N, C, H, W)
//	w    Conv2D filters (O, C, KH, KW); ConvTranspose2D filters (C, O, KH, KW), as in PyTorch
//	cols im2col(xₙ): (C·KH·KW, OH·OW), column j holds the patch under output pixel j
//
// Conv2D: OH = (H + 2·pad − KH)/stride + 1; yₙ = w·colsₙ.
// ConvTranspose2D is Conv2D's adjoint in x: OH = (H − 1)·stride − 2·pad + KH
// and yₙ = col2im(wᵀ·xₙ).
//
// The columns are kept in one scratch buffer per node, one image at a time,
// and recomputed in the backward pass rather than stored for the batch.

// convGeom is the geometry of one convolution.
type convGeom struct {
	c, h, w     int // input channels and size of the image side that im2col reads
	kh, kw      int
	stride, pad int
	oh, ow      int // size of the image side that the GEMM writes
}

// im2col writes the patches of img (c, h, w) into cols (c·kh·kw, oh·ow);
// pixels outside the image read as 0.
func (g convGeom) im2col(cols, img []float32) {
	n := g.oh * g.ow
	for ch := range g.c {
		for ki := range g.kh {
			for kj := range g.kw {
				row := cols[((ch*g.kh+ki)*g.kw+kj)*n:][:n]
				for oy := range g.oh {
					y := oy*g.stride - g.pad + ki
					dst := row[oy*g.ow : (oy+1)*g.ow]
					if y < 0 || y >= g.h {
						clear(dst)
						continue
					}
					src := img[(ch*g.h+y)*g.w : (ch*g.h+y+1)*g.w]
					for ox := range dst {
						x := ox*g.stride - g.pad + kj
						if x >= 0 && x < g.w {
							dst[ox] = src[x]
						} else {
							dst[ox] = 0
						}
					}
				}
			}
		}
	}
}

// col2im adds the patches in cols back into img, the adjoint of im2col.
func (g convGeom) col2im(img, cols []float32) {
	n := g.oh * g.ow
	for ch := range g.c {
		for ki := range g.kh {
			for kj := range g.kw {
				row := cols[((ch*g.kh+ki)*g.kw+kj)*n:][:n]
				for oy := range g.oh {
					y := oy*g.stride - g.pad + ki
					if y < 0 || y >= g.h {
						continue
					}
					dst := img[(ch*g.h+y)*g.w : (ch*g.h+y+1)*g.w]
					for ox, v := range row[oy*g.ow : (oy+1)*g.ow] {
						if x := ox*g.stride - g.pad + kj; x >= 0 && x < g.w {
							dst[x] += v
						}
					}
				}
			}
		}
	}
}

func (g convGeom) patch() int { return g.c * g.kh * g.kw }

func checkConv(name string, x, w *Tensor, stride, pad int) {
	if len(x.Shape) != 4 || len(w.Shape) != 4 || stride < 1 || pad < 0 {
		panic(fmt.Sprintf("tensor: %s of shapes %v and %v, stride %d, pad %d", name, x.Shape, w.Shape, stride, pad))
	}
}

// Conv2D returns the cross-correlation of x (N, C, H, W) with the filters
// w (O, C, KH, KW), with the given stride and zero padding: (N, O, OH, OW).
func (tp *Tape) Conv2D(x, w *Tensor, stride, pad int) *Tensor {
	checkConv("Conv2D", x, w, stride, pad)
	nb, c, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	o, kh, kw := w.Shape[0], w.Shape[2], w.Shape[3]
	oh, ow := (h+2*pad-kh)/stride+1, (wd+2*pad-kw)/stride+1
	if w.Shape[1] != c || oh < 1 || ow < 1 {
		panic(fmt.Sprintf("tensor: Conv2D of shapes %v and %v, stride %d, pad %d", x.Shape, w.Shape, stride, pad))
	}
	g := convGeom{c: c, h: h, w: wd, kh: kh, kw: kw, stride: stride, pad: pad, oh: oh, ow: ow}
	shape := [4]int{nb, o, oh, ow}
	out := tp.record(OpConv2D, x, w, shape[:])
	nd := tp.last()
	nd.args = [4]int{stride, pad}
	cols := scratch(nd, g.patch()*oh*ow)
	for n := range nb {
		g.im2col(cols, x.Data[n*c*h*wd:(n+1)*c*h*wd])
		kernel.GemmNN(o, oh*ow, g.patch(), w.Data, g.patch(), cols, oh*ow, 0, out.Data[n*o*oh*ow:], oh*ow)
	}
	return out
}

// conv2DBackward: ∂w += Σₙ ∂yₙ·colsₙᵀ; ∂xₙ += col2im(wᵀ·∂yₙ).
func conv2DBackward(nd *node) {
	x, w, gy := nd.a, nd.b, nd.out.Grad
	nb, c, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	o, kh, kw := w.Shape[0], w.Shape[2], w.Shape[3]
	oh, ow := nd.out.Shape[2], nd.out.Shape[3]
	g := convGeom{c: c, h: h, w: wd, kh: kh, kw: kw, stride: nd.args[0], pad: nd.args[1], oh: oh, ow: ow}
	p, q := g.patch(), oh*ow
	cols := scratch(nd, p*q)
	for n := range nb {
		gyn := gy[n*o*q : (n+1)*o*q]
		if w.Grad != nil {
			g.im2col(cols, x.Data[n*c*h*wd:(n+1)*c*h*wd])
			kernel.GemmNT(o, p, q, gyn, q, cols, q, 1, w.Grad, p)
		}
		if x.Grad != nil {
			kernel.GemmTN(p, q, o, w.Data, p, gyn, q, 0, cols, q)
			g.col2im(x.Grad[n*c*h*wd:(n+1)*c*h*wd], cols)
		}
	}
}

// ConvTranspose2D returns the transposed convolution of x (N, C, H, W) with
// the filters w (C, O, KH, KW): (N, O, OH, OW) with
// OH = (H − 1)·stride − 2·pad + KH. It is the gradient of Conv2D with
// respect to its input, the usual upsampling layer of decoders.
func (tp *Tape) ConvTranspose2D(x, w *Tensor, stride, pad int) *Tensor {
	checkConv("ConvTranspose2D", x, w, stride, pad)
	nb, c, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	o, kh, kw := w.Shape[1], w.Shape[2], w.Shape[3]
	oh, ow := (h-1)*stride-2*pad+kh, (wd-1)*stride-2*pad+kw
	if w.Shape[0] != c || oh < 1 || ow < 1 {
		panic(fmt.Sprintf("tensor: ConvTranspose2D of shapes %v and %v, stride %d, pad %d", x.Shape, w.Shape, stride, pad))
	}
	// In im2col terms the output image is the convolution's input: its
	// patches line up with the h×w pixels of x.
	g := convGeom{c: o, h: oh, w: ow, kh: kh, kw: kw, stride: stride, pad: pad, oh: h, ow: wd}
	shape := [4]int{nb, o, oh, ow}
	out := tp.record(OpConvTranspose2D, x, w, shape[:])
	nd := tp.last()
	nd.args = [4]int{stride, pad}
	p, q := g.patch(), h*wd
	cols := scratch(nd, p*q)
	clear(out.Data)
	for n := range nb {
		kernel.GemmTN(p, q, c, w.Data, p, x.Data[n*c*q:(n+1)*c*q], q, 0, cols, q)
		g.col2im(out.Data[n*o*oh*ow:(n+1)*o*oh*ow], cols)
	}
	return out
}

// convTranspose2DBackward: with colsₙ = im2col(∂yₙ), ∂xₙ += w·colsₙ and
// ∂w += Σₙ xₙ·colsₙᵀ.
func convTranspose2DBackward(nd *node) {
	x, w, gy := nd.a, nd.b, nd.out.Grad
	nb, c, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	o, kh, kw := w.Shape[1], w.Shape[2], w.Shape[3]
	oh, ow := nd.out.Shape[2], nd.out.Shape[3]
	g := convGeom{c: o, h: oh, w: ow, kh: kh, kw: kw, stride: nd.args[0], pad: nd.args[1], oh: h, ow: wd}
	p, q := g.patch(), h*wd
	cols := scratch(nd, p*q)
	for n := range nb {
		g.im2col(cols, gy[n*o*oh*ow:(n+1)*o*oh*ow])
		if x.Grad != nil {
			kernel.GemmNN(c, q, p, w.Data, p, cols, q, 1, x.Grad[n*c*q:], q)
		}
		if w.Grad != nil {
			kernel.GemmNT(c, p, q, x.Data[n*c*q:(n+1)*c*q], q, cols, q, 1, w.Grad, p)
		}
	}
}

// scratch returns nd's scratch buffer with length n, growing it if needed.
func scratch(nd *node, n int) []float32 {
	if cap(nd.aux) < n {
		nd.aux = make([]float32, n)
	}
	nd.aux = nd.aux[:n]
	return nd.aux
}
