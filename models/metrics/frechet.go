package metrics

// The Fréchet (2-Wasserstein) distance between two Gaussians, the quantity
// behind FID (Heusel et al. 2017, "GANs Trained by a Two Time-Scale Update
// Rule Converge to a Local Nash Equilibrium", eq. 6), with the closed form of
// Dowson & Landau (1982, "The Fréchet distance between multivariate normal
// distributions"):
//
//	d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½)
//
// Notation: mu1, mu2 = μ₁, μ₂; cov1, cov2 = Σ₁, Σ₂; V, λ = eigenvectors and
// eigenvalues of Σ₁ (Σ₁ = V·diag(λ)·Vᵀ); s = √λ.
//
// pytorch-fid and the TF reference take scipy's sqrtm of the non-symmetric
// product Σ₁Σ₂, which can come back complex or fail on rank-deficient
// covariances (they then add ε·I). The route here stays symmetric:
//
//  1. Σ₁Σ₂ is similar to Σ₁^½·Σ₂·Σ₁^½ (for invertible Σ₁, and by continuity
//     otherwise), so Tr((Σ₁Σ₂)^½) = Tr((Σ₁^½Σ₂Σ₁^½)^½).
//  2. With Σ₁^½ = V·diag(s)·Vᵀ, Σ₁^½Σ₂Σ₁^½ = V·M·Vᵀ with
//     M = diag(s)·(VᵀΣ₂V)·diag(s), and the trace of a square root does not
//     change under the rotation V, so the trace is Σᵢ √μᵢ over the
//     eigenvalues μ of the symmetric PSD matrix M.
//
// Eigenvalues that rounding leaves slightly negative are clamped to 0. The
// eigendecompositions are cyclic Jacobi (jacobi.go), so that the only part
// of gonum this links is the SymDense the covariances come in.

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// psdTol is how negative, relative to the largest eigenvalue's magnitude, an
// eigenvalue may be and still count as rounding: a covariance stored in
// float32 (the classifier's reference statistics) perturbs a 128×128
// matrix's eigenvalues by up to about 128·2⁻²⁴ ≈ 8e-6 of the largest.
const psdTol = 1e-4

// Frechet returns the Fréchet distance d² between the Gaussians N(mu1, cov1)
// and N(mu2, cov2) (the squared 2-Wasserstein distance; FID is this with
// Inception features). It returns an error if the dimensions disagree, an
// eigendecomposition fails, or a covariance is not positive semidefinite
// beyond rounding. The result is never negative. It allocates O(d²) and
// takes O(d³) time: about 10 Jacobi sweeps of d²/2 rotations each.
func Frechet(mu1 []float64, cov1 *mat.SymDense, mu2 []float64, cov2 *mat.SymDense) (float64, error) {
	d := len(mu1)
	if len(mu2) != d || cov1.SymmetricDim() != d || cov2.SymmetricDim() != d {
		return 0, fmt.Errorf("metrics: Frechet of means of length %d and %d and covariances of size %d and %d",
			len(mu1), len(mu2), cov1.SymmetricDim(), cov2.SymmetricDim())
	}
	if d == 0 {
		return 0, nil
	}
	var dist float64
	for i := range d {
		dm := mu1[i] - mu2[i]
		dist += dm * dm
	}
	a, b := dense(cov1), dense(cov2)
	for _, c := range []struct {
		m    []float64
		what string
	}{{a, "first"}, {b, "second"}} {
		for _, x := range c.m {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return 0, fmt.Errorf("metrics: Frechet: the %s covariance holds %v", c.what, x)
			}
		}
	}
	for i := range d {
		dist += a[i*d+i] + b[i*d+i]
	}

	// Step 2: Σ₁ = V·diag(λ)·Vᵀ (symEigen, jacobi.go), s = √λ.
	v := make([]float64, d*d)
	if !symEigen(a, d, v) {
		return 0, fmt.Errorf("metrics: Frechet: the eigendecomposition of the first covariance did not converge")
	}
	s := make([]float64, d)
	for i := range d {
		s[i] = a[i*d+i]
	}
	if err := clampPSD(s, "first covariance"); err != nil {
		return 0, err
	}
	for i, l := range s {
		s[i] = math.Sqrt(l)
	}

	// M = diag(s)·(VᵀΣ₂V)·diag(s): first W = Σ₂V (into a, no longer
	// needed), then M's upper triangle, symmetric by construction.
	w := a
	for i := range d {
		wi := w[i*d : (i+1)*d]
		clear(wi)
		for k, bik := range b[i*d : (i+1)*d] {
			if bik == 0 {
				continue
			}
			for j, vkj := range v[k*d : (k+1)*d] {
				wi[j] += bik * vkj
			}
		}
	}
	m := b // Σ₂ is no longer needed
	for i := range d {
		for j := i; j < d; j++ {
			var vtw float64 // (VᵀW)ᵢⱼ = Σₖ vₖᵢ·wₖⱼ
			for k := range d {
				vtw += v[k*d+i] * w[k*d+j]
			}
			m[i*d+j] = s[i] * s[j] * vtw
		}
	}
	if !symEigen(m, d, nil) {
		return 0, fmt.Errorf("metrics: Frechet: the eigendecomposition of Σ₁^½Σ₂Σ₁^½ did not converge")
	}
	mu := s // s is no longer needed
	for i := range d {
		mu[i] = m[i*d+i]
	}
	if err := clampPSD(mu, "second covariance"); err != nil {
		return 0, err
	}
	var tr float64
	for _, x := range mu {
		tr += math.Sqrt(x)
	}
	return max(dist-2*tr, 0), nil
}

