package metrics

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"genplay/tensor/rng"
)

// rotation returns a random d×d orthogonal matrix: the Q of the QR
// factorisation of a matrix of N(0, 1) entries.
func rotation(d int, r *rng.PCG) *mat.Dense {
	a := mat.NewDense(d, d, nil)
	for i := range d {
		for j := range d {
			a.Set(i, j, float64(r.Normal()))
		}
	}
	var qr mat.QR
	qr.Factorize(a)
	var q mat.Dense
	qr.QTo(&q)
	return &q
}

// rotate returns R·diag(vals)·Rᵀ and R·mu.
func rotate(q *mat.Dense, vals, mu []float64) (*mat.SymDense, []float64) {
	d := len(vals)
	var qd, full mat.Dense
	qd.Mul(q, mat.NewDiagDense(d, vals))
	full.Mul(&qd, q.T())
	s := mat.NewSymDense(d, nil)
	for i := range d {
		for j := i; j < d; j++ {
			s.SetSym(i, j, 0.5*(full.At(i, j)+full.At(j, i)))
		}
	}
	var rm mat.VecDense
	rm.MulVec(q, mat.NewVecDense(d, mu))
	return s, rm.RawVector().Data
}

func diag(vals []float64) *mat.SymDense {
	s := mat.NewSymDense(len(vals), nil)
	for i, v := range vals {
		s.SetSym(i, i, v)
	}
	return s
}

// commuting returns two random spectra and means in
// dimension d (every 7th eigenvalue of a 0 if zeros), and their Fréchet distance in closed form: for commuting
// covariances the square root of the product is the product of the square
// roots, so d² = ‖μ₁ − μ₂‖² + Σᵢ (√aᵢ − √bᵢ)².
func commuting(d int, zeros bool, r *rng.PCG) (a, b, mu1, mu2 []float64, want float64) {
	a, b, mu1, mu2 = make([]float64, d), make([]float64, d), make([]float64, d), make([]float64, d)
	for i := range d {
		a[i], b[i] = 3*float64(r.Float32()), 3*float64(r.Float32())
		if zeros && i%7 == 0 {
			a[i] = 0 // rank-deficient, like the features of a collapsed generator
		}
		mu1[i], mu2[i] = float64(r.Normal()), float64(r.Normal())
		dm, ds := mu1[i]-mu2[i], math.Sqrt(a[i])-math.Sqrt(b[i])
		want += dm*dm + ds*ds
	}
	return
}

func TestFrechetClosedForms(t *testing.T) {
	r := rng.New(7)
	frechet := func(mu1 []float64, c1 *mat.SymDense, mu2 []float64, c2 *mat.SymDense) float64 {
		t.Helper()
		got, err := Frechet(mu1, c1, mu2, c2)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	check := func(name string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol*max(1, math.Abs(want)) {
			t.Errorf("%s: d² = %.12g, want %.12g", name, got, want)
		}
	}

	// One dimension: (μ₁ − μ₂)² + (σ₁ − σ₂)².
	check("1D", frechet([]float64{1}, diag([]float64{4}), []float64{-2}, diag([]float64{9})), 9+1, 1e-12)

	// Diagonal covariances, and the same pair rotated by one random
	// orthogonal R (both covariances dense but commuting; d² is invariant).
	const d = 40
	q := rotation(d, r)
	a, b, mu1, mu2, want := commuting(d, false, r)
	check("diagonal", frechet(mu1, diag(a), mu2, diag(b)), want, 1e-12)
	c1, rmu1 := rotate(q, a, mu1)
	c2, rmu2 := rotate(q, b, mu2)
	check("rotated", frechet(rmu1, c1, rmu2, c2), want, 1e-10)
	check("rotated, swapped", frechet(rmu2, c2, rmu1, c1), want, 1e-10)
	// With zero eigenvalues the square root amplifies rounding: an
	// eigenvalue computed as ±1e-15·‖Σ‖ instead of 0 adds √1e-15 ≈ 3e-8
	// to the trace, so the tolerance is looser.
	a, b, mu1, mu2, want = commuting(d, true, r)
	check("diagonal, rank-deficient", frechet(mu1, diag(a), mu2, diag(b)), want, 1e-12)
	c1, rmu1 = rotate(q, a, mu1)
	c2, rmu2 = rotate(q, b, mu2)
	check("rotated, rank-deficient", frechet(rmu1, c1, rmu2, c2), want, 1e-8)

	// Identical Gaussians with a dense covariance: 0.
	c, mu := rotate(q, b, mu2)
	if got := frechet(mu, c, mu, c); math.Abs(got) > 1e-9 {
		t.Errorf("identical Gaussians: d² = %g, want 0", got)
	}

	// A point mass (Σ₁ = 0, a blank image's features) against anything:
	// ‖μ₁ − μ₂‖² + Tr Σ₂.
	check("point mass", frechet(mu1, mat.NewSymDense(d, nil), rmu2, c2), floatsDist(mu1, rmu2)+mat.Trace(c2), 1e-10)

	// Non-commuting 2×2: for a 2×2 matrix with non-negative eigenvalues,
	// Tr √A = √(Tr A + 2√det A), so Tr (Σ₁Σ₂)^½ = √(Tr Σ₁Σ₂ + 2√(det Σ₁·det Σ₂)).
	s1 := mat.NewSymDense(2, []float64{2, 1, 1, 3})
	s2 := mat.NewSymDense(2, []float64{1, -0.5, -0.5, 0.5})
	var p mat.Dense
	p.Mul(s1, s2)
	tr := math.Sqrt(mat.Trace(&p) + 2*math.Sqrt(mat.Det(s1)*mat.Det(s2)))
	check("2×2", frechet([]float64{0, 1}, s1, []float64{1, 1}, s2), 1+mat.Trace(s1)+mat.Trace(s2)-2*tr, 1e-12)
}

func floatsDist(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += (a[i] - b[i]) * (a[i] - b[i])
	}
	return s
}

