package nn

import "genplay/tensor/math32"

// Sinusoidal writes the sinusoidal embedding of the position t into dst
// (Vaswani et al. 2017, section 3.5; the form used for diffusion timesteps
// by Ho et al. 2020): with h = len(dst)/2 and ωᵢ = 10000^(-i/h),
//
//	dst[i]   = sin(t·ωᵢ)   for i < h
//	dst[h+i] = cos(t·ωᵢ)
//
// It panics if len(dst) is odd.
func Sinusoidal(dst []float32, t float32) {
	if len(dst)%2 != 0 {
		panic("nn: odd sinusoidal embedding width")
	}
	h := len(dst) / 2
	lnBase := math32.Log(10000)
	for i := range h {
		w := math32.Exp(-lnBase * float32(i) / float32(h))
		dst[i], dst[h+i] = math32.Sincos(t * w)
	}
}
