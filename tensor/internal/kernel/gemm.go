package kernel

// The GEMM kernels compute, for row-major matrices with leading dimensions
// lda, ldb, ldc,
//
//	C = op(A)·op(B) + beta·C
//
// where C is m×n, op(A) is m×k and op(B) is k×n. beta is 0 or 1 in genplay's
// use (overwrite or accumulate); when beta is 0, C's old contents are never
// read, so NaNs in it do not leak. One function per transpose combination
// keeps branches out of the inner loops.
//
// Summation order. Every element of C is computed as
//
//	c := beta·C[i,j]            // 0 when beta is 0
//	for p := 0; p < k; p++ {
//		c = c + float32(op(A)[i,p]·op(B)[p,j])
//	}
//
// rounding to float32 after every product and every sum, with no fused
// multiply-add. Blocking, tiling and the order in which elements are visited
// do not change this per-element order, so every implementation here (the
// plain-Go loops in gemm_loops.go, the WebAssembly and SSE tiles) gives the
// same bits, on every target. TestGemmSummationOrder and
// TestGemmAsmMatchesGo hold them to it.
//
// Which implementation runs: under GOOS=js GOARCH=wasm, the WebAssembly
// SIMD128 tiles of gemm_wasm.s: 4×8 for NN and TN, 8×4 with lanes across
// rows for NT, the edges through the same tiles on zero-padded copies
// (gemm_simd.go). On amd64 with AVX2, 4×16 tiles in 256-bit registers for
// all three forms (gemm_amd64.go, gemm_avx2_amd64.s); on amd64 without it,
// the wasm tiles in SSE (gemm_amd64.s). Elsewhere, and under the noasm
// build tag, the plain-Go loops.

// blockK is the depth of the blocks of p the SIMD paths work in: a packed
// panel of A is 4×blockK or 8×blockK floats (4 or 8 KB, on the stack),
// a strip of B for AVX2 16×blockK (16 KB),
// small enough that it and the rows of B it meets stay in L1. The tests
// cross it on every target.
const blockK = 256

// GemmNN computes C = A·B + beta·C with A m×k and B k×n.
//
// Reference loop:
//
//	for i, j: C[i,j] = beta*C[i,j] + Σ_p A[i,p]*B[p,j]
//
// It panics if a dimension is negative, a leading dimension is smaller than
// its row length, or a slice is too short. It does not allocate.
func GemmNN(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	checkDims(m, k, lda, len(a))
	checkDims(k, n, ldb, len(b))
	checkDims(m, n, ldc, len(c))
	if beta = prescale(m, n, k, beta, c, ldc); k == 0 {
		return
	}
	gemmNN(m, n, k, a, lda, b, ldb, beta, c, ldc)
}

// GemmTN computes C = Aᵀ·B + beta·C with A k×m and B k×n.
//
// Reference loop:
//
//	for i, j: C[i,j] = beta*C[i,j] + Σ_p A[p,i]*B[p,j]
//
// It panics and allocates as GemmNN does.
func GemmTN(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	checkDims(k, m, lda, len(a))
	checkDims(k, n, ldb, len(b))
	checkDims(m, n, ldc, len(c))
	if beta = prescale(m, n, k, beta, c, ldc); k == 0 {
		return
	}
	gemmTN(m, n, k, a, lda, b, ldb, beta, c, ldc)
}

// GemmNT computes C = A·Bᵀ + beta·C with A m×k and B n×k.
//
// Reference loop:
//
//	for i, j: C[i,j] = beta*C[i,j] + Σ_p A[i,p]*B[j,p]
//
// It panics and allocates as GemmNN does.
func GemmNT(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	checkDims(m, k, lda, len(a))
	checkDims(n, k, ldb, len(b))
	checkDims(m, n, ldc, len(c))
	if beta = prescale(m, n, k, beta, c, ldc); k == 0 {
		return
	}
	gemmNT(m, n, k, a, lda, b, ldb, beta, c, ldc)
}

// GemmTT computes C = Aᵀ·Bᵀ + beta·C with A k×m and B n×k.
//
// Reference loop:
//
//	for i, j: C[i,j] = beta*C[i,j] + Σ_p A[p,i]*B[j,p]
//
// No op of the tensor package needs this form, so it has only the plain
// loop, which reads A with a stride; it completes the set for callers and
// for the blas32 oracle. It panics and allocates as GemmNN does.
func GemmTT(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	checkDims(k, m, lda, len(a))
	checkDims(n, k, ldb, len(b))
	checkDims(m, n, ldc, len(c))
	if beta = prescale(m, n, k, beta, c, ldc); k == 0 {
		return
	}
	gemmTTGo(m, n, k, a, lda, b, ldb, beta, c, ldc)
}

// gemmTTGo is GemmTT's loop, in the order of the package comment.
func gemmTTGo(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := range m {
		crow := c[i*ldc : i*ldc+n]
		for j := range crow {
			brow := b[j*ldb : j*ldb+k]
			var s float32
			if beta != 0 {
				s = crow[j]
			}
			for p, bv := range brow {
				s += float32(a[p*lda+i] * bv)
			}
			crow[j] = s
		}
	}
}

// prescale reduces every beta to 0 or 1, the only values the loops take: for
// another beta it multiplies C by beta first (which is the first step of the
// per-element order above anyway) and returns 1. When k is 0 the product is
// empty, so it also settles C: zeroed for beta 0, left as is for beta 1.
func prescale(m, n, k int, beta float32, c []float32, ldc int) float32 {
	if beta == 1 || beta == 0 && k > 0 {
		return beta
	}
	for i := range m {
		crow := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(crow)
			continue
		}
		for j := range crow {
			crow[j] *= beta
		}
	}
	if beta == 0 {
		return 0
	}
	return 1
}

func checkDims(rows, cols, ld, n int) {
	if rows < 0 || cols < 0 || ld < max(cols, 1) {
		panic("kernel: bad dimension or leading dimension")
	}
	if rows > 0 && n < (rows-1)*ld+cols {
		panic("kernel: slice too short for matrix")
	}
}
