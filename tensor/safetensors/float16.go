package safetensors

import "math"

// Conversions between float32 and the 16-bit formats, in integer arithmetic
// only so that they give the same bits natively and in wasm.
//
//	binary16: sign 1 | exponent 5 (bias 15)  | fraction 10
//	bfloat16: sign 1 | exponent 8 (bias 127) | fraction 7
//	binary32: sign 1 | exponent 8 (bias 127) | fraction 23
//
// Widening is exact. Narrowing rounds to nearest, ties to even, overflows to
// infinity and keeps NaNs NaN (quiet, with the top fraction bits kept).

// f16ToF32 returns the binary16 value h as a float32, exactly.
func f16ToF32(h uint16) float32 {
	sign := uint32(h&0x8000) << 16
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // infinity or NaN; a NaN's fraction moves to the top
		return math.Float32frombits(sign | 0x7f800000 | frac<<13)
	case exp == 0 && frac == 0: // ±0
		return math.Float32frombits(sign)
	case exp == 0: // subnormal: frac × 2⁻²⁴; normalise so the leading 1 is bit 10
		e := uint32(127 - 15 + 1) // the binary32 exponent of 2⁻¹⁴
		for frac&0x400 == 0 {
			frac <<= 1
			e--
		}
		return math.Float32frombits(sign | e<<23 | (frac&0x3ff)<<13)
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | frac<<13)
}

// f32ToF16 returns the binary16 nearest to f, ties to even.
func f32ToF16(f float32) uint16 {
	b := math.Float32bits(f)
	sign := uint16(b>>16) & 0x8000
	exp := int(b>>23) & 0xff
	frac := b & 0x7fffff
	if exp == 0xff {
		if frac == 0 {
			return sign | 0x7c00
		}
		return sign | 0x7e00 | uint16(frac>>13) // quiet bit set: never becomes infinity
	}
	e := exp - 127 + 15 // the binary16 biased exponent
	if e >= 0x1f {
		return sign | 0x7c00
	}
	if e <= 0 {
		// A binary16 subnormal has value m × 2⁻²⁴ and f is m24 × 2^(exp−150)
		// with m24 the 24-bit significand, so m = m24 >> (14 − e), rounded.
		// Below 2⁻²⁵ (e < −10) every f rounds to zero.
		if e < -10 {
			return sign
		}
		return sign | uint16(roundShift(frac|0x800000, uint(14-e)))
	}
	// A carry out of the fraction increments the exponent, as it should; from
	// the largest finite exponent it gives 0x7c00, infinity.
	return sign | uint16(roundShift(uint32(e)<<23|frac, 13))
}

// roundShift returns x >> s rounded to nearest, ties to even; 1 ≤ s ≤ 24.
func roundShift(x uint32, s uint) uint32 {
	q := x >> s
	rem := x & (1<<s - 1)
	half := uint32(1) << (s - 1)
	if rem > half || rem == half && q&1 == 1 {
		q++
	}
	return q
}

// bf16ToF32 returns the bfloat16 value h as a float32, exactly.
func bf16ToF32(h uint16) float32 {
	return math.Float32frombits(uint32(h) << 16)
}

// f32ToBF16 returns the bfloat16 nearest to f, ties to even.
func f32ToBF16(f float32) uint16 {
	b := math.Float32bits(f)
	if b&0x7fffffff > 0x7f800000 { // NaN: keep it NaN and quiet
		return uint16(b>>16) | 0x40
	}
	return uint16(roundShift(b, 16)) // overflow carries into infinity
}
