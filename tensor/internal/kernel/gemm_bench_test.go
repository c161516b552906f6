package kernel

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"genplay/tensor/rng"
)

// naiveNN is the reference i-j-k loop, the baseline of the benchmarks.
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

func BenchmarkGemm(b *testing.B) {
	shapes := [][3]int{{64, 64, 64}, {128, 128, 128}, {256, 256, 256}, {256, 128, 128}}
	r := rng.New(1)
	for _, s := range shapes {
		m, n, k := s[0], s[1], s[2]
		x, y, z := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
		r.FillNormal(x)
		r.FillNormal(y)
		flops := 2 * float64(m*n*k)
		report := func(b *testing.B) {
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
		}
		name := fmt.Sprintf("m=%d,n=%d,k=%d", m, n, k)
		b.Run(name+"/genplay", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				GemmNN(m, n, k, x, k, y, n, 0, z, n)
			}
			report(b)
		})
		b.Run(name+"/blas32", func(b *testing.B) {
			impl := blas32.Implementation()
			for b.Loop() {
				impl.Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, x, k, y, n, 0, z, n)
			}
			report(b)
		})
		b.Run(name+"/naive", func(b *testing.B) {
			for b.Loop() {
				naiveNN(m, n, k, x, y, z)
			}
			report(b)
		})
	}
}
