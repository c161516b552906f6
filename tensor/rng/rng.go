// Package rng is genplay's seeded random number generator.
//
// PCG is the PCG-XSH-RR 64/32 generator of O'Neill (2014), "PCG: A Family of
// Simple Fast Space-Efficient Statistically Good Algorithms for Random Number
// Generation", section 6.3.1. Its state is explicit and it never reads a clock
// or a global, so the same seed gives the same stream natively and in wasm.
// Every function in genplay that draws takes a *PCG as an argument.
package rng

import "genplay/tensor/math32"

// multiplier is the 64-bit LCG multiplier of PCG's reference implementation.
const multiplier = 6364136223846793005

// PCG is a PCG-XSH-RR 64/32 random number generator. The zero value is not
// usable; make one with New.
type PCG struct {
	state uint64
	inc   uint64 // stream selector; always odd

	// spare holds the second Box–Muller normal, if hasSpare.
	spare    float32
	hasSpare bool
}

// New returns a generator seeded with seed on stream 0.
func New(seed uint64) *PCG { return NewStream(seed, 0) }

// NewStream returns a generator seeded with seed on the given stream. Distinct
// streams with the same seed give independent sequences.
func NewStream(seed, stream uint64) *PCG {
	r := &PCG{inc: stream<<1 | 1}
	r.Seed(seed, stream)
	return r
}

// Seed resets r to the start of the sequence for seed and stream, following
// pcg32_srandom_r.
func (r *PCG) Seed(seed, stream uint64) {
	r.state = 0
	r.inc = stream<<1 | 1
	r.hasSpare = false
	r.Uint32()
	r.state += seed
	r.Uint32()
}

// Uint32 returns a uniformly distributed 32-bit value.
func (r *PCG) Uint32() uint32 {
	old := r.state
	r.state = old*multiplier + r.inc
	xorshifted := uint32(((old >> 18) ^ old) >> 27)
	rot := uint32(old >> 59)
	return xorshifted>>rot | xorshifted<<((-rot)&31)
}

// Uint64 returns a uniformly distributed 64-bit value made of two draws.
func (r *PCG) Uint64() uint64 { return uint64(r.Uint32())<<32 | uint64(r.Uint32()) }

// Intn returns a uniform value in [0, n). It panics if n <= 0.
//
// It uses Lemire's multiply-and-reject method, so the result is unbiased.
func (r *PCG) Intn(n int) int {
	if n <= 0 || uint64(n) > 1<<32 {
		panic("rng: Intn argument out of range")
	}
	bound := uint32(n)
	m := uint64(r.Uint32()) * uint64(bound)
	if low := uint32(m); low < bound {
		thresh := -bound % bound
		for low < thresh {
			m = uint64(r.Uint32()) * uint64(bound)
			low = uint32(m)
		}
	}
	return int(m >> 32)
}

// Float32 returns a uniform value in [0, 1) with 24 random bits.
func (r *PCG) Float32() float32 { return float32(r.Uint32()>>8) * (1.0 / (1 << 24)) }

// Normal returns a standard normal value, by the Box–Muller transform.
func (r *PCG) Normal() float32 {
	if r.hasSpare {
		r.hasSpare = false
		return r.spare
	}
	// u1 in (0, 1] so that the log is finite.
	u1 := float32(r.Uint32()>>8+1) * (1.0 / (1 << 24))
	u2 := r.Float32()
	rad := math32.Sqrt(-2 * math32.Log(u1))
	s, c := math32.Sincos(2 * math32.Pi * u2)
	r.spare, r.hasSpare = rad*s, true
	return rad * c
}

// FillNormal fills dst with independent standard normal values.
func (r *PCG) FillNormal(dst []float32) {
	for i := range dst {
		dst[i] = r.Normal()
	}
}

// Split returns a new generator whose stream is derived from two draws of r,
// so that work handed to another goroutine or worker draws independently of
// r. Splitting advances r.
func (r *PCG) Split() *PCG { return NewStream(r.Uint64(), r.Uint64()) }
