package kernel

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"genplay/tensor/rng"
)

// guard is the value written around every destination; a kernel that
// touches it writes out of bounds.
const guard = float32(-12345.5)

// guarded returns a slice of n random values with pad guard values on each
// side, and the view of the n values.
func guarded(r *rng.PCG, n, pad int) (all, view []float32) {
	all = make([]float32, n+2*pad)
	for i := range all {
		all[i] = guard
	}
	view = all[pad : pad+n]
	for i := range view {
		view[i] = r.Normal()
	}
	return all, view
}

func checkGuards(t *testing.T, all []float32, pad int) {
	t.Helper()
	for i := range pad {
		if all[i] != guard || all[len(all)-1-i] != guard {
			t.Fatalf("guard band overwritten at %d from an end", i)
		}
	}
}

type gemmFunc func(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)

// gemmForms lists the exported kernels with their plain-Go loops and blas32
// transpose flags.
var gemmForms = []struct {
	name   string
	f, ref gemmFunc
	ta, tb blas.Transpose
}{
	{"NN", GemmNN, gemmNNGo, blas.NoTrans, blas.NoTrans},
	{"TN", GemmTN, gemmTNGo, blas.Trans, blas.NoTrans},
	{"NT", GemmNT, gemmNTGo, blas.NoTrans, blas.Trans},
	{"TT", GemmTT, gemmTTGo, blas.Trans, blas.Trans},
}

// gemmSizes covers 1..12 densely (every residue of the wasm tiles, 4×8 and
// 8×4, and of the Go loops' 2-row and 4-step blocks, and sizes below a
// tile), then both sides of 16, 32 and 64, up to 67.
var gemmSizes = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 17, 31, 32, 33, 63, 64, 65, 66, 67}

// modelShapes are the products of genplay's models as the tape calls them
// (m, n, k of the form at hand): batch 128–512, widths 2–784, k = 2–3
// inputs and n = 2 outputs, and a few past a packed block of A with edges
// on every side.
var modelShapes = [][3]int{
	{256, 128, 3}, {256, 2, 128}, {256, 128, 2}, {128, 2, 256}, {3, 128, 256}, {2, 64, 512},
	{512, 64, 18}, {18, 64, 512}, {512, 2, 64}, {64, 2, 512}, {512, 64, 2},
	{128, 400, 784}, {128, 20, 400}, {400, 20, 128}, {20, 400, 128}, {128, 784, 400},
	{13, 11, blockK + 5}, {7, 3, 2*blockK + 1},
}

// gemmLarge are shapes past the small sizes: odd sizes on every side, the
// benchmark size, and depths that cross one and two packed blocks of A.
var gemmLarge = [][3]int{{130, 67, 129}, {256, 256, 256}, {67, 33, blockK + 1}, {9, 5, 2*blockK + 3}}

func TestGemmAgainstBlas32(t *testing.T) {
	r := rng.New(1)
	for _, fm := range gemmForms {
		for _, m := range gemmSizes {
			for _, n := range gemmSizes {
				for _, k := range gemmSizes {
					// beta alternates with the parity of m+n+k, which halves
					// the time (it matters under wasm) and still gives each
					// residue of m, n and k both betas.
					beta := float32((m + n + k) % 2)
					gemmCase(t, r, fm.name, fm.f, fm.ta, fm.tb, m, n, k, beta)
				}
			}
		}
		for _, s := range gemmLarge {
			for _, beta := range []float32{0, 1, 0.5} {
				gemmCase(t, r, fm.name, fm.f, fm.ta, fm.tb, s[0], s[1], s[2], beta)
			}
		}
		for i, s := range modelShapes {
			gemmCase(t, r, fm.name, fm.f, fm.ta, fm.tb, s[0], s[1], s[2], float32(i%2))
		}
		// Other betas and an empty product.
		for _, s := range [][3]int{{5, 3, 7}, {8, 4, 9}, {3, 5, 0}} {
			for _, beta := range []float32{0, 1, 0.5, -2} {
				gemmCase(t, r, fm.name, fm.f, fm.ta, fm.tb, s[0], s[1], s[2], beta)
			}
		}
	}
}

