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

func TestCheckerboard(t *testing.T) {
	for _, side := range []int{2, 3, 28} {
		dim := side * side
		perm, black := checkerboard(dim)
		if want := (dim + 1) / 2; black != want {
			t.Errorf("%d×%d: %d black squares, want %d", side, side, black, want)
		}
		seen := make([]bool, dim)
		for i, j := range perm {
			if j < 0 || j >= dim || seen[j] {
				t.Fatalf("%d×%d: perm %v is not a permutation", side, side, perm)
			}
			seen[j] = true
			// Positions [0, black) hold the squares with row + column
			// even, so each of their four neighbours is on the other side.
			if even := (j/side+j%side)%2 == 0; even != (i < black) {
				t.Errorf("%d×%d: position %d holds pixel (%d, %d)", side, side, i, j/side, j%side)
			}
			if i > 0 && i != black && perm[i-1] > j {
				t.Errorf("%d×%d: pixels not in raster order at position %d", side, side, i)
			}
		}
	}
	if got := fmt.Sprint(checkerboard(9)); got != "[0 2 4 6 8 1 3 5 7] 5" {
		t.Errorf("checkerboard(9) = %s", got)
	}
}

// roundTripModels are the flows the round-trip tests run on: untrained ones
// with random scale factors, bounded and not, in 2 and 5 dimensions, with
// checkerboard masks and with the logit layer, and a trained one.
func roundTripModels(t *testing.T) map[string]*Model {
	r := rng.New(11)
	out := map[string]*Model{"trained on moons": moonsModel(t)}
	for _, c := range []struct {
		name    string
		dim     int
		bounded bool
		mask    string
		logit   float32
	}{
		{"untrained, tanh-bounded s", 2, true, "", 0},
		{"untrained, unbounded s", 2, false, "", 0},
		{"untrained, 5D", 5, true, "", 0},
		{"untrained, 3×3 checkerboard", 9, true, MaskCheckerboard, 0},
		{"untrained, 4×4 checkerboard, logit", 16, true, MaskCheckerboard, 1e-6},
		{"untrained, 5D, logit", 5, true, MaskAlternate, 0.05},
	} {
		cfg := Default()
		cfg.TanhScale, cfg.Mask, cfg.Logit = c.bounded, c.mask, c.logit
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
// (the unit cube with the logit layer) and f(f⁻¹(z)) = z on base samples, to
// 1e-5, and that the two log-dets are opposite.
func TestRoundTrip(t *testing.T) {
	const n, tol = 1000, 1e-5
	for name, m := range roundTripModels(t) {
		r := rng.New(5)
		d := m.Dim()
		x := make([]float32, d*n)
		for i := range x {
			x[i] = 8*r.Float32() - 4 // U[−4, 4], the view of the 2D sets
			if m.Config().Logit > 0 {
				x[i] = r.Float32() // U[0, 1), the logit layer's domain
			}
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
// the papers with the model's weights, the oracle for Forward: the logit
// layer y = logit(α + (1 − 2α)x) (Real NVP §4.1), then per coupling eq. 9
// on the coordinates its mask keeps. A masked coupling's network reads b ⊙ x
// (all D coordinates) and writes ŝ, t for every coordinate; a split one
// (checkerboard) reads the kept pixels and writes ŝ, t for the others, each
// in raster order, without the permutation the model stores them in.
func forward64(m *Model, x []float64) []float64 {
	y := append([]float64(nil), x...)
	d := len(y)
	if a := float64(m.cfg.Logit); a > 0 {
		for j, v := range y {
			s := a + (1-2*a)*v
			y[j] = math.Log(s / (1 - s))
		}
	}
	side := isqrt(d)
	for k, c := range m.layers {
		// kept[j]: coordinate j conditions the others in coupling k.
		kept := make([]bool, d)
		for j := range kept {
			if c.mask != nil {
				kept[j] = c.mask.Data[j] == 1
			} else {
				kept[j] = ((j/side+j%side)%2 == 0) == (k%2 == 0)
			}
		}
		var in []float64
		var moved []int // the coordinates whose ŝ, t the network writes, in order
		for j := range y {
			switch {
			case c.mask != nil:
				in = append(in, float64(c.mask.Data[j])*y[j])
				moved = append(moved, j)
			case kept[j]:
				in = append(in, y[j])
			default:
				moved = append(moved, j)
			}
		}
		h := mlp64(c, in)
		for i, j := range moved {
			if kept[j] {
				continue
			}
			s, t := h[i], h[len(moved)+i]
			if c.scale != nil {
				s = float64(c.scale.Data[i]) * math.Tanh(s)
			}
			y[j] = y[j]*math.Exp(s) + t
		}
	}
	return y
}

// mlp64 evaluates c's network on in in float64: Linear layers with ReLU
// between them.
func mlp64(c *coupling, in []float64) []float64 {
	h := in
	for li, l := range c.net.Layers {
		n, out := l.W.Shape[0], l.W.Shape[1]
		next := make([]float64, out)
		for o := range out {
			v := float64(l.B.Data[o])
			for i := range n {
				v += h[i] * float64(l.W.Data[i*out+o])
			}
			if li < len(c.net.Layers)-1 {
				v = math.Max(v, 0)
			}
			next[o] = v
		}
		h = next
	}
	return h
}

// logAbsDet returns ln|det a| of the n×n matrix a (row-major), by Gaussian
// elimination with partial pivoting. It overwrites a.
func logAbsDet(a []float64, n int) float64 {
	var ld float64
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r*n+c]) > math.Abs(a[p*n+c]) {
				p = r
			}
		}
		for k := range n {
			a[c*n+k], a[p*n+k] = a[p*n+k], a[c*n+k]
		}
		piv := a[c*n+c]
		ld += math.Log(math.Abs(piv))
		for r := c + 1; r < n; r++ {
			f := a[r*n+c] / piv
			for k := c; k < n; k++ {
				a[r*n+k] -= f * a[c*n+k]
			}
		}
	}
	return ld
}

// TestLogDetFiniteDifference compares Forward's z and log|det J| with the
// float64 oracle: z directly, the log-det with the log-determinant of a
// central-difference Jacobian of forward64. It covers the trained 2D flow
// and untrained image flows with random scale factors, checkerboard masks
// and the logit layer.
func TestLogDetFiniteDifference(t *testing.T) {
	r := rng.New(3)
	image := func(dim int, mask string, logit float32) *Model {
		cfg := Default()
		cfg.Couplings, cfg.Hidden, cfg.Mask, cfg.Logit = 4, 16, mask, logit
		m, err := New(cfg, dim, r)
		if err != nil {
			t.Fatal(err)
		}
		randomizeScales(m, r)
		return m
	}
	for _, c := range []struct {
		name string
		m    *Model
		lo   float32 // the points are uniform in [lo, hi]^D
		hi   float32
	}{
		{"trained on moons", moonsModel(t), -3, 3},
		{"3×3 checkerboard", image(9, MaskCheckerboard, 0), -2, 2},
		{"3×3 checkerboard, logit", image(9, MaskCheckerboard, 0.05), 0.02, 0.98},
		{"9D alternate, logit", image(9, MaskAlternate, 1e-6), 0.02, 0.98},
	} {
		const h = 1e-6
		m, d := c.m, c.m.Dim()
		var worst float64
		for range 10 {
			x := make([]float32, d)
			x64 := make([]float64, d)
			for j := range x {
				x[j] = c.lo + (c.hi-c.lo)*r.Float32()
				x64[j] = float64(x[j])
			}
			z, ld := make([]float32, d), make([]float32, 1)
			m.Forward(z, ld, x)
			z64 := forward64(m, x64)
			for j := range z {
				if e := math.Abs(float64(z[j]) - z64[j]); e > 1e-4*math.Max(1, math.Abs(z64[j])) {
					t.Errorf("%s: x = %v: z[%d] = %v, float64 oracle %v", c.name, x, j, z[j], z64[j])
				}
			}
			jac := make([]float64, d*d) // jac[i*d+j] = ∂zᵢ/∂xⱼ
			for j := range d {
				up, down := append([]float64(nil), x64...), append([]float64(nil), x64...)
				up[j] += h
				down[j] -= h
				zu, zd := forward64(m, up), forward64(m, down)
				for i := range d {
					jac[i*d+j] = (zu[i] - zd[i]) / (2 * h)
				}
			}
			want := logAbsDet(jac, d)
			e := math.Abs(float64(ld[0]) - want)
			worst = math.Max(worst, e)
			if e > 1e-4*math.Max(1, math.Abs(want)) {
				t.Errorf("%s: x = %v: log|det J| = %v, finite differences %v", c.name, x, ld[0], want)
			}
		}
		t.Logf("%s: largest |log|det J| − finite differences| = %.2g", c.name, worst)
	}
}

// TestGradCheck checks the gradient of the NLL with respect to every weight
// of tiny flows, bounded and not, in 2 and 3 dimensions, and on a 2×2 image
// with checkerboard masks and the logit layer, against finite differences.
func TestGradCheck(t *testing.T) {
	for _, c := range []struct {
		dim, couplings int
		bounded        bool
		mask           string
		logit          float32
	}{{2, 2, true, "", 0}, {2, 2, false, "", 0}, {3, 4, true, "", 0}, {4, 3, true, MaskCheckerboard, 0.05}} {
		cfg := Default()
		cfg.Couplings, cfg.Hidden, cfg.Depth, cfg.TanhScale = c.couplings, 5, 2, c.bounded
		cfg.Mask, cfg.Logit = c.mask, c.logit
		r := rng.New(8)
		m, err := New(cfg, c.dim, r)
		if err != nil {
			t.Fatal(err)
		}
		randomizeScales(m, r)
		x := tensor.New(6, c.dim)
		r.FillNormal(x.Data)
		if c.logit > 0 {
			for i := range x.Data {
				x.Data[i] = r.Float32()
			}
		}
		f := func(tp *tensor.Tape) *tensor.Tensor { return m.nll(tp, x) }
		if err := tensortest.GradCheck(f, 1e-2, 2e-2, m.params...); err != nil {
			t.Errorf("%+v: %v", c, err)
		}
	}
}
