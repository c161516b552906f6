package flow_test

import (
	"fmt"

	"genplay/models/data"
	"genplay/models/flow"
	"genplay/tensor/rng"
)

// Train a flow on two moons, score a point on a moon and one off it, and map
// them to the base space and back.
func Example() {
	set, _ := data.Lookup("moons")
	r := rng.New(1)
	m, _ := flow.New(flow.Default(), set.Dim(), r)
	for range 300 {
		m.TrainStep(set, r)
	}
	x := []float32{
		-1, 1.8, // the top of the outer moon
		0, 4, // well above both moons
	}
	logp := make([]float32, 2)
	m.LogProb(logp, x, nil)
	fmt.Printf("log p on the moon %.2f, off it %.2f\n", logp[0], logp[1])

	z, back := make([]float32, 4), make([]float32, 4)
	m.Forward(z, nil, x)
	m.Inverse(back, nil, z)
	var worst float32
	for i := range x {
		worst = max(worst, back[i]-x[i], x[i]-back[i])
	}
	fmt.Println("f⁻¹(f(x)) = x within 1e-5:", worst <= 1e-5)
	// Output:
	// log p on the moon -2.03, off it -17.92
	// f⁻¹(f(x)) = x within 1e-5: true
}
