package classifier

import (
	"testing"

	"genplay/models/modeltest"
	"genplay/tensor/rng"
)

// The convolutional Default against the MLP, measured in the same run: one
// training step of 128 images, and the features of 1000 images (what
// scoring one generator costs before the k-NN search).
//
//	go test -run '^$' -bench . ./models/classifier/

func BenchmarkTrainStep(b *testing.B) {
	train, _ := modeltest.MNIST(b)
	for _, c := range []struct {
		name string
		cfg  Config
	}{{"conv", Default()}, {"mlp", MLP()}} {
		b.Run(c.name, func(b *testing.B) {
			r := rng.New(1)
			cl, err := New(c.cfg, 28, 28, 10, r)
			if err != nil {
				b.Fatal(err)
			}
			cl.TrainStep(train, r)
			b.ResetTimer()
			for b.Loop() {
				cl.TrainStep(train, r)
			}
		})
	}
}

func BenchmarkFeatures1000(b *testing.B) {
	_, test := modeltest.MNIST(b)
	x := images(test, 0, 1000)
	for _, c := range []struct {
		name string
		cfg  Config
	}{{"conv", Default()}, {"mlp", MLP()}} {
		b.Run(c.name, func(b *testing.B) {
			cl, err := New(c.cfg, 28, 28, 10, rng.New(1))
			if err != nil {
				b.Fatal(err)
			}
			f := make([]float32, 1000*cl.FeatureDim())
			cl.Features(f, x)
			b.ResetTimer()
			for b.Loop() {
				cl.Features(f, x)
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/1000img")
		})
	}
}
