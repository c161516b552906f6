package tensor

import (
	"fmt"

	"genplay/tensor/math32"
)

// Broadcasting: in Add and Mul, b either has a's shape, or a single element,
// or a's trailing dimensions (a bias row of shape (m) against (n, m)). b is
// then repeated over a's leading dimensions; its gradient sums over them.

// checkBroadcast panics unless b broadcasts over a.
func checkBroadcast(name string, a, b *Tensor) {
	if len(b.Data) == 1 {
		return
	}
	if len(b.Shape) <= len(a.Shape) && sameShape(a.Shape[len(a.Shape)-len(b.Shape):], b.Shape) {
		return
	}
	panic(fmt.Sprintf("tensor: %s cannot broadcast shape %v over %v", name, b.Shape, a.Shape))
}

// Add returns a + b, with b broadcast over a.
func (tp *Tape) Add(a, b *Tensor) *Tensor {
	checkBroadcast("Add", a, b)
	out := tp.record(OpAdd, a, b, a.Shape)
	o, bd := out.Data, b.Data
	for off := 0; off < len(o); off += len(bd) {
		row, arow := o[off:off+len(bd)], a.Data[off:off+len(bd)]
		for j, v := range bd {
			row[j] = arow[j] + v
		}
	}
	return out
}

// addBackward: ∂a += ∂out, ∂b += ∂out summed over the broadcast dimensions.
func addBackward(nd *node) {
	a, b, g := nd.a, nd.b, nd.out.Grad
	if a.Grad != nil {
		for i, v := range g {
			a.Grad[i] += v
		}
	}
	if b.Grad != nil {
		bg := b.Grad
		for off := 0; off < len(g); off += len(bg) {
			row := g[off : off+len(bg)]
			for j, v := range row {
				bg[j] += v
			}
		}
	}
}

// Mul returns the elementwise product a ⊙ b, with b broadcast over a.
func (tp *Tape) Mul(a, b *Tensor) *Tensor {
	checkBroadcast("Mul", a, b)
	out := tp.record(OpMul, a, b, a.Shape)
	o, bd := out.Data, b.Data
	for off := 0; off < len(o); off += len(bd) {
		row, arow := o[off:off+len(bd)], a.Data[off:off+len(bd)]
		for j, v := range bd {
			row[j] = arow[j] * v
		}
	}
	return out
}

// mulBackward: ∂a += ∂out ⊙ b, ∂b += Σ ∂out ⊙ a over the broadcast dimensions.
func mulBackward(nd *node) {
	a, b, g := nd.a, nd.b, nd.out.Grad
	bd := b.Data
	for off := 0; off < len(g); off += len(bd) {
		grow, arow := g[off:off+len(bd)], a.Data[off:off+len(bd)]
		if a.Grad != nil {
			agrow := a.Grad[off : off+len(bd)]
			for j, v := range grow {
				agrow[j] += v * bd[j]
			}
		}
		if b.Grad != nil {
			bg := b.Grad[:len(bd)]
			for j, v := range grow {
				bg[j] += v * arow[j]
			}
		}
	}
}

// Relu returns max(a, 0) elementwise.
func (tp *Tape) Relu(a *Tensor) *Tensor {
	out := tp.record(OpRelu, a, nil, a.Shape)
	for i, v := range a.Data {
		out.Data[i] = max(v, 0)
	}
	return out
}

// reluBackward: ∂a += ∂out where a > 0. The subgradient at 0 is 0.
func reluBackward(nd *node) {
	a, g := nd.a, nd.out.Grad
	if a.Grad == nil {
		return
	}
	for i, v := range a.Data {
		if v > 0 {
			a.Grad[i] += g[i]
		}
	}
}

// Exp returns e**a elementwise.
func (tp *Tape) Exp(a *Tensor) *Tensor {
	out := tp.record(OpExp, a, nil, a.Shape)
	for i, v := range a.Data {
		out.Data[i] = math32.Exp(v)
	}
	return out
}

// expBackward: ∂a += ∂out ⊙ out.
func expBackward(nd *node) {
	a, g, o := nd.a, nd.out.Grad, nd.out.Data
	if a.Grad == nil {
		return
	}
	for i, v := range g {
		a.Grad[i] += v * o[i]
	}
}

// Log returns the natural logarithm of a elementwise.
func (tp *Tape) Log(a *Tensor) *Tensor {
	out := tp.record(OpLog, a, nil, a.Shape)
	for i, v := range a.Data {
		out.Data[i] = math32.Log(v)
	}
	return out
}

// logBackward: ∂a += ∂out / a.
func logBackward(nd *node) {
	a, g := nd.a, nd.out.Grad
	if a.Grad == nil {
		return
	}
	for i, v := range g {
		a.Grad[i] += v / a.Data[i]
	}
}
