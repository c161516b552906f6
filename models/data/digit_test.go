package data

import (
	"math"
	"testing"
)

// inkBox returns the bounding box of the pixels above 0 of a DigitSide²
// image: its width and height.
func inkBox(img []float32) (w, h int) {
	x0, y0, x1, y1 := DigitSide, DigitSide, -1, -1
	for i, v := range img {
		if v > 0 {
			x, y := i%DigitSide, i/DigitSide
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
		}
	}
	return x1 - x0 + 1, y1 - y0 + 1
}

// TestPreprocessDigitShapes preprocesses drawings of several sizes,
// places and aspects: the ink's larger side is BoxSide pixels (±1 for the
// anti-aliased rim), never more, and its centre of mass is within half a
// pixel of (14, 14).
func TestPreprocessDigitShapes(t *testing.T) {
	const side = 224
	cases := []struct {
		name    string
		strokes [][]Point
	}{
		{"one", [][]Point{{{120, 30}, {112, 190}}}},
		{"small L in a corner", [][]Point{{{10, 10}, {10, 50}, {40, 50}}}},
		{"wide bar", [][]Point{{{20, 100}, {200, 110}}}},
		{"seven", [][]Point{{{50, 40}, {170, 40}, {100, 200}}}},
		{"zero", circle(112, 112, 60, 80)},
		{"dot", [][]Point{{{60, 60}}}},
	}
	for _, c := range cases {
		src := make([]float32, side*side)
		DrawStrokes(src, side, side, c.strokes, PenWidth(c.strokes))
		dst := make([]float32, DigitSide*DigitSide)
		if !PreprocessDigit(dst, src, side, side) {
			t.Fatalf("%s: no ink", c.name)
		}
		w, h := inkBox(dst)
		if max(w, h) > BoxSide || max(w, h) < BoxSide-1 {
			t.Errorf("%s: ink box %d×%d, want the larger side %d", c.name, w, h, BoxSide)
		}
		cx, cy, _ := centreOfMass(dst)
		if math.Abs(cx-digitCentre) > 0.5 || math.Abs(cy-digitCentre) > 0.5 {
			t.Errorf("%s: centre of mass (%.2f, %.2f), want within 0.5 of (14, 14)", c.name, cx, cy)
		}
		var top float32
		for _, v := range dst {
			top = max(top, v)
		}
		if c.name != "dot" && top < 0.99 || top > 1 {
			t.Errorf("%s: brightest pixel %.3f, want full ink (1) as in MNIST", c.name, top)
		}
		t.Logf("%s: box %d×%d, centre (%.2f, %.2f)", c.name, w, h, cx, cy)
	}
}

func circle(cx, cy, rx, ry float64) [][]Point {
	var s []Point
	for i := range 41 {
		a := 2 * math.Pi * float64(i) / 40
		s = append(s, Point{cx + rx*math.Sin(a), cy - ry*math.Cos(a)})
	}
	return [][]Point{s}
}

// TestPreprocessDigitBlank: a blank raster has no digit.
func TestPreprocessDigitBlank(t *testing.T) {
	dst := []float32{1: 0.5, DigitSide*DigitSide - 1: 0}
	if PreprocessDigit(dst, make([]float32, 16), 4, 4) {
		t.Fatal("a blank raster gave a digit")
	}
	for _, v := range dst {
		if v != 0 {
			t.Fatal("dst not cleared")
		}
	}
}

// TestResampleKeepsMass: area averaging keeps the ink (times Scale², the
// change of area) when the frame puts the whole raster inside the image.
func TestResampleKeepsMass(t *testing.T) {
	src := make([]float32, 100*80)
	DrawStrokes(src, 100, 80, circle(50, 40, 30, 25), 9)
	f := Frame{Scale: 0.23, DX: 3.3, DY: 4.7}
	dst := make([]float32, DigitSide*DigitSide)
	f.Resample(dst, src, 100, 80)
	var a, b float64
	for _, v := range src {
		a += float64(v)
	}
	for _, v := range dst {
		b += float64(v)
	}
	if want := a * f.Scale * f.Scale; math.Abs(b-want) > 1e-3*want {
		t.Errorf("mass %.4f after resampling, want %.4f", b, want)
	}
}

// TestDrawStrokesWidth: a long horizontal stroke of width W covers W
// pixels across (its coverage summed over a column).
func TestDrawStrokesWidth(t *testing.T) {
	const w, h = 60, 40
	for _, width := range []float64{3, 8, 12.5} {
		dst := make([]float32, w*h)
		DrawStrokes(dst, w, h, [][]Point{{{5, 20}, {55, 20}}}, width)
		var col float64
		for y := range h {
			col += float64(dst[y*w+30])
		}
		if math.Abs(col-width) > 0.05 {
			t.Errorf("width %.1f: a column holds %.3f of ink", width, col)
		}
	}
}
