package diffusion_test

import (
	"fmt"

	"genplay/models/diffusion"
)

// The linear schedule of Ho et al.: how much of x₀ survives at step t.
func ExampleLinear() {
	s, _ := diffusion.Linear(1000, 1e-4, 0.02)
	for _, t := range []int{0, 99, 499, 999} {
		fmt.Printf("t=%3d  alphaBar=%.6f\n", t, s.AlphaBar[t])
	}
	// Output:
	// t=  0  alphaBar=0.999900
	// t= 99  alphaBar=0.897018
	// t=499  alphaBar=0.078587
	// t=999  alphaBar=0.000040
}
