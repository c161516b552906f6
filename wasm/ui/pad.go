package ui

import (
	"math"

	"github.com/vugu/vugu"

	"genplay/models/data"
	"genplay/wasm/paint"
)

// The pads on which a digit (and, for inpainting, the part to fill in) is
// drawn. Each panel that takes a digit has its own pad: its strokes, its
// mask and its brush, so nothing drawn for one panel reaches another. The
// strokes are kept at the pad's resolution and drawn with the pen of
// data.PenWidth; the 28×28 input the worker gets is the drawing
// preprocessed as MNIST's digits were (data.PreprocessDigit).

// The pad's size in pixels, its brushes, and the hint of an inpainting pad
// with ink and no mask.
const (
	padPx     = 224
	brushInk  = "ink"
	brushMask = "mask"
	// maskWidth is the mask brush's width in pad pixels: about three
	// pixels of the 28×28 input.
	maskWidth = 24
	// padStep is the shortest move, in pad pixels, that adds a point to a
	// stroke.
	padStep  = 2
	hintMask = "Paint the part to fill in with the mask brush."
)

// pad is what is drawn on one panel's pad.
type pad struct {
	ink, mask [][]data.Point // strokes in pad pixels
	brush     string         // brushInk or brushMask
	// The strokes drawn into padPx² rasters (1 full ink or mask), redrawn
	// after each change.
	inkPx, maskPx []float32
}

func newPad() *pad {
	return &pad{brush: brushInk, inkPx: make([]float32, padPx*padPx), maskPx: make([]float32, padPx*padPx)}
}

// redraw draws the strokes into the rasters.
func (p *pad) redraw() {
	clear(p.inkPx)
	clear(p.maskPx)
	data.DrawStrokes(p.inkPx, padPx, padPx, p.ink, data.PenWidth(p.ink))
	data.DrawStrokes(p.maskPx, padPx, padPx, p.mask, maskWidth)
}

// curPad is the pad of the panel shown.
func (s *Session) curPad() *pad {
	if s.pads == nil {
		s.pads = map[string]*pad{}
	}
	p, ok := s.pads[s.view.Panel]
	if !ok {
		p = newPad()
		s.pads[s.view.Panel] = p
	}
	return p
}

// PadAt paints with the current brush at pad pixel (px, py) of a pad shown
// w pixels wide. The first point after a button goes down (s.stroke
// false) starts a stroke; the next ones extend it.
func (s *Session) PadAt(px, py, w float64, start bool) {
	if w <= 0 || math.IsNaN(px+py+w) {
		return
	}
	p := s.curPad()
	pt := data.Point{X: px * padPx / w, Y: py * padPx / w}
	strokes := &p.ink
	if p.brush == brushMask {
		strokes = &p.mask
	}
	if n := len(*strokes); start || n == 0 {
		*strokes = append(*strokes, []data.Point{pt})
	} else {
		last := (*strokes)[n-1]
		if q := last[len(last)-1]; math.Hypot(pt.X-q.X, pt.Y-q.Y) < padStep {
			return
		}
		(*strokes)[n-1] = append(last, pt)
	}
	p.redraw()
	s.paintPad()
}

// ClearPad clears the drawing and mask of the panel's pad.
func (s *Session) ClearPad() {
	p := s.curPad()
	p.ink, p.mask = nil, nil
	p.redraw()
	s.paintPad()
	s.sendView()
}

// SetBrush picks the brush of the panel's pad.
func (s *Session) SetBrush(b string) {
	if b == brushInk || b == brushMask {
		s.curPad().brush = b
	}
}

// padBrush is the brush of the panel's pad, for the template.
func (s *Session) padBrush() string { return s.curPad().brush }

// padHint says what the pad needs before it can be used, or "".
func (s *Session) padHint() string {
	p := s.curPad()
	if s.usesMask() && len(p.ink) > 0 && len(p.mask) == 0 {
		return hintMask
	}
	return ""
}

// padInput returns the pad's drawing preprocessed as an MNIST digit
// (28×28) and, on a panel that takes a mask, the mask (1 known, 0 to fill
// in) placed as the digit is. It returns nil for what the pad lacks: no
// input without ink (or, with a mask, without ink or mask), and no mask
// without one. An inpainting pad with ink but no mask gives nothing: its
// hint asks for the mask (padHint).
func (s *Session) padInput() (input, mask []float32) {
	p := s.curPad()
	const side = data.DigitSide
	if !s.usesMask() {
		if len(p.ink) == 0 {
			return nil, nil
		}
		input = make([]float32, side*side)
		data.PreprocessDigit(input, p.inkPx, padPx, padPx)
		return input, nil
	}
	if len(p.mask) == 0 {
		return nil, nil
	}
	// The ink and the part to fill in are placed together: the completed
	// digit is what must fit MNIST's box.
	both := make([]float32, padPx*padPx)
	for i, v := range p.inkPx {
		both[i] = max(v, p.maskPx[i])
	}
	f, _ := data.DigitFrame(both, both, padPx, padPx)
	input, fill := make([]float32, side*side), make([]float32, side*side)
	f.Resample(input, p.inkPx, padPx, padPx)
	f.Resample(fill, p.maskPx, padPx, padPx)
	mask = make([]float32, side*side)
	for i, v := range fill {
		if v < 0.5 {
			mask[i] = 1 // the brush marks what to fill in
		}
	}
	return input, mask
}

// paintPad draws the panel's pad as the digits are drawn, dark ink on
// white, with the mask shaded orange.
func (s *Session) paintPad() {
	p := s.curPad()
	pix := s.padImg.Pix
	for i, v := range p.inkPx {
		g := float64(paint.Grey(v))
		r, gg, b := g, g, g
		if m := float64(p.maskPx[i]); m > 0 {
			// Okabe–Ito orange over the ink: the part to fill in.
			r, gg, b = g+m*0.5*(230-g), g+m*0.5*(159-g), g-m*0.5*g
		}
		o := 4 * i
		pix[o], pix[o+1], pix[o+2], pix[o+3] = uint8(r), uint8(gg), uint8(b), 255
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

// The pad's mouse handlers. A drag paints while a button is down.

func (s *Session) onPadDown(e vugu.DOMEvent) {
	s.stroke = true
	s.PadAt(e.PropFloat64("offsetX"), e.PropFloat64("offsetY"), e.PropFloat64("target", "clientWidth"), true)
}

func (s *Session) onPadMove(e vugu.DOMEvent) {
	if s.stroke && e.PropFloat64("buttons") != 0 {
		s.PadAt(e.PropFloat64("offsetX"), e.PropFloat64("offsetY"), e.PropFloat64("target", "clientWidth"), false)
	}
}

func (s *Session) onBrush(e vugu.DOMEvent) { s.SetBrush(e.PropString("target", "value")) }