func gemmCase(t *testing.T, r *rng.PCG, form string, f gemmFunc, ta, tb blas.Transpose, m, n, k int, beta float32) {
	t.Helper()
	const pad = 7
	name := fmt.Sprintf("%s/m=%d,n=%d,k=%d,beta=%v", form, m, n, k, beta)
	// Leading dimensions larger than the rows, so strides are exercised.
	ar, ac := m, k
	if ta == blas.Trans {
		ar, ac = k, m
	}
	br, bc := k, n
	if tb == blas.Trans {
		br, bc = n, k
	}
	lda, ldb, ldc := ac+2, bc+1, n+3
	_, a := guarded(r, max(ar-1, 0)*lda+ac, pad)
	_, b := guarded(r, max(br-1, 0)*ldb+bc, pad)
	call, c := guarded(r, (m-1)*ldc+n, pad)
	want := append([]float32(nil), c...)
	blas32.Implementation().Sgemm(ta, tb, m, n, k, 1, a, lda, b, ldb, beta, want, ldc)
	f(m, n, k, a, lda, b, ldb, beta, c, ldc)
	checkGuards(t, call, pad)
	for i := range m {
		for j := range n {
			g, w := c[i*ldc+j], want[i*ldc+j]
			if math.Abs(float64(g-w)) > 1e-4*(1+math.Abs(float64(w)))*float64(k+1) {
				t.Fatalf("%s: C[%d,%d] = %v, want %v", name, i, j, g, w)
			}
		}
		// Padding between rows is part of C's storage but not of C.
		for j := n; j < ldc && i < m-1; j++ {
			if c[i*ldc+j] != want[i*ldc+j] {
				t.Fatalf("%s: padding C[%d,%d] changed", name, i, j)
			}
		}
	}
}

// orderedGemm is the per-element summation order every implementation must
// follow (gemm.go), written as plainly as possible: at and bt say whether A
// is stored k×m and B n×k.
func orderedGemm(at, bt bool, m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := range m {
		for j := range n {
			var s float32
			if beta != 0 {
				s = beta * c[i*ldc+j]
			}
			for p := range k {
				ia, ib := i*lda+p, p*ldb+j
				if at {
					ia = p*lda + i
				}
				if bt {
					ib = j*ldb + p
				}
				s += float32(a[ia] * b[ib])
			}
			c[i*ldc+j] = s
		}
	}
}

// randomShape returns a shape with each side in 1..maxSide, and now and
// then a depth past a packed block of A.
func randomShape(r *rng.PCG, maxSide int) (m, n, k int) {
	m, n, k = 1+r.Intn(maxSide), 1+r.Intn(maxSide), 1+r.Intn(maxSide)
	if r.Intn(8) == 0 {
		k = blockK - 2 + r.Intn(2*blockK)
	}
	return m, n, k
}

// gemmOperands returns random A, B and C for the shape in the storage of the
// given form, with leading dimensions a little larger than the rows.
func gemmOperands(r *rng.PCG, ta, tb blas.Transpose, m, n, k int) (a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	ar, ac := m, k
	if ta == blas.Trans {
		ar, ac = k, m
	}
	br, bc := k, n
	if tb == blas.Trans {
		br, bc = n, k
	}
	lda, ldb, ldc = ac+1, bc+3, n+2
	a, b, c = make([]float32, (ar-1)*lda+ac), make([]float32, (br-1)*ldb+bc), make([]float32, (m-1)*ldc+n)
	r.FillNormal(a)
	r.FillNormal(b)
	r.FillNormal(c)
	return a, lda, b, ldb, c, ldc
}

