package flow

import (
	"testing"

	"genplay/models"
	"genplay/models/modeltest"
	"genplay/tensor/rng"
)

// BenchmarkTrainStep times one default training step on moons (batch 256).
func BenchmarkTrainStep(b *testing.B) {
	var src models.Source = lookup(b, "moons")
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

// BenchmarkFieldAt times the log-density of a 128×128 heatmap.
func BenchmarkFieldAt(b *testing.B) {
	m, err := New(Default(), 2, rng.New(1))
	if err != nil {
		b.Fatal(err)
	}
	grid, dst := make([]float32, 2*128*128), make([]float32, 128*128)
	rng.New(2).FillNormal(grid)
	m.FieldAt(dst, grid)
	b.ReportAllocs()
	for b.Loop() {
		m.FieldAt(dst, grid)
	}
}

// BenchmarkTrainStepMNIST times one training step of the MNIST
// configuration (batch 64) with the split checkerboard couplings and with
// masked ones of the same width, which compute on twice as many inputs and
// outputs.
func BenchmarkTrainStepMNIST(b *testing.B) {
	train, _ := modeltest.MNIST(b)
	for _, mask := range []string{MaskCheckerboard, MaskAlternate} {
		b.Run("mask="+mask, func(b *testing.B) {
			cfg := mnistConfig
			cfg.Mask = mask
			r := rng.New(1)
			m, err := New(cfg, train.Dim(), r)
			if err != nil {
				b.Fatal(err)
			}
			m.TrainStep(train, r)
			b.ReportAllocs()
			for b.Loop() {
				m.TrainStep(train, r)
			}
		})
	}
}
