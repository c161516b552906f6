package tensor_test

import (
	"fmt"

	"genplay/tensor"
)

// Differentiate z = x·y + eˣ at x = 2, y = 3: ∂z/∂x = y + eˣ, ∂z/∂y = x.
func Example() {
	x, y := tensor.NewParam(1), tensor.NewParam(1)
	x.Data[0], y.Data[0] = 2, 3
	var tp tensor.Tape
	z := tp.Add(tp.Mul(x, y), tp.Exp(x))
	tp.Backward(z)
	fmt.Printf("z = %.4f\n", z.Data[0])
	fmt.Printf("dz/dx = %.4f\n", x.Grad[0])
	fmt.Printf("dz/dy = %.4f\n", y.Grad[0])
	// Output:
	// z = 13.3891
	// dz/dx = 10.3891
	// dz/dy = 2.0000
}
