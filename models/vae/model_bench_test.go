package vae

import (
	"testing"

	"genplay/models"
	"genplay/models/data"
	"genplay/tensor/rng"
)

var sink float32

// pixelSource draws dim uniform values in [0, 1], a stand-in for images.
type pixelSource struct{ dim int }

func (s pixelSource) Dim() int { return s.dim }
func (s pixelSource) Sample(dst []float32, r *rng.PCG) {
	for i := range dst {
		dst[i] = r.Float32()
	}
}

func BenchmarkTrainStep(b *testing.B) {
	set, err := data.Lookup("8gaussians")
	if err != nil {
		b.Fatal(err)
	}
	mnist := Config{Latent: 16, Hidden: 256, Depth: 2, Decoder: Bernoulli, Beta: 1, Samples: 50, LearningRate: 1e-3, Batch: 64}
	for _, bc := range []struct {
		name string
		cfg  Config
		src  models.Source
	}{
		{"2d-default", Default(), set},
		{"784-bernoulli-h256-b64", mnist, pixelSource{784}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			r := rng.New(1)
			m, err := New(bc.cfg, bc.src.Dim(), r)
			if err != nil {
				b.Fatal(err)
			}
			m.TrainStep(bc.src, r)
			b.ReportAllocs()
			for b.Loop() {
				sink = m.TrainStep(bc.src, r)[0].Value
			}
		})
	}
}
