package ui

import (
	"testing"

	"genplay/wasm/protocol"
)

// drag draws a stroke through the pad pixels pts of a pad shown at its own
// size, as the mouse handlers do, and ends it.
func drag(s *Session, pts ...[2]float64) {
	for i, p := range pts {
		s.PadAt(p[0], p[1], padPx, i == 0)
	}
	s.stroke = true
	s.onStrokeEnd(nil)
}

// lastView is the View of the newest view command sent.
func lastView(t *testing.T, sent []protocol.Command) protocol.View {
	t.Helper()
	for i := len(sent) - 1; i >= 0; i-- {
		if sent[i].Op == protocol.KindView {
			return sent[i].View
		}
	}
	t.Fatal("no view command sent")
	return protocol.View{}
}

func ink(x []float32) (n int) {
	for _, v := range x {
		if v > 0 {
			n++
		}
	}
	return n
}

// TestPadsPerPanel: each panel's pad has its own strokes, mask and brush; a
// mask painted for inpainting reaches neither the SDEdit pad nor its view,
// and Clear clears only the panel's pad.
func TestPadsPerPanel(t *testing.T) {
	s, sent, _ := newTestRoot(t, "?v=1&f=diffusion&d=mnist&p=inpaint")
	s.Apply(protocol.Progress{Seq: s.seq, Spec: s.spec, Dim: 784, Rows: 28, Cols: 28, Caps: capsDiffusion})
	if !s.usesMask() {
		t.Fatal("the inpainting panel takes no mask")
	}
	s.SetBrush(brushMask)
	drag(s, [2]float64{40, 150}, [2]float64{180, 150}, [2]float64{180, 200})
	v := lastView(t, *sent)
	if len(v.Mask) != 784 || len(v.Input) != 784 || ink(v.Input) != 0 {
		t.Fatalf("inpainting with a mask only: input %d values (%d inked), mask %d", len(v.Input), ink(v.Input), len(v.Mask))
	}
	fill := 0
	for _, m := range v.Mask {
		if m == 0 {
			fill++
		}
	}
	if fill < 20 {
		t.Errorf("the mask marks %d pixels to fill in", fill)
	}

	s.SetPanel(protocol.PanelSDEdit)
	if s.padBrush() != brushInk {
		t.Errorf("the SDEdit pad's brush is %q, want its own (ink)", s.padBrush())
	}
	if v := lastView(t, *sent); v.Input != nil || v.Mask != nil {
		t.Errorf("SDEdit with nothing drawn on its pad sends an input of %d and a mask of %d values", len(v.Input), len(v.Mask))
	}
	for _, m := range s.curPad().maskPx {
		if m != 0 {
			t.Fatal("the inpainting mask shows on the SDEdit pad")
		}
	}
	drag(s, [2]float64{112, 30}, [2]float64{112, 200})
	v = lastView(t, *sent)
	if len(v.Input) != 784 || v.Mask != nil || ink(v.Input) == 0 {
		t.Errorf("SDEdit of a drawn stroke: input %d values (%d inked), mask %d", len(v.Input), ink(v.Input), len(v.Mask))
	}

	s.SetPanel(protocol.PanelInpaint)
	if s.padBrush() != brushMask || len(s.curPad().mask) != 1 || len(s.curPad().ink) != 0 {
		t.Errorf("back on inpainting: brush %q, %d mask strokes, %d ink strokes; want its mask brush, 1 and 0",
			s.padBrush(), len(s.curPad().mask), len(s.curPad().ink))
	}
	s.ClearPad()
	if len(s.curPad().mask) != 0 || len(s.pads[protocol.PanelSDEdit].ink) != 1 {
		t.Error("Clear on the inpainting pad did not clear it alone")
	}
}

// TestInpaintHint: ink without a mask asks for the mask and sends no
// input (eight copies of the drawing would be all it could give); with a
// mask the hint goes and the ink and mask arrive aligned.
func TestInpaintHint(t *testing.T) {
	s, sent, _ := newTestRoot(t, "?v=1&f=diffusion&d=mnist&p=inpaint")
	s.Apply(protocol.Progress{Seq: s.seq, Spec: s.spec, Dim: 784, Rows: 28, Cols: 28, Caps: capsDiffusion})
	if s.padHint() != "" {
		t.Errorf("an empty pad hints %q", s.padHint())
	}
	drag(s, [2]float64{60, 40}, [2]float64{170, 40}, [2]float64{110, 120})
	if s.padHint() != hintMask {
		t.Errorf("ink without a mask: hint %q, want %q", s.padHint(), hintMask)
	}
	if v := lastView(t, *sent); v.Input != nil || v.Mask != nil {
		t.Errorf("ink without a mask sends an input of %d values and a mask of %d", len(v.Input), len(v.Mask))
	}
	s.SetBrush(brushMask)
	drag(s, [2]float64{110, 120}, [2]float64{100, 200})
	if s.padHint() != "" {
		t.Errorf("with a mask the hint stays: %q", s.padHint())
	}
	v := lastView(t, *sent)
	if len(v.Input) != 784 || len(v.Mask) != 784 {
		t.Fatalf("ink and mask: input %d, mask %d values", len(v.Input), len(v.Mask))
	}
	// The ink is the top of a 7, the mask its stem below: what is to fill
	// in lies lower than the ink.
	var inkY, fillY, nInk, nFill float64
	for i := range 784 {
		y := float64(i / 28)
		if v.Input[i] > 0.5 {
			inkY += y
			nInk++
		}
		if v.Mask[i] == 0 {
			fillY += y
			nFill++
		}
	}
	if nInk == 0 || nFill == 0 || fillY/nFill <= inkY/nInk {
		t.Errorf("ink rows average %.1f (%v px), fill rows %.1f (%v px): want the fill below the ink", inkY/nInk, nInk, fillY/nFill, nFill)
	}
}
