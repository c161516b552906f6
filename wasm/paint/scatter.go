package paint

import (
	"image"
	"image/color"
	"math"
)

// Theme holds the colours of genplay's plots.
type Theme struct {
	// Background fills every plot.
	Background color.RGBA
	// Grid draws the scatter grid lines at whole world units and the loss
	// plot's decade lines.
	Grid color.RGBA
	// Axis draws the scatter axes x = 0 and y = 0.
	Axis color.RGBA
	// Real draws the points of the data set; it may be translucent, so that
	// overlapping points show density.
	Real color.RGBA
	// Generated draws the model's samples. It is opaque, so a generated
	// point's pixels have exactly this colour.
	Generated color.RGBA
}

// Light returns genplay's light theme: data in Okabe–Ito blue (#0072b2),
// translucent, and samples in Okabe–Ito vermillion (#d55e00), a pair that
// stays apart under deuteranopia and protanopia (see colour.go).
func Light() Theme {
	return Theme{
		Background: color.RGBA{0xff, 0xff, 0xff, 0xff},
		Grid:       color.RGBA{0xee, 0xf1, 0xf5, 0xff},
		Axis:       color.RGBA{0xd0, 0xd6, 0xe0, 0xff},
		Real:       color.RGBA{0x00, 0x72, 0xb2, 0x70},
		Generated:  color.RGBA{0xd5, 0x5e, 0x00, 0xff},
	}
}

// View maps the world square [-Extent, Extent]² onto a W×H image, y up.
type View struct {
	Extent float32
	W, H   int
}

// Pixel returns the pixel coordinates of world point (x, y): (0, 0) maps to
// (W/2, H/2), (-Extent, Extent) to (0, 0) and (Extent, -Extent) to (W, H).
// The point lies in pixel (⌊px⌋, ⌊py⌋).
func (v View) Pixel(x, y float32) (px, py float32) {
	px = (x + v.Extent) / (2 * v.Extent) * float32(v.W)
	py = (v.Extent - y) / (2 * v.Extent) * float32(v.H)
	return px, py
}

// World returns the world point at pixel coordinates (px, py); it inverts
// Pixel. The centre of pixel (i, j) is World(i+0.5, j+0.5).
func (v View) World(px, py float32) (x, y float32) {
	x = px/float32(v.W)*(2*v.Extent) - v.Extent
	y = v.Extent - py/float32(v.H)*(2*v.Extent)
	return x, y
}

// PixelOf is Pixel in float64, the type of the page's mouse and canvas
// coordinates.
func (v View) PixelOf(x, y float32) (px, py float64) {
	p, q := v.Pixel(x, y)
	return float64(p), float64(q)
}

// At is World in float64 pixel coordinates; it inverts PixelOf, so that a
// mouse position on the canvas becomes a world point.
func (v View) At(px, py float64) (x, y float32) {
	return v.World(float32(px), float32(py))
}

// Layer is a set of points drawn in one colour, or one colour per point.
type Layer struct {
	// Points holds x0, y0, x1, y1, …; a trailing odd value is ignored.
	Points []float32
	// Color is the colour of the points; a translucent colour is blended
	// over what lies below.
	Color color.RGBA
	// Colors, if not nil, holds one colour per point and overrides Color;
	// points beyond its length take Color.
	Colors []color.RGBA
	// Radius is the radius of each point's disc in pixels. A pixel is lit
	// when its centre lies within Radius of the point, and the pixel that
	// contains the point is always lit.
	Radius float32
}

// Scatter draws a scatter plot into dst: background, grid lines at whole
// world units, the axes, then each layer in order, so later layers cover
// earlier ones. Points outside the view and points with a NaN or infinite
// coordinate are skipped; discs that cross an edge are clipped. The view's
// size should be dst's; Scatter draws only within dst's bounds and allocates
// nothing.
func Scatter(dst *image.RGBA, v View, t Theme, layers ...Layer) {
	Fill(dst, t.Background)
	grid(dst, v, t)
	ScatterOver(dst, v, layers...)
}

// ScatterOver draws the layers as Scatter does but over what dst already
// holds, without background, grid or axes: points over a Heatmap, say. It
// allocates nothing.
func ScatterOver(dst *image.RGBA, v View, layers ...Layer) {
	for _, l := range layers {
		for i := 0; i+1 < len(l.Points); i += 2 {
			c := l.Color
			if i/2 < len(l.Colors) {
				c = l.Colors[i/2]
			}
			px, py := v.Pixel(l.Points[i], l.Points[i+1])
			disc(dst, px, py, l.Radius, c)
		}
	}
}

