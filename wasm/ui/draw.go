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
func (r *Root) DrawAt(px, py, w float64) {
	if !r.drawMode && !r.drawsInput() || w <= 0 || len(r.drawing)/2 >= maxDrawn {
		return
	}
	ext := float64(r.plotExtent())
	x := (2*px/w - 1) * ext
	y := (1 - 2*py/w) * ext
	g := rng.NewStream(uint64(len(r.drawing)), 7)
	for range 3 {
		r.drawing = append(r.drawing, float32(x)+0.08*g.Normal(), float32(y)+0.08*g.Normal())
	}
	r.paintMain()
}

// ClearDrawing forgets the drawn points.
func (r *Root) ClearDrawing() {
	r.drawing = nil
	if r.drawsInput() {
		r.sendView()
	}
	r.paintMain()
}

// TrainOnDrawing makes the drawn points the data set and builds a model on
// them.
func (r *Root) TrainOnDrawing() {
	name, err := data.EncodeDrawn(r.drawing)
	if err != nil {
		r.notice = "The drawing cannot be a data set: " + err.Error()
		return
	}
	r.useDrawn(name)
}

// useDrawn switches to the drawn data set name.
func (r *Root) useDrawn(name string) {
	r.drawMode = false
	r.spec.Data = name
	r.useData()
	r.fixPanel()
	n := 0
	if pts, err := data.DecodeDrawn(name); err == nil {
		n = len(pts) / 2
	}
	r.rebuild(fmt.Sprintf("New model on your %d points.", n))
}

// ImportCSV takes the points of a CSV file as the drawing.
func (r *Root) ImportCSV(name string, b []byte, err error) {
	if err == nil {
		var pts []float32
		pts, err = data.ParseCSV(bytes.NewReader(b), maxDrawn)
		if err == nil {
			r.drawing = pts
			name, err2 := data.EncodeDrawn(pts)
			if err2 != nil {
				err = err2
			} else {
				r.useDrawn(name)
				return
			}
		}
	}
	r.notice = fmt.Sprintf("Could not import %s: %v. The data set stays.", name, err)
}

// PadAt paints with the current brush at pad pixel (px, py) of a pad shown
// w pixels wide.
func (r *Root) PadAt(px, py, w float64) {
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
			if r.brush == brushMask {
				r.mask[i] = 1
				continue
			}
			v := float32(1)
			if dx != 0 || dy != 0 {
				v = 0.45
			}
			r.pad[i] = min(1, r.pad[i]+v)
		}
	}
	r.paintPad()
}

// ClearPad clears the pad's drawing and mask.
func (r *Root) ClearPad() {
	clear(r.pad)
	clear(r.mask)
	r.paintPad()
	r.sendView()
}

// UsePad sends the pad to the worker: encode it, inpaint it, edit it.
func (r *Root) UsePad() { r.sendView() }

// SetBrush picks the pad's brush.
func (r *Root) SetBrush(b string) {
	if b == brushInk || b == brushMask {
		r.brush = b
	}
}

func (r *Root) padUsed() bool {
	for _, v := range r.pad {
		if v != 0 {
			return true
		}
	}
	return false
}

func (r *Root) maskUsed() bool {
	for _, v := range r.mask {
		if v != 0 {
			return true
		}
	}
	return false
}

// paintPad draws the pad as the digits are drawn, dark ink on white, with
// the mask shaded orange.
func (r *Root) paintPad() {
	img := r.padImg
	for y := range 28 {
		for x := range 28 {
			g := float64(paint.Grey(r.pad[y*28+x]))
			c := color.RGBA{uint8(g), uint8(g), uint8(g), 255}
			if r.mask[y*28+x] != 0 {
				// Okabe–Ito orange over the ink: the part to fill in.
				c = color.RGBA{uint8(0.5*g + 0.5*230), uint8(0.5*g + 0.5*159), uint8(0.5 * g), 255}
			}
			draw.Draw(img, image.Rect(x*padCell, y*padCell, (x+1)*padCell, (y+1)*padCell), image.NewUniform(c), image.Point{}, draw.Src)
		}
	}
	r.padVer++
}

// usesPad reports whether the panel takes a drawn digit.
func (r *Root) usesPad() bool {
	if !r.isImages() && !r.isImageData() {
		return false
	}
	switch r.view.Panel {
	case "latent", "interp":
		return r.spec.Family == "vae" || r.spec.Family == "ae"
	case "inpaint", "sdedit":
		return r.spec.Family == "diffusion"
	}
	return false
}

// The mouse handlers. A drag paints while a button is down.

func (r *Root) onPlotDown(e vugu.DOMEvent) {
	r.stroke = true
	r.DrawAt(e.PropFloat64("offsetX"), e.PropFloat64("offsetY"), e.PropFloat64("target", "clientWidth"))
}

func (r *Root) onPlotMove(e vugu.DOMEvent) {
	if r.stroke && e.PropFloat64("buttons") != 0 {
		r.DrawAt(e.PropFloat64("offsetX"), e.PropFloat64("offsetY"), e.PropFloat64("target", "clientWidth"))
	}
}

func (r *Root) onPadDown(e vugu.DOMEvent) {
	r.stroke = true
	r.PadAt(e.PropFloat64("offsetX"), e.PropFloat64("offsetY"), e.PropFloat64("target", "clientWidth"))
}

func (r *Root) onPadMove(e vugu.DOMEvent) {
	if r.stroke && e.PropFloat64("buttons") != 0 {
		r.PadAt(e.PropFloat64("offsetX"), e.PropFloat64("offsetY"), e.PropFloat64("target", "clientWidth"))
	}
}

func (r *Root) onStrokeEnd(e vugu.DOMEvent) {
	if r.stroke && (r.usesPad() || r.drawsInput()) {
		r.sendView()
	}
	r.stroke = false
}

func (r *Root) onBrush(e vugu.DOMEvent) { r.SetBrush(e.PropString("target", "value")) }

// drawnCount is the number of drawn points, for the template.
func (r *Root) drawnCount() int { return len(r.drawing) / 2 }
