package kernel

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"genplay/tensor/rng"
)

// The naive i-j-k loops are the baseline of the benchmarks (as in
// perf-anchors.md), one per form so that no branch sits in the inner loop.

func naiveNN(m, n, k int, a, b, c []float32) {
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

func naiveTN(m, n, k int, a, b, c []float32) {
	for i := range m {
		for j := range n {
			var s float32
			for p := range k {
				s += a[p*m+i] * b[p*n+j]
			}
			c[i*n+j] = s
		}
	}
}

func naiveNT(m, n, k int, a, b, c []float32) {
	for i := range m {
		for j := range n {
			var s float32
			for p := range k {
				s += a[i*k+p] * b[j*k+p]
			}
			c[i*n+j] = s
		}
	}
}

// gemmSink keeps the compiler from discarding the benchmarked work.
var gemmSink float32

// benchShapes are the sizes of perf-anchors.md: cubes and the DDPM MLP's
// batch 256 × width 128 layer.
var benchShapes = [][3]int{{64, 64, 64}, {128, 128, 128}, {256, 256, 256}, {512, 512, 512}, {256, 128, 128}}

func BenchmarkGemmNN(b *testing.B) {
	benchGemm(b, GemmNN, gemmNNGo, naiveNN, blas.NoTrans, blas.NoTrans)
}

func BenchmarkGemmTN(b *testing.B) {
	benchGemm(b, GemmTN, gemmTNGo, naiveTN, blas.Trans, blas.NoTrans)
}

func BenchmarkGemmNT(b *testing.B) {
	benchGemm(b, GemmNT, gemmNTGo, naiveNT, blas.NoTrans, blas.Trans)
}

// benchGemm runs, for each shape, genplay's kernel, its plain-Go loops
// (genplay-noasm, only where the kernel uses assembly), gonum's blas32 and
// the naive loop, and reports GFLOPS (2·m·n·k per call).
func benchGemm(b *testing.B, f, ref gemmFunc, naive func(m, n, k int, a, b, c []float32), ta, tb blas.Transpose) {
	r := rng.New(1)
	for _, s := range benchShapes {
		m, n, k := s[0], s[1], s[2]
		x, y, z := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
		r.FillNormal(x)
		r.FillNormal(y)
		// Leading dimensions of A and B as stored.
		lda, ldb := k, n
		if ta == blas.Trans {
			lda = m
		}
		if tb == blas.Trans {
			ldb = k
		}
		run := func(name string, call func()) {
			b.Run(fmt.Sprintf("m=%d,n=%d,k=%d/%s", m, n, k, name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					call()
				}
				gemmSink += z[0]
				b.ReportMetric(2*float64(m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
			})
		}
		run("genplay", func() { f(m, n, k, x, lda, y, ldb, 0, z, n) })
		if haveAsm {
			run("genplay-noasm", func() { ref(m, n, k, x, lda, y, ldb, 0, z, n) })
		}
		run("blas32", func() {
			blas32.Implementation().Sgemm(ta, tb, m, n, k, 1, x, lda, y, ldb, 0, z, n)
		})
		run("naive", func() { naive(m, n, k, x, y, z) })
	}
}
