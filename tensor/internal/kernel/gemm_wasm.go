//go:build !noasm

package kernel

// Under wasm the GEMM forms run the SIMD128 tiles of gemm_simd.go.

func gemmNN(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemmCols(false, m, n, k, a, lda, b, ldb, beta, c, ldc)
}

func gemmTN(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemmCols(true, m, n, k, a, lda, b, ldb, beta, c, ldc)
}

func gemmNT(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemmNT128(m, n, k, a, lda, b, ldb, beta, c, ldc)
}
