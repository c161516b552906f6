// Package math32 holds genplay's own float32 elementary functions.
//
// Go's math.Exp and math.Log use assembly on amd64 and generic code on wasm,
// so their results can differ in the last bit between the two. genplay needs
// bit-identical training natively and in the browser, so the functions here
// are written in plain float32 arithmetic (no fused multiply-add, one
// rounding per operation), which both targets evaluate the same way. The
// polynomials are those of the Cephes library (Moshier, "Methods and Programs
// for Mathematical Functions", 1989): expf.c, logf.c and tanhf.c.
//
// Sqrt rounds math.Sqrt, which is correctly rounded on every target. Sincos
// rounds math.Sincos, which is plain Go on every target.
package math32

import "math"

// Pi is π rounded to float32.
const Pi = float32(math.Pi)

const (
	ln2Hi  = 0.693359375    // high part of ln 2, exact in float32
	ln2Lo  = -2.12194440e-4 // ln 2 - ln2Hi
	log2e  = 1.44269504088896341
	maxLog = 88.72283905206835    // ln(MaxFloat32)
	minLog = -103.972077083991796 // ln of the smallest subnormal
	sqrtH  = 0.707106781186547524
)

// Exp returns e**x. It is within 2 ulp of the exact result for finite x.
//
// Special cases: Exp(+Inf) = +Inf, Exp(-Inf) = 0, Exp(NaN) = NaN, and results
// that overflow are +Inf.
func Exp(x float32) float32 {
	switch {
	case x != x:
		return x
	case x > maxLog:
		return float32(math.Inf(1))
	case x < minLog:
		return 0
	}
	// Step 1: x = n·ln2 + r with |r| <= ln2/2, r computed in two parts.
	n := floor(log2e*x + 0.5)
	r := x - n*ln2Hi
	r -= n * ln2Lo
	// Step 2: e**r by the Cephes minimax polynomial.
	z := r * r
	p := float32(1.9875691500e-4)
	p = p*r + 1.3981999507e-3
	p = p*r + 8.3334519073e-3
	p = p*r + 4.1665795894e-2
	p = p*r + 1.6666665459e-1
	p = p*r + 5.0000001201e-1
	y := p*z + r + 1
	// Step 3: y·2**n, in two factors so that subnormal results are reached.
	return ldexp(y, int(n))
}

// Log returns the natural logarithm of x. It is within 2 ulp of the exact
// result for positive finite x.
//
// Special cases: Log(+Inf) = +Inf, Log(0) = -Inf, Log(x < 0) = NaN,
// Log(NaN) = NaN.
func Log(x float32) float32 {
	switch {
	case x != x || x > math.MaxFloat32:
		return x
	case x < 0:
		return float32(math.NaN())
	case x == 0:
		return float32(math.Inf(-1))
	}
	// Step 1: x = m·2**e with m in [sqrt(1/2), sqrt(2)).
	b := math.Float32bits(x)
	e := int(b>>23) & 0xff
	if e == 0 { // subnormal: scale into the normal range first
		x *= 1 << 25
		b = math.Float32bits(x)
		e = int(b>>23)&0xff - 25
	}
	e -= 126
	m := math.Float32frombits(b&^(0xff<<23) | 126<<23) // in [0.5, 1)
	if m < sqrtH {
		e--
		m = m + m - 1
	} else {
		m = m - 1
	}
	// Step 2: log(1+m) by the Cephes polynomial.
	z := m * m
	p := float32(7.0376836292e-2)
	p = p*m - 1.1514610310e-1
	p = p*m + 1.1676998740e-1
	p = p*m - 1.2420140846e-1
	p = p*m + 1.4249322787e-1
	p = p*m - 1.6668057665e-1
	p = p*m + 2.0000714765e-1
	p = p*m - 2.4999993993e-1
	p = p*m + 3.3333331174e-1
	y := p * m * z
	fe := float32(e)
	y += ln2Lo * fe
	y -= 0.5 * z
	return m + y + ln2Hi*fe
}

// Tanh returns the hyperbolic tangent of x.
func Tanh(x float32) float32 {
	a := x
	if a < 0 {
		a = -a
	}
	switch {
	case x != x:
		return x
	case a > 9: // tanh(9) rounds to 1 in float32
		if x < 0 {
			return -1
		}
		return 1
	case a >= 0.625:
		// tanh a = 1 - 2/(e**(2a) + 1)
		z := 1 - 2/(Exp(a+a)+1)
		if x < 0 {
			return -z
		}
		return z
	}
	z := x * x
	p := float32(-5.70498872745e-3)
	p = p*z + 2.06390887954e-2
	p = p*z - 5.37397155531e-2
	p = p*z + 1.33314422036e-1
	p = p*z - 3.33332819422e-1
	return p*z*x + x
}

// Sigmoid returns the logistic function 1/(1+e**-x).
func Sigmoid(x float32) float32 {
	if x >= 0 {
		return 1 / (1 + Exp(-x))
	}
	// e/(1+e) in float64 keeps the quotient's rounding off Exp's error.
	e := float64(Exp(x))
	return float32(e / (1 + e))
}

// Sqrt returns the square root of x, correctly rounded.
func Sqrt(x float32) float32 { return float32(math.Sqrt(float64(x))) }

// Sincos returns sin(x) and cos(x), rounded from float64.
func Sincos(x float32) (sin, cos float32) {
	s, c := math.Sincos(float64(x))
	return float32(s), float32(c)
}

// floor returns the greatest integer value <= x, for |x| < 2**23.
func floor(x float32) float32 {
	t := float32(int32(x))
	if t > x {
		t--
	}
	return t
}

// ldexp returns y·2**n for y in [0.5, 4) and n in [-151, 128].
func ldexp(y float32, n int) float32 {
	if n > 127 {
		y *= 2
		n--
	}
	if n < -126 {
		y *= math.Float32frombits(uint32(n+126+127) << 23)
		n = -126
	}
	return y * math.Float32frombits(uint32(n+127)<<23)
}
