package flow

import (
	"fmt"
	"math"
	"testing"

	"genplay/tensor"
	"genplay/tensor/rng"
	"genplay/tensor/tensortest"
)

func TestMasks(t *testing.T) {
	got := masks(4, 2)
	want := [][]float32{{1, 0}, {0, 1}, {1, 0}, {0, 1}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("masks(4, 2) = %v, want %v (x and y alternate)", got, want)
	}
	for _, dim := range []int{2, 3, 5, 784} {
		ms := masks(9, dim)
		for k, m := range ms {
			var kept int
			for _, b := range m {
				kept += int(b)
			}
			if kept == 0 || kept == dim {
				t.Errorf("dim %d coupling %d keeps %d of %d coordinates, want some kept and some transformed", dim, k, kept, dim)
			}
			// Couplings 2i and 2i+1 are complements: between them every
			// coordinate is transformed once.
			if k%2 == 1 {
				for j := range m {
					if m[j]+ms[k-1][j] != 1 {
						t.Errorf("dim %d couplings %d and %d both have b[%d] = %v", dim, k-1, k, j, m[j])
						break
					}
				}
			}
		}
	}
}

// roundTripModels are the flows the round-trip tests run on: untrained ones
// with random scale factors, bounded and not, in 2 and 5 dimensions, and a
// trained one.
func roundTripModels(t *testing.T) map[string]*Model {
	r := rng.New(11)
	out := map[string]*Model{"trained on moons": moonsModel(t)}
	for _, c := range []struct {
		name    string
		dim     int
		bounded bool
	}{{"untrained, tanh-bounded s", 2, true}, {"untrained, unbounded s", 2, false}, {"untrained, 5D", 5, true}} {
		cfg := Default()
		cfg.TanhScale = c.bounded
		m, err := New(cfg, c.dim, r)
		if err != nil {
			t.Fatal(err)
		}
		randomizeScales(m, r)
		out[c.name] = m
	}
	return out
}

// TestRoundTrip checks f⁻¹(f(x)) = x on points spread over the data's range
// and f(f⁻¹(z)) = z on base samples, to 1e-5, and that the two log-dets are
// opposite.
func TestRoundTrip(t *testing.T) {
	const n, tol = 1000, 1e-5
	for name, m := range roundTripModels(t) {
		r := rng.New(5)
		d := m.Dim()
		x := make([]float32, d*n)
		for i := range x {
			x[i] = 8*r.Float32() - 4 // U[−4, 4], the view of the 2D sets
		}
		z, back := make([]float32, d*n), make([]float32, d*n)
		ldF, ldI := make([]float32, n), make([]float32, n)
		m.Forward(z, ldF, x)
		m.Inverse(back, ldI, z)
		e1 := maxAbsDiff(back, x)
		if e := e1; e > tol {
			t.Errorf("%s: max |f⁻¹(f(x)) − x| = %.3g, want <= %g", name, e, tol)
		}
		for i := range ldI {
			ldI[i] = -ldI[i]
		}
		if e := maxAbsDiff(ldF, ldI); e > 1e-4 {
			t.Errorf("%s: max |log det f'(x) + log det f⁻¹'(f(x))| = %.3g, want <= 1e-4", name, e)
		}

		r.FillNormal(z)
		m.Inverse(x, nil, z)
		m.Forward(back, nil, x)
		e2 := maxAbsDiff(back, z)
		if e2 > tol {
			t.Errorf("%s: max |f(f⁻¹(z)) − z| = %.3g, want <= %g", name, e2, tol)
		}
		t.Logf("%s: max |f⁻¹(f(x)) − x| = %.2g, max |f(f⁻¹(z)) − z| = %.2g", name, e1, e2)
	}
}

// forward64 is an independent float64 evaluation of the flow f, written from
// eq. 9 with the model's weights, the oracle for Forward.
func forward64(m *Model, x []float64) []float64 {
	y := append([]float64(nil), x...)
	for _, c := range m.layers {
		d := len(y)
		h := make([]float64, d)
		for j := range h {
			h[j] = float64(c.mask.Data[j]) * y[j]
		}
		for li, l := range c.net.Layers {
			in, out := l.W.Shape[0], l.W.Shape[1]
			next := make([]float64, out)
			for o := range out {
				v := float64(l.B.Data[o])
				for i := range in {
					v += h[i] * float64(l.W.Data[i*out+o])
				}
				if li < len(c.net.Layers)-1 {
					v = math.Max(v, 0)
				}
				next[o] = v
			}
			h = next
		}
		for j := range y {
			if c.mask.Data[j] == 1 {
				continue
			}
			s := h[j]
			if c.scale != nil {
				s = float64(c.scale.Data[j]) * math.Tanh(s)
			}
			y[j] = y[j]*math.Exp(s) + h[d+j]
		}
	}
	return y
}

// TestLogDetFiniteDifference compares Forward's z and log|det J| with the
// float64 oracle: z directly, the log-det with the log-determinant of a
// central-difference Jacobian of forward64.
func TestLogDetFiniteDifference(t *testing.T) {
	m := moonsModel(t)
	r := rng.New(3)
	const h = 1e-6
	var worst float64
	for range 20 {
		x := []float32{6*r.Float32() - 3, 4*r.Float32() - 2}
		z, ld := make([]float32, 2), make([]float32, 1)
		m.Forward(z, ld, x)
		x64 := []float64{float64(x[0]), float64(x[1])}
		z64 := forward64(m, x64)
		for j := range z {
			if d := math.Abs(float64(z[j]) - z64[j]); d > 1e-4*math.Max(1, math.Abs(z64[j])) {
				t.Errorf("x = %v: z[%d] = %v, float64 oracle %v", x, j, z[j], z64[j])
			}
		}
		var jac [2][2]float64 // jac[i][j] = ∂zᵢ/∂xⱼ
		for j := range 2 {
			up, down := append([]float64(nil), x64...), append([]float64(nil), x64...)
			up[j] += h
			down[j] -= h
			zu, zd := forward64(m, up), forward64(m, down)
			for i := range 2 {
				jac[i][j] = (zu[i] - zd[i]) / (2 * h)
			}
		}
		want := math.Log(math.Abs(jac[0][0]*jac[1][1] - jac[0][1]*jac[1][0]))
		worst = math.Max(worst, math.Abs(float64(ld[0])-want))
		if d := math.Abs(float64(ld[0]) - want); d > 1e-4*math.Max(1, math.Abs(want)) {
			t.Errorf("x = %v: log|det J| = %v, finite differences %v", x, ld[0], want)
		}
	}
	t.Logf("largest |log|det J| − finite differences| = %.2g", worst)
}

// TestGradCheck checks the gradient of the NLL with respect to every weight
// of tiny flows, bounded and not, in 2 and 3 dimensions, against finite
// differences.
func TestGradCheck(t *testing.T) {
	for _, c := range []struct {
		dim, couplings int
		bounded        bool
	}{{2, 2, true}, {2, 2, false}, {3, 4, true}} {
		cfg := Default()
		cfg.Couplings, cfg.Hidden, cfg.Depth, cfg.TanhScale = c.couplings, 5, 2, c.bounded
		r := rng.New(8)
		m, err := New(cfg, c.dim, r)
		if err != nil {
			t.Fatal(err)
		}
		randomizeScales(m, r)
		x := tensor.New(6, c.dim)
		r.FillNormal(x.Data)
		f := func(tp *tensor.Tape) *tensor.Tensor { return m.nll(tp, x) }
		if err := tensortest.GradCheck(f, 1e-2, 2e-2, m.params...); err != nil {
			t.Errorf("%+v: %v", c, err)
		}
	}
}
