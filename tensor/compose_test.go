package tensor_test

import (
	"math"
	"testing"

	"genplay/tensor"
	"genplay/tensor/rng"
	"genplay/tensor/tensortest"
)

func TestCompositionValues(t *testing.T) {
	xs := []float32{-30, -5, -1.5, -0.3, 0, 0.2, 1, 4, 30}
	x := tensor.FromData(xs, len(xs))
	sig := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	cases := []struct {
		name string
		f    func(tp *tensor.Tape) *tensor.Tensor
		ref  func(v float64) float64
	}{
		{"Softplus", func(tp *tensor.Tape) *tensor.Tensor { return tp.Softplus(x) }, func(v float64) float64 { return math.Log1p(math.Exp(v)) }},
		{"Sigmoid", func(tp *tensor.Tape) *tensor.Tensor { return tp.Sigmoid(x) }, sig},
		{"Tanh", func(tp *tensor.Tape) *tensor.Tensor { return tp.Tanh(x) }, math.Tanh},
		{"SiLU", func(tp *tensor.Tape) *tensor.Tensor { return tp.SiLU(x) }, func(v float64) float64 { return v * sig(v) }},
		{"GELU", func(tp *tensor.Tape) *tensor.Tensor { return tp.GELU(x) }, func(v float64) float64 {
			return 0.5 * v * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(v+0.044715*v*v*v)))
		}},
		{"LeakyReLU", func(tp *tensor.Tape) *tensor.Tensor { return tp.LeakyReLU(x, 0.2) }, func(v float64) float64 { return math.Max(v, 0.2*v) }},
		{"Abs", func(tp *tensor.Tape) *tensor.Tensor { return tp.Abs(x) }, math.Abs},
		{"Sqrt∘Abs", func(tp *tensor.Tape) *tensor.Tensor { return tp.Sqrt(tp.AddScalar(tp.Abs(x), 1e-3)) }, func(v float64) float64 {
			return math.Sqrt(math.Abs(v) + 1e-3)
		}},
	}
	for _, c := range cases {
		var tp tensor.Tape
		got := c.f(&tp)
		for i, v := range xs {
			want := c.ref(float64(v))
			if math.Abs(float64(got.Data[i])-want) > 1e-6+2e-6*math.Abs(want) {
				t.Errorf("%s(%v) = %v, want %v", c.name, v, got.Data[i], want)
			}
		}
	}
}

func TestLossValues(t *testing.T) {
	var tp tensor.Tape
	// BCE of p = σ(z) against y: −y log p − (1−y) log(1−p).
	z, y := tensor.FromData([]float32{-2, 0.5, 3}, 3), tensor.FromData([]float32{0, 1, 0.25}, 3)
	bce := tp.BCEWithLogits(z, y)
	for i := range 3 {
		p := 1 / (1 + math.Exp(-float64(z.Data[i])))
		yi := float64(y.Data[i])
		want := -yi*math.Log(p) - (1-yi)*math.Log(1-p)
		if math.Abs(float64(bce.Data[i])-want) > 1e-6 {
			t.Errorf("BCE[%d] = %v, want %v", i, bce.Data[i], want)
		}
	}
	// log N(1; 0.5, e^0.4).
	lp := tp.GaussianLogDensity(tensor.FromData([]float32{1}, 1), tensor.FromData([]float32{0.5}, 1), tensor.FromData([]float32{0.4}, 1))
	v := math.Exp(0.4)
	if want := -0.5*math.Log(2*math.Pi*v) - 0.25/(2*v); math.Abs(float64(lp.Data[0])-want) > 1e-6 {
		t.Errorf("log density %v, want %v", lp.Data[0], want)
	}
	// KL(N(1, 4) ‖ N(0, 1)) = ½(4 + 1 − 1 − ln 4).
	kl := tp.KLDiagGaussians(tensor.FromData([]float32{1}, 1), tensor.FromData([]float32{float32(math.Log(4))}, 1),
		tensor.FromData([]float32{0}, 1), tensor.FromData([]float32{0}, 1))
	if want := 0.5 * (4 - math.Log(4)); math.Abs(float64(kl.Data[0])-want) > 1e-6 {
		t.Errorf("KL %v, want %v", kl.Data[0], want)
	}
	// LogSumExp stays finite where a naive sum of exponentials overflows.
	a := tensor.FromData([]float32{1000, 1000, -5, 0}, 2, 2)
	lse := tp.LogSumExp(a, 1)
	if want := 1000 + math.Log(2); math.Abs(float64(lse.Data[0])-want) > 1e-3 || math.Abs(float64(lse.Data[1])-math.Log(math.Exp(-5)+1)) > 1e-6 {
		t.Errorf("LogSumExp = %v", lse.Data)
	}
}

func TestCompositionGradients(t *testing.T) {
	r := rng.New(6)
	a, b, w := randParam(r, 3, 4), randParam(r, 3, 4), randParam(r, 3, 4)
	for name, f := range map[string]func(tp *tensor.Tape) *tensor.Tensor{
		"GELU":      func(tp *tensor.Tape) *tensor.Tensor { return tp.Sum(tp.Mul(tp.GELU(a), w)) },
		"Tanh":      func(tp *tensor.Tape) *tensor.Tensor { return tp.Sum(tp.Mul(tp.Tanh(a), w)) },
		"LogSumExp": func(tp *tensor.Tape) *tensor.Tensor { return tp.Sum(tp.LogSumExp(tp.Mul(a, w), 1)) },
		"BCE":       func(tp *tensor.Tape) *tensor.Tensor { return tp.Mean(tp.BCEWithLogits(a, tp.Sigmoid(b))) },
		"KL":        func(tp *tensor.Tape) *tensor.Tensor { return tp.Sum(tp.KLDiagGaussians(a, b, w, tp.Scale(a, 0.5))) },
	} {
		if err := tensortest.GradCheck(f, 1e-2, 2e-2, a, b, w); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
