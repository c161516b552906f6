package nn

import (
	"math"
	"slices"
	"testing"

	"genplay/tensor"
	"genplay/tensor/optim"
	"genplay/tensor/rng"
	"genplay/tensor/tensortest"
)

func TestLinearInitBounds(t *testing.T) {
	l := NewLinear(16, 8, rng.New(1))
	for _, p := range l.Params() {
		for _, v := range p.Data {
			if v < -0.25 || v > 0.25 {
				t.Fatalf("init value %v outside ±1/√16", v)
			}
		}
	}
}

func TestMLPGradient(t *testing.T) {
	r := rng.New(2)
	m := NewMLP(r, 3, 5, 4, 2)
	x, y := tensor.New(6, 3), tensor.New(6, 2)
	r.FillNormal(x.Data)
	r.FillNormal(y.Data)
	f := func(tp *tensor.Tape) *tensor.Tensor { return tp.MSE(m.Forward(tp, x), y) }
	if err := tensortest.GradCheck(f, 1e-2, 2e-2, m.Params()...); err != nil {
		t.Fatal(err)
	}
}

func TestSinusoidal(t *testing.T) {
	dst := make([]float32, 8)
	Sinusoidal(dst, 0)
	for i := range 4 {
		if dst[i] != 0 || dst[4+i] != 1 {
			t.Fatalf("embedding of 0 = %v, want sin 0s then cos 1s", dst)
		}
	}
	Sinusoidal(dst, 500)
	// ω₀ = 1, ω₁ = 10000^(-1/4) = 0.1.
	if math.Abs(float64(dst[0])-math.Sin(500)) > 1e-4 || math.Abs(float64(dst[5])-math.Cos(50)) > 1e-4 {
		t.Errorf("embedding of 500 = %v", dst)
	}
}

// TestTrainStepAllocatesNothing checks the tape's promise: after the first
// step, forward, backward and Adam allocate nothing.
func TestTrainStepAllocatesNothing(t *testing.T) {
	r := rng.New(3)
	m := NewMLP(r, 3, 32, 32, 2)
	x, y := tensor.New(64, 3), tensor.New(64, 2)
	r.FillNormal(x.Data)
	r.FillNormal(y.Data)
	opt := optim.NewAdam(1e-3)
	params := m.Params()
	var tp tensor.Tape
	step := func() {
		tp.Reset()
		tp.Backward(tp.MSE(m.Forward(&tp, x), y))
		opt.Step(params)
	}
	step()
	if allocs := testing.AllocsPerRun(20, step); allocs != 0 {
		t.Errorf("training step allocates %v times, want 0", allocs)
	}
}

// TestMLPLearns fits y = sin(x₀) + x₁² and expects the loss to fall tenfold.
func TestMLPLearns(t *testing.T) {
	r := rng.New(4)
	m := NewMLP(r, 2, 32, 32, 1)
	x, y := tensor.New(128, 2), tensor.New(128, 1)
	r.FillNormal(x.Data)
	for i := range 128 {
		y.Data[i] = float32(math.Sin(float64(x.Data[2*i]))) + x.Data[2*i+1]*x.Data[2*i+1]
	}
	opt := optim.NewAdam(1e-2)
	var tp tensor.Tape
	var first, last float32
	for i := range 500 {
		tp.Reset()
		loss := tp.MSE(m.Forward(&tp, x), y)
		if i == 0 {
			first = loss.Data[0]
		}
		last = loss.Data[0]
		tp.Backward(loss)
		opt.Step(m.Params())
	}
	if last > first/10 {
		t.Errorf("loss went from %v to %v, want a tenfold fall", first, last)
	}
}

func TestLayerNorm(t *testing.T) {
	r := rng.New(5)
	l := NewLayerNorm(6)
	x := tensor.NewParam(4, 6)
	r.FillNormal(x.Data)
	for i := range x.Data {
		x.Data[i] = 3*x.Data[i] + 2
	}
	var tp tensor.Tape
	y := l.Forward(&tp, x)
	for i := range 4 {
		var m, v float64
		for _, u := range y.Data[i*6 : (i+1)*6] {
			m += float64(u) / 6
		}
		for _, u := range y.Data[i*6 : (i+1)*6] {
			v += (float64(u) - m) * (float64(u) - m) / 6
		}
		if math.Abs(m) > 1e-5 || math.Abs(v-1) > 1e-3 {
			t.Errorf("row %d: mean %v var %v, want 0 and 1", i, m, v)
		}
	}
	r.FillNormal(l.Gamma.Data)
	r.FillNormal(l.Beta.Data)
	w := tensor.New(4, 6)
	r.FillNormal(w.Data)
	f := func(tp *tensor.Tape) *tensor.Tensor { return tp.Sum(tp.Mul(l.Forward(tp, x), w)) }
	if err := tensortest.GradCheck(f, 1e-2, 3e-2, append(l.Params(), x)...); err != nil {
		t.Fatal(err)
	}
}

func TestConvLayersGradient(t *testing.T) {
	r := rng.New(6)
	c := NewConv2d(2, 3, 3, 2, 1, r)
	d := NewConvTranspose2d(3, 2, 4, 2, 1, r)
	x := tensor.NewParam(2, 2, 6, 6)
	r.FillNormal(x.Data)
	var tp tensor.Tape
	y := d.Forward(&tp, tp.Relu(c.Forward(&tp, x)))
	if want := []int{2, 2, 6, 6}; !slices.Equal(y.Shape, want) {
		t.Fatalf("encoder-decoder output shape %v, want %v", y.Shape, want)
	}
	w := tensor.New(y.Shape...)
	r.FillNormal(w.Data)
	f := func(tp *tensor.Tape) *tensor.Tensor {
		return tp.Sum(tp.Mul(d.Forward(tp, tp.Tanh(c.Forward(tp, x))), w))
	}
	if err := tensortest.GradCheck(f, 1e-2, 3e-2, append(append(c.Params(), d.Params()...), x)...); err != nil {
		t.Fatal(err)
	}
}
