package kernel

// The plain-Go GEMM loops. They are the reference of the summation order
// (gemm.go), the whole implementation outside wasm and under the noasm tag,
// and the code for the rows and columns the wasm tiles leave over. They take
// beta 0 or 1 only and k > 0; the exported functions see to both.
//
// The loops are written for Go's compilers, whose float registers (15 on
// amd64, 16 wasm locals) they must not overflow. NN and TN keep 2×4 values
// of A in locals while streaming four rows of B into two rows of C (8
// products per 6 loads and 2 stores); NT takes four dot products at once.
// Those shapes were measured against the alternatives on both targets: 3×4
// blocks of A are 5% faster in wasm but spill on amd64 (5% slower there),
// 2×4 and 1×8 blocks of dot products are faster in wasm but 7% and 45%
// slower on amd64, where these loops are the only implementation.
//
// Every product is wrapped in float32(…), which the Go spec defines to
// round, so no compiler may fuse it into a multiply-add (arm64 and
// GOAMD64=v3 would otherwise be allowed to).

// gemmNNGo is GemmNN in plain Go.
func gemmNNGo(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	var av [2][4]float32
	i := 0
	for ; i+2 <= m; i += 2 {
		c0 := c[i*ldc : i*ldc+n]
		c1 := c[(i+1)*ldc : (i+1)*ldc+n]
		if beta == 0 {
			clear(c0)
			clear(c1)
		}
		a0 := a[i*lda : i*lda+k]
		a1 := a[(i+1)*lda : (i+1)*lda+k]
		p := 0
		for ; p+4 <= k; p += 4 {
			av[0], av[1] = [4]float32(a0[p:]), [4]float32(a1[p:])
			axpy2x4(c0, c1, &av, b[p*ldb:p*ldb+n], b[(p+1)*ldb:(p+1)*ldb+n],
				b[(p+2)*ldb:(p+2)*ldb+n], b[(p+3)*ldb:(p+3)*ldb+n])
		}
		for ; p < k; p++ {
			brow := b[p*ldb : p*ldb+n]
			AxpyUnitary(a0[p], brow, c0)
			AxpyUnitary(a1[p], brow, c1)
		}
	}
	if i < m {
		crow := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(crow)
		}
		arow := a[i*lda : i*lda+k]
		p := 0
		for ; p+4 <= k; p += 4 {
			axpy4(crow, (*[4]float32)(arow[p:]), b[p*ldb:p*ldb+n], b[(p+1)*ldb:(p+1)*ldb+n],
				b[(p+2)*ldb:(p+2)*ldb+n], b[(p+3)*ldb:(p+3)*ldb+n])
		}
		for ; p < k; p++ {
			AxpyUnitary(arow[p], b[p*ldb:p*ldb+n], crow)
		}
	}
}

// gemmTNGo is GemmTN in plain Go: the loops of gemmNNGo with A read down
// its columns.
func gemmTNGo(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	var av [2][4]float32
	i := 0
	for ; i+2 <= m; i += 2 {
		c0 := c[i*ldc : i*ldc+n]
		c1 := c[(i+1)*ldc : (i+1)*ldc+n]
		if beta == 0 {
			clear(c0)
			clear(c1)
		}
		p := 0
		for ; p+4 <= k; p += 4 {
			for q := range 4 {
				col := a[(p+q)*lda+i : (p+q)*lda+i+2]
				av[0][q], av[1][q] = col[0], col[1]
			}
			axpy2x4(c0, c1, &av, b[p*ldb:p*ldb+n], b[(p+1)*ldb:(p+1)*ldb+n],
				b[(p+2)*ldb:(p+2)*ldb+n], b[(p+3)*ldb:(p+3)*ldb+n])
		}
		for ; p < k; p++ {
			brow := b[p*ldb : p*ldb+n]
			col := a[p*lda+i : p*lda+i+2]
			AxpyUnitary(col[0], brow, c0)
			AxpyUnitary(col[1], brow, c1)
		}
	}
	if i < m {
		crow := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(crow)
		}
		p := 0
		for ; p+4 <= k; p += 4 {
			av0 := [4]float32{a[p*lda+i], a[(p+1)*lda+i], a[(p+2)*lda+i], a[(p+3)*lda+i]}
			axpy4(crow, &av0, b[p*ldb:p*ldb+n], b[(p+1)*ldb:(p+1)*ldb+n],
				b[(p+2)*ldb:(p+2)*ldb+n], b[(p+3)*ldb:(p+3)*ldb+n])
		}
		for ; p < k; p++ {
			AxpyUnitary(a[p*lda+i], b[p*ldb:p*ldb+n], crow)
		}
	}
}

