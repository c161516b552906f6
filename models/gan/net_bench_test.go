package gan

import (
	"testing"

	"genplay/models/data"
	"genplay/tensor/rng"
)

// BenchmarkTrainStep times one training step of the 2D default on 8
// Gaussians.
func BenchmarkTrainStep(b *testing.B) {
	set, err := data.Lookup("8gaussians")
	if err != nil {
		b.Fatal(err)
	}
	r := rng.New(1)
	m, err := New(Default(), set.Dim(), r)
	if err != nil {
		b.Fatal(err)
	}
	m.TrainStep(set, r)
	b.ReportAllocs()
	for b.Loop() {
		m.TrainStep(set, r)
	}
}
