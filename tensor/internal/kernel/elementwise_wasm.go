//go:build !noasm

package kernel

// The SIMD128 prefixes of the element-wise kernels (elementwise_wasm.s):
// each v-function runs the first len/4·4 elements, four lanes at a time,
// and returns how many it did; the caller's loop does the rest. The
// callers have re-sliced every operand to the length of the first.

// relu4 is reluGo on n elements, n a positive multiple of 4: the select
// v128.andnot(x, x ≤ 0) keeps NaN and turns −0 into +0, as the loop does.
//
//go:noescape
func relu4(dst, x *float32, n int)

// reluGrad4 is reluGradGo on n elements: v128.bitselect(dx+g, dx, x > 0).
//
//go:noescape
func reluGrad4(dx, gr, x *float32, n int)

// add4 is addGo on n elements; dst may be x or y.
//
//go:noescape
func add4(dst, x, y *float32, n int)

// adam4 is adamGo on n elements, with the decay multiplied in always
// (w·1 = w).
//
//go:noescape
func adam4(w, m, v, gr *float32, n int, c *AdamCoef)

func vrelu(dst, x []float32) int {
	n := len(x) &^ 3
	if n > 0 {
		relu4(&dst[0], &x[0], n)
	}
	return n
}

func vreluGrad(dx, g, x []float32) int {
	n := len(x) &^ 3
	if n > 0 {
		reluGrad4(&dx[0], &g[0], &x[0], n)
	}
	return n
}

// addRows4 adds the first n columns of each of rows rows of gr, ld apart,
// into dst, row after row: addGo(dst[:n], dst[:n], gr[r*ld:r*ld+n]) for
// r = 0, 1, …; n is a positive multiple of 4 and rows positive.
//
//go:noescape
func addRows4(dst, gr *float32, n, ld, rows int)

func vaddRows(dst, g []float32) int {
	n := len(dst) &^ 3
	if n > 0 && len(g) > 0 {
		addRows4(&dst[0], &g[0], n, len(dst), len(g)/len(dst))
	}
	return n
}

func vadd(dst, x, y []float32) int {
	n := len(x) &^ 3
	if n > 0 {
		add4(&dst[0], &x[0], &y[0], n)
	}
	return n
}

func vadam(w, m, v, g []float32, c *AdamCoef) int {
	n := len(w) &^ 3
	if n > 0 {
		adam4(&w[0], &m[0], &v[0], &g[0], n, c)
	}
	return n
}

// mul4 is mulGo on n elements; dst may be x or y.
//
//go:noescape
func mul4(dst, x, y *float32, n int)

// mulAdd4 is mulAddGo on n elements.
//
//go:noescape
func mulAdd4(dst, x, y *float32, n int)

// scale4 is scaleGo on n elements, with s read from *s.
//
//go:noescape
func scale4(dst, x *float32, n int, s *float32)

// axpyv4 is axpyGo on n elements, with alpha read from *alpha.
//
//go:noescape
func axpyv4(y, x *float32, n int, alpha *float32)

func vmul(dst, x, y []float32) int {
	n := len(x) &^ 3
	if n > 0 {
		mul4(&dst[0], &x[0], &y[0], n)
	}
	return n
}

func vmulAdd(dst, x, y []float32) int {
	n := len(x) &^ 3
	if n > 0 {
		mulAdd4(&dst[0], &x[0], &y[0], n)
	}
	return n
}

func vscale(dst, x []float32, s float32) int {
	n := len(x) &^ 3
	if n > 0 {
		scale4(&dst[0], &x[0], n, &s)
	}
	return n
}

func vaxpy(alpha float32, x, y []float32) int {
	n := len(x) &^ 3
	if n > 0 {
		axpyv4(&y[0], &x[0], n, &alpha)
	}
	return n
}

// step4 is stepGo on n elements: v128.bitselect(pos, neg, x > 0), with
// f32x4.gt false for zeros, negatives and NaNs, as the loop's test.
//
//go:noescape
func step4(dst, x *float32, n int, c *[2]float32)

func vstep(dst, x []float32, pos, neg float32) int {
	n := len(x) &^ 3
	if n > 0 {
		c := [2]float32{pos, neg}
		step4(&dst[0], &x[0], n, &c)
	}
	return n
}
