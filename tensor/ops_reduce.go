package tensor

import "fmt"

var scalarShape = [1]int{1}

// Sum returns the sum of a's elements as a scalar.
//
// The sum runs left to right in one accumulator, so it is the same on every
// target.
func (tp *Tape) Sum(a *Tensor) *Tensor {
	shape := scalarShape
	out := tp.record(OpSum, a, nil, shape[:])
	var s float32
	for _, v := range a.Data {
		s += v
	}
	out.Data[0] = s
	return out
}

// sumBackward: ∂a += ∂out, broadcast.
func sumBackward(nd *node) {
	a, g := nd.a, nd.out.Grad[0]
	if a.Grad == nil {
		return
	}
	for i := range a.Grad {
		a.Grad[i] += g
	}
}

// Mean returns the mean of a's elements as a scalar.
func (tp *Tape) Mean(a *Tensor) *Tensor {
	shape := scalarShape
	out := tp.record(OpMean, a, nil, shape[:])
	var s float32
	for _, v := range a.Data {
		s += v
	}
	out.Data[0] = s / float32(len(a.Data))
	return out
}

// meanBackward: ∂a += ∂out / len(a), broadcast.
func meanBackward(nd *node) {
	a := nd.a
	if a.Grad == nil {
		return
	}
	g := nd.out.Grad[0] / float32(len(a.Data))
	for i := range a.Grad {
		a.Grad[i] += g
	}
}

// SumAxis returns the sums of a along axis, keeping the axis with size 1:
// shape (n, m) summed on axis 1 gives (n, 1).
func (tp *Tape) SumAxis(a *Tensor, axis int) *Tensor {
	if axis < 0 || axis >= len(a.Shape) || len(a.Shape) > maxRank {
		panic(fmt.Sprintf("tensor: SumAxis on axis %d of shape %v", axis, a.Shape))
	}
	var shape [maxRank]int
	n := copy(shape[:], a.Shape)
	shape[axis] = 1
	out := tp.record(OpSumAxis, a, nil, shape[:n])
	tp.last().args[0] = axis
	outer, dim, inner := split(a.Shape, axis)
	clear(out.Data)
	for o := range outer {
		dst := out.Data[o*inner : (o+1)*inner]
		for d := range dim {
			for i, v := range a.Data[(o*dim+d)*inner : (o*dim+d+1)*inner] {
				dst[i] += v
			}
		}
	}
	return out
}

// sumAxisBackward: ∂a += ∂out broadcast along the axis.
func sumAxisBackward(nd *node) {
	a := nd.a
	if a.Grad == nil {
		return
	}
	outer, dim, inner := split(a.Shape, nd.args[0])
	g := nd.out.Grad
	for o := range outer {
		src := g[o*inner : (o+1)*inner]
		for d := range dim {
			dst := a.Grad[(o*dim+d)*inner : (o*dim+d+1)*inner]
			for i, v := range src {
				dst[i] += v
			}
		}
	}
}
