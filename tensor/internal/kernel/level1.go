package kernel

// AxpyUnitary computes y += alpha·x for the first len(x) elements of y.
//
// Reference loop:
//
//	for i := range x: y[i] += alpha*x[i]
//
// The product is rounded before the sum (no fused multiply-add), so every
// target gives the same bits; under wasm the first len(x)/4·4 elements run
// in SIMD128 (elementwise_wasm.s).
func AxpyUnitary(alpha float32, x, y []float32) {
	y = y[:len(x)]
	n := vaxpy(alpha, x, y)
	axpyGo(alpha, x[n:], y[n:])
}

func axpyGo(alpha float32, x, y []float32) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += float32(alpha * v)
	}
}

// DotUnitary returns Σ x[i]·y[i] over the first len(x) elements.
//
// Reference loop:
//
//	for i := range x: s += x[i]*y[i]
//
// The sum is taken in four interleaved partial sums, added as
// (s0+s1)+(s2+s3), then the tail; the order is fixed and products are
// rounded before they are added, so every target gives the same bits.
func DotUnitary(x, y []float32) float32 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += float32(x[i] * y[i])
		s1 += float32(x[i+1] * y[i+1])
		s2 += float32(x[i+2] * y[i+2])
		s3 += float32(x[i+3] * y[i+3])
	}
	s := (s0 + s1) + (s2 + s3)
	for ; i < len(x); i++ {
		s += float32(x[i] * y[i])
	}
	return s
}
