package ui

import (
	"image"
	"image/color"
	"math"
	"slices"

	"genplay/wasm/paint"
)

// Plot helpers that keep a figure honest: every axis carries at least
// three ticks, a field's colours span the values where the data lie, the
// discriminator's field has colours of its own, and samples outside the
// view are marked at its edge.

// minTicks is the fewest ticks an axis carries.
const minTicks = 3

// axisTicks returns at least minTicks round values inside [lo, hi] (lo and
// hi in either order): paint.NiceTicks' values that fall inside, asking for
// more until there are three, and for a range too narrow to hold three
// round values (or a single value) lo, the midpoint and hi. A non-finite
// bound gives none.
func axisTicks(lo, hi float64) []float64 {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo < hi {
		for _, n := range []int{5, 7, 10} {
			var in []float64
			for _, v := range paint.NiceTicks(lo, hi, n) {
				if v >= lo && v <= hi {
					in = append(in, v)
				}
			}
			if len(in) >= minTicks {
				return in
			}
		}
	}
	return []float64{lo, lo + (hi-lo)/2, hi}
}

// enoughTicks returns ticks when it holds at least minTicks values, else
// axisTicks(lo, hi): a chart's axis keeps its own ticks when it has
// enough.
func enoughTicks(ticks []float64, lo, hi float64) []float64 {
	if len(ticks) >= minTicks {
		return ticks
	}
	return axisTicks(lo, hi)
}

// logTicks returns at least minTicks values for a logarithmic axis from lo
// to hi (both positive): ticks when it holds enough, else values evenly
// spaced in log10 between them.
func logTicks(ticks []float64, lo, hi float64) []float64 {
	if len(ticks) >= minTicks || !(lo > 0) || !(hi > 0) {
		return ticks
	}
	a, b := math.Log10(lo), math.Log10(hi)
	return []float64{lo, math.Pow(10, (a+b)/2), hi}
}

// fieldAt returns the field of n×n values at the cell centres of
// paint.GridPoints(ext, n) at the point (x, y), interpolated bilinearly
// between the four nearest centres as paint.Heatmap does (held constant
// beyond the outermost centres); NaN when one of the four is not finite.
func fieldAt(field []float32, n int, ext, x, y float32) float64 {
	h := 2 * float64(ext) / float64(n)
	u := (float64(x)+float64(ext))/h - 0.5 // column coordinate
	w := (float64(ext)-float64(y))/h - 0.5 // row coordinate
	i0, fu := cell(u, n)
	j0, fw := cell(w, n)
	i1, j1 := min(i0+1, n-1), min(j0+1, n-1)
	at := func(i, j int) float64 { return float64(field[j*n+i]) }
	top := at(i0, j0)*(1-fu) + at(i1, j0)*fu
	bottom := at(i0, j1)*(1-fu) + at(i1, j1)*fu
	v := top*(1-fw) + bottom*fw
	if math.IsInf(v, 0) {
		return math.NaN()
	}
	return v
}

// cell splits a grid coordinate into a cell index in [0, n-1] and the
// fraction towards the next, clamped at the edges.
func cell(u float64, n int) (int, float64) {
	if !(u > 0) {
		return 0, 0
	}
	if u >= float64(n-1) {
		return n - 1, 0
	}
	k := int(u)
	return k, u - float64(k)
}

