package tensor

import (
	"fmt"

	"genplay/tensor/internal/kernel"
)

// MatMul returns a·b for a of shape (n, k) and b of shape (k, m).
func (tp *Tape) MatMul(a, b *Tensor) *Tensor {
	if len(a.Shape) != 2 || len(b.Shape) != 2 || a.Shape[1] != b.Shape[0] {
		panic(fmt.Sprintf("tensor: MatMul of shapes %v and %v", a.Shape, b.Shape))
	}
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
