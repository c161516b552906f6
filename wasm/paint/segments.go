package paint

import (
	"image"
	"image/color"
	"math"
)

// Segments draws a line from each point of from to the matching point of
// to (both x0, y0, x1, y1, … in world coordinates), such as an
// autoencoder's inputs to their reconstructions. Pairs beyond the shorter
// list, and pairs with a non-finite coordinate, are skipped. Lines are
// anti-aliased as in Wu's algorithm (see line); a line through pixel
// centres along a row or column takes exactly the colour c. It draws only
// within dst's bounds and allocates nothing.
func Segments(dst *image.RGBA, v View, from, to []float32, c color.RGBA) {
	for i := 0; i+1 < len(from) && i+1 < len(to); i += 2 {
		x0, y0 := v.Pixel(from[i], from[i+1])
		x1, y1 := v.Pixel(to[i], to[i+1])
		line(dst, float64(x0), float64(y0), float64(x1), float64(y1), c)
	}
}

// Mesh draws a grid of rows×cols points (x, y pairs, row by row) as
// polylines: each row joins its points left to right and each column top
// to bottom. A VAE's decoder applied to a regular latent grid gives such a
// mesh, warped into data space. Edges with a non-finite end are skipped.
// It draws only within dst's bounds, allocates nothing, and panics if pts
// holds fewer than 2·rows·cols values.
func Mesh(dst *image.RGBA, v View, pts []float32, rows, cols int, c color.RGBA) {
	if rows < 0 || cols < 0 || len(pts) < 2*rows*cols {
		panic("paint: mesh with fewer points than rows×cols")
	}
	edge := func(a, b int) {
		x0, y0 := v.Pixel(pts[2*a], pts[2*a+1])
		x1, y1 := v.Pixel(pts[2*b], pts[2*b+1])
		line(dst, float64(x0), float64(y0), float64(x1), float64(y1), c)
	}
	for r := range rows {
		for k := 0; k+1 < cols; k++ {
			edge(r*cols+k, r*cols+k+1)
		}
	}
	for k := range cols {
		for r := 0; r+1 < rows; r++ {
			edge(r*cols+k, (r+1)*cols+k)
		}
	}
}

// line draws an anti-aliased line from (x0, y0) to (x1, y1) in pixel
// coordinates with Xiaolin Wu's algorithm ("An efficient antialiasing
// technique", SIGGRAPH 1991): along the major axis each step lights the two
// pixels that straddle the line, with c's alpha scaled by how close each
// pixel centre lies. The line is first clipped to dst's bounds (Liang and
// Barsky), so far-away coordinates cost nothing.
func line(dst *image.RGBA, x0, y0, x1, y1 float64, c color.RGBA) {
	b := dst.Bounds()
	// Work in coordinates where pixel centres are integers.
	x0, y0, x1, y1 = x0-0.5, y0-0.5, x1-0.5, y1-0.5
	var ok bool
	x0, y0, x1, y1, ok = clip(x0, y0, x1, y1,
		float64(b.Min.X)-1, float64(b.Min.Y)-1, float64(b.Max.X), float64(b.Max.Y))
	if !ok {
		return
	}
	steep := math.Abs(y1-y0) > math.Abs(x1-x0)
	plot := func(x, y int, cover float64) {
		if steep {
			x, y = y, x
		}
		if cover <= 0 || x < b.Min.X || x >= b.Max.X || y < b.Min.Y || y >= b.Max.Y {
			return
		}
		a := c
		a.A = uint8(math.Round(float64(c.A) * math.Min(cover, 1)))
		if a.A > 0 {
			blend(dst, x, y, a)
		}
	}
	if steep {
		x0, y0, x1, y1 = y0, x0, y1, x1
	}
	if x0 > x1 {
		x0, x1, y0, y1 = x1, x0, y1, y0
	}
	grad := 0.0
	if x1 > x0 {
		grad = (y1 - y0) / (x1 - x0)
	}
	// Every column from round(x0) to round(x1) gets one step, ends included.
	for x := int(math.Round(x0)); x <= int(math.Round(x1)); x++ {
		y := y0 + grad*(float64(x)-x0)
		fl := math.Floor(y)
		f := y - fl
		plot(x, int(fl), 1-f)
		plot(x, int(fl)+1, f)
	}
}

// clip clips the segment (x0, y0)–(x1, y1) to the rectangle [minX, maxX] ×
// [minY, maxY] with the Liang–Barsky algorithm; ok is false when nothing of
// it is inside or a coordinate is not finite. A clipped end is put exactly
// on the edge that clipped it, and both ends are clamped to the rectangle,
// since x0 + t·dx loses all precision for coordinates near ±3e38.
func clip(x0, y0, x1, y1, minX, minY, maxX, maxY float64) (cx0, cy0, cx1, cy1 float64, ok bool) {
	for _, v := range [...]float64{x0, y0, x1, y1} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, 0, 0, 0, false
		}
	}
	dx, dy := x1-x0, y1-y0
	edges := [...]struct{ p, q, at float64 }{
		{-dx, x0 - minX, minX}, {dx, maxX - x0, maxX}, {-dy, y0 - minY, minY}, {dy, maxY - y0, maxY},
	}
	t0, t1 := 0.0, 1.0
	e0, e1 := -1, -1
	for i, e := range edges {
		if e.p == 0 {
			if e.q < 0 {
				return 0, 0, 0, 0, false
			}
			continue
		}
		r := e.q / e.p
		if e.p < 0 && r > t0 {
			t0, e0 = r, i
		} else if e.p > 0 && r < t1 {
			t1, e1 = r, i
		}
	}
	if t0 > t1 {
		return 0, 0, 0, 0, false
	}
	end := func(t float64, e int) (x, y float64) {
		x, y = x0+t*dx, y0+t*dy
		switch {
		case e == 0 || e == 1:
			x = edges[e].at
		case e == 2 || e == 3:
			y = edges[e].at
		}
		return math.Max(minX, math.Min(maxX, x)), math.Max(minY, math.Min(maxY, y))
	}
	cx0, cy0 = end(t0, e0)
	cx1, cy1 = end(t1, e1)
	return cx0, cy0, cx1, cy1, true
}
