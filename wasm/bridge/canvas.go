//go:build js && wasm

package bridge

import (
	"image"
	"syscall/js"
)

// Canvas is a <canvas> element that Go creates and keeps inside a holder
// element, and shows RGBA images in. The zero value is not usable; make one
// with NewCanvas.
type Canvas struct {
	id      string
	el, ctx js.Value
	buf     js.Value // Uint8ClampedArray of the last image size
	w, h    int
	shown   uint64 // version of the image on the canvas
	drawn   bool   // whether the canvas holds any image
	scratch []uint8
}

// NewCanvas returns a Canvas whose element has the given id.
func NewCanvas(id string) *Canvas {
	doc := js.Global().Get("document")
	el := doc.Call("createElement", "canvas")
	el.Set("id", id)
	return &Canvas{id: id, el: el, ctx: el.Call("getContext", "2d")}
}

// Show makes the canvas the only child of holder, sized to img, and shows
// img on it unless the canvas already shows version of it. A holder that
// is not an element is ignored.
func (c *Canvas) Show(holder js.Value, img *image.RGBA, version uint64) {
	if holder.Type() != js.TypeObject || img == nil {
		return
	}
	if !c.el.Get("parentNode").Equal(holder) {
		holder.Call("replaceChildren", c.el)
		c.drawn = false
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w != c.w || h != c.h {
		// Setting the size clears the canvas: only when it changes.
		c.el.Set("width", w)
		c.el.Set("height", h)
		c.w, c.h = w, h
		c.buf = js.Global().Get("Uint8ClampedArray").New(4 * w * h)
		c.drawn = false
	}
	if c.drawn && c.shown == version {
		return
	}
	pix := img.Pix
	if img.Stride != 4*w || len(pix) != 4*w*h {
		// A sub-image: pack its rows.
		c.scratch = c.scratch[:0]
		for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
			i := img.PixOffset(img.Rect.Min.X, y)
			c.scratch = append(c.scratch, img.Pix[i:i+4*w]...)
		}
		pix = c.scratch
	}
	js.CopyBytesToJS(c.buf, pix)
	data := js.Global().Get("ImageData").New(c.buf, w, h)
	c.ctx.Call("putImageData", data, 0, 0)
	c.shown, c.drawn = version, true
}
