package flowmatch

// Heun's method (the explicit trapezoidal rule) on the learned ODE: the
// second-order solver of Karras, Aittala, Aila & Laine (2022), "Elucidating
// the Design Space of Diffusion-Based Generative Models", algorithm 1, here
// on the flow-matching ODE dx/dt = v_θ(x, t) of Lipman et al. (2023) and
// Liu et al. (2023).
//
// Notation:
//
//	t, s   the step's start and end times, s < t
//	h      t − s, the step size
//	v1     v_θ(x, t), the slope at the start
//	xe     x − h·v1, Euler's guess of the end point
//	v2     v_θ(xe, s), the slope at the guess
//
// 1. v1 ← v_θ(x, t); x̂₀ ← x − t·v1.
// 2. xe ← x − h·v1.
// 3. v2 ← v_θ(xe, s).
// 4. x ← x − h·(v1 + v2)/2.
//
// The local error is O(h³), the global error O(1/k²), at two network
// evaluations per step. Karras et al. fall back to Euler on the last step
// because their ODE is singular at σ = 0; the flow-matching field is
// defined at t = 0 (training draws t from [0, 1)), so every step here is a
// Heun step and a k-step solve costs exactly 2k evaluations.

// Heun is Heun's second-order method, two network evaluations per step.
type Heun struct {
	v1, v2, xe []float32
}

var _ Solver = (*Heun)(nil)

// EvalsPerStep returns 2.
func (h *Heun) EvalsPerStep() int { return 2 }

// Step takes one Heun step from t to s.
func (h *Heun) Step(dst, x0, x []float32, t, s float32, v Velocity) {
	n := len(x)
	h.v1, h.v2, h.xe = grow(h.v1, n), grow(h.v2, n), grow(h.xe, n)
	// Step 1.
	v(h.v1, x, t)
	PredX0(x0, x, h.v1, t)
	// Step 2.
	dt := t - s
	for i, vi := range h.v1 {
		h.xe[i] = x[i] - float32(dt*vi)
	}
	// Step 3.
	v(h.v2, h.xe, s)
	// Step 4.
	half := dt / 2
	for i := range dst {
		dst[i] = x[i] - float32(half*(h.v1[i]+h.v2[i]))
	}
}
