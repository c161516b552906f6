package flow_test

import (
	"fmt"
	"math"

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

// Convert the log-density of a dequantised 28×28 image to bits per
// dimension: the uniform density on the unit cube costs the 8 bits a pixel
// takes to store, and each nat per pixel of log-density saves 1/ln 2 bits.
func ExampleBitsPerDim() {
	const dim = 28 * 28
	fmt.Printf("uniform: %.2f bits/dim\n", flow.BitsPerDim(0, dim, 256))
	fmt.Printf("log p = 784·6·ln 2: %.2f bits/dim\n", flow.BitsPerDim(dim*6*math.Ln2, dim, 256))
	// Output:
	// uniform: 8.00 bits/dim
	// log p = 784·6·ln 2: 2.00 bits/dim
}
