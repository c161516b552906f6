//go:build !(js && wasm)

package browsertest

import (
	"image"
	"testing"

	"genplay/models/modeltest"
	"genplay/tensor/rng"
	"genplay/wasm/paint"
)

// Ink of the image grid, measured on its pixels.
//
// An MNIST digit covers part of its 28×28 square with strokes two to four
// pixels wide. TestInkMetric measures real digits drawn the way the page
// draws them: of the first 1600 training digits, 99.2% have 5% to 45% of
// their pixels more than half ink and at least 70% of those ink pixels
// with two or more ink pixels among their four neighbours (strokes are
// thick); every grid of 16 has at least 15 such tiles. Noise is either too
// much ink (uniform noise has 50%) or, at a digit's amount of ink,
// scattered: for pixels inked independently with probability p, the share
// with two or more inked neighbours is 1 − (1−p)⁴ − 4p(1−p)³, 37% at the
// 31% of N(0, I) noise and 61% at p = 0.45. So the bar is:
const (
	// minInk and maxInk bound the share of a digit's pixels above half
	// intensity.
	minInk, maxInk = 0.05, 0.45
	// minStroke is the share of ink pixels that must have two or more
	// inked 4-neighbours.
	minStroke = 0.70
	// minDigits is how many of the 16 tiles must pass both.
	minDigits = 12
)

// tileStats is the ink of one tile.
type tileStats struct {
	ink, stroke float64
}

func (s tileStats) digit() bool {
	return s.ink >= minInk && s.ink <= maxInk && s.stroke >= minStroke
}

// measureInk returns the ink and stroke shares of an image of rows×cols
// intensities.
func measureInk(img []float32, rows, cols int) tileStats {
	on := func(y, x int) bool { return y >= 0 && y < rows && x >= 0 && x < cols && img[y*cols+x] > 0.5 }
	ink, thick := 0, 0
	for y := range rows {
		for x := range cols {
			if !on(y, x) {
				continue
			}
			ink++
			n := 0
			for _, d := range [4][2]int{{-1, 0}, {1, 0}, {0, -1}, {0, 1}} {
				if on(y+d[0], x+d[1]) {
					n++
				}
			}
			if n >= 2 {
				thick++
			}
		}
	}
	s := tileStats{ink: float64(ink) / float64(rows*cols)}
	if ink > 0 {
		s.stroke = float64(thick) / float64(ink)
	}
	return s
}

// gridStats measures every tile of grid g from the grey levels greys, one
// per image pixel (the top left pixel of its block), tile after tile.
func gridStats(greys []int, g paint.Grid) []tileStats {
	d := g.Rows * g.Cols
	var stats []tileStats
	img := make([]float32, d)
	for i := 0; i+d <= len(greys) && i/d < g.Across*g.Down; i += d {
		for j, v := range greys[i : i+d] {
			img[j] = 1 - float32(v)/255
		}
		stats = append(stats, measureInk(img, g.Rows, g.Cols))
	}
	return stats
}

// digits counts the tiles that look like digits.
func digits(stats []tileStats) int {
	n := 0
	for _, s := range stats {
		if s.digit() {
			n++
		}
	}
	return n
}

// samplesGrid is the layout in which the page shows a sample of images of
// rows×cols pixels: 4×4 tiles, each pixel 4×4, 6 pixels apart (figures.go
// of package ui, Root.images).
func samplesGrid(rows, cols int) paint.Grid {
	return paint.Grid{Rows: rows, Cols: cols, Across: 4, Down: 4, Scale: 4, Gap: 6}
}

// greysOf returns what the browser test reads from a canvas: the grey level
// of the top left pixel of each image pixel's block, tile after tile.
func greysOf(img *image.RGBA, g paint.Grid) []int {
	var greys []int
	for i := range g.Across * g.Down {
		t := g.Tile(i)
		for r := range g.Rows {
			for c := range g.Cols {
				greys = append(greys, int(img.RGBAAt(t.Min.X+c*g.Scale, t.Min.Y+r*g.Scale).R))
			}
		}
	}
	return greys
}

// TestInkMetric checks the bar of the MNIST browser test against known
// images drawn the way the page draws them: real digits pass; noise, blank
// and full tiles fail.
func TestInkMetric(t *testing.T) {
	train, _ := modeltest.MNIST(t)
	g := samplesGrid(28, 28)
	const n = 16
	real := make([]float32, n*784)
	train.Batch(real, nil, 0, n)
	r := rng.New(1)
	normal := make([]float32, n*784)
	r.FillNormal(normal)
	uniform := make([]float32, n*784)
	// Binary noise at a digit's amount of ink, and a sample that saturated
	// to black and white.
	sparse := make([]float32, n*784)
	binary := make([]float32, n*784)
	for i := range uniform {
		uniform[i] = r.Float32()
		if r.Float32() < 0.15 {
			sparse[i] = 1
		}
		if r.Float32() < 0.49 {
			binary[i] = 1
		}
	}
	full := make([]float32, n*784)
	for i := range full {
		full[i] = 1
	}
	tests := []struct {
		name   string
		images []float32
		pass   bool
	}{
		{"MNIST digits", real, true},
		{"N(0, I) noise", normal, false},
		{"uniform noise", uniform, false},
		{"sparse binary noise", sparse, false},
		{"saturated binary noise", binary, false},
		{"blank", make([]float32, n*784), false},
		{"all ink", full, false},
		{"nothing", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h := g.Size()
			img := image.NewRGBA(image.Rect(0, 0, w, h))
			paint.ImageGrid(img, g, tt.images, paint.Light())
			stats := gridStats(greysOf(img, g), g)
			lo, hi := tileStats{ink: 1, stroke: 1}, tileStats{}
			for _, s := range stats {
				lo.ink, lo.stroke = min(lo.ink, s.ink), min(lo.stroke, s.stroke)
				hi.ink, hi.stroke = max(hi.ink, s.ink), max(hi.stroke, s.stroke)
			}
			t.Logf("%d of %d tiles like digits; ink %.1f%% to %.1f%%, strokes %.1f%% to %.1f%%",
				digits(stats), len(stats), 100*lo.ink, 100*hi.ink, 100*lo.stroke, 100*hi.stroke)
			if got := digits(stats) >= minDigits; got != tt.pass {
				t.Errorf("passes = %v, want %v", got, tt.pass)
			}
		})
	}
	// Every grid of 16 of the first 1600 digits passes.
	worst, ink, all := 16, tileStats{ink: 1, stroke: 1}, 0
	for k := range 100 {
		train.Batch(real, nil, 16*k, 16*k+16)
		w, h := g.Size()
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		paint.ImageGrid(img, g, real, paint.Light())
		stats := gridStats(greysOf(img, g), g)
		worst = min(worst, digits(stats))
		all += digits(stats)
		for _, s := range stats {
			ink.ink, ink.stroke = min(ink.ink, s.ink), min(ink.stroke, s.stroke)
		}
	}
	t.Logf("1600 digits: %d like digits (%.1f%%), at least %d of 16 per grid; ink from %.1f%%, strokes from %.1f%%",
		all, float64(all)/16, worst, 100*ink.ink, 100*ink.stroke)
	if worst < minDigits {
		t.Errorf("a grid of real digits has only %d tiles like digits", worst)
	}
}
