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

// The cosine schedule of Nichol & Dhariwal against the linear one at the
// paper's steps t = 100, 250, 500 and 750 (index t−1): under the cosine
// one, which MNIST's preset uses, x₀ fades over the whole process instead
// of being gone by the middle.
func ExampleCosine() {
	cos, _ := diffusion.Cosine(1000)
	lin, _ := diffusion.Linear(1000, 1e-4, 0.02)
	for _, t := range []int{100, 250, 500, 750} {
		fmt.Printf("t=%3d  cosine %.3f  linear %.3f\n", t, cos.AlphaBar[t-1], lin.AlphaBar[t-1])
	}
	// Output:
	// t=100  cosine 0.972  linear 0.897
	// t=250  cosine 0.847  linear 0.524
	// t=500  cosine 0.494  linear 0.079
	// t=750  cosine 0.144  linear 0.003
}
