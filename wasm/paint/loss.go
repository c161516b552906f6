package paint

import (
	"image"
	"image/color"
	"math"
)

// smoothing is the weight of the past in the loss curve's exponential moving
// average, per step: 0.98 averages over about 50 steps, which is what it
// takes to see the trend of DDPM's loss through the noise of its random
// timesteps.
const smoothing = 0.98

// LogAxis is the vertical axis of a loss plot: log10 of the loss runs from
// Lo at the bottom pixel edge to Hi at the top, over H pixels.
type LogAxis struct {
	Lo, Hi float64
	H      int
}

// Y returns the pixel row coordinate of the loss value v (0 at the top, H at
// the bottom). v must be positive.
func (a LogAxis) Y(v float64) float64 {
	return (a.Hi - math.Log10(v)) / (a.Hi - a.Lo) * float64(a.H)
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

// LossCurve draws a loss history into dst, one value per step from the left
// edge to the right edge, on a log10 vertical axis fitted to the data: the
// raw values faintly (per pixel column their minimum to maximum once there
// are more steps than columns) and their exponential moving average in a
// strong line, over horizontal lines at the ticks of the axis. Values that
// are not positive and finite are skipped. It returns the axis used, or
// ok == false, with dst filled with the background, when there is nothing to
// draw. It allocates a few slices of the width of dst.
func LossCurve(dst *image.RGBA, losses []float32, t Theme) (axis LogAxis, ok bool) {
	Fill(dst, t.Background)
	b := dst.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < 2 || h < 2 {
		return LogAxis{}, false
	}

	// Per column: min and max of the raw log-loss and the smoothed log-loss at
	// the column's last step. Steps map to columns linearly: step i of n lies
	// at x = i·(w-1)/(n-1).
	lo := make([]float64, w)
	hi := make([]float64, w)
	sm := make([]float64, w)
	for i := range lo {
		lo[i], hi[i], sm[i] = math.Inf(1), math.Inf(-1), math.NaN()
	}
	n := len(losses)
	var avg, weight float64 // debiased EMA: avg / weight
	for i, v := range losses {
		if !(v > 0) || math.IsInf(float64(v), 0) {
			continue
		}
		l := math.Log10(float64(v))
		avg = smoothing*avg + (1-smoothing)*l
		weight = smoothing*weight + (1 - smoothing)
		x := 0
		if n > 1 {
			x = i * (w - 1) / (n - 1)
		}
		lo[x], hi[x] = math.Min(lo[x], l), math.Max(hi[x], l)
		sm[x] = avg / weight
	}

	// Fit the axis to the raw values, padded by 5% and at least 0.2 decades
	// high so that a flat series sits in the middle.
	minL, maxL := math.Inf(1), math.Inf(-1)
	for x := range w {
		minL, maxL = math.Min(minL, lo[x]), math.Max(maxL, hi[x])
	}
	if minL > maxL {
		return LogAxis{}, false
	}
	if span := maxL - minL; span < 0.2 {
		mid := (minL + maxL) / 2
		minL, maxL = mid-0.1, mid+0.1
	} else {
		minL, maxL = minL-0.05*span, maxL+0.05*span
	}
	axis = LogAxis{Lo: minL, Hi: maxL, H: h}

	for _, v := range axis.Ticks() {
		hline(dst, b.Min.Y+int(math.Floor(axis.Y(v))), t.Grid)
	}

	// Raw values: a vertical stroke per column from min to max, joined to the
	// previous column so that sparse series read as a line.
	px := func(x int) float32 { return float32(b.Min.X+x) + 0.5 }
	py := func(l float64) float32 { return float32(float64(b.Min.Y) + (maxL-l)/(maxL-minL)*float64(h)) }
	prev := -1
	for x := range w {
		if lo[x] > hi[x] {
			continue
		}
		segment(dst, px(x), py(lo[x]), px(x), py(hi[x]), 0.5, t.LossRaw)
		if prev >= 0 {
			segment(dst, px(prev), py((lo[prev]+hi[prev])/2), px(x), py((lo[x]+hi[x])/2), 0.5, t.LossRaw)
		}
		prev = x
	}
	prev = -1
	for x := range w {
		if math.IsNaN(sm[x]) {
			continue
		}
		if prev >= 0 {
			segment(dst, px(prev), py(sm[prev]), px(x), py(sm[x]), 1.1, t.LossSmooth)
		} else {
			disc(dst, px(x), py(sm[x]), 1.1, t.LossSmooth)
		}
		prev = x
	}
	return axis, true
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
