package metrics

// The eigendecomposition of a real symmetric matrix by the cyclic Jacobi
// method (Jacobi 1846; Golub & Van Loan, "Matrix Computations", 4th ed.,
// §8.5.2, Algorithm 8.5.1 sym.schur2 and §8.5.3 the cyclic-by-row sweep).
// Each rotation J(p, q, θ) zeroes one off-diagonal pair; a sweep rotates
// every pair once; the off-diagonal norm falls quadratically once it is
// small. The Fréchet distance needs it twice on 128×128 covariances, and
// with it the page's binary links no LAPACK.
//
// Notation (code ↔ Golub & Van Loan):
//
//	a        A, d×d, row-major; overwritten by JᵀAJ until it is diagonal
//	v        V, the product of the rotations (A₀ = V·diag(λ)·Vᵀ), or nil
//	p, q     the pair being zeroed, p < q
//	tau      τ = (a_qq − a_pp) / (2·a_pq)
//	t, c, s  t = tan θ (the smaller root of t² + 2τt − 1 = 0), c = cos θ, s = sin θ
//	off      off(A)², the sum of the squares of the off-diagonal entries
//
// The steps, per pair with a_pq ≠ 0:
//
//  1. τ, t, c and s as above (sym.schur2);
//  2. a_pp −= t·a_pq, a_qq += t·a_pq, a_pq = a_qp = 0;
//  3. for every other k: a_kp, a_kq = c·a_kp − s·a_kq, s·a_kp + c·a_kq
//     (and the same for a_pk, a_qk);
//  4. with vectors: v_kp, v_kq = c·v_kp − s·v_kq, s·v_kp + c·v_kq.
//
// Sweeps stop when off(A) ≤ jacobiTol·‖A₀‖_F (the Frobenius norm is
// invariant under rotations), or after jacobiSweeps. The order of the
// rotations is fixed, so the result is the same bits on every platform
// that rounds float64 the same way.

import "math"

const (
	// jacobiTol is the off-diagonal norm, relative to ‖A‖_F, at which
	// the sweeps stop: a few ulps.
	jacobiTol = 1e-15
	// jacobiSweeps bounds the sweeps. Cyclic Jacobi converges
	// quadratically; a 128×128 covariance needs about 8.
	jacobiSweeps = 60
)

// symEigen diagonalises the symmetric d×d row-major matrix a in place: on
// return its diagonal holds the eigenvalues (in no particular order) and,
// if v is not nil, column i of v (d×d, row-major; overwritten) holds the
// unit eigenvector of eigenvalue a[i*d+i]. Only a's upper triangle is read;
// its lower triangle is overwritten too. It reports whether the sweeps
// converged, which they do unless a holds NaNs or infinities. It
// allocates nothing.
func symEigen(a []float64, d int, v []float64) bool {
	if len(a) != d*d || v != nil && len(v) != d*d {
		panic("metrics: symEigen of a slice of the wrong length")
	}
	var norm float64
	for i := range d {
		for j := i; j < d; j++ {
			x := a[i*d+j]
			a[j*d+i] = x
			if i == j {
				norm += x * x
			} else {
				norm += 2 * x * x
			}
		}
	}
	if v != nil {
		for i := range v {
			v[i] = 0
		}
		for i := range d {
			v[i*d+i] = 1
		}
	}
	if math.IsNaN(norm) || math.IsInf(norm, 0) {
		return false
	}
	stop := jacobiTol * jacobiTol * norm
	for range jacobiSweeps {
		var off float64
		for p := range d {
			for q := p + 1; q < d; q++ {
				off += 2 * a[p*d+q] * a[p*d+q]
			}
		}
		if off <= stop {
			return true
		}
		for p := range d {
			for q := p + 1; q < d; q++ {
				apq := a[p*d+q]
				if apq == 0 {
					continue
				}
				// Step 1.
				tau := (a[q*d+q] - a[p*d+p]) / (2 * apq)
				t := 1 / (math.Abs(tau) + math.Sqrt(1+tau*tau))
				if tau < 0 {
					t = -t
				}
				c := 1 / math.Sqrt(1+t*t)
				s := t * c
				// Step 2.
				a[p*d+p] -= t * apq
				a[q*d+q] += t * apq
				a[p*d+q], a[q*d+p] = 0, 0
				// Step 3: columns p and q, and rows p and q by symmetry.
				for k := range d {
					if k == p || k == q {
						continue
					}
					akp, akq := a[k*d+p], a[k*d+q]
					np, nq := c*akp-s*akq, s*akp+c*akq
					a[k*d+p], a[k*d+q] = np, nq
					a[p*d+k], a[q*d+k] = np, nq
				}
				// Step 4.
				if v != nil {
					for k := range d {
						vkp, vkq := v[k*d+p], v[k*d+q]
						v[k*d+p], v[k*d+q] = c*vkp-s*vkq, s*vkp+c*vkq
					}
				}
			}
		}
	}
	return false
}