func TestFrechetErrors(t *testing.T) {
	id2 := diag([]float64{1, 1})
	for _, c := range []struct {
		name     string
		mu1, mu2 []float64
		c1, c2   *mat.SymDense
		msg      string
	}{
		{"mean length", []float64{0}, []float64{0, 0}, id2, id2, "means of length 1 and 2"},
		{"covariance size", []float64{0, 0}, []float64{0, 0}, id2, diag([]float64{1, 1, 1}), "covariances of size 2 and 3"},
		{"negative first", []float64{0, 0}, []float64{0, 0}, diag([]float64{1, -0.5}), id2, "first covariance is not positive semidefinite"},
		{"negative second", []float64{0, 0}, []float64{0, 0}, id2, diag([]float64{1, -0.5}), "second covariance is not positive semidefinite"},
		{"NaN", []float64{0, 0}, []float64{0, 0}, diag([]float64{1, math.NaN()}), id2, "first covariance holds NaN"},
		{"infinity", []float64{0, 0}, []float64{0, 0}, id2, diag([]float64{math.Inf(1), 1}), "second covariance holds +Inf"},
	} {
		_, err := Frechet(c.mu1, c.c1, c.mu2, c.c2)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.msg)
		}
	}
	// Rounding-sized negative eigenvalues are clamped, not refused.
	if got, err := Frechet([]float64{0, 0}, diag([]float64{1, -1e-12}), []float64{0, 0}, diag([]float64{1, 0})); err != nil || math.Abs(got) > 1e-12 {
		t.Errorf("tiny negative eigenvalue: %v, %v; want 0, nil", got, err)
	}
}

// TestMeanCov checks against gonum's stat.CovarianceMatrix (the unbiased
// estimate with unit weights), and a case by hand: the corners of the
// square [0, 2]² have mean (1, 1) and covariance diag(4/3, 4/3).
func TestMeanCov(t *testing.T) {
	mu, cov := MeanCov([]float32{0, 0, 2, 0, 0, 2, 2, 2}, 2)
	if mu[0] != 1 || mu[1] != 1 || math.Abs(cov.At(0, 0)-4.0/3) > 1e-15 || cov.At(0, 1) != 0 || math.Abs(cov.At(1, 1)-4.0/3) > 1e-15 {
		t.Errorf("square corners: mean %v, covariance %v", mu, mat.Formatted(cov))
	}
	const n, d = 300, 9
	r := rng.New(3)
	x := make([]float32, n*d)
	data := mat.NewDense(n, d, nil)
	for i := range n {
		for j := range d {
			v := r.Normal() + float32(j%3)*r.Normal()
			if j == 4 {
				v = 0.5 // a constant feature: a zero row and column
			}
			x[i*d+j] = v
			data.Set(i, j, float64(v))
		}
	}
	mu, cov = MeanCov(x, d)
	want := mat.NewSymDense(d, nil)
	stat.CovarianceMatrix(want, data, nil)
	for j := range d {
		if m := stat.Mean(mat.Col(nil, j, data), nil); math.Abs(mu[j]-m) > 1e-12 {
			t.Errorf("mean[%d] = %v, want %v", j, mu[j], m)
		}
	}
	if !mat.EqualApprox(cov, want, 1e-12) {
		t.Errorf("covariance\n%v\nwant\n%v", mat.Formatted(cov), mat.Formatted(want))
	}
	defer func() {
		if e := recover(); e == nil || !strings.HasPrefix(e.(string), "metrics: ") {
			t.Errorf("one point: recovered %v, want a \"metrics: \" panic", e)
		}
	}()
	MeanCov(make([]float32, d), d)
}

func BenchmarkFrechet128(b *testing.B) {
	r := rng.New(1)
	a, c, mu1, mu2, _ := commuting(128, false, r)
	q := rotation(128, r)
	c1, _ := rotate(q, a, mu1)
	c2, _ := rotate(q, c, mu2)
	for b.Loop() {
		if _, err := Frechet(mu1, c1, mu2, c2); err != nil {
			b.Fatal(err)
		}
	}
}