// dataFieldRange returns the colour range of a field over [-ext, ext]²
// (n×n values, as fieldAt reads them) from the values it takes at the data
// points pts (x0, y0, x1, y1, …): the q- and qhi-quantiles of those
// values. A log-density's maximum sits on a peak and its far tail runs to
// -∞; a range from either squeezes the data's region into one colour,
// while this one spreads the colours over where the data lie. Without a
// finite value at a data point it falls back to paint.FieldRange(field, q);
// a range of one value is widened by 0.5 each side.
func dataFieldRange(field []float32, n int, ext float32, pts []float32, q, qhi float64) (lo, hi float64) {
	if n < 1 || len(field) < n*n || !(ext > 0) {
		return 0, 1
	}
	vals := make([]float64, 0, len(pts)/2)
	for i := 0; i+1 < len(pts); i += 2 {
		if v := fieldAt(field, n, ext, pts[i], pts[i+1]); !math.IsNaN(v) {
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return paint.FieldRange(field, q)
	}
	slices.Sort(vals)
	q = math.Max(0, math.Min(q, 0.5))
	lo, hi = quantileOf(vals, q), quantileOf(vals, math.Max(q, math.Min(qhi, 1)))
	if lo >= hi {
		return lo - 0.5, hi + 0.5
	}
	return lo, hi
}

// quantileOf returns the q-quantile of sorted values, interpolating
// linearly between the order statistics at positions q·(n-1).
func quantileOf(sorted []float64, q float64) float64 {
	p := q * float64(len(sorted)-1)
	k := int(p)
	if k >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[k] + (p-float64(k))*(sorted[k+1]-sorted[k])
}

// realness holds the anchors of Realness at t = 0, 1/4, …, 1: the light
// middle of ColorBrewer's 11-class PRGn (Brewer, colorbrewer2.org), purple
// #c2a5cf and #e7d4e8, the centre #f7f7f7, green #d9f0d3 and #a6dba0. Its
// hues are neither the data's blue nor the samples' vermillion, and its
// light tones leave both kinds of point readable on top of it.
var realness = [...][3]uint8{
	{0xc2, 0xa5, 0xcf},
	{0xe7, 0xd4, 0xe8},
	{0xf7, 0xf7, 0xf7},
	{0xd9, 0xf0, 0xd3},
	{0xa6, 0xdb, 0xa0},
}

// Realness returns the colour of a discriminator's D(x) = t: light purple
// where D calls a point generated (t ≤ 0), near white at 0.5, light green
// where it calls it real (t ≥ 1), interpolated linearly in sRGB. NaN gives
// paint.Neutral.
func Realness(t float64) color.RGBA {
	if math.IsNaN(t) {
		return paint.Neutral
	}
	t = math.Max(0, math.Min(1, t))
	f := t * float64(len(realness)-1)
	k := min(int(f), len(realness)-2)
	f -= float64(k)
	a, b := realness[k], realness[k+1]
	ch := func(i int) uint8 { return uint8(math.Round(float64(a[i]) + f*(float64(b[i])-float64(a[i])))) }
	return color.RGBA{ch(0), ch(1), ch(2), 0xff}
}

// realnessCSS is Realness as a CSS gradient, for its legend swatch.
const realnessCSS = "background: linear-gradient(90deg, #c2a5cf, #e7d4e8, #f7f7f7, #d9f0d3, #a6dba0)"

// outside counts the points of pts (x0, y0, …) that lie outside the square
// [-ext, ext]², a non-finite coordinate counting as outside.
func outside(pts []float32, ext float32) int {
	n := 0
	for i := 0; i+1 < len(pts); i += 2 {
		if !inView(pts[i], pts[i+1], ext) {
			n++
		}
	}
	return n
}

func inView(x, y, ext float32) bool {
	return x >= -ext && x <= ext && y >= -ext && y <= ext
}

// markOutside draws each point of pts outside the view v where it leaves
// the view: a small triangle on the edge, pointing out, in colour c with a
// dark outline, so that a sample far off the plot still shows, and in
// which direction. Points with a non-finite coordinate are left out.
func markOutside(img *image.RGBA, v paint.View, pts []float32, c color.RGBA) {
	ext := v.Extent
	for i := 0; i+1 < len(pts); i += 2 {
		x, y := pts[i], pts[i+1]
		if inView(x, y, ext) || math.IsNaN(float64(x)) || math.IsNaN(float64(y)) {
			continue
		}
		// The edge point on the ray from the centre towards (x, y).
		s := ext / max(abs32(x), abs32(y))
		ex, ey := x*s, y*s
		px, py := v.Pixel(ex, ey)
		// The outward direction in pixels (y down).
		dx, dy := float64(x), -float64(y)
		l := math.Hypot(dx, dy)
		dx, dy = dx/l, dy/l
		triangle(img, float64(px), float64(py), dx, dy, 8, color.RGBA{0x33, 0x33, 0x33, 0xff})
		triangle(img, float64(px), float64(py), dx, dy, 5.5, c)
	}
}

// triangle fills an isosceles triangle whose tip is at (tx, ty) and which
// points along the unit vector (dx, dy), size pixels long.
func triangle(img *image.RGBA, tx, ty, dx, dy, size float64, c color.RGBA) {
	// Base centre and half-width.
	bx, by := tx-dx*size, ty-dy*size
	nx, ny := -dy, dx
	hw := size * 0.6
	ax, ay := bx+nx*hw, by+ny*hw
	cx, cy := bx-nx*hw, by-ny*hw
	x0 := int(math.Floor(min(tx, ax, cx)))
	x1 := int(math.Ceil(max(tx, ax, cx)))
	y0 := int(math.Floor(min(ty, ay, cy)))
	y1 := int(math.Ceil(max(ty, ay, cy)))
	b := img.Bounds()
	edge := func(x0, y0, x1, y1, px, py float64) float64 { return (x1-x0)*(py-y0) - (y1-y0)*(px-x0) }
	for y := max(y0, b.Min.Y); y < min(y1+1, b.Max.Y); y++ {
		for x := max(x0, b.Min.X); x < min(x1+1, b.Max.X); x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			e1 := edge(tx, ty, ax, ay, px, py)
			e2 := edge(ax, ay, cx, cy, px, py)
			e3 := edge(cx, cy, tx, ty, px, py)
			if (e1 >= 0 && e2 >= 0 && e3 >= 0) || (e1 <= 0 && e2 <= 0 && e3 <= 0) {
				img.SetRGBA(x, y, c)
			}
		}
	}
}
