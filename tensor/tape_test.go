package tensor_test

import (
	"testing"

	"genplay/tensor"
	"genplay/tensor/rng"
	"genplay/tensor/tensortest"
)

func randParam(r *rng.PCG, shape ...int) *tensor.Tensor {
	t := tensor.NewParam(shape...)
	r.FillNormal(t.Data)
	return t
}

// awayFromZero moves values out of (-0.05, 0.05), so finite differences do
// not straddle ReLU's kink.
func awayFromZero(t *tensor.Tensor) *tensor.Tensor {
	for i, v := range t.Data {
		if v > -0.05 && v < 0.05 {
			t.Data[i] = v + 0.2
		}
	}
	return t
}

// gradCases holds one gradient check per op code. Each reduces its op's
// output to a scalar through a weighted sum, so every output element has a
// distinct weight in the loss.
func gradCases(r *rng.PCG) map[tensor.Op]func(t *testing.T) {
	weighted := func(tp *tensor.Tape, x, w *tensor.Tensor) *tensor.Tensor { return tp.Sum(tp.Mul(x, w)) }
	check := func(t *testing.T, f func(tp *tensor.Tape) *tensor.Tensor, params ...*tensor.Tensor) {
		t.Helper()
		if err := tensortest.GradCheck(f, 1e-2, 2e-2, params...); err != nil {
			t.Fatal(err)
		}
	}
	return map[tensor.Op]func(t *testing.T){
		tensor.OpMatMul: func(t *testing.T) {
			a, b, w := randParam(r, 3, 5), randParam(r, 5, 4), randParam(r, 3, 4)
			check(t, func(tp *tensor.Tape) *tensor.Tensor { return weighted(tp, tp.MatMul(a, b), w) }, a, b)
		},
		tensor.OpAdd: func(t *testing.T) {
			a, b, s, w := randParam(r, 4, 3), randParam(r, 3), randParam(r, 1), randParam(r, 4, 3)
			check(t, func(tp *tensor.Tape) *tensor.Tensor { return weighted(tp, tp.Add(tp.Add(a, b), s), w) }, a, b, s)
		},
		tensor.OpMul: func(t *testing.T) {
			a, b, s, w := randParam(r, 4, 3), randParam(r, 3), randParam(r, 1), randParam(r, 4, 3)
			check(t, func(tp *tensor.Tape) *tensor.Tensor { return weighted(tp, tp.Mul(tp.Mul(a, b), s), w) }, a, b, s)
		},
		tensor.OpRelu: func(t *testing.T) {
			a, w := awayFromZero(randParam(r, 4, 5)), randParam(r, 4, 5)
			check(t, func(tp *tensor.Tape) *tensor.Tensor { return weighted(tp, tp.Relu(a), w) }, a)
		},
		tensor.OpExp: func(t *testing.T) {
			a, w := randParam(r, 3, 3), randParam(r, 3, 3)
			check(t, func(tp *tensor.Tape) *tensor.Tensor { return weighted(tp, tp.Exp(a), w) }, a)
		},
		tensor.OpLog: func(t *testing.T) {
			a, w := randParam(r, 3, 3), randParam(r, 3, 3)
			for i, v := range a.Data {
				a.Data[i] = 0.5 + v*v
			}
			check(t, func(tp *tensor.Tape) *tensor.Tensor { return weighted(tp, tp.Log(a), w) }, a)
		},
		tensor.OpSum: func(t *testing.T) {
			a := randParam(r, 2, 3)
			check(t, func(tp *tensor.Tape) *tensor.Tensor { return tp.Sum(tp.Mul(a, a)) }, a)
		},
		tensor.OpMean: func(t *testing.T) {
			a := randParam(r, 2, 3)
			check(t, func(tp *tensor.Tape) *tensor.Tensor { return tp.Mean(tp.Mul(a, a)) }, a)
		},
		tensor.OpSumAxis: func(t *testing.T) {
			a, w0, w1, w2 := randParam(r, 2, 3, 4), randParam(r, 1, 3, 4), randParam(r, 2, 1, 4), randParam(r, 2, 3, 1)
			check(t, func(tp *tensor.Tape) *tensor.Tensor {
				s := tp.Add(weighted(tp, tp.SumAxis(a, 0), w0), weighted(tp, tp.SumAxis(a, 1), w1))
				return tp.Add(s, weighted(tp, tp.SumAxis(a, 2), w2))
			}, a)
		},
		tensor.OpMatMulNT: func(t *testing.T) {
			a, b, w := randParam(r, 3, 5), randParam(r, 4, 5), randParam(r, 3, 4)
			check(t, func(tp *tensor.Tape) *tensor.Tensor { return weighted(tp, tp.MatMulNT(a, b), w) }, a, b)
		},
		tensor.OpMatMulTN: func(t *testing.T) {
			a, b, w := randParam(r, 5, 3), randParam(r, 5, 4), randParam(r, 3, 4)
			check(t, func(tp *tensor.Tape) *tensor.Tensor { return weighted(tp, tp.MatMulTN(a, b), w) }, a, b)
		},
		tensor.OpReshape: func(t *testing.T) {
			a, w := randParam(r, 2, 6), randParam(r, 3, 4)
			check(t, func(tp *tensor.Tape) *tensor.Tensor { return weighted(tp, tp.Reshape(a, 3, 4), w) }, a)
		},
		tensor.OpTranspose: func(t *testing.T) {
			a, w := randParam(r, 2, 5), randParam(r, 5, 2)
			check(t, func(tp *tensor.Tape) *tensor.Tensor { return weighted(tp, tp.Transpose(a), w) }, a)
		},
		tensor.OpSlice: func(t *testing.T) {
			a, w := randParam(r, 3, 5, 2), randParam(r, 3, 2, 2)
			check(t, func(tp *tensor.Tape) *tensor.Tensor { return weighted(tp, tp.Slice(a, 1, 2, 4), w) }, a)
		},
		tensor.OpConcat: func(t *testing.T) {
			a, b, c, w := randParam(r, 2, 1, 3), randParam(r, 2, 2, 3), tensor.New(2, 3, 3), randParam(r, 2, 6, 3)
			check(t, func(tp *tensor.Tape) *tensor.Tensor { return weighted(tp, tp.Concat(1, a, c, b), w) }, a, b)
		},
		tensor.OpConv2D: func(t *testing.T) {
			x, k := randParam(r, 2, 2, 5, 4), randParam(r, 3, 2, 3, 2)
			for _, c := range []struct{ stride, pad, oh, ow int }{{1, 0, 3, 3}, {2, 1, 3, 3}, {1, 2, 7, 7}} {
				w := randParam(r, 2, 3, c.oh, c.ow)
				check(t, func(tp *tensor.Tape) *tensor.Tensor { return weighted(tp, tp.Conv2D(x, k, c.stride, c.pad), w) }, x, k)
			}
		},
		tensor.OpConvTranspose2D: func(t *testing.T) {
			x, k := randParam(r, 2, 2, 3, 4), randParam(r, 2, 3, 4, 3)
			for _, c := range []struct{ stride, pad, oh, ow int }{{1, 0, 6, 6}, {2, 1, 6, 7}, {2, 0, 8, 9}} {
				w := randParam(r, 2, 3, c.oh, c.ow)
				check(t, func(tp *tensor.Tape) *tensor.Tensor {
					return weighted(tp, tp.ConvTranspose2D(x, k, c.stride, c.pad), w)
				}, x, k)
			}
		},
	}
}