// dense returns the d×d symmetric matrix c as a row-major slice.
func dense(c *mat.SymDense) []float64 {
	d := c.SymmetricDim()
	a := make([]float64, d*d)
	for i := range d {
		for j := i; j < d; j++ {
			x := c.At(i, j)
			a[i*d+j], a[j*d+i] = x, x
		}
	}
	return a
}

// clampPSD sets the eigenvalues in vals that rounding left slightly
// negative to 0, and returns an error if one is negative beyond psdTol.
func clampPSD(vals []float64, what string) error {
	var top float64
	for _, x := range vals {
		top = max(top, math.Abs(x))
	}
	for i, x := range vals {
		if math.IsNaN(x) {
			return fmt.Errorf("metrics: Frechet: %s has a NaN eigenvalue", what)
		}
		if x < 0 {
			if x < -psdTol*top {
				return fmt.Errorf("metrics: Frechet: %s is not positive semidefinite (eigenvalue %g, largest %g)", what, x, top)
			}
			vals[i] = 0
		}
	}
	return nil
}

// MeanCov returns the mean and the unbiased covariance (divided by n − 1, as
// numpy's cov and pytorch-fid) of the n = len(x)/dim points of x, computed
// in float64. It panics unless x holds at least two points of dimension dim.
// It allocates the results and one point of scratch space.
func MeanCov(x []float32, dim int) ([]float64, *mat.SymDense) {
	if dim <= 0 || len(x)%dim != 0 || len(x)/dim < 2 {
		panic(fmt.Sprintf("metrics: MeanCov needs at least two points of dimension %d, got %d values", dim, len(x)))
	}
	n := len(x) / dim
	mu := make([]float64, dim)
	for i := range n {
		for j, v := range x[i*dim : (i+1)*dim] {
			mu[j] += float64(v)
		}
	}
	for j := range mu {
		mu[j] /= float64(n)
	}
	// Accumulate the upper triangle of Σᵢ (xᵢ − μ)(xᵢ − μ)ᵀ in the
	// SymDense's own storage; c holds the centred point.
	cov := mat.NewSymDense(dim, nil)
	raw := cov.RawSymmetric()
	c := make([]float64, dim)
	for i := range n {
		for j, v := range x[i*dim : (i+1)*dim] {
			c[j] = float64(v) - mu[j]
		}
		for j, cj := range c {
			if cj == 0 {
				continue
			}
			row := raw.Data[j*raw.Stride : j*raw.Stride+dim]
			for k := j; k < dim; k++ {
				row[k] += cj * c[k]
			}
		}
	}
	inv := 1 / float64(n-1)
	for j := range dim {
		row := raw.Data[j*raw.Stride : j*raw.Stride+dim]
		for k := j; k < dim; k++ {
			row[k] *= inv
		}
	}
	return mu, cov
}
