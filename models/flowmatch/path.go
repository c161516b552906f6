package flowmatch

// The probability path: the straight line from a data point to noise.
//
// Lipman, Chen, Ben-Hamu, Nickel & Le (2023), "Flow Matching for Generative
// Modeling", ICLR, section 4.1, example II (the optimal-transport
// conditional path, eqs. 20–23, with σ_min = 0); Liu, Gong & Liu (2023),
// "Flow Straight and Fast: Learning to Generate and Transfer Data with
// Rectified Flow", ICLR, eq. 1 (the linear interpolation). Both papers run
// time from noise (t = 0) to data (t = 1); genplay runs it the other way,
// as its diffusion does and as Esser et al. (2024), "Scaling Rectified Flow
// Transformers for High-Resolution Image Synthesis", eq. 3, write it.
//
// Notation, code → papers (Lipman's symbols; Liu's in brackets):
//
//	t     1 − t, the time: 0 at the data, 1 at the noise
//	x0    x₁ [X₁], a data point
//	eps   x₀ [X₀], the noise, ε ~ N(0, I)
//	xt    ψₜ(x₀) [Xₜ], the point on the path at t:
//	      xₜ = (1 − t)·x₀ + t·ε
//	v     −uₜ(x|x₁) [−(X₁ − X₀)], the conditional velocity dxₜ/dt:
//	      v = ε − x₀, the same at every t
//	x̂₀    the end of the straight line through xₜ with slope v:
//	      x̂₀ = xₜ − t·v
//
// The network v_θ(xₜ, t) regresses v in mean square (Lipman eq. 23, Liu
// eq. 1); its minimiser is the marginal velocity E[ε − x₀ | xₜ], whose flow
// carries N(0, I) at t = 1 to the data at t = 0 (Lipman theorem 1). x̂₀
// with v_θ in place of v is then E[x₀ | xₜ], the preview a chain shows.
//
// The explicit float32 conversions keep the compiler from fusing a
// multiply and an add (Go may, on some targets), so the path is the same
// bits natively and in the browser.

// Noise writes xₜ = (1 − t)·x0 + t·eps into dst (which may alias either).
func Noise(dst, x0, eps []float32, t float32) {
	a := 1 - t
	for i := range dst {
		dst[i] = float32(a*x0[i]) + float32(t*eps[i])
	}
}

// Target writes the conditional velocity v = eps − x0 into dst.
func Target(dst, x0, eps []float32) {
	for i := range dst {
		dst[i] = eps[i] - x0[i]
	}
}

// PredX0 writes x̂₀ = xt − t·v into dst: where a point at xt moving with
// velocity v reaches t = 0.
func PredX0(dst, xt, v []float32, t float32) {
	for i := range dst {
		dst[i] = xt[i] - float32(t*v[i])
	}
}
