package paint

import (
	"image"
	"image/color"
	"math"
)

// LogAxis is a logarithmic axis, such as a loss chart's (see Lines): log10
// of the values runs from Lo to Hi.
type LogAxis struct {
	Lo, Hi float64
}

// Ticks returns the values 1, 2 and 5 times a power of ten inside the axis,
// in increasing order; only powers of ten when the axis spans more than two
// decades.
func (a LogAxis) Ticks() []float64 {
	var ticks []float64
	mult := []float64{1, 2, 5}
	if a.Hi-a.Lo > 2 {
		mult = mult[:1]
	}
	for e := math.Floor(a.Lo); e <= math.Ceil(a.Hi); e++ {
		for _, m := range mult {
			v := m * math.Pow(10, e)
			if l := math.Log10(v); l >= a.Lo && l <= a.Hi {
				ticks = append(ticks, v)
			}
		}
	}
	return ticks
}

// segment draws a line from (x0, y0) to (x1, y1) in pixel coordinates as a
// run of discs of radius r half a pixel apart.
func segment(dst *image.RGBA, x0, y0, x1, y1, r float32, c color.RGBA) {
	dx, dy := x1-x0, y1-y0
	n := int(math.Ceil(math.Hypot(float64(dx), float64(dy)) * 2))
	for i := 0; i <= n; i++ {
		f := float32(1)
		if n > 0 {
			f = float32(i) / float32(n)
		}
		disc(dst, x0+f*dx, y0+f*dy, r, c)
	}
}
