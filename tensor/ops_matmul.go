package tensor

import (
	"fmt"

	"genplay/tensor/internal/kernel"
)

// The three product forms. Each backward is two products of the other
// forms, so all three kernels matter for training speed.

func check2D(name string, a, b *Tensor, ka, kb int) {
	if len(a.Shape) != 2 || len(b.Shape) != 2 || a.Shape[ka] != b.Shape[kb] {
		panic(fmt.Sprintf("tensor: %s of shapes %v and %v", name, a.Shape, b.Shape))
	}
}

// MatMul returns a·b for a of shape (n, k) and b of shape (k, m).
func (tp *Tape) MatMul(a, b *Tensor) *Tensor {
	check2D("MatMul", a, b, 1, 0)
	n, k, m := a.Shape[0], a.Shape[1], b.Shape[1]
	shape := [2]int{n, m}
	out := tp.record(OpMatMul, a, b, shape[:]) // (n, m)
	kernel.GemmNN(n, m, k, a.Data, k, b.Data, m, 0, out.Data, m)
	return out
}

// matMulBackward: ∂a += ∂out·bᵀ, ∂b += aᵀ·∂out.
func matMulBackward(nd *node) {
	a, b, g := nd.a, nd.b, nd.out.Grad
	n, k, m := a.Shape[0], a.Shape[1], b.Shape[1]
	if a.Grad != nil {
		kernel.GemmNT(n, k, m, g, m, b.Data, m, 1, a.Grad, k)
	}
	if b.Grad != nil {
		kernel.GemmTN(k, m, n, a.Data, k, g, m, 1, b.Grad, m)
	}
}

// MatMulNT returns a·bᵀ for a of shape (n, k) and b of shape (m, k).
func (tp *Tape) MatMulNT(a, b *Tensor) *Tensor {
	check2D("MatMulNT", a, b, 1, 1)
	n, k, m := a.Shape[0], a.Shape[1], b.Shape[0]
	shape := [2]int{n, m}
	out := tp.record(OpMatMulNT, a, b, shape[:]) // (n, m)
	kernel.GemmNT(n, m, k, a.Data, k, b.Data, k, 0, out.Data, m)
	return out
}

// matMulNTBackward: ∂a += ∂out·b, ∂b += ∂outᵀ·a.
func matMulNTBackward(nd *node) {
	a, b, g := nd.a, nd.b, nd.out.Grad
	n, k, m := a.Shape[0], a.Shape[1], b.Shape[0]
	if a.Grad != nil {
		kernel.GemmNN(n, k, m, g, m, b.Data, k, 1, a.Grad, k)
	}
	if b.Grad != nil {
		kernel.GemmTN(m, k, n, g, m, a.Data, k, 1, b.Grad, k)
	}
}

// MatMulTN returns aᵀ·b for a of shape (k, n) and b of shape (k, m).
func (tp *Tape) MatMulTN(a, b *Tensor) *Tensor {
	check2D("MatMulTN", a, b, 0, 0)
	k, n, m := a.Shape[0], a.Shape[1], b.Shape[1]
	shape := [2]int{n, m}
	out := tp.record(OpMatMulTN, a, b, shape[:]) // (n, m)
	kernel.GemmTN(n, m, k, a.Data, n, b.Data, m, 0, out.Data, m)
	return out
}

// matMulTNBackward: ∂a += b·∂outᵀ, ∂b += a·∂out.
func matMulTNBackward(nd *node) {
	a, b, g := nd.a, nd.b, nd.out.Grad
	k, n, m := a.Shape[0], a.Shape[1], b.Shape[1]
	if a.Grad != nil {
		kernel.GemmNT(k, n, m, b.Data, m, g, m, 1, a.Grad, n)
	}
	if b.Grad != nil {
		kernel.GemmNN(k, m, n, a.Data, n, g, m, 1, b.Grad, m)
	}
}
