package ui

import (
	"fmt"
	"math"

	"genplay/wasm/protocol"
)

// padReading is what the shipped digit classifier reads in the digit drawn
// on the encoder's pad, for the line under the pad: "reads as 7 (93 %)",
// or "" until the worker's figure of the drawing brings a reading.
func (s *Session) padReading() string {
	if !s.figOK || s.fig.Panel != s.view.Panel || s.view.Panel != protocol.PanelLatent || !s.usesPad() {
		return ""
	}
	return readingText(s.get(s.fig, protocol.ArrInputProbs))
}

// readingText names the most probable class of the probabilities p and its
// probability in whole percent; "" for no probabilities.
func readingText(p []float32) string {
	if len(p) == 0 {
		return ""
	}
	best := 0
	for i, q := range p {
		if q > p[best] {
			best = i
		}
	}
	return fmt.Sprintf("reads as %d (%d %%)", best, int(math.Round(100*float64(p[best]))))
}
