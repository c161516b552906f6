package tensor

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
