// Package encode writes the page's pictures as files: PNG and animated
// GIF. It is apart from paint so that what draws plots without saving
// them (the training worker computes a field on paint.GridPoints) links no
// image codecs.
package encode

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
)

// PNG returns img as a PNG file, compressed by runs only (png.go): plots
// are mostly flat colour, and the package so links no general compressor.
// It returns an error for an empty image, which PNG cannot hold.
func PNG(img image.Image) ([]byte, error) {
	b := img.Bounds()
	if b.Empty() {
		return nil, errEmpty
	}
	rgba, ok := img.(*image.RGBA)
	if !ok {
		rgba = image.NewRGBA(b)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				rgba.Set(x, y, img.At(x, y))
			}
		}
	}
	return pngRGBA(rgba), nil
}

var errEmpty = errors.New("encode: an empty image cannot be a PNG")

// GIF returns the frames as an animated GIF that loops forever,
// showing each frame for delay hundredths of a second. Frames are encoded
// at their own size, with their alpha ignored. All frames share one
// palette: the exact colours of the frames when there are at most 256 of
// them (scatter plots and image grids), otherwise Plan 9's 256 colours,
// each pixel mapped to the nearest without dithering (heatmaps). It
// allocates one paletted image per frame and returns the error of
// image/gif, or an error for no frames.
func GIF(frames []*image.RGBA, delay int) ([]byte, error) {
	if len(frames) == 0 {
		return nil, errNoFrames
	}
	pal, index := exactPalette(frames)
	if pal == nil {
		pal, index = plan9Palette()
	}
	g := gif.GIF{
		Image:     make([]*image.Paletted, len(frames)),
		Delay:     make([]int, len(frames)),
		LoopCount: 0,
	}
	for k, f := range frames {
		b := f.Bounds()
		p := image.NewPaletted(image.Rect(0, 0, b.Dx(), b.Dy()), pal)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			row := f.Pix[f.PixOffset(b.Min.X, y):f.PixOffset(b.Max.X, y)]
			out := p.Pix[(y-b.Min.Y)*p.Stride:][:b.Dx()]
			// Runs of one colour are the rule in plots: look up only changes.
			last, li := uint32(1<<31), uint8(0)
			for x := range out {
				c := uint32(row[4*x])<<16 | uint32(row[4*x+1])<<8 | uint32(row[4*x+2])
				if c != last {
					last, li = c, index(c)
				}
				out[x] = li
			}
		}
		g.Image[k], g.Delay[k] = p, delay
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, &g); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var errNoFrames = errors.New("encode: no frames to encode as a GIF")

// exactPalette returns the distinct colours of the frames in order of first
// appearance, and their lookup, or nil when there are more than 256.
func exactPalette(frames []*image.RGBA) (color.Palette, func(uint32) uint8) {
	seen := make(map[uint32]uint8, 256)
	var pal color.Palette
	last := uint32(1 << 31)
	for _, f := range frames {
		b := f.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			row := f.Pix[f.PixOffset(b.Min.X, y):f.PixOffset(b.Max.X, y)]
			for i := 0; i < len(row); i += 4 {
				c := uint32(row[i])<<16 | uint32(row[i+1])<<8 | uint32(row[i+2])
				if c == last {
					continue
				}
				last = c
				if _, ok := seen[c]; ok {
					continue
				}
				if len(pal) == 256 {
					return nil, nil
				}
				seen[c] = uint8(len(pal))
				pal = append(pal, color.RGBA{row[i], row[i+1], row[i+2], 0xff})
			}
		}
	}
	return pal, func(c uint32) uint8 { return seen[c] }
}

// plan9Palette returns Plan 9's palette and a nearest-colour lookup cached
// per colour quantised to 5 bits a channel, so that each of the 32768
// boxes is searched once.
func plan9Palette() (color.Palette, func(uint32) uint8) {
	pal := color.Palette(palette.Plan9)
	var cache [1 << 15]int16
	for i := range cache {
		cache[i] = -1
	}
	return pal, func(c uint32) uint8 {
		k := (c>>9)&0x7c00 | (c>>6)&0x3e0 | (c>>3)&0x1f
		if cache[k] < 0 {
			// The centre of the box stands for all its colours.
			r, g, b := uint8(c>>16)&^7|4, uint8(c>>8)&^7|4, uint8(c)&^7|4
			cache[k] = int16(pal.Index(color.RGBA{r, g, b, 0xff}))
		}
		return uint8(cache[k])
	}
}
