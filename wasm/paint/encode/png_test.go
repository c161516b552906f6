package encode

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"genplay/tensor/rng"
	"genplay/wasm/paint"
)

// plot returns a scatter plot of the page's size (488×488), over a
// heatmap of a sawtooth field if heat, as the page saves them, and its size
// as image/png writes it at its best speed.
func plot(t testing.TB, heat bool) (*image.RGBA, int) {
	const size = 488
	th := paint.Light()
	v := paint.View{Extent: 4, W: size, H: size}
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	paint.Scatter(img, v, th)
	if heat {
		field := make([]float32, 64*64)
		for i := range field {
			field[i] = float32(i % 97)
		}
		paint.Heatmap(img, v, field, 64, paint.Viridis, 0, 96)
	}
	pts := make([]float32, 2000)
	r := rng.New(3)
	for i := range pts {
		pts[i] = 1.5 * r.Normal()
	}
	paint.ScatterOver(img, v, paint.Layer{Points: pts, Color: th.Generated, Radius: 2.1})
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return img, buf.Len()
}

// samePixels decodes b with image/png and fails unless it holds exactly
// the pixels of want.
func samePixels(t *testing.T, name string, b []byte, want image.Image) {
	t.Helper()
	back, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: image/png cannot decode it: %v", name, err)
	}
	wb := want.Bounds()
	if back.Bounds().Dx() != wb.Dx() || back.Bounds().Dy() != wb.Dy() {
		t.Fatalf("%s: %v, want the size of %v", name, back.Bounds(), wb)
	}
	for y := range wb.Dy() {
		for x := range wb.Dx() {
			r, g, b, a := back.At(x, y).RGBA()
			r0, g0, b0, a0 := want.At(wb.Min.X+x, wb.Min.Y+y).RGBA()
			if r != r0 || g != g0 || b != b0 || a != a0 {
				t.Fatalf("%s: pixel (%d, %d) = %04x %04x %04x %04x, want %04x %04x %04x %04x", name, x, y, r, g, b, a, r0, g0, b0, a0)
			}
		}
	}
}

// TestPNGPixels round-trips images through image/png's decoder: a plot,
// random noise (few runs: literals), translucent pixels, a sub-image, a
// row wider than DEFLATE's window, and images that are not *image.RGBA.
func TestPNGPixels(t *testing.T) {
	var img *image.RGBA
	for _, heat := range []bool{false, true} {
		var stdSize int
		img, stdSize = plot(t, heat)
		b, err := PNG(img)
		if err != nil {
			t.Fatal(err)
		}
		samePixels(t, "plot", b, img)
		// Runs compress a plot within a small factor of a general
		// compressor (1.4× and 1.7× when this was written).
		t.Logf("plot (heatmap %v): %d bytes, image/png (best speed) %d, raw %d", heat, len(b), stdSize, len(img.Pix))
		if len(b) > 2*stdSize {
			t.Errorf("plot (heatmap %v): %d bytes, more than twice image/png's %d", heat, len(b), stdSize)
		}
	}

	r := rng.New(9)
	noise := image.NewRGBA(image.Rect(0, 0, 37, 23))
	for i := range noise.Pix {
		noise.Pix[i] = byte(r.Uint32())
	}
	for i := 3; i < len(noise.Pix); i += 4 {
		// Premultiplied: no channel above alpha.
		a := noise.Pix[i]
		for c := i - 3; c < i; c++ {
			noise.Pix[c] = min(noise.Pix[c], a)
		}
	}
	noise.Pix[3], noise.Pix[7] = 0, 0xff // a transparent and an opaque pixel
	noise.Pix[0], noise.Pix[1], noise.Pix[2] = 0, 0, 0
	b, err := PNG(noise)
	if err != nil {
		t.Fatal(err)
	}
	// image/png's own round trip of translucent pixels is the reference:
	// un-premultiplying loses bits, the same way in both encoders.
	var std bytes.Buffer
	if err := png.Encode(&std, noise); err != nil {
		t.Fatal(err)
	}
	stdBack, err := png.Decode(&std)
	if err != nil {
		t.Fatal(err)
	}
	samePixels(t, "noise", b, stdBack)

	sub := img.SubImage(image.Rect(100, 50, 300, 90)).(*image.RGBA)
	b, err = PNG(sub)
	if err != nil {
		t.Fatal(err)
	}
	samePixels(t, "sub-image", b, sub)

	// 8300 pixels a row: the row above is 33,201 bytes back, beyond the
	// 32,768-byte window, so only runs of one byte match.
	wide := image.NewRGBA(image.Rect(0, 0, 8300, 3))
	for i := range wide.Pix {
		wide.Pix[i] = byte(i / 4 % 7 * 40)
		if i%4 == 3 {
			wide.Pix[i] = 0xff
		}
	}
	b, err = PNG(wide)
	if err != nil {
		t.Fatal(err)
	}
	samePixels(t, "wide", b, wide)

	gray := image.NewGray(image.Rect(0, 0, 9, 4))
	for i := range gray.Pix {
		gray.Pix[i] = byte(i * 7)
	}
	b, err = PNG(gray)
	if err != nil {
		t.Fatal(err)
	}
	samePixels(t, "gray", b, gray)

	one := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	one.Set(0, 0, color.NRGBA{200, 100, 50, 255})
	b, err = PNG(one)
	if err != nil {
		t.Fatal(err)
	}
	samePixels(t, "1×1", b, one)

	if _, err := PNG(image.NewRGBA(image.Rect(0, 0, 0, 5))); err == nil {
		t.Error("an empty image gave no error")
	}
}

// BenchmarkPNG encodes a plot of the page's size with this package and
// with image/png at its best speed, to pair them.
func BenchmarkPNG(b *testing.B) {
	img, _ := plot(b, true)
	b.Run("runs", func(b *testing.B) {
		var sink []byte
		for b.Loop() {
			sink, _ = PNG(img)
		}
		b.ReportMetric(float64(len(sink)), "bytes")
	})
	b.Run("image-png", func(b *testing.B) {
		var buf bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		for b.Loop() {
			buf.Reset()
			if err := enc.Encode(&buf, img); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	})
}
