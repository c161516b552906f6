package paint

import (
	"image"
	"image/color"
	"math"
	"testing"
)

func TestGridPoints(t *testing.T) {
	got := GridPoints(2, 2)
	// Cells of side 2: centres at ±1, top row (y = 1) first, x fastest.
	want := []float32{-1, 1, 1, 1, -1, -1, 1, -1}
	if len(got) != len(want) {
		t.Fatalf("len = %d, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("GridPoints(2, 2) = %v, want %v", got, want)
		}
	}
	if p := GridPoints(4, 5); len(p) != 50 || p[0] != -3.2 || p[1] != 3.2 || p[48] != 3.2 || p[49] != -3.2 {
		t.Errorf("GridPoints(4, 5) corners %v %v, %v %v", p[0], p[1], p[48], p[49])
	}
}

// grey maps t in [0, 1] to a grey level, and NaN to red, so that tests read
// values back from pixels.
func grey(t float64) color.RGBA {
	if math.IsNaN(t) {
		return color.RGBA{0xff, 0, 0, 0xff}
	}
	g := uint8(math.Round(255 * math.Max(0, math.Min(1, t))))
	return color.RGBA{g, g, g, 0xff}
}

func TestHeatmapCellsAndOrientation(t *testing.T) {
	// 4×4 cells on a 12×12 view: each cell is 3×3 pixels and its centre is
	// the centre of its middle pixel, where the field is exact.
	const n = 4
	v := View{Extent: 2, W: 12, H: 12}
	field := make([]float32, n*n)
	for i := range field {
		field[i] = float32(i) // cell (col, row) holds row·4 + col
	}
	img := image.NewRGBA(image.Rect(0, 0, 12, 12))
	Heatmap(img, v, field, n, grey, 0, 15)
	for j := range n {
		for i := range n {
			want := grey(float64(j*n+i) / 15)
			if got := img.RGBAAt(3*i+1, 3*j+1); got != want {
				t.Errorf("centre of cell (%d, %d) = %v, want %v", i, j, got, want)
			}
		}
	}
	// Row 0 is the top: the world point of cell (0, 0)'s centre, from
	// GridPoints, lies in pixel (1, 1).
	pts := GridPoints(v.Extent, n)
	if px, py := v.Pixel(pts[0], pts[1]); int(px) != 1 || int(py) != 1 {
		t.Errorf("first grid point at pixel (%v, %v), want (1, 1)", px, py)
	}
	// Between centres the value is interpolated: pixel 2 of row 1 lies a
	// third of the way from cell 0 to cell 1, field 1/3, level 255/45 ≈ 6.
	if got := img.RGBAAt(2, 1); got.R != 6 {
		t.Errorf("pixel (2, 1) = %v, want level 6", got)
	}
	// Beyond the outer centres the value holds.
	if img.RGBAAt(0, 0) != img.RGBAAt(1, 1) || img.RGBAAt(11, 11) != grey(1) {
		t.Errorf("corners %v %v, want the corner cells' values", img.RGBAAt(0, 0), img.RGBAAt(11, 11))
	}
}

func TestHeatmapNotFiniteAndFlat(t *testing.T) {
	v := View{Extent: 1, W: 8, H: 8}
	nan := float32(math.NaN())
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	// 2×2 cells of 4×4 pixels; the top right is NaN and falls back to the
	// nearest cell, so it shows as a NaN quadrant.
	Heatmap(img, v, []float32{0, nan, 1, 1}, 2, grey, 0, 1)
	red := color.RGBA{0xff, 0, 0, 0xff}
	if n := count(img, red); n != 16 {
		t.Errorf("%d NaN pixels, want the 16 of the top right cell", n)
	}
	if got := img.RGBAAt(7, 0); got != red {
		t.Errorf("top right pixel = %v, want the NaN colour", got)
	}
	if got := img.RGBAAt(0, 7); got != grey(1) {
		t.Errorf("bottom left pixel = %v, want white", got)
	}
	// hi ≤ lo: every finite value maps to the middle.
	Heatmap(img, v, []float32{3, 3, 3, 3}, 2, grey, 3, 3)
	if n := count(img, grey(0.5)); n != 64 {
		t.Errorf("flat range: %d of 64 pixels mid grey", n)
	}
}

func TestHeatmapThenScatterOver(t *testing.T) {
	th := Light()
	v := View{Extent: 4, W: 40, H: 40}
	img := image.NewRGBA(image.Rect(0, 0, 40, 40))
	field := make([]float32, 100)
	Heatmap(img, v, field, 10, Viridis, 0, 1)
	ScatterOver(img, v, Layer{Points: []float32{0, 0}, Color: th.Generated})
	if n := count(img, Viridis(0)); n != 40*40-1 {
		t.Errorf("%d heatmap pixels left, want all but the point's", n)
	}
	if got := img.RGBAAt(20, 20); got != th.Generated {
		t.Errorf("point pixel = %v", got)
	}
	allocs := testing.AllocsPerRun(5, func() { Heatmap(img, v, field, 10, Viridis, 0, 1) })
	if allocs != 0 {
		t.Errorf("Heatmap allocates %v times", allocs)
	}
}

func TestFieldRange(t *testing.T) {
	inf := float32(math.Inf(1))
	field := []float32{float32(math.NaN()), -inf, inf}
	for i := range 101 {
		field = append(field, float32(i))
	}
	if lo, hi := FieldRange(field, 0); lo != 0 || hi != 100 {
		t.Errorf("q = 0: (%v, %v), want (0, 100)", lo, hi)
	}
	if lo, hi := FieldRange(field, 0.02); lo != 2 || hi != 98 {
		t.Errorf("q = 0.02: (%v, %v), want (2, 98)", lo, hi)
	}
	// A long negative tail, as in log-densities: 2% of values at -1000.
	tail := make([]float32, 0, 200)
	for i := range 200 {
		v := float32(i % 10)
		if i < 4 {
			v = -1000
		}
		tail = append(tail, v)
	}
	// Position 0.02·199 = 3.98 lies between the last -1000 and the first 0.
	if lo, _ := FieldRange(tail, 0.02); math.Abs(lo+20) > 1e-9 {
		t.Errorf("q = 0.02 over a 2%% tail: lo = %v, want -20", lo)
	}
	if lo, _ := FieldRange(tail, 0.05); lo != 0 {
		t.Errorf("q = 0.05 over a 2%% tail: lo = %v, want 0", lo)
	}
	if lo, hi := FieldRange([]float32{5, 5, inf}, 0.02); lo != 4.5 || hi != 5.5 {
		t.Errorf("flat field: (%v, %v), want (4.5, 5.5)", lo, hi)
	}
	if lo, hi := FieldRange(nil, 0.02); lo != 0 || hi != 1 {
		t.Errorf("empty field: (%v, %v), want (0, 1)", lo, hi)
	}
	if lo, hi := FieldRange([]float32{1, 2, 3}, 0.9); lo != 1.5 || hi != 2.5 {
		t.Errorf("q clamped to 0.5: (%v, %v), want the median widened, (1.5, 2.5)", lo, hi)
	}
}
