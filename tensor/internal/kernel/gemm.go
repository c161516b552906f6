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

// GemmNN computes C = A·B + beta·C with A m×k and B k×n.
//
// Reference loop:
//
//	for i, j: C[i,j] = beta*C[i,j] + Σ_p A[i,p]*B[p,j]
func GemmNN(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	checkDims(m, k, lda, len(a))
	checkDims(k, n, ldb, len(b))
	checkDims(m, n, ldc, len(c))
	for i := range m {
		crow := c[i*ldc : i*ldc+n]
		scale(crow, beta)
		arow := a[i*lda : i*lda+k]
		p := 0
		// Four rows of B per pass: one load and store of C for every eight flops.
		for ; p+4 <= k; p += 4 {
			axpy4(crow, arow[p], arow[p+1], arow[p+2], arow[p+3],
				b[p*ldb:p*ldb+n], b[(p+1)*ldb:(p+1)*ldb+n], b[(p+2)*ldb:(p+2)*ldb+n], b[(p+3)*ldb:(p+3)*ldb+n])
		}
		for ; p < k; p++ {
			AxpyUnitary(arow[p], b[p*ldb:p*ldb+n], crow)
		}
	}
}

// GemmTN computes C = Aᵀ·B + beta·C with A k×m and B k×n.
//
// Reference loop:
//
//	for i, j: C[i,j] = beta*C[i,j] + Σ_p A[p,i]*B[p,j]
func GemmTN(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	checkDims(k, m, lda, len(a))
	checkDims(k, n, ldb, len(b))
	checkDims(m, n, ldc, len(c))
	for i := range m {
		crow := c[i*ldc : i*ldc+n]
		scale(crow, beta)
		p := 0
		for ; p+4 <= k; p += 4 {
			axpy4(crow, a[p*lda+i], a[(p+1)*lda+i], a[(p+2)*lda+i], a[(p+3)*lda+i],
				b[p*ldb:p*ldb+n], b[(p+1)*ldb:(p+1)*ldb+n], b[(p+2)*ldb:(p+2)*ldb+n], b[(p+3)*ldb:(p+3)*ldb+n])
		}
		for ; p < k; p++ {
			AxpyUnitary(a[p*lda+i], b[p*ldb:p*ldb+n], crow)
		}
	}
}

// GemmNT computes C = A·Bᵀ + beta·C with A m×k and B n×k.
//
// Reference loop:
//
//	for i, j: C[i,j] = beta*C[i,j] + Σ_p A[i,p]*B[j,p]
func GemmNT(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	checkDims(m, k, lda, len(a))
	checkDims(n, k, ldb, len(b))
	checkDims(m, n, ldc, len(c))
	for i := range m {
		arow := a[i*lda : i*lda+k]
		crow := c[i*ldc : i*ldc+n]
		j := 0
		// Four dot products at once share each load of A's row.
		for ; j+4 <= n; j += 4 {
			b0 := b[j*ldb : j*ldb+k]
			b1 := b[(j+1)*ldb : (j+1)*ldb+k]
			b2 := b[(j+2)*ldb : (j+2)*ldb+k]
			b3 := b[(j+3)*ldb : (j+3)*ldb+k]
			var s0, s1, s2, s3 float32
			for p, av := range arow {
				s0 += av * b0[p]
				s1 += av * b1[p]
				s2 += av * b2[p]
				s3 += av * b3[p]
			}
			if beta == 0 {
				crow[j], crow[j+1], crow[j+2], crow[j+3] = s0, s1, s2, s3
			} else {
				crow[j] = beta*crow[j] + s0
				crow[j+1] = beta*crow[j+1] + s1
				crow[j+2] = beta*crow[j+2] + s2
				crow[j+3] = beta*crow[j+3] + s3
			}
		}
		for ; j < n; j++ {
			s := DotUnitary(arow, b[j*ldb:j*ldb+k])
			if beta == 0 {
				crow[j] = s
			} else {
				crow[j] = beta*crow[j] + s
			}
		}
	}
}

// axpy4 computes y[j] += a0*x0[j] + a1*x1[j] + a2*x2[j] + a3*x3[j] for every
// j in y; the x's are at least as long as y.
func axpy4(y []float32, a0, a1, a2, a3 float32, x0, x1, x2, x3 []float32) {
	x0, x1, x2, x3 = x0[:len(y)], x1[:len(y)], x2[:len(y)], x3[:len(y)]
	for j, v := range y {
		y[j] = v + a0*x0[j] + a1*x1[j] + a2*x2[j] + a3*x3[j]
	}
}

// scale computes y = beta·y for beta 0 or 1, writing zeros (not 0·y) when
// beta is 0.
func scale(y []float32, beta float32) {
	switch beta {
	case 0:
		clear(y)
	case 1:
	default:
		for i := range y {
			y[i] *= beta
		}
	}
}

func checkDims(rows, cols, ld, n int) {
	if rows < 0 || cols < 0 || ld < max(cols, 1) {
		panic("kernel: bad dimension or leading dimension")
	}
	if rows > 0 && n < (rows-1)*ld+cols {
		panic("kernel: slice too short for matrix")
	}
}
