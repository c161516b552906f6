package paint

import (
	"image"
	"image/color"
	"math"
	"slices"
)

// GridPoints returns the centres of an n×n grid of cells over the square
// [-extent, extent]², as x0, y0, x1, y1, …, in the order Heatmap reads its
// field: x fastest, top row (largest y) first. Cell (i, j), column i of row
// j, has its centre at
//
//	x = -extent + (i + 0.5)·h,  y = extent - (j + 0.5)·h,  h = 2·extent/n
//
// It allocates the 2·n² values and panics if n < 1.
func GridPoints(extent float32, n int) []float32 {
	if n < 1 {
		panic("paint: grid of fewer than 1×1 cells")
	}
	h := 2 * float64(extent) / float64(n)
	pts := make([]float32, 0, 2*n*n)
	for j := range n {
		y := float32(float64(extent) - (float64(j)+0.5)*h)
		for i := range n {
			pts = append(pts, float32(-float64(extent)+(float64(i)+0.5)*h), y)
		}
	}
	return pts
}

// Heatmap fills dst with a scalar field over the view's square: field holds
// n×n values at the cell centres of GridPoints(v.Extent, n), in that order.
// Each pixel takes the field at its centre, interpolated bilinearly between
// the four nearest cell centres (nearest cell when one of those four is not
// finite, and held constant beyond the outermost centres), normalised as
//
//	t = (f - lo) / (hi - lo)
//
// and coloured by color(t), which should clamp t to [0, 1] (Viridis and
// Diverging do). A non-finite value gives color(NaN), and hi ≤ lo maps every
// finite value to t = 0.5. The colour is written as is, not blended. It
// draws only within dst's bounds, allocates nothing, and panics if n < 1 or
// field holds fewer than n×n values.
func Heatmap(dst *image.RGBA, v View, field []float32, n int, color func(float64) color.RGBA, lo, hi float64) {
	if n < 1 || len(field) < n*n {
		panic("paint: heatmap field shorter than n×n")
	}
	scale := 0.0
	if hi > lo {
		scale = 1 / (hi - lo)
	}
	norm := func(f float64) float64 {
		if scale == 0 {
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return math.NaN()
			}
			return 0.5
		}
		return (f - lo) * scale
	}
	b := dst.Bounds()
	// Cell coordinates of a pixel centre: u = (x+E)/h - 0.5 puts cell centre
	// i at u = i. Along x, u grows by n/W per pixel.
	cell := float64(n) / (2 * float64(v.Extent))
	for py := b.Min.Y; py < b.Max.Y; py++ {
		_, y := v.World(0, float32(py-b.Min.Y)+0.5)
		vj := (float64(v.Extent)-float64(y))*cell - 0.5
		j0, fy := split(vj, n)
		j1 := min(j0+1, n-1)
		for px := b.Min.X; px < b.Max.X; px++ {
			x, _ := v.World(float32(px-b.Min.X)+0.5, 0)
			ui := (float64(x)+float64(v.Extent))*cell - 0.5
			i0, fx := split(ui, n)
			i1 := min(i0+1, n-1)
			a, bb := float64(field[j0*n+i0]), float64(field[j0*n+i1])
			c, d := float64(field[j1*n+i0]), float64(field[j1*n+i1])
			f := (1-fy)*((1-fx)*a+fx*bb) + fy*((1-fx)*c+fx*d)
			if math.IsNaN(f) || math.IsInf(f, 0) {
				// Nearest cell: round the cell coordinates.
				i, j := i0, j0
				if fx >= 0.5 {
					i = i1
				}
				if fy >= 0.5 {
					j = j1
				}
				f = float64(field[j*n+i])
			}
			set(dst, px, py, color(norm(f)))
		}
	}
}

// split returns the cell index k in [0, n-1] at or below the cell
// coordinate u and the fraction of the way to k+1, clamped so that u beyond
// the outermost centres holds their value.
func split(u float64, n int) (k int, f float64) {
	if !(u > 0) {
		return 0, 0
	}
	if u >= float64(n-1) {
		return n - 1, 0
	}
	k = int(u)
	return k, u - float64(k)
}

// FieldRange returns the range of a field's finite values clipped to
// quantiles: lo is the q-quantile and hi the (1-q)-quantile (by linear
// interpolation between order statistics), with q clamped to [0, 0.5].
// Log-densities have a long tail towards -∞ that would otherwise squeeze
// the rest of the field into one colour; q = 0.02 cuts it. When all finite
// values are equal, the range is widened by 0.5 each side; with no finite
// value it is (0, 1). It allocates a sorted copy of the finite values.
func FieldRange(field []float32, q float64) (lo, hi float64) {
	vals := make([]float64, 0, len(field))
	for _, f := range field {
		if finite(f) {
			vals = append(vals, float64(f))
		}
	}
	if len(vals) == 0 {
		return 0, 1
	}
	slices.Sort(vals)
	if !(q > 0) {
		q = 0
	}
	q = math.Min(q, 0.5)
	lo, hi = quantile(vals, q), quantile(vals, 1-q)
	if lo >= hi {
		return lo - 0.5, hi + 0.5
	}
	return lo, hi
}

// quantile returns the q-quantile of sorted values, interpolating linearly
// between the order statistics at positions q·(n-1).
func quantile(sorted []float64, q float64) float64 {
	p := q * float64(len(sorted)-1)
	k := int(p)
	if k >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[k] + (p-float64(k))*(sorted[k+1]-sorted[k])
}
