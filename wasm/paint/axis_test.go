package paint

import (
	"math"
	"testing"
)

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
		got := LogAxis{Lo: tt.lo, Hi: tt.hi}.Ticks()
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
