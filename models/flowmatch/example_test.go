package flowmatch_test

import (
	"fmt"

	"genplay/models/flowmatch"
)

// A point on the straight path from the data point x₀ = 2 (t = 0) to the
// noise ε = −1 (t = 1), and the end point x̂₀ = xₜ − t·v that the exact
// velocity v = ε − x₀ predicts from anywhere on it.
func ExampleNoise() {
	x0, eps := []float32{2}, []float32{-1}
	v, xt, x0hat := make([]float32, 1), make([]float32, 1), make([]float32, 1)
	flowmatch.Target(v, x0, eps)
	for _, t := range []float32{0, 0.25, 0.5, 1} {
		flowmatch.Noise(xt, x0, eps, t)
		flowmatch.PredX0(x0hat, xt, v, t)
		fmt.Printf("t=%.2f  x=%5.2f  v=%.0f  x̂₀=%.0f\n", t, xt[0], v[0], x0hat[0])
	}
	// Output:
	// t=0.00  x= 2.00  v=-3  x̂₀=2
	// t=0.25  x= 1.25  v=-3  x̂₀=2
	// t=0.50  x= 0.50  v=-3  x̂₀=2
	// t=1.00  x=-1.00  v=-3  x̂₀=2
}

// Heun's method against Euler's on the field v(x, t) = x − 1, whose exact
// flow from x = 3 at t = 1 reaches 1 + 2/e ≈ 1.7358 at t = 0: with the same
// four network evaluations, Heun's two steps land closer than Euler's four.
func ExampleHeun() {
	v := func(dst, x []float32, t float32) {
		for i, xi := range x {
			dst[i] = xi - 1
		}
	}
	run := func(s flowmatch.Solver, k int) float32 {
		x, x0 := []float32{3}, []float32{0}
		ts := flowmatch.Times(k)
		for i := range k {
			s.Step(x, x0, x, ts[i], ts[i+1], v)
		}
		return x[0]
	}
	fmt.Printf("Euler, 4 steps: %.4f\n", run(&flowmatch.Euler{}, 4))
	fmt.Printf("Heun,  2 steps: %.4f\n", run(&flowmatch.Heun{}, 2))
	// Output:
	// Euler, 4 steps: 1.6328
	// Heun,  2 steps: 1.7812
}
