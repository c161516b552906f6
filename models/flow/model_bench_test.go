package flow

import (
	"testing"

	"genplay/models"
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
