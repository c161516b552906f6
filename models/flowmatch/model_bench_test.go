package flowmatch

import (
	"testing"

	"genplay/models"
	"genplay/models/modeltest"
	"genplay/tensor/rng"
)

// BenchmarkTrainStep times one default training step on moons (batch 256).
func BenchmarkTrainStep(b *testing.B) {
	var src models.Source = modeltest.Lookup(b, "moons")
	r := rng.New(1)
	m, err := New(Default(), 2, r)
	if err != nil {
		b.Fatal(err)
	}
	m.TrainStep(src, r)
	b.ReportAllocs()
	for b.Loop() {
		m.TrainStep(src, r)
	}
}

// BenchmarkSample times 1000 default samples (Euler, 20 steps) and Heun with
// 10 steps, the same 20 network evaluations.
func BenchmarkSample(b *testing.B) {
	m, err := New(Default(), 2, rng.New(1))
	if err != nil {
		b.Fatal(err)
	}
	for _, opts := range []models.SampleOpts{{Sampler: SamplerEuler, Steps: 20}, {Sampler: SamplerHeun, Steps: 10}} {
		b.Run(opts.Sampler, func(b *testing.B) {
			r := rng.New(2)
			b.ReportAllocs()
			for b.Loop() {
				c, _ := m.NewChain(1000, opts, r)
				c.Advance(c.Len(), r)
			}
		})
	}
}
