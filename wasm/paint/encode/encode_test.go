package encode

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"testing"

	"genplay/wasm/paint"
)

func TestPNG(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 30, 20))
	paint.Scatter(img, paint.View{Extent: 4, W: 30, H: 20}, paint.Light(), paint.Layer{Points: []float32{1, 1}, Color: paint.Light().Generated, Radius: 2})
	b, err := PNG(img)
	if err != nil {
		t.Fatal(err)
	}
	back, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	for y := range 20 {
		for x := range 30 {
			if r, g, b, a := back.At(x, y).RGBA(); color.RGBA64(img.RGBA64At(x, y)) != (color.RGBA64{uint16(r), uint16(g), uint16(b), uint16(a)}) {
				t.Fatalf("pixel (%d, %d) changed", x, y)
			}
		}
	}
}

// near reports whether two colours differ by at most d in each channel.
func near(a, b color.Color, d int) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	diff := func(x, y uint32) bool { return max(int(x>>8)-int(y>>8), int(y>>8)-int(x>>8)) <= d }
	return diff(ar, br) && diff(ag, bg) && diff(ab, bb)
}

func TestGIFExactColours(t *testing.T) {
	th := paint.Light()
	v := paint.View{Extent: 4, W: 40, H: 30}
	var frames []*image.RGBA
	for k := range 5 {
		f := image.NewRGBA(image.Rect(0, 0, 40, 30))
		paint.Scatter(f, v, th,
			paint.Layer{Points: []float32{-2, 1, -1.9, 1}, Color: th.Real, Radius: 2},
			paint.Layer{Points: []float32{float32(k) - 2, -1}, Color: th.Generated, Radius: 1.5})
		frames = append(frames, f)
	}
	b, err := GIF(frames, 7)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 5 || g.Config.Width != 40 || g.Config.Height != 30 || g.LoopCount != 0 {
		t.Fatalf("%d frames of %d×%d, loop %d; want 5 of 40×30 looping", len(g.Image), g.Config.Width, g.Config.Height, g.LoopCount)
	}
	for k, p := range g.Image {
		if g.Delay[k] != 7 {
			t.Errorf("frame %d delay %d", k, g.Delay[k])
		}
		// Few colours: every pixel survives exactly.
		for y := range 30 {
			for x := range 40 {
				if !near(p.At(x, y), frames[k].RGBAAt(x, y), 0) {
					t.Fatalf("frame %d pixel (%d, %d) = %v, want %v", k, x, y, p.At(x, y), frames[k].RGBAAt(x, y))
				}
			}
		}
	}
}

func TestGIFManyColours(t *testing.T) {
	// A viridis heatmap with a sub-image frame: more than 256 colours, so
	// Plan 9's palette, nearest without dithering.
	big := image.NewRGBA(image.Rect(0, 0, 80, 70))
	f := big.SubImage(image.Rect(10, 5, 74, 69)).(*image.RGBA)
	field := make([]float32, 64*64)
	for i := range field {
		field[i] = float32(i)
	}
	paint.Heatmap(f, paint.View{Extent: 1, W: 64, H: 64}, field, 64, paint.Viridis, 0, float64(len(field)-1))
	b, err := GIF([]*image.RGBA{f, f, f}, 10)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 3 || g.Image[0].Bounds() != image.Rect(0, 0, 64, 64) {
		t.Fatalf("%d frames, bounds %v", len(g.Image), g.Image[0].Bounds())
	}
	// Plan 9's colours lie within about 0x22 of any colour per channel.
	for _, p := range []image.Point{{0, 0}, {32, 32}, {63, 63}, {5, 40}} {
		got, want := g.Image[2].At(p.X, p.Y), f.RGBAAt(f.Rect.Min.X+p.X, f.Rect.Min.Y+p.Y)
		if !near(got, want, 0x28) {
			t.Errorf("pixel %v = %v, want about %v", p, got, want)
		}
	}
	if _, err := GIF(nil, 10); err == nil {
		t.Error("no frames: no error")
	}
}
