package kernel

import "genplay/tensor/math32"

// The element-wise kernels of the training step: ReLU and its gradient,
// sums of two vectors (bias rows, gradient accumulation) and the Adam
// update. Each is its reference loop in plain Go; under GOOS=js
// GOARCH=wasm the first len/4·4 elements run in WebAssembly SIMD128
// (elementwise_wasm.s), and on amd64 with AVX2 the first len/8·8 in AVX
// (elementwise_avx2_amd64.s), with the same operations in the same order
// per element, so the bits are those of the loops
// (TestElementwiseAsmMatchesGo). ReLU as a branch in Go mispredicts on
// every other element of a random sign, which made it and its gradient a
// fifth of a native training step before the vector loops.
// The slices passed must not overlap except where a doc comment says so.

// Relu sets dst[i] = max(x[i], 0) for every i in x, as the builtin max does:
// NaN stays NaN (the same bits) and −0 becomes +0.
//
// Reference loop:
//
//	for i, v := range x: if v <= 0 { v = 0 }; dst[i] = v
//
// Written as a branch: under wasm, max(v, 0) compiles to a call of the
// runtime's fmax32. It panics if dst is shorter than x.
func Relu(dst, x []float32) {
	dst = dst[:len(x)]
	n := vrelu(dst, x)
	reluGo(dst[n:], x[n:])
}

func reluGo(dst, x []float32) {
	dst = dst[:len(x)]
	for i, v := range x {
		if v <= 0 { // false for NaN, which passes through
			v = 0
		}
		dst[i] = v
	}
}

// ReluGrad adds g[i] to dx[i] wherever x[i] > 0: the gradient of Relu,
// whose subgradient at 0 is 0.
//
// Reference loop:
//
//	for i, v := range x: if v > 0 { dx[i] += g[i] }
//
// It panics if dx or g is shorter than x.
func ReluGrad(dx, g, x []float32) {
	dx, g = dx[:len(x)], g[:len(x)]
	n := vreluGrad(dx, g, x)
	reluGradGo(dx[n:], g[n:], x[n:])
}

func reluGradGo(dx, g, x []float32) {
	dx, g = dx[:len(x)], g[:len(x)]
	for i, v := range x {
		if v > 0 {
			dx[i] += g[i]
		}
	}
}

// Add sets dst[i] = x[i] + y[i] for every i in x. dst may be x or y (the
// in-place sum y += x is Add(y, y, x)).
//
// Reference loop:
//
//	for i := range x: dst[i] = x[i] + y[i]
//
// It panics if dst or y is shorter than x.
func Add(dst, x, y []float32) {
	dst, y = dst[:len(x)], y[:len(x)]
	n := vadd(dst, x, y)
	addGo(dst[n:], x[n:], y[n:])
}

// AddRows adds each row of g, a matrix of len(g)/len(dst) rows of
// len(dst) columns, into dst, one row after the other:
//
//	for r := 0; r < len(g)/len(dst); r++ {
//		for j := range dst {
//			dst[j] += g[r*len(dst)+j]
//		}
//	}
//
// It is a bias's gradient, the sum over a batch's rows. Under wasm the rows
// go through one assembly call rather than one call of Add each, whose
// cost at genplay's widths (32 to 128 columns) is mostly the call. It
// panics unless len(dst) divides len(g), and allocates nothing.
func AddRows(dst, g []float32) {
	if len(dst) == 0 || len(g)%len(dst) != 0 {
		panic("kernel: AddRows of a row length that does not divide the matrix")
	}
	n := vaddRows(dst, g)
	if n == len(dst) {
		return
	}
	for off := 0; off < len(g); off += len(dst) {
		Add(dst[n:], dst[n:], g[off+n:off+len(dst)])
	}
}

func addGo(dst, x, y []float32) {
	dst, y = dst[:len(x)], y[:len(x)]
	for i, v := range x {
		dst[i] = v + y[i]
	}
}

// AdamCoef are the per-step constants of an Adam update (see Adam).
type AdamCoef struct {
	Beta1, Beta2 float32 // β₁, β₂
	C1, C2       float32 // 1 − β₁ᵗ, 1 − β₂ᵗ: the bias corrections
	LR, Eps      float32 // α, ε
	Decay        float32 // 1 − α·λ of AdamW, 1 for plain Adam
}

