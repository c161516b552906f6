package metrics

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"genplay/tensor/rng"
)

// randomSym returns a d×d symmetric matrix AᵀA/n of n×d normal entries
// (positive semidefinite, of rank min(n, d)), with every feature j scaled
// by 1 + j%5, as a SymDense.
func randomSym(d, n int, r *rng.PCG) *mat.SymDense {
	x := make([]float32, n*d)
	for i := range n {
		for j := range d {
			x[i*d+j] = r.Normal() * float32(1+j%5)
		}
	}
	if n < 2 {
		panic("randomSym needs two points")
	}
	_, cov := MeanCov(x, d)
	return cov
}

// TestSymEigenAgainstGonum diagonalises symmetric matrices, definite,
// rank-deficient and indefinite, and holds the eigenvalues to gonum's
// EigenSym (LAPACK's dsyev) and the vectors to A·V = V·diag(λ) and
// VᵀV = I.
func TestSymEigenAgainstGonum(t *testing.T) {
	r := rng.New(11)
	indefinite := func(d int) *mat.SymDense {
		s := mat.NewSymDense(d, nil)
		for i := range d {
			for j := i; j < d; j++ {
				s.SetSym(i, j, float64(r.Normal()))
			}
		}
		return s
	}
	for _, c := range []struct {
		name string
		a    *mat.SymDense
	}{
		{"1×1", mat.NewSymDense(1, []float64{-3})},
		{"zero", mat.NewSymDense(5, nil)},
		{"diagonal", diag([]float64{3, -1, 0, 2, 2})},
		{"definite 40", randomSym(40, 200, r)},
		{"rank 20 of 64", randomSym(64, 21, r)},
		{"indefinite 33", indefinite(33)},
		{"definite 128", randomSym(128, 256, r)},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := c.a.SymmetricDim()
			a := dense(c.a)
			v := make([]float64, d*d)
			if !symEigen(a, d, v) {
				t.Fatal("did not converge")
			}
			got := make([]float64, d)
			for i := range d {
				got[i] = a[i*d+i]
			}
			var es mat.EigenSym
			if !es.Factorize(c.a, false) {
				t.Fatal("gonum's EigenSym failed")
			}
			want := es.Values(nil)
			scale := 1.0
			for _, w := range want {
				scale = max(scale, math.Abs(w))
			}
			sorted := slices.Clone(got)
			slices.Sort(sorted)
			for i := range d {
				if math.Abs(sorted[i]-want[i]) > 1e-6*scale {
					t.Errorf("eigenvalue %d: %.15g, gonum %.15g", i, sorted[i], want[i])
				}
			}
			// A·vᵢ = λᵢ·vᵢ and VᵀV = I, to rounding.
			orig := dense(c.a)
			var resid, orth float64
			for i := range d {
				for k := range d {
					var av float64
					for j := range d {
						av += orig[k*d+j] * v[j*d+i]
					}
					resid = max(resid, math.Abs(av-got[i]*v[k*d+i]))
				}
				for j := range d {
					var dot float64
					for k := range d {
						dot += v[k*d+i] * v[k*d+j]
					}
					if i == j {
						dot--
					}
					orth = max(orth, math.Abs(dot))
				}
			}
			if resid > 1e-12*scale*float64(d) || orth > 1e-12*float64(d) {
				t.Errorf("‖AV − VΛ‖_max = %g (scale %g), ‖VᵀV − I‖_max = %g", resid, scale, orth)
			}
		})
	}
	a := []float64{1, math.NaN(), 0, 1}
	if symEigen(a, 2, nil) {
		t.Error("a matrix with a NaN converged")
	}
}

// frechetGonum is the Fréchet distance by gonum's EigenSym (LAPACK) on the
// same symmetric route as Frechet: the oracle for the Jacobi one.
func frechetGonum(mu1 []float64, cov1 *mat.SymDense, mu2 []float64, cov2 *mat.SymDense) (float64, error) {
	d := len(mu1)
	var dist float64
	for i := range d {
		dm := mu1[i] - mu2[i]
		dist += dm * dm
	}
	dist += mat.Trace(cov1) + mat.Trace(cov2)
	var es mat.EigenSym
	if !es.Factorize(cov1, true) {
		return 0, fmt.Errorf("gonum: EigenSym of the first covariance failed")
	}
	s := es.Values(nil)
	for i, l := range s {
		s[i] = math.Sqrt(max(l, 0))
	}
	var v, b, vtb mat.Dense
	es.VectorsTo(&v)
	vtb.Mul(v.T(), cov2)
	b.Mul(&vtb, &v)
	m := mat.NewSymDense(d, nil)
	for i := range d {
		for j := i; j < d; j++ {
			m.SetSym(i, j, s[i]*s[j]*0.5*(b.At(i, j)+b.At(j, i)))
		}
	}
	if !es.Factorize(m, false) {
		return 0, fmt.Errorf("gonum: EigenSym of M failed")
	}
	var tr float64
	for _, x := range es.Values(nil) {
		tr += math.Sqrt(max(x, 0))
	}
	return max(dist-2*tr, 0), nil
}

// TestFrechetAgainstGonum holds Frechet to the same formula computed with
// gonum's LAPACK eigensolver, to 1e-6 relative, on covariances that do not
// commute: full rank and rank-deficient, of the classifier's feature size
// (128) among others.
func TestFrechetAgainstGonum(t *testing.T) {
	r := rng.New(5)
	mean := func(d int) []float64 {
		m := make([]float64, d)
		for i := range m {
			m[i] = float64(r.Normal())
		}
		return m
	}
	for _, c := range []struct{ d, n1, n2 int }{
		{2, 50, 50}, {10, 100, 30}, {64, 300, 40}, {128, 256, 256}, {128, 64, 512},
	} {
		c1, c2 := randomSym(c.d, c.n1, r), randomSym(c.d, c.n2, r)
		mu1, mu2 := mean(c.d), mean(c.d)
		got, err := Frechet(mu1, c1, mu2, c2)
		if err != nil {
			t.Fatal(err)
		}
		want, err := frechetGonum(mu1, c1, mu2, c2)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("d %d, %d and %d points: %.12g, gonum %.12g", c.d, c.n1, c.n2, got, want)
		if math.Abs(got-want) > 1e-6*max(1, math.Abs(want)) {
			t.Errorf("d %d, %d and %d points: d² = %.12g, gonum's %.12g", c.d, c.n1, c.n2, got, want)
		}
		// The same Gaussians: 0 up to the square root of rounding.
		if same, err := Frechet(mu1, c1, mu1, c1); err != nil || same > 1e-5*mat.Trace(c1) {
			t.Errorf("d %d: identical Gaussians give %g, %v", c.d, same, err)
		}
	}
}

// BenchmarkFrechetGonum128 is BenchmarkFrechet128 with gonum's LAPACK
// eigensolver, to pair with it.
func BenchmarkFrechetGonum128(b *testing.B) {
	r := rng.New(1)
	a, c, mu1, mu2, _ := commuting(128, false, r)
	q := rotation(128, r)
	c1, _ := rotate(q, a, mu1)
	c2, _ := rotate(q, c, mu2)
	for b.Loop() {
		if _, err := frechetGonum(mu1, c1, mu2, c2); err != nil {
			b.Fatal(err)
		}
	}
}