// GridLines draws Scatter's grid lines at whole world units and its axes
// over what dst already holds.
func GridLines(dst *image.RGBA, v View, t Theme) {
	grid(dst, v, t)
}

// Fill sets every pixel of dst to c.
func Fill(dst *image.RGBA, c color.RGBA) {
	b := dst.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := dst.Pix[dst.PixOffset(b.Min.X, y):dst.PixOffset(b.Max.X, y)]
		for i := 0; i < len(row); i += 4 {
			row[i], row[i+1], row[i+2], row[i+3] = c.R, c.G, c.B, c.A
		}
	}
}

// grid draws vertical and horizontal lines at every whole world unit inside
// the view, then the axes over them in a stronger colour.
func grid(dst *image.RGBA, v View, t Theme) {
	n := int(math.Floor(float64(v.Extent)))
	line := func(k int, c color.RGBA) {
		px, py := v.Pixel(float32(k), float32(k))
		vline(dst, int(math.Floor(float64(px))), c)
		hline(dst, int(math.Floor(float64(py))), c)
	}
	for k := -n; k <= n; k++ {
		if k != 0 {
			line(k, t.Grid)
		}
	}
	line(0, t.Axis)
}

func vline(dst *image.RGBA, x int, c color.RGBA) {
	b := dst.Bounds()
	if x < b.Min.X || x >= b.Max.X {
		return
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		set(dst, x, y, c)
	}
}

func hline(dst *image.RGBA, y int, c color.RGBA) {
	b := dst.Bounds()
	if y < b.Min.Y || y >= b.Max.Y {
		return
	}
	for x := b.Min.X; x < b.Max.X; x++ {
		set(dst, x, y, c)
	}
}

// disc lights the pixels whose centres lie within r of (px, py), and the
// pixel that contains (px, py), clipped to dst.
func disc(dst *image.RGBA, px, py, r float32, c color.RGBA) {
	if !finite(px) || !finite(py) {
		return
	}
	b := dst.Bounds()
	// Skip far-away points before converting to int, which could overflow.
	if px < float32(b.Min.X)-r-1 || px > float32(b.Max.X)+r+1 ||
		py < float32(b.Min.Y)-r-1 || py > float32(b.Max.Y)+r+1 {
		return
	}
	cx, cy := int(floor(px)), int(floor(py))
	x0, x1 := int(floor(px-r)), int(floor(px+r))
	y0, y1 := int(floor(py-r)), int(floor(py+r))
	for y := max(y0, b.Min.Y); y <= min(y1, b.Max.Y-1); y++ {
		for x := max(x0, b.Min.X); x <= min(x1, b.Max.X-1); x++ {
			dx, dy := float32(x)+0.5-px, float32(y)+0.5-py
			if dx*dx+dy*dy <= r*r || (x == cx && y == cy) {
				blend(dst, x, y, c)
			}
		}
	}
}

// set writes c at (x, y), which must lie inside dst.
func set(dst *image.RGBA, x, y int, c color.RGBA) {
	i := dst.PixOffset(x, y)
	p := dst.Pix[i : i+4 : i+4]
	p[0], p[1], p[2], p[3] = c.R, c.G, c.B, c.A
}

// blend composites the non-premultiplied colour c over the pixel at (x, y)
// (Porter–Duff source-over on an opaque background); an opaque c replaces
// the pixel exactly.
func blend(dst *image.RGBA, x, y int, c color.RGBA) {
	if c.A == 0xff {
		set(dst, x, y, c)
		return
	}
	i := dst.PixOffset(x, y)
	p := dst.Pix[i : i+4 : i+4]
	a := uint32(c.A)
	mix := func(dst uint8, src uint8) uint8 {
		return uint8((uint32(src)*a + uint32(dst)*(255-a) + 127) / 255)
	}
	p[0], p[1], p[2] = mix(p[0], c.R), mix(p[1], c.G), mix(p[2], c.B)
	p[3] = uint8(a + (uint32(p[3])*(255-a)+127)/255)
}

func floor(x float32) float32 { return float32(math.Floor(float64(x))) }

func finite(x float32) bool { return !math.IsNaN(float64(x)) && !math.IsInf(float64(x), 0) }