// Adam updates the weights w and the moments m and v from the gradient g,
// element by element (Kingma & Ba 2015, Algorithm 1; AdamW's decay of
// Loshchilov & Hutter 2019, Algorithm 2, line 12):
//
//	m ← β₁·m + (1−β₁)·g
//	v ← β₂·v + (1−β₂)·g·g
//	w ← w·decay − α·(m/c₁) / (√(v/c₂) + ε)
//
// each operation rounded to float32 in this order (w·decay is skipped when
// decay is 1, which gives the same bits). It panics if m, v or g is
// shorter than w.
func Adam(w, m, v, g []float32, c *AdamCoef) {
	m, v, g = m[:len(w)], v[:len(w)], g[:len(w)]
	n := vadam(w, m, v, g, c)
	adamGo(w[n:], m[n:], v[n:], g[n:], c)
}

func adamGo(w, m, v, g []float32, c *AdamCoef) {
	m, v, g = m[:len(w)], v[:len(w)], g[:len(w)]
	b1, b2, c1, c2, lr, eps, decay := c.Beta1, c.Beta2, c.C1, c.C2, c.LR, c.Eps, c.Decay
	for j, gj := range g {
		mj := float32(b1*m[j]) + float32((1-b1)*gj)
		vj := float32(b2*v[j]) + float32(float32((1-b2)*gj)*gj)
		m[j], v[j] = mj, vj
		wj := w[j]
		if decay != 1 {
			wj *= decay
		}
		w[j] = wj - float32(lr*(mj/c1))/(math32.Sqrt(vj/c2)+eps)
	}
}

// Mul sets dst[i] = x[i]·y[i] for every i in x. dst may be x or y.
//
// Reference loop:
//
//	for i := range x: dst[i] = x[i]*y[i]
//
// It panics if dst or y is shorter than x.
func Mul(dst, x, y []float32) {
	dst, y = dst[:len(x)], y[:len(x)]
	n := vmul(dst, x, y)
	mulGo(dst[n:], x[n:], y[n:])
}

func mulGo(dst, x, y []float32) {
	dst, y = dst[:len(x)], y[:len(x)]
	for i, v := range x {
		dst[i] = v * y[i]
	}
}

// MulAdd adds x[i]·y[i], rounded, to dst[i] for every i in x.
//
// Reference loop:
//
//	for i := range x: dst[i] += float32(x[i]*y[i])
//
// It panics if dst or y is shorter than x.
func MulAdd(dst, x, y []float32) {
	dst, y = dst[:len(x)], y[:len(x)]
	n := vmulAdd(dst, x, y)
	mulAddGo(dst[n:], x[n:], y[n:])
}

func mulAddGo(dst, x, y []float32) {
	dst, y = dst[:len(x)], y[:len(x)]
	for i, v := range x {
		dst[i] += float32(v * y[i])
	}
}

// Scale sets dst[i] = x[i]·s for every i in x. dst may be x.
//
// Reference loop:
//
//	for i := range x: dst[i] = x[i]*s
//
// It panics if dst is shorter than x.
func Scale(dst, x []float32, s float32) {
	dst = dst[:len(x)]
	n := vscale(dst, x, s)
	scaleGo(dst[n:], x[n:], s)
}

func scaleGo(dst, x []float32, s float32) {
	dst = dst[:len(x)]
	for i, v := range x {
		dst[i] = v * s
	}
}

// Step sets dst[i] to pos where x[i] > 0 and to neg elsewhere (zeros,
// negatives and NaNs): the slopes of a piecewise-linear activation.
//
// Reference loop:
//
//	for i, v := range x: if v > 0 { dst[i] = pos } else { dst[i] = neg }
//
// It panics if dst is shorter than x.
func Step(dst, x []float32, pos, neg float32) {
	dst = dst[:len(x)]
	n := vstep(dst, x, pos, neg)
	stepGo(dst[n:], x[n:], pos, neg)
}

func stepGo(dst, x []float32, pos, neg float32) {
	dst = dst[:len(x)]
	for i, v := range x {
		if v > 0 {
			dst[i] = pos
		} else {
			dst[i] = neg
		}
	}
}