// gemmNTGo is GemmNT in plain Go: dot products of a row of A with four rows
// of B at a time, then the last n mod 4 columns with four rows of A at a
// time, so that four sums are always in flight (one alone would wait on
// each add).
func gemmNTGo(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	n4 := n / 4 * 4
	for i := range m {
		dotRow(c[i*ldc:i*ldc+n4], beta, a[i*lda:i*lda+k], b, ldb)
	}
	var s [4]float32
	for j := n4; j < n; j++ {
		brow := b[j*ldb : j*ldb+k]
		i := 0
		for ; i+4 <= m; i += 4 {
			for r := range 4 {
				s[r] = start(beta, c[(i+r)*ldc+j])
			}
			dot4(&s, brow, a[i*lda:], lda)
			for r := range 4 {
				c[(i+r)*ldc+j] = s[r]
			}
		}
		for ; i < m; i++ {
			c[i*ldc+j] = dotFrom(start(beta, c[i*ldc+j]), a[i*lda:i*lda+k], brow)
		}
	}
}

// axpy2x4 computes, for every j in y0 and r = 0, 1,
//
//	y_r[j] = y_r[j] + a[r][0]·x0[j] + a[r][1]·x1[j] + a[r][2]·x2[j] + a[r][3]·x3[j]
//
// adding left to right. y1 and the x's are at least as long as y0.
func axpy2x4(y0, y1 []float32, a *[2][4]float32, x0, x1, x2, x3 []float32) {
	n := len(y0)
	y1 = y1[:n]
	x0, x1, x2, x3 = x0[:n], x1[:n], x2[:n], x3[:n]
	a00, a01, a02, a03 := a[0][0], a[0][1], a[0][2], a[0][3]
	a10, a11, a12, a13 := a[1][0], a[1][1], a[1][2], a[1][3]
	for j := range y0 {
		b0, b1, b2, b3 := x0[j], x1[j], x2[j], x3[j]
		y0[j] = y0[j] + float32(a00*b0) + float32(a01*b1) + float32(a02*b2) + float32(a03*b3)
		y1[j] = y1[j] + float32(a10*b0) + float32(a11*b1) + float32(a12*b2) + float32(a13*b3)
	}
}

// axpy4 computes y[j] = y[j] + a[0]·x0[j] + a[1]·x1[j] + a[2]·x2[j] + a[3]·x3[j]
// for every j in y, adding left to right; the x's are at least as long as y.
func axpy4(y []float32, a *[4]float32, x0, x1, x2, x3 []float32) {
	n := len(y)
	x0, x1, x2, x3 = x0[:n], x1[:n], x2[:n], x3[:n]
	a0, a1, a2, a3 := a[0], a[1], a[2], a[3]
	for j, v := range y {
		y[j] = v + float32(a0*x0[j]) + float32(a1*x1[j]) + float32(a2*x2[j]) + float32(a3*x3[j])
	}
}

// dotRow computes c[j] = beta·c[j] + Σ_p x[p]·y[j·ldy + p], summing in
// order p = 0, 1, …, for every j in c, four at a time; len(c) is a multiple
// of 4. A function of its own, like dot4: inlined into gemmNTGo, the same
// loop gets fewer registers from Go's amd64 compiler and runs at 8 GFLOPS
// rather than 12.
func dotRow(c []float32, beta float32, x, y []float32, ldy int) {
	k := len(x)
	for j := 0; j+4 <= len(c); j += 4 {
		y0, y1, y2, y3 := y[j*ldy:][:k], y[(j+1)*ldy:][:k], y[(j+2)*ldy:][:k], y[(j+3)*ldy:][:k]
		cj := (*[4]float32)(c[j:])
		var s0, s1, s2, s3 float32
		if beta != 0 {
			s0, s1, s2, s3 = cj[0], cj[1], cj[2], cj[3]
		}
		for p, v := range x {
			s0 += float32(v * y0[p])
			s1 += float32(v * y1[p])
			s2 += float32(v * y2[p])
			s3 += float32(v * y3[p])
		}
		cj[0], cj[1], cj[2], cj[3] = s0, s1, s2, s3
	}
}

// dot4 adds Σ_p x[p]·y[q·ldy + p] to s[q] for q = 0..3, in order
// p = 0, 1, …: a row of B against four rows of A. (x·y and y·x are the same
// float.)
func dot4(s *[4]float32, x, y []float32, ldy int) {
	k := len(x)
	y0, y1, y2, y3 := y[:k], y[ldy:][:k], y[2*ldy:][:k], y[3*ldy:][:k]
	s0, s1, s2, s3 := s[0], s[1], s[2], s[3]
	for p, v := range x {
		s0 += float32(v * y0[p])
		s1 += float32(v * y1[p])
		s2 += float32(v * y2[p])
		s3 += float32(v * y3[p])
	}
	s[0], s[1], s[2], s[3] = s0, s1, s2, s3
}

// start returns the value a sum into c starts from: c for beta 1, and 0
// (not 0·c, which is NaN for a NaN c) for beta 0.
func start(beta, c float32) float32 {
	if beta == 0 {
		return 0
	}
	return c
}

// dotFrom returns s + Σ_p x[p]·y[p], summed in order p = 0, 1, …; y is at
// least as long as x.
func dotFrom(s float32, x, y []float32) float32 {
	y = y[:len(x)]
	for p, v := range x {
		s += float32(v * y[p])
	}
	return s
}
