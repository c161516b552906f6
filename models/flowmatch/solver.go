package flowmatch

import "fmt"

// Velocity writes the velocity field at the points x and time t into dst:
// the trained network v_θ(x, t), or a closed form in tests.
type Velocity func(dst, x []float32, t float32)

// Solver integrates dx/dt = v(x, t) one step at a time, from t = 1 (noise)
// down to t = 0 (data). It owns no network: the caller passes the velocity
// field to Step. The sampling loop is
//
//	ts := Times(k)
//	for i := range k {
//		s.Step(x, x0, x, ts[i], ts[i+1], v)
//	}
//
// after which x holds the samples and x0 the last prediction of x₀.
type Solver interface {
	// EvalsPerStep returns the number of calls of v per Step.
	EvalsPerStep() int
	// Step advances the points x from time t to s < t with the field v,
	// writing them into dst (which may alias x), and writes the prediction
	// x̂₀ = x − t·v(x, t) made at the start of the step into x0. Its
	// scratch buffers are allocated on the first call and whenever len(x)
	// changes.
	Step(dst, x0, x []float32, t, s float32, v Velocity)
}

// MaxSteps is the most steps a chain may take.
const MaxSteps = 1000

// Times returns the k+1 evenly spaced times of a k-step solve,
// 1 = t₀ > t₁ > … > t_k = 0, tᵢ = (k − i)/k. It panics unless
// 1 ≤ k ≤ MaxSteps.
//
// Even spacing is Liu et al.'s (section 2.1, "uniform discretisation"):
// a straight path has no region that needs finer steps, unlike diffusion's
// schedules.
func Times(k int) []float32 {
	if k < 1 || k > MaxSteps {
		panic(fmt.Sprintf("flowmatch: %d steps, want 1 to %d", k, MaxSteps))
	}
	ts := make([]float32, k+1)
	for i := range ts {
		ts[i] = float32(k-i) / float32(k)
	}
	return ts
}

// grow returns buf with length n, reallocating only when its length
// differs.
func grow(buf []float32, n int) []float32 {
	if len(buf) != n {
		return make([]float32, n)
	}
	return buf
}
