package data_test

import (
	"math"
	"testing"

	"genplay/models/data"
)

// The ten digits as polylines on a 224-pixel pad, written as a hand would:
// a tilted oval 0, a 1 with its flag, a 4 of two strokes, and so on.
func drawnDigits() [10][][]data.Point {
	return [10][][]data.Point{
		{arc(112, 112, 48, 78, -10, 350, 36)},
		{pts(92, 60, 120, 34, 118, 110, 116, 190)},
		{cat(arc(110, 78, 44, 42, -70, 110, 16), pts(140, 118, 104, 156, 70, 190, 112, 188, 160, 190))},
		{cat(arc(108, 74, 40, 38, -60, 160, 16)[:15], pts(100, 112), arc(108, 150, 46, 42, 20, 220, 18))},
		{pts(124, 34, 70, 136, 160, 134), pts(138, 86, 136, 200)},
		{pts(156, 38, 90, 38, 84, 104), arc(110, 144, 50, 46, -40, 210, 20)},
		{cat(pts(146, 36, 110, 72, 84, 120), arc(114, 152, 38, 38, -120, 240, 26))},
		{pts(64, 44, 160, 40, 132, 100, 110, 150, 96, 196)},
		{cat(arc(112, 76, 36, 38, 180, 540, 30), arc(112, 152, 44, 40, 0, 360, 30))},
		{cat(arc(108, 82, 42, 40, 90, 450, 30), pts(150, 84, 146, 140, 136, 196))},
	}
}

// arc returns n+1 points on the ellipse of centre (cx, cy) and radii rx,
// ry from angle a0 to a1 in degrees, clockwise from the top.
func arc(cx, cy, rx, ry, a0, a1 float64, n int) []data.Point {
	var s []data.Point
	for i := 0; i <= n; i++ {
		a := (a0 + (a1-a0)*float64(i)/float64(n)) * math.Pi / 180
		s = append(s, data.Point{X: cx + rx*math.Sin(a), Y: cy - ry*math.Cos(a)})
	}
	return s
}

// pts returns the points x₀, y₀, x₁, y₁, ….
func pts(xy ...float64) []data.Point {
	var s []data.Point
	for i := 0; i+1 < len(xy); i += 2 {
		s = append(s, data.Point{X: xy[i], Y: xy[i+1]})
	}
	return s
}

func cat(ss ...[]data.Point) []data.Point {
	var o []data.Point
	for _, s := range ss {
		o = append(o, s...)
	}
	return o
}

// place returns strokes scaled by k about the pad's centre (112, 112) and
// moved by (dx, dy).
func place(strokes [][]data.Point, k, dx, dy float64) [][]data.Point {
	var out [][]data.Point
	for _, s := range strokes {
		var o []data.Point
		for _, p := range s {
			o = append(o, data.Point{X: 112 + k*(p.X-112) + dx, Y: 112 + k*(p.Y-112) + dy})
		}
		out = append(out, o)
	}
	return out
}

// TestDrawnDigitsRead draws the ten digits as they are, at half size in
// the pad's upper left and at 0.6 of their size lower right, each with
// PenWidth's pen and with pens half and twice as wide, preprocesses them
// and has the shipped classifier read them: all 90 are read right. (The
// pad merely area-averaged down to 28×28, without the preprocessing, gives
// 10, 1 and 1 of the 10 at the three places with PenWidth's pen.)
func TestDrawnDigitsRead(t *testing.T) {
	c := shippedClassifier(t)
	const side = 224
	for _, at := range []struct{ k, dx, dy float64 }{{1, 0, 0}, {0.5, -50, -50}, {0.6, 40, 30}} {
		for _, pen := range []float64{0.5, 1, 2} {
			right := 0
			for d, drawn := range drawnDigits() {
				strokes := place(drawn, at.k, at.dx, at.dy)
				raster := make([]float32, side*side)
				data.DrawStrokes(raster, side, side, strokes, pen*data.PenWidth(strokes))
				img := make([]float32, data.DigitSide*data.DigitSide)
				if !data.PreprocessDigit(img, raster, side, side) {
					t.Fatalf("digit %d: no ink", d)
				}
				got := make([]uint8, 1)
				c.Predict(got, img)
				if int(got[0]) == d {
					right++
				} else {
					t.Errorf("size %.1f at (%+.0f, %+.0f), pen ×%.1f: the %d reads as %d", at.k, at.dx, at.dy, pen, d, got[0])
				}
			}
			t.Logf("size %.1f at (%+.0f, %+.0f), pen ×%.1f: %d of 10 read right", at.k, at.dx, at.dy, pen, right)
		}
	}
}
