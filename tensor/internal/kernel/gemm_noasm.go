//go:build !(wasm || amd64) || noasm

package kernel

// haveAsm reports whether the GEMM functions use assembly tiles.
const haveAsm = false

func gemmNN(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemmNNGo(m, n, k, a, lda, b, ldb, beta, c, ldc)
}

func gemmTN(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemmTNGo(m, n, k, a, lda, b, ldb, beta, c, ldc)
}

func gemmNT(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemmNTGo(m, n, k, a, lda, b, ldb, beta, c, ldc)
}
