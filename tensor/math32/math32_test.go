package math32

import (
	"math"
	"testing"
)

// ulps returns the distance in units in the last place between got and the
// exact value want rounded to float32.
func ulps(got float32, want float64) float64 {
	w := float32(want)
	if got == w {
		return 0
	}
	if math.IsInf(float64(w), 0) || math.IsInf(float64(got), 0) {
		return math.Inf(1)
	}
	ulp := math.Nextafter32(w, float32(math.Inf(1))) - w
	if ulp == 0 || math.IsInf(float64(ulp), 0) {
		ulp = w - math.Nextafter32(w, float32(math.Inf(-1)))
	}
	return math.Abs(float64(got)-want) / float64(ulp)
}

// sweep calls f on n points spaced evenly in [lo, hi] and returns the worst
// ulp error against ref and where it occurred.
func sweep(f func(float32) float32, ref func(float64) float64, lo, hi float64, n int) (worst float64, at float32) {
	for i := 0; i <= n; i++ {
		x := float32(lo + (hi-lo)*float64(i)/float64(n))
		if e := ulps(f(x), ref(float64(x))); e > worst {
			worst, at = e, x
		}
	}
	return
}

func TestAccuracy(t *testing.T) {
	sigmoid := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	cases := []struct {
		name   string
		f      func(float32) float32
		ref    func(float64) float64
		lo, hi float64
	}{
		{"Exp", Exp, math.Exp, -87, 88.7},
		{"Exp small", Exp, math.Exp, -1, 1},
		{"Exp subnormal", Exp, math.Exp, -103, -87.4},
		{"Log", Log, math.Log, 1e-30, 1e30},
		{"Log near 1", Log, math.Log, 0.5, 2},
		{"Log tiny", Log, math.Log, 1e-44, 1e-37},
		{"Tanh", Tanh, math.Tanh, -12, 12},
		{"Tanh small", Tanh, math.Tanh, -0.7, 0.7},
		{"Sigmoid", Sigmoid, sigmoid, -80, 30},
		{"Sqrt", Sqrt, math.Sqrt, 0, 1e6},
	}
	for _, c := range cases {
		worst, at := sweep(c.f, c.ref, c.lo, c.hi, 1_000_003)
		if worst > 2 {
			t.Errorf("%s: %.2f ulp at %v, want <= 2", c.name, worst, at)
		}
		t.Logf("%s on [%g, %g]: worst %.2f ulp", c.name, c.lo, c.hi, worst)
	}
}

func TestSpecialCases(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	if Exp(inf) != inf || Exp(-inf) != 0 || Exp(100) != inf || Exp(0) != 1 {
		t.Error("Exp special cases")
	}
	if Log(0) != -inf || Log(inf) != inf || Log(1) != 0 || Log(-1) == Log(-1) || Log(nan) == Log(nan) {
		t.Error("Log special cases")
	}
	if Tanh(inf) != 1 || Tanh(-inf) != -1 || Tanh(0) != 0 {
		t.Error("Tanh special cases")
	}
}
