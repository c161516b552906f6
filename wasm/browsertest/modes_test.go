//go:build !(js && wasm)

package browsertest

import (
	"image"
	"math"
	"testing"

	"genplay/models/data"
	"genplay/tensor/rng"
	"genplay/wasm/paint"
)

// Mode concentration of the samples plot, measured on its pixels.
//
// On 8gaussians the modes lie on a circle of radius 2.83 with σ ≈ 0.354; the
// plot shows [-4, 4]² on 480 pixels, 60 pixels a unit. A generated pixel is
// near a mode when its centre lies within 3σ of the mode's centre plus the
// radius of a drawn point. For the true distribution 98.9% of the mass lies
// within 3σ (1 − e^{−9/2}); for N(0, I), what an untrained model samples,
// TestModeMetric measures about 20% of the pixels (the gaps between the
// modes and the centre hold the rest). So the bar is:
const (
	// minNearShare is the share of generated pixels that must lie near a
	// mode.
	minNearShare = 0.70
	// minModes is how many of the 8 modes must be covered.
	minModes = 7
	// minModePixels is how many generated pixels make a mode covered: about
	// two drawn points.
	minModePixels = 25
	// minPixels is how many generated pixels make a sample worth judging:
	// well under the ~6,000 of 512 drawn points.
	minPixels = 500
	// pointRadius is the radius of a generated point in pixels, as drawn by
	// package ui.
	pointRadius = 2.1
)

// modeStats is how the generated pixels of a samples plot fall around the
// modes of a Gaussian mixture.
type modeStats struct {
	total, near int
	perMode     []int
}

func (s modeStats) share() float64 {
	if s.total == 0 {
		return 0
	}
	return float64(s.near) / float64(s.total)
}

func (s modeStats) covered() int {
	n := 0
	for _, c := range s.perMode {
		if c >= minModePixels {
			n++
		}
	}
	return n
}

// concentrated reports whether the pixels show samples of the mixture.
func (s modeStats) concentrated() bool {
	return s.total >= minPixels && s.share() >= minNearShare && s.covered() >= minModes
}

// measureModes classifies the generated pixels, given as indices y·W + x
// into a plot of view v, by their distance to the mixture set's centres.
func measureModes(idx []int, v paint.View, set data.Set) modeStats {
	s := modeStats{total: len(idx), perMode: make([]int, len(set.Centers)/2)}
	scale := float32(v.W) / (2 * v.Extent) // pixels per unit
	r := 3*set.Std + pointRadius/scale
	for _, p := range idx {
		x, y := v.World(float32(p%v.W)+0.5, float32(p/v.W)+0.5)
		for k := range s.perMode {
			dx, dy := x-set.Centers[2*k], y-set.Centers[2*k+1]
			if dx*dx+dy*dy <= r*r {
				s.near++
				s.perMode[k]++
				break
			}
		}
	}
	return s
}

// generatedPixels returns the indices of the pixels of img in colour c.
func generatedPixels(img *image.RGBA, th paint.Theme) []int {
	var idx []int
	for i := 0; i < len(img.Pix); i += 4 {
		if img.Pix[i] == th.Generated.R && img.Pix[i+1] == th.Generated.G &&
			img.Pix[i+2] == th.Generated.B && img.Pix[i+3] == th.Generated.A {
			idx = append(idx, i/4)
		}
	}
	return idx
}

// TestModeMetric checks the bar of the browser test against known point
// sets drawn the way the page draws them: samples of the data set pass,
// standard normal noise and a collapse onto a few modes fail.
func TestModeMetric(t *testing.T) {
	set, err := data.Lookup("8gaussians")
	if err != nil {
		t.Fatal(err)
	}
	th := paint.Light()
	const size = 480
	v := paint.View{Extent: set.Extent, W: size, H: size}
	const n = 512
	noise := make([]float32, 2*n)
	rng.New(1).FillNormal(noise)
	real := make([]float32, 2*n)
	set.Sample(real, rng.New(2))
	// Mode collapse: every point from 3 of the 8 modes.
	collapsed := make([]float32, 0, 2*n)
	r := rng.New(3)
	for range n {
		k := r.Intn(3)
		collapsed = append(collapsed, set.Centers[2*k]+set.Std*r.Normal(), set.Centers[2*k+1]+set.Std*r.Normal())
	}
	tests := []struct {
		name   string
		points []float32
		pass   bool
	}{
		{"data", real, true},
		{"N(0, I) noise", noise, false},
		{"three modes", collapsed, false},
		{"nothing", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := image.NewRGBA(image.Rect(0, 0, size, size))
			paint.Scatter(img, v, th, paint.Layer{Points: tt.points, Color: th.Generated, Radius: pointRadius})
			s := measureModes(generatedPixels(img, th), v, set)
			t.Logf("%d pixels, %.1f%% near a mode, %d modes covered %v", s.total, 100*s.share(), s.covered(), s.perMode)
			if s.concentrated() != tt.pass {
				t.Errorf("concentrated = %v, want %v", s.concentrated(), tt.pass)
			}
		})
	}
	// The noise is not a near miss.
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	paint.Scatter(img, v, th, paint.Layer{Points: noise, Color: th.Generated, Radius: pointRadius})
	if s := measureModes(generatedPixels(img, th), v, set); s.share() > minNearShare-0.3 || math.IsNaN(s.share()) {
		t.Errorf("noise puts %.1f%% of its pixels near a mode, within 30 points of the bar", 100*s.share())
	}
}