func TestGradEveryOp(t *testing.T) {
	cases := gradCases(rng.New(1))
	for op := range tensor.NumOps() {
		o := tensor.Op(op)
		c, ok := cases[o]
		if !ok {
			t.Errorf("op %v has no gradient-check case", o)
			continue
		}
		t.Run(o.String(), c)
	}
}

func TestGradBroadcast(t *testing.T) {
	r := rng.New(5)
	a, col, mid, w := randParam(r, 3, 4, 2), randParam(r, 3, 1, 1), randParam(r, 4, 1), randParam(r, 3, 4, 2)
	f := func(tp *tensor.Tape) *tensor.Tensor {
		return tp.Sum(tp.Mul(tp.Mul(tp.Add(a, col), mid), w))
	}
	if err := tensortest.GradCheck(f, 1e-2, 2e-2, a, col, mid); err != nil {
		t.Fatal(err)
	}
}

func TestGradMSE(t *testing.T) {
	r := rng.New(2)
	a, b := randParam(r, 5, 2), randParam(r, 5, 2)
	err := tensortest.GradCheck(func(tp *tensor.Tape) *tensor.Tensor { return tp.MSE(a, b) }, 1e-2, 1e-2, a, b)
	if err != nil {
		t.Fatal(err)
	}
}

// TestGradCheckCatchesWrongGradient makes sure the checker itself can fail:
// a loss that reads a parameter behind the tape's back has a zero analytic
// gradient but a non-zero numeric one.
func TestGradCheckCatchesWrongGradient(t *testing.T) {
	a := randParam(rng.New(3), 2, 2)
	f := func(tp *tensor.Tape) *tensor.Tensor {
		hidden := tensor.New(2, 2)
		copy(hidden.Data, a.Data)
		return tp.Sum(tp.Mul(tp.Add(hidden, tp.Const(0)), hidden))
	}
	if err := tensortest.GradCheck(f, 1e-2, 1e-2, a); err == nil {
		t.Fatal("GradCheck passed a gradient that is wrong")
	}
}

func TestTapeReusesBuffers(t *testing.T) {
	r := rng.New(4)
	a, b := randParam(r, 3, 4), randParam(r, 4, 2)
	var tp tensor.Tape
	first := tp.MatMul(a, b)
	tp.Reset()
	second := tp.MatMul(a, b)
	if &first.Data[0] != &second.Data[0] {
		t.Error("second pass did not reuse the first pass's output buffer")
	}
	tp.Reset()
	third := tp.MatMul(a, tensor.NewParam(4, 3))
	if third.Shape[1] != 3 || len(third.Data) != 9 {
		t.Errorf("shape change not honoured: %v", third.Shape)
	}
}

func TestShapePanics(t *testing.T) {
	var tp tensor.Tape
	for name, f := range map[string]func(){
		"matmul": func() { tp.MatMul(tensor.New(2, 3), tensor.New(2, 3)) },
		"add":    func() { tp.Add(tensor.New(2, 3), tensor.New(2)) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s with mismatched shapes did not panic", name)
				}
			}()
			f()
		}()
	}
}

// TestReshapeAllocatesNothing checks that a steady-state Reshape with a
// variadic shape reuses its buffers.
func TestReshapeAllocatesNothing(t *testing.T) {
	a := tensor.New(4, 6)
	var tp tensor.Tape
	tp.Reshape(a, 2, 12)
	if n := testing.AllocsPerRun(20, func() { tp.Reset(); tp.Reshape(a, 2, 12) }); n != 0 {
		t.Errorf("Reshape allocates %v times per pass, want 0", n)
	}
}
