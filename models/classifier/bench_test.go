package classifier

import (
	"testing"
	"time"

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

// BenchmarkFeatures1000 times the features of 1000 test digits with the
// convolutional Default and with the MLP alternately in each iteration, so
// that both see the same load: the ratio conv/mlp is a paired measurement.
func BenchmarkFeatures1000(b *testing.B) {
	_, test := modeltest.MNIST(b)
	x := images(test, 0, 1000)
	var nets [2]*Classifier
	var feats [2][]float32
	for i, cfg := range []Config{Default(), MLP()} {
		c, err := New(cfg, 28, 28, 10, rng.New(1))
		if err != nil {
			b.Fatal(err)
		}
		nets[i], feats[i] = c, make([]float32, 1000*c.FeatureDim())
		c.Features(feats[i], x)
	}
	var spent [2]time.Duration
	for b.Loop() {
		for i, c := range nets {
			start := time.Now()
			c.Features(feats[i], x)
			spent[i] += time.Since(start)
		}
	}
	conv, mlp := spent[0].Seconds()*1e3/float64(b.N), spent[1].Seconds()*1e3/float64(b.N)
	b.ReportMetric(conv, "conv-ms/1000img")
	b.ReportMetric(mlp, "mlp-ms/1000img")
	b.ReportMetric(conv/mlp, "conv/mlp")
}
