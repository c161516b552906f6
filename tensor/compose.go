package tensor

// Compositions: functions built only from the primitives, so they need no
// backward code of their own.

// Sub returns a - b, with b broadcast over a.
func (tp *Tape) Sub(a, b *Tensor) *Tensor {
	return tp.Add(a, tp.Mul(b, tp.Const(-1)))
}

// MSE returns the mean squared error mean((a-b)²) as a scalar.
func (tp *Tape) MSE(a, b *Tensor) *Tensor {
	d := tp.Sub(a, b)
	return tp.Mean(tp.Mul(d, d))
}

// Const returns a scalar constant owned by the tape (no gradient).
func (tp *Tape) Const(v float32) *Tensor {
	if tp.nc == len(tp.consts) {
		tp.consts = append(tp.consts, New(1))
	}
	c := tp.consts[tp.nc]
	tp.nc++
	c.Data[0] = v
	return c
}
