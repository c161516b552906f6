package ui

import (
	"image"

	"github.com/vugu/vugu/js"
)

// Surface shows RGBA images inside a holder element that Vugu renders. The
// app provides one per canvas (see bridge.Canvas); Show must be cheap when
// version is the one already shown.
type Surface interface {
	Show(holder js.Value, img *image.RGBA, version uint64)
}

// PlotCanvas is an element that holds one Surface's canvas. Vugu renders the
// holder without children and leaves the canvas that the Surface puts in it
// alone; every render hands the holder to the Surface, which redraws only
// when Version changes.
type PlotCanvas struct {
	// Surface draws into the holder; nil draws nothing.
	Surface Surface
	// Image is what to show; Version changes whenever Image does.
	Image   *image.RGBA
	Version uint64
	// Class is the holder's CSS class.
	Class string
}

func (c *PlotCanvas) show(holder js.Value) {
	if c.Surface != nil {
		c.Surface.Show(holder, c.Image, c.Version)
	}
}
