package ui

import (
	"bytes"
	"fmt"

	"github.com/vugu/vugu"

	"genplay/models/data"
	"genplay/tensor/rng"
)

// Drawing 2D points for a data set of one's own (the pads that take a
// digit are in pad.go).

// dataDrawn is the data picker's entry for drawing one's own points.
const dataDrawn = "drawn"

// maxDrawn bounds the points one can draw.
const maxDrawn = 2000

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

func (s *Session) onStrokeEnd(e vugu.DOMEvent) {
	if s.stroke && (s.usesPad() || s.drawsInput()) {
		s.sendView()
	}
	s.stroke = false
}

// drawnCount is the number of drawn points, for the template.
func (s *Session) drawnCount() int { return len(s.drawing) / 2 }
