package classifier

import (
	"testing"

	"genplay/models/modeltest"
	"genplay/tensor"
	"genplay/tensor/rng"
)

// TestInferMatchesTape checks that the inference pass (convInfer) gives
// the same bits as training's forward pass, for the logits and the
// features, on test digits and on noise, at two batch sizes.
func TestInferMatchesTape(t *testing.T) {
	_, test := modeltest.MNIST(t)
	r := rng.New(2)
	c, err := New(Default(), 28, 28, 10, r)
	if err != nil {
		t.Fatal(err)
	}
	c.Train(test, 3, r, nil) // weights off their initialisation, biases nonzero
	for _, n := range []int{5, chunk + 3} {
		x := images(test, 0, n)
		for i := range 28 * 28 { // one noise image
			x[i] = r.Float32()
		}
		for _, features := range []bool{false, true} {
			width := c.Classes()
			if features {
				width = c.FeatureDim()
			}
			got := make([]float32, n*width)
			if features {
				c.Features(got, x)
			} else {
				c.Logits(got, x)
			}
			var tp tensor.Tape
			tp.NoGrad = true
			in := tensor.New(n, c.Dim())
			copy(in.Data, x)
			want := c.forward(&tp, in, features).Data
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("n = %d, features %v: value %d is %v, the tape's forward gives %v", n, features, i, got[i], want[i])
				}
			}
		}
	}
}
