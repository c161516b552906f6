package ae

import (
	"testing"

	"genplay/models"
	"genplay/models/data"
	"genplay/tensor/rng"
)

var sink float32

func BenchmarkTrainStep(b *testing.B) {
	set, err := data.Lookup("8gaussians")
	if err != nil {
		b.Fatal(err)
	}
	r := rng.New(1)
	m, err := New(Default(), 2, r)
	if err != nil {
		b.Fatal(err)
	}
	var src models.Source = set
	m.TrainStep(src, r)
	b.ReportAllocs()
	for b.Loop() {
		sink = m.TrainStep(src, r)[0].Value
	}
}
