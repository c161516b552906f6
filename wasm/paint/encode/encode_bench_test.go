package encode

import (
	"image"
	"testing"

	"genplay/wasm/paint"
)

// BenchmarkEncodeGIF encodes 64 frames of 488×488, the size of the page's
// plots: scatter plots (few colours, exact palette) and heatmaps (Plan 9).
func BenchmarkGIF(b *testing.B) {
	const size, n = 488, 64
	th := paint.Light()
	v := paint.View{Extent: 4, W: size, H: size}
	pts := make([]float32, 2000)
	for i := range pts {
		pts[i] = float32(i%37)/5 - 3.6
	}
	field := make([]float32, 64*64)
	for i := range field {
		field[i] = float32(i % 97)
	}
	for _, kind := range []string{"scatter", "heatmap"} {
		frames := make([]*image.RGBA, n)
		for k := range frames {
			f := image.NewRGBA(image.Rect(0, 0, size, size))
			if kind == "scatter" {
				paint.Scatter(f, v, th, paint.Layer{Points: pts, Color: th.Real, Radius: 1.6}, paint.Layer{Points: pts[k:], Color: th.Generated, Radius: 2.1})
			} else {
				paint.Heatmap(f, v, field, 64, paint.Viridis, float64(k), 96)
			}
			frames[k] = f
		}
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			var sink []byte
			for b.Loop() {
				out, err := GIF(frames, 10)
				if err != nil {
					b.Fatal(err)
				}
				sink = out
			}
			b.ReportMetric(float64(len(sink)), "bytes")
		})
	}
}
