package tensor

import (
	"fmt"

	"genplay/tensor/internal/kernel"
	"genplay/tensor/math32"
)

// kernelMin is the shortest row Add hands to the kernel package: below it
// the call costs more than the loop.
const kernelMin = 8

// Add returns a + b, with b broadcast over a (see broadcast.go).
func (tp *Tape) Add(a, b *Tensor) *Tensor {
	kind := broadcastKind("Add", a, b)
	out := tp.record(OpAdd, a, b, a.Shape)
	o, ad, bd := out.Data, a.Data, b.Data
	switch kind {
	case bcastRows:
		if len(bd) >= kernelMin {
			// A bias row: the SIMD kernel row by row.
			for off := 0; off < len(o); off += len(bd) {
				kernel.Add(o[off:off+len(bd)], ad[off:off+len(bd)], bd)
			}
			break
		}
		// A short row (a bias of a few units): one flat loop, b's index
		// wrapping, rather than a slice of a few floats per row.
		o, j := o[:len(ad)], 0
		for i, x := range ad {
			o[i] = x + bd[j]
			if j++; j == len(bd) {
				j = 0
			}
		}
	case bcastCols:
		w := len(o) / len(bd)
		for j, v := range bd {
			row, arow := o[j*w:(j+1)*w], ad[j*w:(j+1)*w]
			for i, x := range arow {
				row[i] = x + v
			}
		}
	default:
		forBroadcast(a, b, func(i, j int) { o[i] = ad[i] + bd[j] })
	}
	return out
}

// addBackward: ∂a += ∂out, ∂b += ∂out summed over the broadcast dimensions.
func addBackward(nd *node) {
	a, b, g := nd.a, nd.b, nd.out.Grad
	if a.Grad != nil {
		kernel.Add(a.Grad, a.Grad, g) // ∂a += ∂out
	}
	if b.Grad == nil {
		return
	}
	bg := b.Grad
	switch broadcastKind("Add", a, b) {
	case bcastRows:
		if len(bg) >= kernelMin {
			kernel.AddRows(bg, g)
			break
		}
		j := 0
		for _, v := range g {
			bg[j] += v
			if j++; j == len(bg) {
				j = 0
			}
		}
	case bcastCols:
		w := len(g) / len(bg)
		for j := range bg {
			var s float32
			for _, v := range g[j*w : (j+1)*w] {
				s += v
			}
			bg[j] += s
		}
	default:
		forBroadcast(a, b, func(i, j int) { bg[j] += g[i] })
	}
}

// Mul returns the elementwise product a ⊙ b, with b broadcast over a.
func (tp *Tape) Mul(a, b *Tensor) *Tensor {
	kind := broadcastKind("Mul", a, b)
	out := tp.record(OpMul, a, b, a.Shape)
	o, ad, bd := out.Data, a.Data, b.Data
	switch {
	case kind == bcastRows && len(bd) == 1:
		kernel.Scale(o, ad, bd[0]) // a scalar
		return out
	case kind == bcastRows && len(bd) >= kernelMin:
		// The same shape, or a row repeated.
		for off := 0; off < len(o); off += len(bd) {
			kernel.Mul(o[off:off+len(bd)], ad[off:off+len(bd)], bd)
		}
		return out
	}
	switch kind {
	case bcastRows:
		// A short row: one flat loop, as in Add.
		o, j := o[:len(ad)], 0
		for i, x := range ad {
			o[i] = x * bd[j]
			if j++; j == len(bd) {
				j = 0
			}
		}
	case bcastCols:
		w := len(o) / len(bd)
		for j, v := range bd {
			row, arow := o[j*w:(j+1)*w], ad[j*w:(j+1)*w]
			for i, x := range arow {
				row[i] = x * v
			}
		}
	default:
		forBroadcast(a, b, func(i, j int) { o[i] = ad[i] * bd[j] })
	}
	return out
}

// mulBackward: ∂a += ∂out ⊙ b, ∂b += Σ ∂out ⊙ a over the broadcast dimensions.
func mulBackward(nd *node) {
	a, b, g := nd.a, nd.b, nd.out.Grad
	ad, bd := a.Data, b.Data
	kind := broadcastKind("Mul", a, b)
	switch {
	case kind == bcastRows && len(bd) == 1 && b.Grad == nil:
		if a.Grad != nil {
			kernel.AxpyUnitary(bd[0], g, a.Grad) // ∂a += ∂out·b, b a scalar constant
		}
		return
	case kind == bcastRows && len(bd) >= kernelMin:
		for off := 0; off < len(g); off += len(bd) {
			grow := g[off : off+len(bd)]
			if a.Grad != nil {
				kernel.MulAdd(a.Grad[off:off+len(bd)], grow, bd)
			}
			if b.Grad != nil {
				kernel.MulAdd(b.Grad, grow, ad[off:off+len(bd)])
			}
		}
		return
	}
	switch kind {
	case bcastRows:
		// A short row: flat loops, as in Add. Each gradient element sums
		// its terms in the order of the rows, as a loop per row would.
		if a.Grad != nil {
			ag, j := a.Grad[:len(g)], 0
			for i, v := range g {
				ag[i] += v * bd[j]
				if j++; j == len(bd) {
					j = 0
				}
			}
		}
		if b.Grad != nil {
			bg, ad, j := b.Grad[:len(bd)], ad[:len(g)], 0
			for i, v := range g {
				bg[j] += v * ad[i]
				if j++; j == len(bd) {
					j = 0
				}
			}
		}
	case bcastCols:
		w := len(g) / len(bd)
		for j, bv := range bd {
			grow, arow := g[j*w:(j+1)*w], ad[j*w:(j+1)*w]
			if a.Grad != nil {
				agrow := a.Grad[j*w : (j+1)*w]
				for i, v := range grow {
					agrow[i] += v * bv
				}
			}
			if b.Grad != nil {
				var s float32
				for i, v := range grow {
					s += v * arow[i]
				}
				b.Grad[j] += s
			}
		}
	default:
		forBroadcast(a, b, func(i, j int) {
			if a.Grad != nil {
				a.Grad[i] += g[i] * bd[j]
			}
			if b.Grad != nil {
				b.Grad[j] += g[i] * ad[i]
			}
		})
	}
}

// Relu returns max(a, 0) elementwise.
func (tp *Tape) Relu(a *Tensor) *Tensor {
	out := tp.record(OpRelu, a, nil, a.Shape)
	kernel.Relu(out.Data, a.Data) // NaN stays NaN, −0 becomes +0, as max(v, 0)
	return out
}

// reluBackward: ∂a += ∂out where a > 0. The subgradient at 0 is 0.
func reluBackward(nd *node) {
	a := nd.a
	if a.Grad == nil {
		return
	}
	kernel.ReluGrad(a.Grad, nd.out.Grad, a.Data)
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

// Step sets dst's elements to pos where a's are > 0 and to neg elsewhere
// (zeros, negatives and NaNs), such as the slopes of a LeakyReLU at a. It
// records nothing on any tape: dst is a constant. It panics if a and dst
// differ in length.
func Step(dst, a *Tensor, pos, neg float32) {
	if len(dst.Data) != len(a.Data) {
		panic(fmt.Sprintf("tensor: Step of %d elements into %d", len(a.Data), len(dst.Data)))
	}
	kernel.Step(dst.Data, a.Data, pos, neg)
}
