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

func TestGemmAgainstBlas32(t *testing.T) {
	r := rng.New(1)
	kernels := []struct {
		name   string
		f      gemmFunc
		ta, tb blas.Transpose
	}{
		{"NN", GemmNN, blas.NoTrans, blas.NoTrans},
		{"TN", GemmTN, blas.Trans, blas.NoTrans},
		{"NT", GemmNT, blas.NoTrans, blas.Trans},
	}
	sizes := []int{1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33}
	for _, kn := range kernels {
		for _, m := range sizes {
			for _, n := range sizes {
				for _, k := range sizes {
					for _, beta := range []float32{0, 1} {
						name := fmt.Sprintf("%s/m=%d,n=%d,k=%d,beta=%v", kn.name, m, n, k, beta)
						gemmCase(t, r, name, kn.f, kn.ta, kn.tb, m, n, k, beta)
					}
				}
			}
		}
	}
	for _, kn := range kernels {
		gemmCase(t, r, kn.name+"/large", kn.f, kn.ta, kn.tb, 130, 67, 129, 1)
	}
}

func gemmCase(t *testing.T, r *rng.PCG, name string, f gemmFunc, ta, tb blas.Transpose, m, n, k int, beta float32) {
	const pad = 7
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
	_, a := guarded(r, (ar-1)*lda+ac, pad)
	_, b := guarded(r, (br-1)*ldb+bc, pad)
	call, c := guarded(r, (m-1)*ldc+n, pad)
	want := append([]float32(nil), c...)
	blas32.Implementation().Sgemm(ta, tb, m, n, k, 1, a, lda, b, ldb, beta, want, ldc)
	f(m, n, k, a, lda, b, ldb, beta, c, ldc)
	checkGuards(t, call, pad)
	for i := range m {
		for j := range n {
			g, w := c[i*ldc+j], want[i*ldc+j]
			if math.Abs(float64(g-w)) > 1e-4*(1+math.Abs(float64(w)))*float64(k) {
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

func TestGemmBetaZeroIgnoresNaN(t *testing.T) {
	a := []float32{1, 2, 3, 4}
	c := []float32{float32(math.NaN()), float32(math.NaN()), float32(math.NaN()), float32(math.NaN())}
	for _, f := range []gemmFunc{GemmNN, GemmTN, GemmNT} {
		copy(c, []float32{float32(math.NaN()), float32(math.NaN()), float32(math.NaN()), float32(math.NaN())})
		f(2, 2, 2, a, 2, a, 2, 0, c, 2)
		for _, v := range c {
			if v != v {
				t.Fatal("beta = 0 let a NaN in C through")
			}
		}
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
