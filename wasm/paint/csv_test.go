package paint

import (
	"math"
	"testing"
)

func TestPointsCSV(t *testing.T) {
	nan := float32(math.NaN())
	got := string(PointsCSV([]float32{1, -0.5, 0.1, nan, float32(math.Inf(1)), 3, 7}, 2, []string{"x", "y, scaled"}))
	// 0.1 as a float32 prints as 0.1, not 0.10000000149011612; the trailing
	// 7 is half a point and dropped.
	want := "x,\"y, scaled\"\n1,-0.5\n0.1,\n+Inf,3\n"
	if got != want {
		t.Errorf("PointsCSV = %q, want %q", got, want)
	}
	if got := string(PointsCSV([]float32{1, 2, 3}, 3, nil)); got != "1,2,3\n" {
		t.Errorf("without header: %q", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("a header of the wrong length did not panic")
		}
	}()
	PointsCSV(nil, 2, []string{"x"})
}

func TestCSV(t *testing.T) {
	got := string(CSV([]string{"step", "d_loss", "g_loss"}, [][]float64{
		{0, 0.6931471805599453, math.NaN()},
		{100, 1e-7, 2.5},
		{200},
	}))
	want := "step,d_loss,g_loss\n0,0.6931471805599453,\n100,1e-07,2.5\n200\n"
	if got != want {
		t.Errorf("CSV = %q, want %q", got, want)
	}
}
