//go:build !noasm

package kernel

import (
	"fmt"
	"testing"

	"golang.org/x/sys/cpu"
	"gonum.org/v1/gonum/blas"

	"genplay/tensor/rng"
)

// amd64Paths are the assembly paths of the three forms on amd64, each
// called directly so that both are tested on a processor with AVX2: the
// 128-bit SSE tiles, and the AVX2 tiles when the processor has them.
func amd64Paths() []struct {
	name       string
	nn, tn, nt gemmFunc
} {
	paths := []struct {
		name       string
		nn, tn, nt gemmFunc
	}{{
		"sse",
		func(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
			gemmCols(false, m, n, k, a, lda, b, ldb, beta, c, ldc)
		},
		func(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
			gemmCols(true, m, n, k, a, lda, b, ldb, beta, c, ldc)
		},
		gemmNT128,
	}}
	if cpu.X86.HasAVX2 {
		avx := func(form int) gemmFunc {
			return func(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
				gemmAVX2(form, m, n, k, a, lda, b, ldb, beta, c, ldc)
			}
		}
		paths = append(paths, struct {
			name       string
			nn, tn, nt gemmFunc
		}{"avx2", avx(formNN), avx(formTN), avx(formNT)})
	}
	return paths
}

// TestGemmAmd64PathsMatchGo checks each amd64 path bit for bit against the
// plain-Go loops, whichever of them the exported functions pick, on random
// shapes (some past a block of p), the benchmark shapes and the models'
// skinny products.
func TestGemmAmd64PathsMatchGo(t *testing.T) {
	if !cpu.X86.HasAVX2 {
		t.Log("no AVX2 on this processor: only the SSE path is tested")
	}
	r := rng.New(7)
	shapes := [][3]int{{64, 64, 64}, {256, 128, 128}, {256, 256, 256}, {130, 67, 129}, {4, 16, 1}, {3, 15, 2}, {5, 17, 3}}
	shapes = append(shapes, modelShapes...)
	for range 300 {
		m, n, k := randomShape(r, 70)
		shapes = append(shapes, [3]int{m, n, k})
	}
	for _, p := range amd64Paths() {
		for _, fm := range []struct {
			name   string
			f, ref gemmFunc
			at, bt bool
		}{{"NN", p.nn, gemmNNGo, false, false}, {"TN", p.tn, gemmTNGo, true, false}, {"NT", p.nt, gemmNTGo, false, true}} {
			ta, tb := trans(fm.at), trans(fm.bt)
			for _, s := range shapes {
				m, n, k := s[0], s[1], s[2]
				a, lda, b, ldb, c, ldc := gemmOperands(r, ta, tb, m, n, k)
				for _, beta := range []float32{0, 1} {
					got, want := append([]float32(nil), c...), append([]float32(nil), c...)
					fm.f(m, n, k, a, lda, b, ldb, beta, got, ldc)
					fm.ref(m, n, k, a, lda, b, ldb, beta, want, ldc)
					if i := firstDiff(got, want); i >= 0 {
						t.Fatalf("%s %s m=%d,n=%d,k=%d,beta=%v: asm gives %v at %d, Go %v", p.name, fm.name, m, n, k, beta, got[i], i, want[i])
					}
				}
			}
		}
	}
}

// BenchmarkGemmAmd64Paths runs the forms on each amd64 path at 256³ and at
// the products of the DDPM MLP's training step (batch 256, width 128, 3
// inputs, 2 outputs), in GFLOPS.
func BenchmarkGemmAmd64Paths(b *testing.B) {
	r := rng.New(1)
	shapes := [][3]int{{256, 256, 256}, {256, 128, 128}, {256, 128, 3}, {256, 2, 128}, {128, 128, 256}, {3, 128, 256}, {128, 2, 256}, {256, 128, 2}}
	for _, s := range shapes {
		for _, p := range amd64Paths() {
			for _, fm := range []struct {
				name   string
				f      gemmFunc
				at, bt bool
			}{{"NN", p.nn, false, false}, {"TN", p.tn, true, false}, {"NT", p.nt, false, true}} {
				m, n, k := s[0], s[1], s[2]
				a, lda, bb, ldb, c, ldc := gemmOperands(r, trans(fm.at), trans(fm.bt), m, n, k)
				b.Run(fmt.Sprintf("%s/m=%d,n=%d,k=%d/%s", fm.name, m, n, k, p.name), func(b *testing.B) {
					for b.Loop() {
						fm.f(m, n, k, a, lda, bb, ldb, 1, c, ldc)
					}
					b.ReportMetric(2*float64(m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
				})
			}
		}
	}
}

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}
