package ae_test

import (
	"fmt"

	"genplay/models"
	"genplay/models/ae"
	"genplay/models/data"
	"genplay/tensor/rng"
)

// Train an autoencoder on 8 Gaussians and pass two points through its
// bottleneck.
func Example() {
	set, _ := data.Lookup("8gaussians")
	r := rng.New(1)
	m, _ := ae.New(ae.Default(), set.Dim(), r)
	var src models.Source = set
	for range 300 {
		m.TrainStep(src, r)
	}
	x := []float32{2.0, 2.0, -2.8, 0.1}
	z := make([]float32, 2*m.LatentDim())
	m.Encode(z, x)
	xhat := make([]float32, len(x))
	m.Decode(xhat, z)
	fmt.Printf("x    %.1f\nxhat %.1f\n", x, xhat)
	// Output:
	// x    [2.0 2.0 -2.8 0.1]
	// xhat [2.0 2.0 -2.8 0.1]
}
