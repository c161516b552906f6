// Package tensortest holds test helpers shared by genplay's packages:
// gradient checks against finite differences and approximate comparison.
package tensortest

import (
	"fmt"
	"math"

	"genplay/tensor"
)

// GradCheck compares the gradients that Tape.Backward computes for the
// scalar f with central finite differences, for every element of every
// tensor in params. f must record its computation on the tape it is given
// and depend on params only through their Data.
//
// The differences are taken in float64 from float32 evaluations with step h;
// an element passes if |analytic - numeric| <= tol·max(1, |numeric|).
// GradCheck returns an error naming the first element that fails.
func GradCheck(f func(tp *tensor.Tape) *tensor.Tensor, h, tol float64, params ...*tensor.Tensor) error {
	var tp tensor.Tape
	for _, p := range params {
		if p.Grad == nil {
			return fmt.Errorf("tensortest: a parameter of shape %v has no gradient buffer", p.Shape)
		}
		p.ZeroGrad()
	}
	tp.Reset()
	tp.Backward(f(&tp))
	analytic := make([][]float64, len(params))
	for i, p := range params {
		analytic[i] = make([]float64, len(p.Grad))
		for j, g := range p.Grad {
			analytic[i][j] = float64(g)
		}
	}
	eval := func() float64 {
		tp.Reset()
		return float64(f(&tp).Data[0])
	}
	for i, p := range params {
		for j := range p.Data {
			orig := p.Data[j]
			p.Data[j] = float32(float64(orig) + h)
			up := eval()
			p.Data[j] = float32(float64(orig) - h)
			down := eval()
			p.Data[j] = orig
			// Divide by the step actually taken after rounding to float32.
			step := float64(float32(float64(orig)+h)) - float64(float32(float64(orig)-h))
			num := (up - down) / step
			if d := math.Abs(analytic[i][j] - num); d > tol*math.Max(1, math.Abs(num)) || math.IsNaN(d) {
				return fmt.Errorf("tensortest: parameter %d element %d: analytic %.6g, numeric %.6g", i, j, analytic[i][j], num)
			}
		}
	}
	return nil
}
