package safetensors

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// The bit patterns below are from IEEE 754-2008 §3.6 (binary16: 5 exponent
// bits, bias 15) and the bfloat16 definition (the top half of a binary32);
// the values are exact: 65504 = (2 − 2⁻¹⁰)·2¹⁵, 2⁻²⁴ the smallest binary16
// subnormal, 2⁻¹³³ the smallest bfloat16 subnormal.

var f16Known = []struct {
	bits uint16
	v    float32
}{
	{0x0000, 0},
	{0x3c00, 1},
	{0xbc00, -1},
	{0x3800, 0.5},
	{0xc000, -2},
	{0x3555, 0x1.554p-2}, // 0.333251953125, the binary16 nearest 1/3
	{0x7bff, 65504},
	{0xfbff, -65504},
	{0x0400, 0x1p-14},     // smallest normal
	{0x03ff, 0x1.ff8p-15}, // largest subnormal: 1023·2⁻²⁴
	{0x0001, 0x1p-24},     // smallest subnormal
	{0x8001, -0x1p-24},
	{0x1400, 0x1p-10},
	{0x7c00, float32(math.Inf(1))},
	{0xfc00, float32(math.Inf(-1))},
}

var bf16Known = []struct {
	bits uint16
	v    float32
}{
	{0x0000, 0},
	{0x3f80, 1},
	{0xbf80, -1},
	{0xbf00, -0.5},
	{0x4380, 256},
	{0x4040, 3},
	{0x4049, 3.140625},
	{0x7f7f, 0x1.fep127}, // largest finite
	{0x0080, 0x1p-126},   // smallest normal
	{0x0001, 0x1p-133},   // smallest subnormal
	{0x7f80, float32(math.Inf(1))},
	{0xff80, float32(math.Inf(-1))},
}

func TestF16Known(t *testing.T) {
	for _, c := range f16Known {
		if got := f16ToF32(c.bits); math.Float32bits(got) != math.Float32bits(c.v) {
			t.Errorf("f16ToF32(%#04x) = %g, want %g", c.bits, got, c.v)
		}
		if got := f32ToF16(c.v); got != c.bits {
			t.Errorf("f32ToF16(%g) = %#04x, want %#04x", c.v, got, c.bits)
		}
	}
	if got := f16ToF32(0x8000); got != 0 || !math.Signbit(float64(got)) {
		t.Errorf("f16ToF32(0x8000) = %g, want -0", got)
	}
	for _, h := range []uint16{0x7e00, 0x7c01, 0xfe00, 0x7fff} {
		if got := f16ToF32(h); got == got {
			t.Errorf("f16ToF32(%#04x) = %g, want NaN", h, got)
		}
	}
}

func TestBF16Known(t *testing.T) {
	for _, c := range bf16Known {
		if got := bf16ToF32(c.bits); math.Float32bits(got) != math.Float32bits(c.v) {
			t.Errorf("bf16ToF32(%#04x) = %g, want %g", c.bits, got, c.v)
		}
		if got := f32ToBF16(c.v); got != c.bits {
			t.Errorf("f32ToBF16(%g) = %#04x, want %#04x", c.v, got, c.bits)
		}
	}
	if got := bf16ToF32(0x7fc0); got == got {
		t.Errorf("bf16ToF32(0x7fc0) = %g, want NaN", got)
	}
}

