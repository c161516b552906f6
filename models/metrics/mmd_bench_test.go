package metrics

import (
	"testing"

	"genplay/tensor/rng"
)

// BenchmarkMMD512 scores a live sample as the worker does: 512 points
// against 512 real ones in 2D, over the six bandwidths of Bandwidths.
func BenchmarkMMD512(b *testing.B) {
	r := rng.New(1)
	x, y := make([]float32, 2*512), make([]float32, 2*512)
	r.FillNormal(x)
	r.FillNormal(y)
	for i := range y {
		y[i] = 1.5*y[i] + 0.3
	}
	bw := Bandwidths(x, 2)
	b.ReportAllocs()
	var sink float64
	for b.Loop() {
		sink += MMD(x, y, 2, bw)
	}
	_ = sink
}

// BenchmarkMMD512Float64 is BenchmarkMMD512's work by the float64 formula
// (the reference of the tests), for a paired comparison.
func BenchmarkMMD512Float64(b *testing.B) {
	r := rng.New(1)
	x, y := make([]float32, 2*512), make([]float32, 2*512)
	r.FillNormal(x)
	r.FillNormal(y)
	for i := range y {
		y[i] = 1.5*y[i] + 0.3
	}
	bw := Bandwidths(x, 2)
	b.ReportAllocs()
	var sink float64
	for b.Loop() {
		sink += mmdFloat64(x, y, 2, bw)
	}
	_ = sink
}
