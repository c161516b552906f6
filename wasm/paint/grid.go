package paint

import (
	"image"
	"image/color"
	"math"
)

// Grid lays out equally sized greyscale images as tiles, Across to a row
// and Down rows, each image pixel drawn as a Scale×Scale block, with Gap
// pixels between the tiles and around them.
type Grid struct {
	// Rows and Cols are the height and width of one image in pixels.
	Rows, Cols int
	// Across and Down are the number of tiles in a row and in a column.
	Across, Down int
	// Scale is the side of the block of output pixels of one image pixel;
	// at least 1.
	Scale int
	// Gap is the width of the margins between and around the tiles.
	Gap int
}

// Size returns the width and height of the image the grid fills:
//
//	w = Across·Cols·Scale + (Across+1)·Gap
//	h = Down·Rows·Scale + (Down+1)·Gap
func (g Grid) Size() (w, h int) {
	return g.Across*g.Cols*g.Scale + (g.Across+1)*g.Gap, g.Down*g.Rows*g.Scale + (g.Down+1)*g.Gap
}

// Tile returns the pixels of tile i, counted row by row from the top left,
// relative to the grid image's top left corner.
func (g Grid) Tile(i int) image.Rectangle {
	tw, th := g.Cols*g.Scale, g.Rows*g.Scale
	x := g.Gap + (i%g.Across)*(tw+g.Gap)
	y := g.Gap + (i/g.Across)*(th+g.Gap)
	return image.Rect(x, y, x+tw, y+th)
}

// Grey returns the grey level of intensity v: 255 (paper) for v ≤ 0, 0
// (ink) for v ≥ 1, linear in between and rounded to the nearest level, so
// that v > 0.5 gives a level below 128; NaN counts as 0.
func Grey(v float32) uint8 {
	if !(v > 0) {
		return 255
	}
	if v >= 1 {
		return 0
	}
	return uint8(math.Round(float64(255 * (1 - v))))
}

// ImageGrid draws images into dst laid out by g: the margins in the theme's
// Grid colour, then image i of images (Rows·Cols intensities in [0, 1], row
// by row, 0 blank and 1 full ink) into tile i as opaque grey levels (see
// Grey). Images beyond the grid's tiles and a trailing partial image are
// ignored; tiles without an image keep the Grid colour. It draws only
// within dst's bounds, offset to dst's top left corner, and allocates
// nothing. It panics if g has a size below 1 or a negative gap.
func ImageGrid(dst *image.RGBA, g Grid, images []float32, t Theme) {
	if g.Rows < 1 || g.Cols < 1 || g.Across < 1 || g.Down < 1 || g.Scale < 1 || g.Gap < 0 {
		panic("paint: image grid with a size below 1 or a negative gap")
	}
	Fill(dst, t.Grid)
	b := dst.Bounds()
	d := g.Rows * g.Cols
	n := min(len(images)/d, g.Across*g.Down)
	for i := range n {
		img := images[i*d : (i+1)*d]
		tile := g.Tile(i).Add(b.Min)
		org := tile.Min
		tile = tile.Intersect(b)
		for y := tile.Min.Y; y < tile.Max.Y; y++ {
			row := img[(y-org.Y)/g.Scale*g.Cols:][:g.Cols]
			for x := tile.Min.X; x < tile.Max.X; x++ {
				v := Grey(row[(x-org.X)/g.Scale])
				j := dst.PixOffset(x, y)
				p := dst.Pix[j : j+4 : j+4]
				p[0], p[1], p[2], p[3] = v, v, v, 0xff
			}
		}
	}
}

// Gallery draws images as ImageGrid does, then a frame in colour
// borders[i] around tile i, such as one colour for inputs and another for
// their reconstructions. The frame lies in the margin, min(Gap/2, 2)
// pixels wide, or, when the gap is narrower than 2, one pixel wide over
// the tile's edge. Tiles past the end of borders, and borders with zero
// alpha, get no frame; nil borders draws no frame at all. Like ImageGrid it
// allocates nothing and panics on a grid size below 1 or a negative gap.
func Gallery(dst *image.RGBA, g Grid, images []float32, t Theme, borders []color.RGBA) {
	ImageGrid(dst, g, images, t)
	b := dst.Bounds()
	for i, c := range borders[:min(len(borders), g.Across*g.Down)] {
		if c.A == 0 {
			continue
		}
		r := g.Tile(i).Add(b.Min)
		w := min(g.Gap/2, 2)
		r = r.Inset(-w) // grow into the margin
		frame(dst, r, max(w, 1), c)
	}
}

// frame draws a frame w pixels wide just inside r, clipped to dst.
func frame(dst *image.RGBA, r image.Rectangle, w int, c color.RGBA) {
	inner := r.Inset(w)
	r = r.Intersect(dst.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !(image.Point{x, y}.In(inner)) {
				blend(dst, x, y, c)
			}
		}
	}
}