// TestNarrowRounding pins round-to-nearest-even on hand-picked cases.
func TestNarrowRounding(t *testing.T) {
	for _, c := range []struct {
		v    float32
		want uint16
	}{
		{1 + 0x1p-11, 0x3c00},   // halfway between 1 and 1+2⁻¹⁰: to even, down
		{1 + 3*0x1p-11, 0x3c02}, // halfway between 1+2⁻¹⁰ and 1+2⁻⁹: to even, up
		{1 + 0x1p-11 + 0x1p-20, 0x3c01},
		{65519, 0x7bff},        // below the halfway point to 2¹⁶
		{65520, 0x7c00},        // halfway to 2¹⁶: to even, which overflows
		{1e6, 0x7c00},          // overflow
		{-1e6, 0xfc00},         // overflow
		{0x1p-25, 0x0000},      // halfway between 0 and 2⁻²⁴: to even, 0
		{0x1.0002p-25, 0x0001}, // just above halfway
		{3 * 0x1p-25, 0x0002},  // halfway between 1 and 2 × 2⁻²⁴: to even, 2
		{0x1p-26, 0x0000},
		{-0x1p-26, 0x8000},    // underflow keeps the sign
		{0x1p-149, 0x0000},    // the smallest float32
		{0x1.ffcp-15, 0x0400}, // halfway between the largest subnormal and 2⁻¹⁴: to even, up
	} {
		if got := f32ToF16(c.v); got != c.want {
			t.Errorf("f32ToF16(%g) = %#04x, want %#04x", c.v, got, c.want)
		}
	}
	for _, c := range []struct {
		bits uint32
		want uint16
	}{
		{0x3f808000, 0x3f80}, // halfway: to even, down
		{0x3f818000, 0x3f82}, // halfway: to even, up
		{0x3f808001, 0x3f81},
		{0x3f807fff, 0x3f80},
		{0x7f7fffff, 0x7f80}, // the largest float32 rounds to infinity
		{0x7f7f7fff, 0x7f7f},
		{0x80008000, 0x8000}, // halfway between -0 and the smallest subnormal
	} {
		if got := f32ToBF16(math.Float32frombits(c.bits)); got != c.want {
			t.Errorf("f32ToBF16(%#08x) = %#04x, want %#04x", c.bits, got, c.want)
		}
	}
}

func TestNarrowNaN(t *testing.T) {
	for _, b := range []uint32{0x7fc00000, 0x7f800001, 0xff800001, 0x7fbfffff, 0xffffffff} {
		v := math.Float32frombits(b)
		if h := f32ToF16(v); f16ToF32(h) == f16ToF32(h) || h&0x8000 != uint16(b>>16)&0x8000 {
			t.Errorf("f32ToF16(NaN %#08x) = %#04x, want a NaN of the same sign", b, h)
		}
		if h := f32ToBF16(v); bf16ToF32(h) == bf16ToF32(h) || h&0x8000 != uint16(b>>16)&0x8000 {
			t.Errorf("f32ToBF16(NaN %#08x) = %#04x, want a NaN of the same sign", b, h)
		}
	}
}

// f16Value is the oracle for binary16: the value of bits h by the formula of
// IEEE 754 §3.4, in float64, with exponent 31 read as if it were finite
// (so 0x7c00 is 2¹⁶, where overflowing values round).
func f16Value(h uint16) float64 {
	e, m := int(h>>10&0x1f), float64(h&0x3ff)
	v := math.Ldexp(m, -24) // subnormal
	if e > 0 {
		v = math.Ldexp(1024+m, e-25)
	}
	if h&0x8000 != 0 {
		v = -v
	}
	return v
}

// bf16Value is f16Value for bfloat16 (8 exponent bits, 7 fraction bits).
func bf16Value(h uint16) float64 {
	e, m := int(h>>7&0xff), float64(h&0x7f)
	v := math.Ldexp(m, -133)
	if e > 0 {
		v = math.Ldexp(128+m, e-134)
	}
	if h&0x8000 != 0 {
		v = -v
	}
	return v
}

// nearest is the oracle for rounding: it returns the bits in [0, top] whose
// value, by value(), is nearest to |x|, ties to even bits, searching the
// monotonic table of all of them, with x's sign.
func nearest(x float32, top uint16, value func(uint16) float64) uint16 {
	a := math.Abs(float64(x))
	// the first h whose value exceeds a; the candidates are h-1 and h
	h := uint16(sort.Search(int(top)+1, func(i int) bool { return value(uint16(i)) > a }))
	var best uint16
	switch {
	case h > top:
		best = top
	case h == 0:
		best = 0
	default:
		lo, hi := a-value(h-1), value(h)-a
		best = h - 1
		if hi < lo || hi == lo && h&1 == 0 {
			best = h
		}
	}
	if math.Signbit(float64(x)) {
		best |= 0x8000
	}
	return best
}

