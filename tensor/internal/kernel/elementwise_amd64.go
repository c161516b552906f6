//go:build !noasm

package kernel

// The AVX prefixes of the element-wise kernels on amd64
// (elementwise_avx2_amd64.s): when useAVX2 holds, each v-function runs the
// first len/8·8 elements, eight lanes at a time, and returns how many it
// did; the caller's loop does the rest (all of it without AVX2). The
// operations per lane are the loops' (VMULPS, VADDPS, VDIVPS, VSQRTPS
// round as Go's float32 operations do), so the bits are the loops'. The
// callers have re-sliced every operand to the length of the first.

// relu8 is reluGo on n elements, n a positive multiple of 8: the mask of
// x ≤ 0 (false for NaN) clears those lanes, which keeps NaN and turns −0
// into +0, as the loop does.
//
//go:noescape
func relu8(dst, x *float32, n int)

// reluGrad8 is reluGradGo on n elements: dx+g where x > 0, dx elsewhere.
//
//go:noescape
func reluGrad8(dx, gr, x *float32, n int)

// add8 is addGo on n elements; dst may be x or y.
//
//go:noescape
func add8(dst, x, y *float32, n int)

// adam8 is adamGo on n elements, with the decay multiplied in always
// (w·1 = w).
//
//go:noescape
func adam8(w, m, v, gr *float32, n int, c *AdamCoef)

// mul8 is mulGo on n elements; dst may be x or y.
//
//go:noescape
func mul8(dst, x, y *float32, n int)

// mulAdd8 is mulAddGo on n elements.
//
//go:noescape
func mulAdd8(dst, x, y *float32, n int)

// scale8 is scaleGo on n elements; dst may be x.
//
//go:noescape
func scale8(dst, x *float32, n int, s float32)

// axpy8 is axpyGo on n elements.
//
//go:noescape
func axpy8(y, x *float32, n int, alpha float32)

// count8 is how many leading elements of a length-n operand the AVX loops
// take: n rounded down to a multiple of 8, or none without AVX2.
func count8(n int) int {
	if !useAVX2 {
		return 0
	}
	return n &^ 7
}

func vrelu(dst, x []float32) int {
	n := count8(len(x))
	if n > 0 {
		relu8(&dst[0], &x[0], n)
	}
	return n
}

func vreluGrad(dx, g, x []float32) int {
	n := count8(len(x))
	if n > 0 {
		reluGrad8(&dx[0], &g[0], &x[0], n)
	}
	return n
}

// vaddRows leaves AddRows to its row-by-row loop: a call of the AVX2
// kernel costs little natively.
func vaddRows(dst, g []float32) int { return 0 }

func vadd(dst, x, y []float32) int {
	n := count8(len(x))
	if n > 0 {
		add8(&dst[0], &x[0], &y[0], n)
	}
	return n
}

func vadam(w, m, v, g []float32, c *AdamCoef) int {
	n := count8(len(w))
	if n > 0 {
		adam8(&w[0], &m[0], &v[0], &g[0], n, c)
	}
	return n
}

func vmul(dst, x, y []float32) int {
	n := count8(len(x))
	if n > 0 {
		mul8(&dst[0], &x[0], &y[0], n)
	}
	return n
}

func vmulAdd(dst, x, y []float32) int {
	n := count8(len(x))
	if n > 0 {
		mulAdd8(&dst[0], &x[0], &y[0], n)
	}
	return n
}

func vscale(dst, x []float32, s float32) int {
	n := count8(len(x))
	if n > 0 {
		scale8(&dst[0], &x[0], n, s)
	}
	return n
}

func vaxpy(alpha float32, x, y []float32) int {
	n := count8(len(x))
	if n > 0 {
		axpy8(&y[0], &x[0], n, alpha)
	}
	return n
}

// vstep has no AVX version: the loop runs it all (the compiler's branch on
// amd64 costs little next to the GEMMs around it).
func vstep(dst, x []float32, pos, neg float32) int { return 0 }
