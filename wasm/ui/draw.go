package ui

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"

	"github.com/vugu/vugu"

	"genplay/models/data"
	"genplay/tensor/rng"
	"genplay/wasm/paint"
)

// Drawing: 2D points for a data set of one's own, and a digit (or an
// inpainting mask) on a 28×28 pad.

// dataDrawn is the data picker's entry for drawing one's own points.
const dataDrawn = "drawn"

// The pad's size in pixels and its brushes.
const (
	padPx     = 224
	padCell   = padPx / 28
	brushInk  = "ink"
	brushMask = "mask"
	// maxDrawn bounds the points one can draw.
	maxDrawn = 2000
)

// DrawAt adds points around the plot pixel (px, py) of a plot shown w
// pixels wide: a small spray, so that a drag draws a stroke.
func (s *Session) DrawAt(px, py, w float64) {
	if !s.drawMode && !s.drawsInput() || w <= 0 || len(s.drawing)/2 >= maxDrawn {
		return
	}
	ext := float64(s.plotExtent())
	x := (2*px/w - 1) * ext
	y := (1 - 2*py/w) * ext
	g := rng.NewStream(uint64(len(s.drawing)), 7)
	for range 3 {
		s.drawing = append(s.drawing, float32(x)+0.08*g.Normal(), float32(y)+0.08*g.Normal())
	}
	s.paintMain()
}

// ClearDrawing forgets the drawn points.
func (s *Session) ClearDrawing() {
	s.drawing = nil
	if s.drawsInput() {
		s.sendView()
	}
	s.paintMain()
}

// TrainOnDrawing makes the drawn points the data set and builds a model on
// them.
func (s *Session) TrainOnDrawing() {
	name, err := data.EncodeDrawn(s.drawing)
	if err != nil {
		s.notice = "The drawing cannot be a data set: " + err.Error()
		return
	}
	s.useDrawn(name)
}

// useDrawn switches to the drawn data set name.
func (s *Session) useDrawn(name string) {
	s.drawMode = false
	why := s.setDataKeepingSettings(name)
	n := 0
	if pts, err := data.DecodeDrawn(name); err == nil {
		n = len(pts) / 2
	}
	s.rebuild(fmt.Sprintf("New model on your %d points.%s", n, why))
}

// ImportCSV takes the points of a CSV file as the drawing.
func (s *Session) ImportCSV(name string, b []byte, err error) {
	if err == nil {
		var pts []float32
		pts, err = data.ParseCSV(bytes.NewReader(b), maxDrawn)
		if err == nil {
			s.drawing = pts
			name, err2 := data.EncodeDrawn(pts)
			if err2 != nil {
				err = err2
			} else {
				s.useDrawn(name)
				return
			}
		}
	}
	s.notice = fmt.Sprintf("Could not import %s: %v. The data set stays.", name, err)
}

// PadAt paints with the current brush at pad pixel (px, py) of a pad shown
// w pixels wide.
func (s *Session) PadAt(px, py, w float64) {
	if w <= 0 {
		return
	}
	cx, cy := int(px*28/w), int(py*28/w)
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			x, y := cx+dx, cy+dy
			if x < 0 || y < 0 || x >= 28 || y >= 28 {
				continue
			}
			i := y*28 + x
			if s.brush == brushMask {
				s.mask[i] = 1
				continue
			}
			v := float32(1)
			if dx != 0 || dy != 0 {
				v = 0.45
			}
			s.pad[i] = min(1, s.pad[i]+v)
		}
	}
	s.paintPad()
}

// ClearPad clears the pad's drawing and mask.
func (s *Session) ClearPad() {
	clear(s.pad)
	clear(s.mask)
	s.paintPad()
	s.sendView()
}

// UsePad sends the pad to the worker: encode it, inpaint it, edit it.
func (s *Session) UsePad() { s.sendView() }

// SetBrush picks the pad's brush.
func (s *Session) SetBrush(b string) {
	if b == brushInk || b == brushMask {
		s.brush = b
	}
}

func (s *Session) padUsed() bool {
	for _, v := range s.pad {
		if v != 0 {
			return true
		}
	}
	return false
}

func (s *Session) maskUsed() bool {
	for _, v := range s.mask {
		if v != 0 {
			return true
		}
	}
	return false
}

// paintPad draws the pad as the digits are drawn, dark ink on white, with
// the mask shaded orange.
func (s *Session) paintPad() {
	img := s.padImg
	for y := range 28 {
		for x := range 28 {
			g := float64(paint.Grey(s.pad[y*28+x]))
			c := color.RGBA{uint8(g), uint8(g), uint8(g), 255}
			if s.mask[y*28+x] != 0 {
				// Okabe–Ito orange over the ink: the part to fill in.
				c = color.RGBA{uint8(0.5*g + 0.5*230), uint8(0.5*g + 0.5*159), uint8(0.5 * g), 255}
			}
			draw.Draw(img, image.Rect(x*padCell, y*padCell, (x+1)*padCell, (y+1)*padCell), image.NewUniform(c), image.Point{}, draw.Src)
		}
	}
	s.padVer++
}

// usesPad reports whether the panel takes a drawn digit.
func (s *Session) usesPad() bool {
	p, _ := s.row()
	return (s.isImages() || s.isImageData()) && p.Pad
}

// usesMask reports whether the pad also takes a mask.
func (s *Session) usesMask() bool {
	p, _ := s.row()
	return s.usesPad() && p.Mask
}

// The mouse handlers. A drag paints while a button is down.

func (s *Session) onPlotDown(e vugu.DOMEvent) {
	s.stroke = true
	s.DrawAt(e.PropFloat64("offsetX"), e.PropFloat64("offsetY"), e.PropFloat64("target", "clientWidth"))
}

func (s *Session) onPlotMove(e vugu.DOMEvent) {
	if s.stroke && e.PropFloat64("buttons") != 0 {
		s.DrawAt(e.PropFloat64("offsetX"), e.PropFloat64("offsetY"), e.PropFloat64("target", "clientWidth"))
	}
}

func (s *Session) onPadDown(e vugu.DOMEvent) {
	s.stroke = true
	s.PadAt(e.PropFloat64("offsetX"), e.PropFloat64("offsetY"), e.PropFloat64("target", "clientWidth"))
}

func (s *Session) onPadMove(e vugu.DOMEvent) {
	if s.stroke && e.PropFloat64("buttons") != 0 {
		s.PadAt(e.PropFloat64("offsetX"), e.PropFloat64("offsetY"), e.PropFloat64("target", "clientWidth"))
	}
}

func (s *Session) onStrokeEnd(e vugu.DOMEvent) {
	if s.stroke && (s.usesPad() || s.drawsInput()) {
		s.sendView()
	}
	s.stroke = false
}

func (s *Session) onBrush(e vugu.DOMEvent) { s.SetBrush(e.PropString("target", "value")) }

// drawnCount is the number of drawn points, for the template.
func (s *Session) drawnCount() int { return len(s.drawing) / 2 }