// narrowCases returns float32 inputs for narrowing tests: every value of the
// 16-bit format, its neighbours one float32 step away, the midpoints between
// consecutive values and their neighbours, and random bit patterns.
func narrowCases(widen func(uint16) float32, r *rand.Rand) []float32 {
	var xs []float32
	for h := range uint32(1 << 16) {
		v := widen(uint16(h))
		if v != v || math.IsInf(float64(v), 0) {
			continue
		}
		b := math.Float32bits(v)
		mid := math.Float32frombits(b + 1<<12)  // F16: halfway to the next value, for normals
		bmid := math.Float32frombits(b + 1<<15) // BF16: halfway to the next value
		xs = append(xs, v, math.Float32frombits(b+1), math.Float32frombits(b-1), mid, math.Float32frombits(math.Float32bits(mid)+1), bmid)
		if next := widen(uint16(h + 1)); h&0x7fff < 0x7bff && !math.IsInf(float64(next), 0) {
			xs = append(xs, (v+next)/2) // exact in float32: one more bit than binary16
		}
	}
	for range 1 << 20 {
		xs = append(xs, math.Float32frombits(r.Uint32()))
	}
	return xs
}

// TestF16Exhaustive checks widening for all 2¹⁶ patterns against the
// formula, and narrowing against the search oracle on narrowCases.
func TestF16Exhaustive(t *testing.T) {
	for h := range uint32(1 << 16) {
		got := f16ToF32(uint16(h))
		if h&0x7c00 == 0x7c00 && h&0x3ff != 0 {
			if got == got {
				t.Errorf("f16ToF32(%#04x) = %g, want NaN", h, got)
			}
			continue
		}
		want := f16Value(uint16(h))
		if h&0x7fff == 0x7c00 {
			want = math.Copysign(math.Inf(1), want)
		}
		if float64(got) != want || math.Signbit(float64(got)) != math.Signbit(want) {
			t.Fatalf("f16ToF32(%#04x) = %g, want %g", h, got, want)
		}
		if back := f32ToF16(got); back != uint16(h) {
			t.Fatalf("f32ToF16(f16ToF32(%#04x)) = %#04x", h, back)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, x := range narrowCases(f16ToF32, r) {
		if x != x {
			continue
		}
		if got, want := f32ToF16(x), nearest(x, 0x7c00, f16Value); got != want {
			t.Fatalf("f32ToF16(%g = %#08x) = %#04x, want %#04x", x, math.Float32bits(x), got, want)
		}
	}
}

// TestBF16Exhaustive is TestF16Exhaustive for bfloat16.
func TestBF16Exhaustive(t *testing.T) {
	for h := range uint32(1 << 16) {
		got := bf16ToF32(uint16(h))
		if h&0x7f80 == 0x7f80 && h&0x7f != 0 {
			if got == got {
				t.Errorf("bf16ToF32(%#04x) = %g, want NaN", h, got)
			}
			continue
		}
		want := bf16Value(uint16(h))
		if h&0x7fff == 0x7f80 {
			want = math.Copysign(math.Inf(1), want)
		}
		if float64(got) != want || math.Signbit(float64(got)) != math.Signbit(want) {
			t.Fatalf("bf16ToF32(%#04x) = %g, want %g", h, got, want)
		}
		if back := f32ToBF16(got); back != uint16(h) {
			t.Fatalf("f32ToBF16(bf16ToF32(%#04x)) = %#04x", h, back)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for _, x := range narrowCases(bf16ToF32, r) {
		if x != x {
			continue
		}
		if got, want := f32ToBF16(x), nearest(x, 0x7f80, bf16Value); got != want {
			t.Fatalf("f32ToBF16(%g = %#08x) = %#04x, want %#04x", x, math.Float32bits(x), got, want)
		}
	}
}
