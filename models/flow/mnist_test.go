package flow

import (
	"math"
	"testing"

	"genplay/models/modeltest"
	"genplay/tensor/rng"
)

// mnistConfig is the configuration recommended for MNIST (the registry's
// flow-mnist preset): checkerboard split couplings on logit-space pixels.
var mnistConfig = Config{
	Couplings:    8,
	Hidden:       128,
	Depth:        2,
	TanhScale:    true,
	ScaleInit:    0,
	LearningRate: 3e-3,
	HalfLife:     1000,
	WeightDecay:  1e-5,
	Clip:         100,
	Batch:        64,
	Logit:        1e-6,
	Mask:         MaskCheckerboard,
}

// mnistSteps is the length of TestLearnsMNIST's run: about 12 s natively.
const mnistSteps = 150

// mnistBitsPerDim is the test bits/dim TestLearnsMNIST's short run must
// reach; it reaches 2.20, from 29.2 untrained. The threshold sits below
// 2.55, the score of independent Gaussians per pixel in logit space fitted
// to the training images (each pixel's logit-space mean and variance: what a
// flow whose couplings ignore their input can at best reach), so passing
// takes pixels that depend on each other.
const mnistBitsPerDim = 2.4

// TestLearnsMNIST trains the MNIST configuration briefly on the MNIST
// training subset and scores 1000 dequantised test images: bits/dim must
// fall below mnistBitsPerDim, f⁻¹(f(x)) must return the images to 1e-4,
// and samples must be finite images in [0, 1].
func TestLearnsMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST for about 12 s")
	}
	train, test := modeltest.MNIST(t)
	r := rng.New(1)
	m, err := New(mnistConfig, train.Dim(), r)
	if err != nil {
		t.Fatal(err)
	}
	x := dequantised(test, 1000, 99)
	before := bitsPerDim(m, x)
	losses := modeltest.Train(t, m, train, r, mnistSteps)
	after := bitsPerDim(m, x)
	t.Logf("test bits/dim %.3f untrained, %.3f after %d steps (last training NLL %.3f bits/dim)",
		before, after, mnistSteps, BitsPerDim(-float64(losses[len(losses)-1]), m.Dim(), 256))
	if after > mnistBitsPerDim {
		t.Errorf("test bits/dim %.3f after %d steps, want <= %g", after, mnistSteps, mnistBitsPerDim)
	}

	z, back := make([]float32, len(x)), make([]float32, len(x))
	m.Forward(z, nil, x)
	m.Inverse(back, nil, z)
	rt := maxAbsDiff(back, x)
	t.Logf("max |f⁻¹(f(x)) − x| = %.2g on %d test images", rt, len(x)/m.Dim())
	if rt > 1e-4 {
		t.Errorf("max |f⁻¹(f(x)) − x| = %.3g on test images, want <= 1e-4", rt)
	}

	s := make([]float32, 64*m.Dim())
	m.Sample(s, rng.New(2))
	for i, v := range s {
		if math.IsNaN(float64(v)) || v < 0 || v > 1 {
			t.Fatalf("sample %d pixel %d = %v, want in [0, 1]", i/m.Dim(), i%m.Dim(), v)
		}
	}
}