// TestGemmSummationOrder checks that the exported kernels (assembly or not)
// and the plain-Go loops give exactly the bits of orderedGemm, so that
// training gives the same weights on every target.
func TestGemmSummationOrder(t *testing.T) {
	r := rng.New(3)
	for _, fm := range gemmForms {
		at, bt := fm.ta == blas.Trans, fm.tb == blas.Trans
		for range 300 {
			m, n, k := randomShape(r, 40)
			a, lda, b, ldb, c, ldc := gemmOperands(r, fm.ta, fm.tb, m, n, k)
			for _, beta := range []float32{0, 1, 0.5} {
				want := append([]float32(nil), c...)
				orderedGemm(at, bt, m, n, k, a, lda, b, ldb, beta, want, ldc)
				for _, impl := range []struct {
					name string
					f    gemmFunc
				}{{"exported", fm.f}, {"go", fm.ref}} {
					if impl.name == "go" && beta != 0 && beta != 1 {
						continue // the loops take beta 0 or 1 only
					}
					got := append([]float32(nil), c...)
					impl.f(m, n, k, a, lda, b, ldb, beta, got, ldc)
					if i := firstDiff(got, want); i >= 0 {
						t.Fatalf("%s %s m=%d,n=%d,k=%d,beta=%v: element %d is %v (%#x), want %v (%#x)",
							fm.name, impl.name, m, n, k, beta, i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
					}
				}
			}
		}
	}
}

// TestGemmAsmMatchesGo checks bit for bit that the assembly tiles and the
// plain-Go loops agree, on random shapes and on the shapes of the
// benchmarks. It is the test that keeps browser and native weights equal.
func TestGemmAsmMatchesGo(t *testing.T) {
	if !haveAsm {
		t.Skip("no assembly on this target or build")
	}
	r := rng.New(4)
	shapes := [][3]int{{64, 64, 64}, {256, 128, 128}, {256, 256, 256}, {130, 67, 129}}
	shapes = append(shapes, modelShapes...)
	for range 200 {
		m, n, k := randomShape(r, 70)
		shapes = append(shapes, [3]int{m, n, k})
	}
	for _, fm := range gemmForms {
		for _, s := range shapes {
			m, n, k := s[0], s[1], s[2]
			a, lda, b, ldb, c, ldc := gemmOperands(r, fm.ta, fm.tb, m, n, k)
			for _, beta := range []float32{0, 1} {
				got, want := append([]float32(nil), c...), append([]float32(nil), c...)
				fm.f(m, n, k, a, lda, b, ldb, beta, got, ldc)
				fm.ref(m, n, k, a, lda, b, ldb, beta, want, ldc)
				if i := firstDiff(got, want); i >= 0 {
					t.Fatalf("%s m=%d,n=%d,k=%d,beta=%v: asm gives %v at %d, Go %v", fm.name, m, n, k, beta, got[i], i, want[i])
				}
			}
		}
	}
}

// firstDiff returns the first index where x and y differ in bits, or -1.
func firstDiff(x, y []float32) int {
	for i := range x {
		if math.Float32bits(x[i]) != math.Float32bits(y[i]) {
			return i
		}
	}
	return -1
}

func TestGemmBetaZeroIgnoresNaN(t *testing.T) {
	r := rng.New(5)
	nan := float32(math.NaN())
	// 9×5 has full tiles and left-over rows and columns on every path.
	const m, n, k = 9, 5, 3
	for _, fm := range gemmForms {
		a, lda, b, ldb, c, ldc := gemmOperands(r, fm.ta, fm.tb, m, n, k)
		for i := range c {
			c[i] = nan
		}
		fm.f(m, n, k, a, lda, b, ldb, 0, c, ldc)
		for i := range m {
			for j := range n {
				if v := c[i*ldc+j]; v != v {
					t.Fatalf("%s: beta = 0 let the NaN in C[%d,%d] through", fm.name, i, j)
				}
			}
		}
	}
}

func TestGemmAllocs(t *testing.T) {
	r := rng.New(6)
	for _, fm := range gemmForms {
		a, lda, b, ldb, c, ldc := gemmOperands(r, fm.ta, fm.tb, 67, 65, 300)
		if n := testing.AllocsPerRun(5, func() { fm.f(67, 65, 300, a, lda, b, ldb, 1, c, ldc) }); n != 0 {
			t.Errorf("%s allocates %v times per call", fm.name, n)
		}
	}
}

func TestGemmPanics(t *testing.T) {
	x := make([]float32, 12)
	for _, tc := range []struct {
		name string
		call func()
	}{
		{"negative k", func() { GemmNN(2, 2, -1, x, 2, x, 2, 0, x, 2) }},
		{"small lda", func() { GemmNN(2, 2, 3, x, 2, x, 2, 0, x, 2) }},
		{"short c", func() { GemmTN(4, 4, 1, x, 4, x, 4, 0, x[:10], 4) }},
		{"short b", func() { GemmNT(2, 4, 3, x, 3, x[:11], 3, 0, x, 4) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tc.name)
				}
			}()
			tc.call()
		}()
	}
}

func TestDotUnitary(t *testing.T) {
	r := rng.New(2)
	for n := range 23 {
		x, y := make([]float32, n), make([]float32, n)
		r.FillNormal(x)
		r.FillNormal(y)
		var want float64
		for i := range x {
			want += float64(x[i]) * float64(y[i])
		}
		if got := DotUnitary(x, y); math.Abs(float64(got)-want) > 1e-5*float64(n+1) {
			t.Errorf("n=%d: Dot = %v, want %v", n, got, want)
		}
	}
}
