package kernel

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"genplay/tensor/rng"
)

// naiveGemm is the reference i-j-k loop, the baseline of the benchmarks.
// at and bt say whether A and B are stored transposed (A k×m, B n×k).
func naiveGemm(at, bt bool, m, n, k int, a, b, c []float32) {
	for i := range m {
		for j := range n {
			var s float32
			for p := range k {
				av, bv := a[i*k+p], b[p*n+j]
				if at {
					av = a[p*m+i]
				}
				if bt {
					bv = b[j*k+p]
				}
				s += av * bv
			}
			c[i*n+j] = s
		}
	}
}

// gemmSink keeps the compiler from discarding the benchmarked work.
var gemmSink float32

func BenchmarkGemm(b *testing.B) {
	shapes := [][3]int{{64, 64, 64}, {128, 128, 128}, {256, 256, 256}, {512, 512, 512}, {256, 128, 128}}
	forms := []struct {
		name   string
		f      gemmFunc
		ta, tb blas.Transpose
	}{
		{"NN", GemmNN, blas.NoTrans, blas.NoTrans},
		{"TN", GemmTN, blas.Trans, blas.NoTrans},
		{"NT", GemmNT, blas.NoTrans, blas.Trans},
	}
	r := rng.New(1)
	for _, fm := range forms {
		for _, s := range shapes {
			m, n, k := s[0], s[1], s[2]
			x, y, z := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
			r.FillNormal(x)
			r.FillNormal(y)
			// Leading dimensions of A and B as stored.
			lda, ldb := k, n
			if fm.ta == blas.Trans {
				lda = m
			}
			if fm.tb == blas.Trans {
				ldb = k
			}
			flops := 2 * float64(m*n*k)
			report := func(b *testing.B) {
				gemmSink += z[0]
				b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
			}
			name := fmt.Sprintf("%s/m=%d,n=%d,k=%d", fm.name, m, n, k)
			b.Run(name+"/genplay", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					fm.f(m, n, k, x, lda, y, ldb, 0, z, n)
				}
				report(b)
			})
			b.Run(name+"/blas32", func(b *testing.B) {
				b.ReportAllocs()
				impl := blas32.Implementation()
				for b.Loop() {
					impl.Sgemm(fm.ta, fm.tb, m, n, k, 1, x, lda, y, ldb, 0, z, n)
				}
				report(b)
			})
			b.Run(name+"/naive", func(b *testing.B) {
				b.ReportAllocs()
				at, bt := fm.ta == blas.Trans, fm.tb == blas.Trans
				for b.Loop() {
					naiveGemm(at, bt, m, n, k, x, y, z)
				}
				report(b)
			})
		}
	}
}
