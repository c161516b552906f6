package paint

import (
	"image"
	"image/color"
	"math"
	"slices"
	"testing"
)

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{0, 1, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{0, 100, 5, []float64{0, 20, 40, 60, 80, 100}},
		{-3.7, 12.1, 5, []float64{-5, 0, 5, 10, 15}},
		{12.1, -3.7, 5, []float64{-5, 0, 5, 10, 15}},
		{0, 1234, 5, []float64{0, 500, 1000, 1500}},
		{0.013, 0.048, 4, []float64{0, 0.02, 0.04, 0.06}},
		{0.013, 0.048, 5, []float64{0.01, 0.02, 0.03, 0.04, 0.05}},
		{0.1, 0.3, 3, []float64{0.1, 0.2, 0.3}},
		{2, 2, 5, []float64{2}},
		{0, math.Inf(1), 5, nil},
		{math.NaN(), 1, 5, nil},
		{0, 10, 0, []float64{0, 10}},
	}
	for _, tt := range tests {
		if got := NiceTicks(tt.lo, tt.hi, tt.n); !slices.Equal(got, tt.want) {
			t.Errorf("NiceTicks(%v, %v, %d) = %v, want %v", tt.lo, tt.hi, tt.n, got, tt.want)
		}
	}
	// Properties over many ranges: covering, 1-2-5 steps, about n ticks.
	for k := range 200 {
		lo := -math.Pow(10, float64(k%7-3)) * float64(k%5)
		hi := lo + math.Pow(10, float64(k%9-4))*float64(1+k%13)
		ticks := NiceTicks(lo, hi, 6)
		slack := 1e-12 * (hi - lo)
		if ticks[0] > lo+slack || ticks[len(ticks)-1] < hi-slack {
			t.Fatalf("NiceTicks(%v, %v) = %v does not cover the range", lo, hi, ticks)
		}
		if len(ticks) < 4 || len(ticks) > 9 {
			t.Errorf("NiceTicks(%v, %v, 6) gives %d ticks", lo, hi, len(ticks))
		}
		step := ticks[1] - ticks[0]
		m := step / math.Pow(10, math.Floor(math.Log10(step)+1e-9))
		if math.Abs(m-1) > 1e-6 && math.Abs(m-2) > 1e-6 && math.Abs(m-5) > 1e-6 {
			t.Errorf("NiceTicks(%v, %v) step %v is not 1, 2 or 5 times a power of ten", lo, hi, step)
		}
	}
}

// rowsOf returns the rows of column x of img in colour c.
func rowsOf(img *image.RGBA, x int, c color.RGBA) []int {
	var rows []int
	for y := range img.Bounds().Dy() {
		if img.RGBAAt(x, y) == c {
			rows = append(rows, y)
		}
	}
	return rows
}

func TestLinesTwoSeries(t *testing.T) {
	th := Light()
	img := image.NewRGBA(image.Rect(0, 0, 101, 60))
	d := Series{Name: "d_loss", Color: Okabe(4), X: []float64{0, 50, 100}, Y: []float64{1, 1, 1}}
	g := Series{Name: "g_loss", Color: Okabe(5), X: []float64{0, 100}, Y: []float64{3, 3}}
	axis, ok := Lines(img, []Series{d, g}, th, false)
	if !ok {
		t.Fatal("ok = false")
	}
	if axis.X0 != 0 || axis.X1 != 100 || axis.Y0 != 1 || axis.Y1 != 3 || axis.W != 101 || axis.H != 60 {
		t.Errorf("axis %+v, want x 0..100, y 1..3 over 101×60", axis)
	}
	if !slices.Equal(axis.YTicks, []float64{1, 1.5, 2, 2.5, 3}) || !slices.Equal(axis.XTicks, []float64{0, 20, 40, 60, 80, 100}) {
		t.Errorf("ticks x %v y %v", axis.XTicks, axis.YTicks)
	}
	// y = 2 is the middle row, drawn as a grid line where no curve passes.
	if got := img.RGBAAt(50, int(axis.PY(2))); got != th.Grid || axis.PY(2) != 30 {
		t.Errorf("grid at y = 2: pixel %v, row %v", got, axis.PY(2))
	}
	// d at the bottom edge, g at the top, in their own colours.
	if r := rowsOf(img, 50, d.Color); len(r) == 0 || r[len(r)-1] != 59 {
		t.Errorf("d_loss rows in column 50: %v, want the bottom", r)
	}
	if r := rowsOf(img, 50, g.Color); len(r) == 0 || r[0] != 0 {
		t.Errorf("g_loss rows in column 50: %v, want the top", r)
	}
}

func TestLinesLogAndSkipping(t *testing.T) {
	th := Light()
	img := image.NewRGBA(image.Rect(0, 0, 50, 40))
	nan := math.NaN()
	s := Series{Color: Okabe(0), Y: []float64{100, nan, -1, 0, 1, math.Inf(1), 10}} // X nil: 0, 1, …
	axis, ok := Lines(img, []Series{s}, th, true)
	if !ok {
		t.Fatal("ok = false")
	}
	// Points kept: x = 0 (100), 4 (1), 6 (10); the axis covers whole decades.
	if axis.X0 != 0 || axis.X1 != 6 || axis.Y0 != 1 || axis.Y1 != 100 || !axis.LogY {
		t.Errorf("axis %+v", axis)
	}
	if !slices.Equal(axis.YTicks, []float64{1, 2, 5, 10, 20, 50, 100}) {
		t.Errorf("log ticks %v", axis.YTicks)
	}
	if axis.PY(10) != 20 || axis.PY(100) != 0 || axis.PY(1) != 40 {
		t.Errorf("PY(10, 100, 1) = %v, %v, %v; want 20, 0, 40", axis.PY(10), axis.PY(100), axis.PY(1))
	}
	// y = 10 at the last column, x = 6.
	if r := rowsOf(img, 49, s.Color); !slices.Contains(r, 20) {
		t.Errorf("rows of the last column %v, want 20 among them", r)
	}
	// Nothing valid: background only.
	if _, ok := Lines(img, []Series{{Y: []float64{0, -1}}}, th, true); ok {
		t.Error("ok = true for no positive values on a log axis")
	}
	if n := count(img, th.Background); n != 50*40 {
		t.Errorf("%d background pixels, want all", n)
	}
}

func TestLinesKeepsExtremes(t *testing.T) {
	// 10,000 steps over 40 columns: a single spike must still reach the top.
	th := Light()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	y := make([]float64, 10000)
	y[5003] = 1
	_, ok := Lines(img, []Series{{Color: Okabe(5), Y: y}}, th, false)
	if !ok {
		t.Fatal("ok = false")
	}
	top := false
	for x := range 40 {
		if img.RGBAAt(x, 0) == Okabe(5) {
			top = true
		}
	}
	if !top {
		t.Error("the spike does not reach the top row")
	}
}
