package paint

import (
	"image"
	"image/color"
	"math"
	"testing"
)

func TestSegmentsAxisAligned(t *testing.T) {
	c := color.RGBA{0x10, 0x20, 0x30, 0xff}
	v := View{Extent: 5, W: 10, H: 10} // one world unit is one pixel
	img := image.NewRGBA(image.Rect(0, 0, 10, 10))
	// World (x+0.5-5, 5-y-0.5) is the centre of pixel (x, y).
	w := func(px, py float32) (float32, float32) { return v.World(px+0.5, py+0.5) }
	ax, ay := w(1, 3)
	bx, by := w(7, 3)
	cx, cy := w(8, 1)
	dx, dy := w(8, 6)
	Segments(img, v, []float32{ax, ay, cx, cy}, []float32{bx, by, dx, dy}, c)
	// Pixels 1..7 of row 3 and 1..6 of column 8, exactly, nothing else.
	if n := count(img, c); n != 7+6 {
		t.Errorf("%d pixels in the line colour, want 13", n)
	}
	for x := 1; x <= 7; x++ {
		if got := img.RGBAAt(x, 3); got != c {
			t.Errorf("pixel (%d, 3) = %v", x, got)
		}
	}
	for y := 1; y <= 6; y++ {
		if got := img.RGBAAt(8, y); got != c {
			t.Errorf("pixel (8, %d) = %v", y, got)
		}
	}
	if got := img.RGBAAt(0, 3); got.A != 0 {
		t.Errorf("pixel before the start = %v, want untouched", got)
	}
}

func TestSegmentsDiagonalAntiAliased(t *testing.T) {
	c := color.RGBA{0, 0, 0, 0xff}
	v := View{Extent: 5, W: 10, H: 10}
	img := image.NewRGBA(image.Rect(0, 0, 10, 10))
	Fill(img, color.RGBA{0xff, 0xff, 0xff, 0xff})
	// From the centre of pixel (0, 0) to half a pixel below the centre of
	// (8, 4): slope 4.5/8, so column 4 crosses y = 2.25, a quarter of the way
	// from the centre of row 2 to row 3.
	x0, y0 := v.World(0.5, 0.5)
	x1, y1 := v.World(8.5, 5)
	Segments(img, v, []float32{x0, y0}, []float32{x1, y1}, c)
	if got := img.RGBAAt(0, 0); got != c {
		t.Errorf("start pixel = %v, want black", got)
	}
	// Coverage 3/4 of black over white: 255·(1-191/255) = 64.
	if got := img.RGBAAt(4, 2); got.R != 64 {
		t.Errorf("pixel (4, 2) = %v, want level 64", got)
	}
	if got := img.RGBAAt(4, 3); got.R != 191 {
		t.Errorf("pixel (4, 3) = %v, want level 191", got)
	}
	// Each column holds ink adding up to one pixel.
	for x := range 9 {
		ink := 0
		for y := range 10 {
			ink += 255 - int(img.RGBAAt(x, y).R)
		}
		if ink < 253 || ink > 257 {
			t.Errorf("column %d holds ink %d, want 255", x, ink)
		}
	}
}

func TestSegmentsClipAndSkip(t *testing.T) {
	c := color.RGBA{9, 9, 9, 0xff}
	v := View{Extent: 5, W: 10, H: 10}
	img := image.NewRGBA(image.Rect(0, 0, 10, 10))
	nan := float32(math.NaN())
	// A huge line through the middle row; a NaN pair; an extra unmatched
	// point in from.
	_, y := v.World(0, 4.5)
	Segments(img, v, []float32{-3e38, y, nan, 0, 1, 1}, []float32{3e38, y, 0, 0}, c)
	if n := count(img, c); n != 10 {
		t.Errorf("%d pixels lit, want the 10 of row 4", n)
	}
	allocs := testing.AllocsPerRun(5, func() {
		Segments(img, v, []float32{-3e38, y}, []float32{3e38, y}, c)
	})
	if allocs != 0 {
		t.Errorf("Segments allocates %v times", allocs)
	}
}

func TestMesh(t *testing.T) {
	c := color.RGBA{1, 2, 3, 0xff}
	v := View{Extent: 5, W: 10, H: 10}
	img := image.NewRGBA(image.Rect(0, 0, 10, 10))
	// A 2×3 grid of pixel centres: rows 2 and 6, columns 1, 4 and 7.
	var pts []float32
	for _, py := range []float32{2, 6} {
		for _, px := range []float32{1, 4, 7} {
			x, y := v.World(px+0.5, py+0.5)
			pts = append(pts, x, y)
		}
	}
	Mesh(img, v, pts, 2, 3, c)
	// Two rows of 7 pixels and three columns of 5, sharing 6 corners.
	if n := count(img, c); n != 2*7+3*5-6 {
		t.Errorf("%d pixels lit, want 23", n)
	}
	for _, p := range []image.Point{{1, 2}, {7, 2}, {4, 4}, {7, 6}, {5, 6}} {
		if img.RGBAAt(p.X, p.Y) != c {
			t.Errorf("pixel %v not lit", p)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Mesh with too few points did not panic")
		}
	}()
	Mesh(img, v, pts, 3, 3, c)
}
