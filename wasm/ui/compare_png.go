package ui

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"

	"genplay/models/metrics"
	"genplay/wasm/paint/encode"
)

// The Compare grid as one PNG: each tile's main plot, as the tile shows
// it, under a label of the family's name, its step and its signature
// (modes, precision, recall), in rows of pngCols tiles.

// Layout of the grid's PNG, in pixels.
const (
	pngCols  = 3  // tiles a row
	pngGap   = 12 // between and around the tiles
	pngScale = 2  // font pixels per glyph pixel
	pngLine  = (glyphH + 3) * pngScale
	pngLabel = 2*pngLine + 6 // two lines of label over each plot
)

// The grid's colours.
var (
	pngBackground = color.RGBA{0xf4, 0xf6, 0xf9, 0xff}
	pngInk        = color.RGBA{0x1f, 0x29, 0x37, 0xff}
	pngMuted      = color.RGBA{0x5b, 0x67, 0x78, 0xff}
)

// gridImage returns the grid of the tiles' main plots with their labels;
// a tile without a plot yet keeps an empty cell of the size of the others.
func (c *Compare) gridImage() *image.RGBA {
	cellW, cellH := plotSize, plotSize
	for _, t := range c.tiles {
		if img := t.s.mainImg; img != nil {
			cellW, cellH = max(cellW, img.Bounds().Dx()), max(cellH, img.Bounds().Dy())
		}
	}
	n := max(len(c.tiles), 1)
	cols := min(pngCols, n)
	rows := (n + cols - 1) / cols
	w := pngGap + cols*(cellW+pngGap)
	h := pngGap + rows*(pngLabel+cellH+pngGap)
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(pngBackground), image.Point{}, draw.Src)
	for i, t := range c.tiles {
		x := pngGap + (i%cols)*(cellW+pngGap)
		y := pngGap + (i/cols)*(pngLabel+cellH+pngGap)
		drawText(dst, x, y, strings.ToUpper(t.title()), pngInk)
		drawText(dst, x, y+pngLine, t.pngCaption(), pngMuted)
		plot := image.Rect(x, y+pngLabel, x+cellW, y+pngLabel+cellH)
		draw.Draw(dst, plot, image.NewUniform(color.RGBA{0xff, 0xff, 0xff, 0xff}), image.Point{}, draw.Src)
		if img := t.s.mainImg; img != nil {
			draw.Draw(dst, plot, img, img.Bounds().Min, draw.Src)
		}
	}
	return dst
}

// pngCaption is t's second label line: the step and the signature.
func (t *tile) pngCaption() string {
	s := fmt.Sprintf("STEP %d", t.s.step)
	m := t.s.metrics
	if modes := stat(m, metrics.ModesCaptured); !math.IsNaN(modes) {
		s += fmt.Sprintf(" · %d/%d MODES", int(modes), int(stat(m, metrics.ModesTotal)))
	}
	if p, r := stat(m, metrics.Precision), stat(m, metrics.Recall); !math.IsNaN(p) {
		s += fmt.Sprintf(" · P %.2f R %.2f", p, r)
	}
	return s
}

// ExportPNG downloads the grid as a PNG.
func (c *Compare) ExportPNG() {
	if c.page.host == nil {
		return
	}
	b, err := encode.PNG(c.gridImage())
	if err != nil {
		c.info = "Could not make the PNG: " + err.Error()
		return
	}
	name := fmt.Sprintf("compare-%s-seed%d-step%d.png", c.data, c.seed, c.commonStep())
	c.page.host.Download(name, "image/png", b)
	c.info = "Saved " + name + "."
}

// drawText draws s at (x, y), its top left corner, in the 5×7 font scaled
// pngScale times; a character the font lacks leaves a blank.
func drawText(dst *image.RGBA, x, y int, s string, c color.RGBA) {
	for _, r := range s {
		g := glyph(r)
		for row := range glyphH {
			for col := range glyphW {
				if g[row]&(1<<(glyphW-1-col)) == 0 {
					continue
				}
				for dy := range pngScale {
					for dx := range pngScale {
						px, py := x+col*pngScale+dx, y+row*pngScale+dy
						if (image.Point{px, py}).In(dst.Rect) {
							dst.SetRGBA(px, py, c)
						}
					}
				}
			}
		}
		x += (glyphW + 1) * pngScale
	}
}

