package paint

import (
	"image"
	"math"
	"testing"
)

// smoothRows returns, for column x of img, the rows painted in the smooth
// loss colour.
func smoothRows(img *image.RGBA, th Theme, x int) []int {
	var rows []int
	for y := range img.Bounds().Dy() {
		if img.RGBAAt(x, y) == th.LossSmooth {
			rows = append(rows, y)
		}
	}
	return rows
}

func TestLossCurveNothingToDraw(t *testing.T) {
	th := Light()
	tests := []struct {
		name   string
		losses []float32
	}{
		{"nil", nil},
		{"zeros and negatives", []float32{0, -1, 0}},
		{"not finite", []float32{float32(math.NaN()), float32(math.Inf(1))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := image.NewRGBA(image.Rect(0, 0, 50, 30))
			if _, ok := LossCurve(img, tt.losses, th); ok {
				t.Error("ok = true, want false")
			}
			if n := count(img, th.Background); n != 50*30 {
				t.Errorf("%d of %d pixels are background", n, 50*30)
			}
		})
	}
}

func TestLossCurveFlatSitsInTheMiddle(t *testing.T) {
	th := Light()
	img := image.NewRGBA(image.Rect(0, 0, 100, 60))
	losses := make([]float32, 300)
	for i := range losses {
		losses[i] = 0.25
	}
	axis, ok := LossCurve(img, losses, th)
	if !ok {
		t.Fatal("ok = false")
	}
	if mid := (axis.Lo + axis.Hi) / 2; math.Abs(mid-math.Log10(0.25)) > 1e-9 {
		t.Errorf("axis centre %v, want log10(0.25) = %v", mid, math.Log10(0.25))
	}
	for _, x := range []int{0, 50, 99} {
		rows := smoothRows(img, th, x)
		if len(rows) == 0 || rows[0] < 28 || rows[len(rows)-1] > 31 {
			t.Errorf("column %d: smooth line on rows %v, want about row 30", x, rows)
		}
	}
}

func TestLossCurveLogScale(t *testing.T) {
	th := Light()
	img := image.NewRGBA(image.Rect(0, 0, 100, 100))
	// 1, 10 and 100 lie on equally spaced rows of a log axis.
	axis, ok := LossCurve(img, []float32{100, 10, 1}, th)
	if !ok {
		t.Fatal("ok = false")
	}
	y1, y10, y100 := axis.Y(1), axis.Y(10), axis.Y(100)
	if !(y100 < y10 && y10 < y1) {
		t.Fatalf("rows of 100, 10, 1 = %v, %v, %v; want increasing downwards", y100, y10, y1)
	}
	if d := (y1 - y10) - (y10 - y100); math.Abs(d) > 1e-9 {
		t.Errorf("decades are %v and %v pixels high, want equal", y1-y10, y10-y100)
	}
	// The axis spans the data plus 5% of its range on each side.
	if math.Abs(axis.Lo-(-0.1)) > 1e-9 || math.Abs(axis.Hi-2.1) > 1e-9 {
		t.Errorf("axis [%v, %v], want [-0.1, 2.1]", axis.Lo, axis.Hi)
	}
	// The decade lines are drawn in the grid colour, except where the curve
	// crosses them.
	for _, v := range []float64{1, 10, 100} {
		row := int(math.Floor(axis.Y(v)))
		if n := countRow(img, row, th.Grid); n < 50 {
			t.Errorf("row %d of tick %v has %d grid pixels, want a line", row, v, n)
		}
	}
}

func countRow(img *image.RGBA, y int, c interface{ RGBA() (r, g, b, a uint32) }) int {
	n := 0
	for x := range img.Bounds().Dx() {
		if img.RGBAAt(x, y) == c {
			n++
		}
	}
	return n
}

func TestLossCurveDecreasing(t *testing.T) {
	th := Light()
	img := image.NewRGBA(image.Rect(0, 0, 200, 80))
	// Many more steps than columns, noisy, falling from about 1 to 0.01.
	losses := make([]float32, 5000)
	for i := range losses {
		noise := 1 + 0.5*float32(math.Sin(float64(i)*12.9898))
		losses[i] = float32(math.Pow(10, -2*float64(i)/5000)) * noise
	}
	losses[17] = float32(math.NaN()) // skipped
	losses[18] = 0                   // skipped
	if _, ok := LossCurve(img, losses, th); !ok {
		t.Fatal("ok = false")
	}
	left, right := smoothRows(img, th, 5), smoothRows(img, th, 195)
	if len(left) == 0 || len(right) == 0 {
		t.Fatalf("no smooth line at the edges: left %v, right %v", left, right)
	}
	if !(left[len(left)-1] < right[0]) {
		t.Errorf("smooth line at rows %v on the left and %v on the right, want it falling", left, right)
	}
	// The raw band is drawn around the line.
	if n := count(img, th.LossRaw); n < 200 {
		t.Errorf("%d raw-loss pixels, want a band", n)
	}
}

func TestLogAxisTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   []float64
	}{
		{-1.2, 0.5, []float64{0.1, 0.2, 0.5, 1, 2}},
		{-3.5, 0.1, []float64{0.001, 0.01, 0.1, 1}},
		{0.1, 0.2, nil},
	}
	for _, tt := range tests {
		got := LogAxis{Lo: tt.lo, Hi: tt.hi, H: 100}.Ticks()
		if len(got) != len(tt.want) {
			t.Errorf("Ticks [%v, %v] = %v, want %v", tt.lo, tt.hi, got, tt.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-tt.want[i]) > 1e-12*tt.want[i] {
				t.Errorf("Ticks [%v, %v] = %v, want %v", tt.lo, tt.hi, got, tt.want)
				break
			}
		}
	}
}
