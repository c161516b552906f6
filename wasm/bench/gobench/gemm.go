package gobench

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"genplay/tensor"
	"genplay/tensor/rng"
)

// GEMM holds the operands of C = A·B for one shape and one implementation.
type GEMM struct {
	M, N, K int
	Impl    string // "genplay", "blas32" or "naive"

	a, b *tensor.Tensor // (M, K), (K, N)
	c    []float32      // (M, N): the last product
	tp   tensor.Tape
}

// NewGEMM returns C = A·B for A of shape (m, k) and B of shape (k, n), with
// A and B standard normal from seed. It panics on an unknown impl.
func NewGEMM(impl string, m, n, k int, seed uint64) *GEMM {
	switch impl {
	case "genplay", "blas32", "naive":
	default:
		panic(fmt.Sprintf("gobench: unknown GEMM implementation %q", impl))
	}
	g := &GEMM{M: m, N: n, K: k, Impl: impl, a: tensor.New(m, k), b: tensor.New(k, n), c: make([]float32, m*n)}
	r := rng.New(seed)
	r.FillNormal(g.a.Data)
	r.FillNormal(g.b.Data)
	g.tp.NoGrad = true
	return g
}

// FLOPs returns the floating-point operations of one product, 2·m·n·k.
func (g *GEMM) FLOPs() float64 { return 2 * float64(g.M) * float64(g.N) * float64(g.K) }

// Step computes one product. It allocates nothing after the first call.
func (g *GEMM) Step() {
	m, n, k := g.M, g.N, g.K
	switch g.Impl {
	case "genplay":
		// The tape owns the output and reuses it after Reset.
		g.tp.Reset()
		g.c = g.tp.MatMul(g.a, g.b).Data
	case "blas32":
		blas32.Implementation().Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, g.a.Data, k, g.b.Data, n, 0, g.c, n)
	case "naive":
		naiveGemm(m, n, k, g.a.Data, g.b.Data, g.c)
	}
}

// naiveGemm is the reference i-j-k loop: C[i,j] = Σ_p A[i,p]·B[p,j].
func naiveGemm(m, n, k int, a, b, c []float32) {
	for i := range m {
		for j := range n {
			var s float32
			for p := range k {
				s += a[i*k+p] * b[p*n+j]
			}
			c[i*n+j] = s
		}
	}
}

// Check compares 64 entries of the last product, spread over C, with a
// float64 dot product, and returns an error naming the first that differs
// by more than 1e-4·Σ_p |A[i,p]·B[p,j]|. Call it after Step.
func (g *GEMM) Check() error {
	m, n, k := g.M, g.N, g.K
	a, b := g.a.Data, g.b.Data
	for t := range 64 {
		i, j := (t*7919)%m, (t*104729+t)%n
		var s, abs float64
		for p := range k {
			x := float64(a[i*k+p]) * float64(b[p*n+j])
			s += x
			abs += math.Abs(x)
		}
		if d := math.Abs(float64(g.c[i*n+j]) - s); d > 1e-4*abs+1e-6 {
			return fmt.Errorf("gobench: %s GEMM %d×%d×%d: C[%d,%d] = %g, want %g", g.Impl, m, n, k, i, j, g.c[i*n+j], s)
		}
	}
	return nil
}
