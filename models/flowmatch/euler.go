package flowmatch

// Euler's method on the learned ODE: the sampler of Liu et al. (2023),
// "Flow Straight and Fast", section 2.1, and of Lipman et al. (2023),
// section 6 ("Euler method" in table 2's low-budget comparison).
//
// Notation:
//
//	t, s   the step's start and end times, s < t
//	h      t − s, the step size (positive: time runs down)
//	v      v_θ(x, t), one network evaluation
//
// 1. v ← v_θ(x, t); x̂₀ ← x − t·v.
// 2. x ← x − h·v.
//
// The local error is O(h²), the global error O(h) = O(1/k). On a path the
// network has made perfectly straight (v constant along each trajectory,
// the aim of Liu et al.'s reflow) one step is exact; on the marginal field
// of a data set with several modes trajectories bend, and few steps pull
// samples towards the modes' mean.

// Euler is Euler's method, one network evaluation per step.
type Euler struct {
	v []float32
}

var _ Solver = (*Euler)(nil)

// EvalsPerStep returns 1.
func (e *Euler) EvalsPerStep() int { return 1 }

// Step takes one Euler step from t to s.
func (e *Euler) Step(dst, x0, x []float32, t, s float32, v Velocity) {
	e.v = grow(e.v, len(x))
	// Step 1.
	v(e.v, x, t)
	PredX0(x0, x, e.v, t)
	// Step 2.
	h := t - s
	for i, vi := range e.v {
		dst[i] = x[i] - float32(h*vi)
	}
}
