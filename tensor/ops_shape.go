package tensor

import (
	"fmt"
	"slices"
)

// Reshape returns a copy of a with the given shape, which must hold the same
// number of elements.
func (tp *Tape) Reshape(a *Tensor, shape ...int) *Tensor {
	if size(shape) != len(a.Data) {
		// A clone in the message keeps shape from escaping, so callers'
		// variadic shapes stay on the stack.
		panic(fmt.Sprintf("tensor: Reshape of %v to %v", a.Shape, slices.Clone(shape)))
	}
	out := tp.record(OpReshape, a, nil, shape)
	copy(out.Data, a.Data)
	return out
}

// reshapeBackward: ∂a += ∂out, element for element.
func reshapeBackward(nd *node) {
	if a := nd.a; a.Grad != nil {
		for i, v := range nd.out.Grad {
			a.Grad[i] += v
		}
	}
}

// Transpose returns aᵀ for a 2D a.
func (tp *Tape) Transpose(a *Tensor) *Tensor {
	if len(a.Shape) != 2 {
		panic(fmt.Sprintf("tensor: Transpose of shape %v, want 2D", a.Shape))
	}
	r, c := a.Shape[0], a.Shape[1]
	shape := [2]int{c, r}
	out := tp.record(OpTranspose, a, nil, shape[:]) // (c, r)
	transpose(out.Data, a.Data, r, c, false)
	return out
}

// transposeBackward: ∂a += ∂outᵀ.
func transposeBackward(nd *node) {
	if a := nd.a; a.Grad != nil {
		transpose(a.Grad, nd.out.Grad, a.Shape[1], a.Shape[0], true)
	}
}

// transpose writes (or with add, adds) the transpose of the r×c matrix src
// into dst.
func transpose(dst, src []float32, r, c int, add bool) {
	for i := range r {
		row := src[i*c : (i+1)*c]
		for j, v := range row {
			if add {
				dst[j*r+i] += v
			} else {
				dst[j*r+i] = v
			}
		}
	}
}

// split returns the sizes before, at and after axis of shape: a tensor is
// then outer blocks of dim slabs of inner elements.
func split(shape []int, axis int) (outer, dim, inner int) {
	outer, inner = 1, 1
	for _, d := range shape[:axis] {
		outer *= d
	}
	for _, d := range shape[axis+1:] {
		inner *= d
	}
	return outer, shape[axis], inner
}

// Slice returns a[…, lo:hi, …], the elements with index in [lo, hi) along
// axis.
func (tp *Tape) Slice(a *Tensor, axis, lo, hi int) *Tensor {
	if axis < 0 || axis >= len(a.Shape) || lo < 0 || hi > a.Shape[axis] || lo > hi {
		panic(fmt.Sprintf("tensor: Slice [%d:%d] on axis %d of shape %v", lo, hi, axis, a.Shape))
	}
	var shape [maxRank]int
	n := copy(shape[:], a.Shape)
	shape[axis] = hi - lo
	out := tp.record(OpSlice, a, nil, shape[:n])
	tp.last().args = [4]int{axis, lo, hi}
	outer, dim, inner := split(a.Shape, axis)
	w := (hi - lo) * inner
	for o := range outer {
		copy(out.Data[o*w:(o+1)*w], a.Data[(o*dim+lo)*inner:])
	}
	return out
}

// sliceBackward: ∂a[…, lo:hi, …] += ∂out.
func sliceBackward(nd *node) {
	a := nd.a
	if a.Grad == nil {
		return
	}
	axis, lo, hi := nd.args[0], nd.args[1], nd.args[2]
	outer, dim, inner := split(a.Shape, axis)
	w := (hi - lo) * inner
	g := nd.out.Grad
	for o := range outer {
		dst := a.Grad[(o*dim+lo)*inner : (o*dim+lo)*inner+w]
		for i, v := range g[o*w : (o+1)*w] {
			dst[i] += v
		}
	}
}

// Concat returns the inputs joined along axis. They must agree on every
// other dimension.
func (tp *Tape) Concat(axis int, ins ...*Tensor) *Tensor {
	if len(ins) == 0 || axis < 0 || axis >= len(ins[0].Shape) || len(ins[0].Shape) > maxRank {
		panic("tensor: Concat needs inputs and an axis within their rank")
	}
	var shape [maxRank]int
	n := copy(shape[:], ins[0].Shape)
	shape[axis] = 0
	for _, t := range ins {
		if len(t.Shape) != n {
			panic(fmt.Sprintf("tensor: Concat of shapes %v and %v", ins[0].Shape, t.Shape))
		}
		for d := range n {
			if d != axis && t.Shape[d] != shape[d] {
				panic(fmt.Sprintf("tensor: Concat of shapes %v and %v on axis %d", ins[0].Shape, t.Shape, axis))
			}
		}
		shape[axis] += t.Shape[axis]
	}
	// record looks at a and b for gradients; pass one that needs them.
	first := ins[0]
	for _, t := range ins {
		if t.Grad != nil {
			first = t
			break
		}
	}
	out := tp.record(OpConcat, first, nil, shape[:n])
	nd := tp.last()
	nd.ins = append(nd.ins, ins...)
	nd.args[0] = axis
	outer, dim, inner := split(out.Shape, axis)
	off := 0
	for _, t := range ins {
		w := t.Shape[axis] * inner
		for o := range outer {
			copy(out.Data[(o*dim)*inner+off:], t.Data[o*w:(o+1)*w])
		}
		off += w
	}
	return out
}

// concatBackward: each input's ∂ += its block of ∂out.
func concatBackward(nd *node) {
	axis := nd.args[0]
	outer, dim, inner := split(nd.out.Shape, axis)
	g := nd.out.Grad
	off := 0
	for _, t := range nd.ins {
		w := t.Shape[axis] * inner
		if t.Grad != nil {
			for o := range outer {
				src := g[o*dim*inner+off : o*dim*inner+off+w]
				dst := t.Grad[o*w : (o+1)*w]
				for i, v := range src {
					dst[i] += v
				}
			}
		}
		off += w
	}
}
