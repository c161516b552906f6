package tensor

import "fmt"

// Tensor is an n-dimensional float32 array in row-major order.
type Tensor struct {
	// Shape holds the size of each dimension; a scalar has Shape [1].
	Shape []int
	// Data holds the elements, len(Data) = product of Shape.
	Data []float32
	// Grad holds ∂loss/∂Data after Tape.Backward, or is nil for a tensor
	// that needs no gradient.
	Grad []float32
}

// New returns a zeroed tensor of the given shape with no gradient buffer.
func New(shape ...int) *Tensor {
	return &Tensor{Shape: append([]int(nil), shape...), Data: make([]float32, size(shape))}
}

// NewParam returns a zeroed tensor of the given shape with a gradient
// buffer.
func NewParam(shape ...int) *Tensor {
	t := New(shape...)
	t.Grad = make([]float32, len(t.Data))
	return t
}

// FromData returns a tensor of the given shape that uses data as its storage.
// It panics if len(data) does not match the shape.
func FromData(data []float32, shape ...int) *Tensor {
	if len(data) != size(shape) {
		panic(fmt.Sprintf("tensor: %d values for shape %v", len(data), shape))
	}
	return &Tensor{Shape: append([]int(nil), shape...), Data: data}
}

// Len returns the number of elements.
func (t *Tensor) Len() int { return len(t.Data) }

// Rows returns the size of the first dimension of a 2D tensor.
func (t *Tensor) Rows() int { return t.Shape[0] }

// Cols returns the size of the last dimension.
func (t *Tensor) Cols() int { return t.Shape[len(t.Shape)-1] }

// ZeroGrad sets t's gradient to zero, if it has one.
func (t *Tensor) ZeroGrad() { clear(t.Grad) }

func size(shape []int) int {
	n := 1
	for i, d := range shape {
		if d < 0 {
			// The message names the dimension rather than the shape, so
			// that shape does not escape and callers can pass stack arrays.
			panic(fmt.Sprintf("tensor: dimension %d of a shape is negative (%d)", i, d))
		}
		n *= d
	}
	return n
}