// The font: 5×7 glyphs, a row a byte, the leftmost pixel the fifth bit.
const (
	glyphW = 5
	glyphH = 7
)

// glyph returns r's glyph, blank for a character the font lacks.
func glyph(r rune) [glyphH]uint8 {
	if r >= 'a' && r <= 'z' {
		r -= 'a' - 'A'
	}
	switch {
	case r >= 'A' && r <= 'Z':
		return glyphLetters[r-'A']
	case r >= '0' && r <= '9':
		return glyphDigits[r-'0']
	}
	switch r {
	case '.':
		return [glyphH]uint8{0, 0, 0, 0, 0, 0b01100, 0b01100}
	case ',':
		return [glyphH]uint8{0, 0, 0, 0, 0b01100, 0b00100, 0b01000}
	case '-':
		return [glyphH]uint8{0, 0, 0, 0b11111, 0, 0, 0}
	case '(':
		return [glyphH]uint8{0b00010, 0b00100, 0b01000, 0b01000, 0b01000, 0b00100, 0b00010}
	case ')':
		return [glyphH]uint8{0b01000, 0b00100, 0b00010, 0b00010, 0b00010, 0b00100, 0b01000}
	case '/':
		return [glyphH]uint8{0, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0}
	case ':':
		return [glyphH]uint8{0, 0b01100, 0b01100, 0, 0b01100, 0b01100, 0}
	case '=':
		return [glyphH]uint8{0, 0, 0b11111, 0, 0b11111, 0, 0}
	case '·':
		return [glyphH]uint8{0, 0, 0, 0b01100, 0b01100, 0, 0}
	}
	return [glyphH]uint8{}
}

var glyphLetters = [26][glyphH]uint8{
	{0b01110, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001}, // A
	{0b11110, 0b10001, 0b10001, 0b11110, 0b10001, 0b10001, 0b11110}, // B
	{0b01110, 0b10001, 0b10000, 0b10000, 0b10000, 0b10001, 0b01110}, // C
	{0b11110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b11110}, // D
	{0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111}, // E
	{0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b10000}, // F
	{0b01110, 0b10001, 0b10000, 0b10111, 0b10001, 0b10001, 0b01111}, // G
	{0b10001, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001}, // H
	{0b01110, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110}, // I
	{0b00111, 0b00010, 0b00010, 0b00010, 0b00010, 0b10010, 0b01100}, // J
	{0b10001, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010, 0b10001}, // K
	{0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b11111}, // L
	{0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001}, // M
	{0b10001, 0b10001, 0b11001, 0b10101, 0b10011, 0b10001, 0b10001}, // N
	{0b01110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110}, // O
	{0b11110, 0b10001, 0b10001, 0b11110, 0b10000, 0b10000, 0b10000}, // P
	{0b01110, 0b10001, 0b10001, 0b10001, 0b10101, 0b10010, 0b01101}, // Q
	{0b11110, 0b10001, 0b10001, 0b11110, 0b10100, 0b10010, 0b10001}, // R
	{0b01111, 0b10000, 0b10000, 0b01110, 0b00001, 0b00001, 0b11110}, // S
	{0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100}, // T
	{0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110}, // U
	{0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01010, 0b00100}, // V
	{0b10001, 0b10001, 0b10001, 0b10101, 0b10101, 0b10101, 0b01010}, // W
	{0b10001, 0b10001, 0b01010, 0b00100, 0b01010, 0b10001, 0b10001}, // X
	{0b10001, 0b10001, 0b01010, 0b00100, 0b00100, 0b00100, 0b00100}, // Y
	{0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0b11111}, // Z
}

var glyphDigits = [10][glyphH]uint8{
	{0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110}, // 0
	{0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110}, // 1
	{0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111}, // 2
	{0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110}, // 3
	{0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010}, // 4
	{0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110}, // 5
	{0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110}, // 6
	{0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000}, // 7
	{0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110}, // 8
	{0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100}, // 9
}
