package paint

import (
	"image"
	"image/color"
	"math"
)

// NiceTicks returns about n evenly spaced round values that cover [lo, hi]:
// the step is 1, 2 or 5 times a power of ten, the first tick is at or below
// lo and the last at or above hi (up to rounding of the last bit), and the
// step is the one whose tick count comes closest to n; on a tie, the one
// whose ticks overshoot the range least. lo and hi may come in
// either order; n below 2 counts as 2. A single value gives one tick, and a
// non-finite bound none. Ticks are computed as integer multiples of the
// step, so 0 is exactly 0.
func NiceTicks(lo, hi float64, n int) []float64 {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo == hi {
		return []float64{lo}
	}
	n = max(n, 2)
	// Candidate steps around span/n, from small to large.
	e := int(math.Floor(math.Log10((hi - lo) / float64(n))))
	best, bestSpan, bestK0, bestK1, bestMul, bestExp := math.MaxInt, math.Inf(1), 0, 0, 0.0, 0
	for exp := e - 1; exp <= e+1; exp++ {
		for _, m := range [...]float64{1, 2, 5} {
			step := m * math.Pow10(exp)
			k0, k1 := math.Floor(lo/step), math.Ceil(hi/step)
			cnt := int(k1-k0) + 1
			d, span := abs(cnt-n), (k1-k0)*step
			if d < best || d == best && span < bestSpan {
				best, bestSpan, bestK0, bestK1, bestMul, bestExp = d, span, int(k0), int(k1), m, exp
			}
		}
	}
	ticks := make([]float64, 0, bestK1-bestK0+1)
	for k := bestK0; k <= bestK1; k++ {
		// k·m·10^e, dividing by 10^-e for negative e so that 0.1·3 is 0.3.
		v := float64(k) * bestMul
		if bestExp < 0 {
			v /= math.Pow10(-bestExp)
		} else {
			v *= math.Pow10(bestExp)
		}
		ticks = append(ticks, v)
	}
	return ticks
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Series is one curve of a line chart.
type Series struct {
	// Name labels the curve in the page's legend.
	Name string
	// Color draws the curve.
	Color color.RGBA
	// X and Y hold the points; when X is nil the points sit at x = 0, 1, 2,
	// …. Only the first min(len(X), len(Y)) points count when X is set.
	X, Y []float64
}

// point returns point i of s; i must be below s.len().
func (s Series) point(i int) (x, y float64) {
	if s.X == nil {
		return float64(i), s.Y[i]
	}
	return s.X[i], s.Y[i]
}

func (s Series) len() int {
	if s.X == nil {
		return len(s.Y)
	}
	return min(len(s.X), len(s.Y))
}

// LineAxis maps a line chart's data onto its W×H pixels: x runs from X0 at
// the left edge to X1 at the right, y from Y0 at the bottom edge to Y1 at
// the top, linearly or, with LogY, linearly in log10 y.
type LineAxis struct {
	X0, X1, Y0, Y1 float64
	LogY           bool
	W, H           int
	// XTicks are NiceTicks of the x range that fall inside it; YTicks cover
	// the y range exactly, which was widened to them (1, 2 and 5 times
	// powers of ten with LogY, as LogAxis.Ticks, and powers of ten only when
	// the axis spans more than two decades).
	XTicks, YTicks []float64
}

// PX returns the pixel column coordinate of x (0 at the left edge, W at the
// right).
func (a LineAxis) PX(x float64) float64 {
	return (x - a.X0) / (a.X1 - a.X0) * float64(a.W)
}

// PY returns the pixel row coordinate of y (0 at the top edge, H at the
// bottom); with LogY, y must be positive.
func (a LineAxis) PY(y float64) float64 {
	lo, hi := a.Y0, a.Y1
	if a.LogY {
		y, lo, hi = math.Log10(y), math.Log10(lo), math.Log10(hi)
	}
	return (hi - y) / (hi - lo) * float64(a.H)
}

// Lines draws several curves over a shared x axis into dst: the
// background, horizontal grid lines at the y ticks, then each series in
// order as a line (per pixel column, once there are more points than
// columns, a stroke from the column's lowest to highest value joined to the
// neighbouring columns, so that no extreme is lost). Points with a
// non-finite coordinate, and with logY those with y ≤ 0, are skipped and
// their neighbours joined. The x axis spans the points' x range; the y axis
// is widened to round ticks (NiceTicks, 5 ticks; or LogAxis ticks with
// logY). It returns the axis, or ok == false, with dst filled with the
// background, when there is no point to draw. It allocates the ticks and a
// few slices of the width of dst.
func Lines(dst *image.RGBA, series []Series, t Theme, logY bool) (axis LineAxis, ok bool) {
	Fill(dst, t.Background)
	b := dst.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < 2 || h < 2 {
		return LineAxis{}, false
	}
	valid := func(x, y float64) bool {
		return !math.IsNaN(x) && !math.IsInf(x, 0) && !math.IsNaN(y) && !math.IsInf(y, 0) && (!logY || y > 0)
	}
	x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for i := range s.len() {
			if x, y := s.point(i); valid(x, y) {
				x0, x1, y0, y1 = math.Min(x0, x), math.Max(x1, x), math.Min(y0, y), math.Max(y1, y)
			}
		}
	}
	if x0 > x1 {
		return LineAxis{}, false
	}
	if x0 == x1 {
		x0, x1 = x0-0.5, x1+0.5
	}
	axis = LineAxis{X0: x0, X1: x1, LogY: logY, W: w, H: h}
	if logY {
		la := LogAxis{Lo: math.Log10(y0), Hi: math.Log10(y1)}
		if la.Hi-la.Lo < 0.2 {
			mid := (la.Lo + la.Hi) / 2
			la.Lo, la.Hi = mid-0.1, mid+0.1
		}
		la.Lo, la.Hi = math.Floor(la.Lo), math.Ceil(la.Hi)
		axis.YTicks = la.Ticks()
		axis.Y0, axis.Y1 = math.Pow(10, la.Lo), math.Pow(10, la.Hi)
	} else {
		if y0 == y1 {
			y0, y1 = y0-0.5, y1+0.5
		}
		axis.YTicks = NiceTicks(y0, y1, 5)
		axis.Y0, axis.Y1 = axis.YTicks[0], axis.YTicks[len(axis.YTicks)-1]
	}
	for _, v := range NiceTicks(x0, x1, 5) {
		if v >= x0 && v <= x1 {
			axis.XTicks = append(axis.XTicks, v)
		}
	}
	for _, v := range axis.YTicks {
		hline(dst, b.Min.Y+min(int(math.Floor(axis.PY(v))), h-1), t.Grid)
	}

	// Per column: the first, last, lowest and highest pixel row of the
	// points that fall in it.
	first := make([]float64, w)
	last := make([]float64, w)
	lo := make([]float64, w)
	hi := make([]float64, w)
	for _, s := range series {
		for i := range first {
			first[i], lo[i], hi[i] = math.NaN(), math.Inf(1), math.Inf(-1)
		}
		for i := range s.len() {
			x, y := s.point(i)
			if !valid(x, y) {
				continue
			}
			col := min(int(axis.PX(x)), w-1)
			py := axis.PY(y)
			if math.IsNaN(first[col]) {
				first[col] = py
			}
			last[col] = py
			lo[col], hi[col] = math.Min(lo[col], py), math.Max(hi[col], py)
		}
		prev := -1
		for col := range w {
			if math.IsNaN(first[col]) {
				continue
			}
			cx := float32(b.Min.X+col) + 0.5
			oy := float32(b.Min.Y)
			if prev >= 0 {
				segment(dst, float32(b.Min.X+prev)+0.5, oy+float32(last[prev]), cx, oy+float32(first[col]), 1.1, s.Color)
			}
			segment(dst, cx, oy+float32(lo[col]), cx, oy+float32(hi[col]), 1.1, s.Color)
			prev = col
		}
	}
	return axis, true
}
