package data

import "math"

// Drawn digits, preprocessed as MNIST's were. LeCun, Cortes and Burges
// describe MNIST's digits: the black-and-white NIST digits were
// size-normalised to fit a 20×20 box while keeping their aspect ratio,
// which left grey levels from the anti-aliasing, then centred in a 28×28
// image by their centre of mass. On the shipped sets, the ink's larger side
// is 20 pixels in 9,997 of the 10,000 test digits and the centre of mass
// averages (14.01, 13.99) in pixel indices, so the centre here is (14, 14).
//
//	stroke   a pen stroke: points in pixels of the raster it is drawn on
//	W        the pen's width: penFrac of the strokes' larger side, so the
//	         normalised digit's strokes are as wide as MNIST's, whatever
//	         the size it was drawn at
//	Frame    X = Scale·x + DX, Y = Scale·y + DY: raster → 28×28 image
//	ink box  the raster's pixels above 0; its larger side maps to BoxSide
//
// Steps of PreprocessDigit:
//
//  1. the ink's bounding box is scaled to BoxSide pixels on its larger side
//     and centred in a BoxSide box at (4, 4) of the image;
//  2. the raster is area-averaged into the image through that map (each
//     image pixel is the mean of the raster over its square);
//  3. the image is moved by whole pixels so that its centre of mass is the
//     pixel nearest (14, 14), as MNIST's were; each coordinate ends within
//     half a pixel of it.

// The MNIST image the preprocessing writes.
const (
	DigitSide = 28 // the image is DigitSide × DigitSide
	BoxSide   = 20 // the ink's larger side
	// digitCentre is the centre of mass of a preprocessed digit, in pixel
	// indices.
	digitCentre = 14
	// penFrac is the pen's width over the larger side of the strokes
	// (their centre lines). With round ends the ink is (1 + penFrac) times
	// as large, so a normalised stroke is 20·penFrac/(1 + penFrac) ≈ 2.5
	// pixels wide, about MNIST's.
	penFrac = 0.14
	// minPen is the narrowest pen, in raster pixels, for strokes too
	// small to set one (a dot).
	minPen = 4
)

// Point is a point of a pen stroke, in pixels of a raster: x across from
// the left, y down from the top.
type Point struct{ X, Y float64 }

// PenWidth returns the width of the pen that draws strokes as MNIST's
// digits were written: penFrac of the larger side of their bounding box,
// at least minPen.
func PenWidth(strokes [][]Point) float64 {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, s := range strokes {
		for _, p := range s {
			x0, y0, x1, y1 = min(x0, p.X), min(y0, p.Y), max(x1, p.X), max(y1, p.Y)
		}
	}
	if x1 < x0 {
		return minPen
	}
	return max(minPen, penFrac*max(x1-x0, y1-y0))
}

// DrawStrokes draws strokes into the w×h raster dst (row by row, 1 full
// ink) with a round pen of the given width: each pixel takes the pen's
// coverage of it, anti-aliased over one pixel, where that exceeds its
// value. A stroke of one point is a dot. It panics if len(dst) is not w·h.
func DrawStrokes(dst []float32, w, h int, strokes [][]Point, width float64) {
	if len(dst) != w*h {
		panic("data: raster length is not w·h")
	}
	r := width / 2
	for _, s := range strokes {
		for i := range s {
			a, b := s[i], s[i]
			if i > 0 {
				a = s[i-1]
			} else if len(s) > 1 {
				continue
			}
			capsule(dst, w, h, a, b, r)
		}
	}
}

// capsule draws the segment a–b with round ends of radius r.
func capsule(dst []float32, w, h int, a, b Point, r float64) {
	lo := func(v float64) int { return max(0, int(math.Floor(v-r-1))) }
	xa, xb := lo(min(a.X, b.X)), min(w-1, int(math.Ceil(max(a.X, b.X)+r+1)))
	ya, yb := lo(min(a.Y, b.Y)), min(h-1, int(math.Ceil(max(a.Y, b.Y)+r+1)))
	dx, dy := b.X-a.X, b.Y-a.Y
	l2 := dx*dx + dy*dy
	for y := ya; y <= yb; y++ {
		for x := xa; x <= xb; x++ {
			// Distance from the pixel's centre to the segment.
			px, py := float64(x)+0.5-a.X, float64(y)+0.5-a.Y
			t := 0.0
			if l2 > 0 {
				t = min(1, max(0, (px*dx+py*dy)/l2))
			}
			ex, ey := px-t*dx, py-t*dy
			c := float32(min(1, max(0, r+0.5-math.Sqrt(ex*ex+ey*ey))))
			if i := y*w + x; c > dst[i] {
				dst[i] = c
			}
		}
	}
}

// Frame maps a raster into a DigitSide × DigitSide image: raster point
// (x, y) goes to (Scale·x + DX, Scale·y + DY), pixel i covering [i, i+1)
// on both sides.
type Frame struct{ Scale, DX, DY float64 }

// DigitFrame returns the frame that fits the bounding box of the pixels of
// box above 0 to BoxSide pixels on its larger side and centres it, then,
// if mass is not nil, moves it by whole pixels so that the centre of mass
// of mass, area-averaged through the frame, is the pixel nearest (14, 14).
// Both are w×h rasters. ok is false when box has no pixel above 0. For a
// digit box and mass are its ink; for an inpainting input, box may add the
// part to fill in.
func DigitFrame(box, mass []float32, w, h int) (f Frame, ok bool) {
	x0, y0, x1, y1 := w, h, -1, -1
	for y := range h {
		for x, v := range box[y*w : (y+1)*w] {
			if v > 0 {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
		}
	}
	if x1 < 0 {
		return Frame{}, false
	}
	bw, bh := float64(x1-x0+1), float64(y1-y0+1)
	s := BoxSide / max(bw, bh)
	off := float64(DigitSide-BoxSide) / 2
	f = Frame{Scale: s, DX: off + (BoxSide-s*bw)/2 - s*float64(x0), DY: off + (BoxSide-s*bh)/2 - s*float64(y0)}
	if mass == nil {
		return f, true
	}
	img := make([]float32, DigitSide*DigitSide)
	f.Resample(img, mass, w, h)
	cx, cy, ok := centreOfMass(img)
	if ok {
		f.DX += math.Round(digitCentre - cx)
		f.DY += math.Round(digitCentre - cy)
	}
	return f, true
}

// centreOfMass returns the centre of mass of a DigitSide × DigitSide image
// in pixel indices, and false if it has no mass.
func centreOfMass(img []float32) (cx, cy float64, ok bool) {
	var m float64
	for i, v := range img {
		m += float64(v)
		cx += float64(v) * float64(i%DigitSide)
		cy += float64(v) * float64(i/DigitSide)
	}
	if m <= 0 {
		return 0, 0, false
	}
	return cx / m, cy / m, true
}

// Resample writes into dst (DigitSide², row by row) the w×h raster src
// through f, area-averaged: each image pixel is the mean of the raster
// over the square it covers, the raster being constant over each of its
// pixels. What falls outside the image is lost. It allocates a DigitSide·h
// buffer and panics on lengths that do not match.
func (f Frame) Resample(dst, src []float32, w, h int) {
	if len(dst) != DigitSide*DigitSide || len(src) != w*h {
		panic("data: resample lengths do not match the sizes")
	}
	cols := make([]float32, DigitSide*h) // each raster row resampled across
	for x := range w {
		f.spread(float64(x), f.DX, func(X int, wx float32) {
			for y := range h {
				cols[y*DigitSide+X] += wx * src[y*w+x]
			}
		})
	}
	clear(dst)
	for y := range h {
		row := cols[y*DigitSide : (y+1)*DigitSide]
		f.spread(float64(y), f.DY, func(Y int, wy float32) {
			out := dst[Y*DigitSide : (Y+1)*DigitSide]
			for X, v := range row {
				out[X] += wy * v
			}
		})
	}
}

// spread calls fn for each image pixel that the raster pixel [i, i+1) maps
// onto with shift d, with the length of the overlap in image pixels.
func (f Frame) spread(i, d float64, fn func(int, float32)) {
	a, b := f.Scale*i+d, f.Scale*(i+1)+d
	for k := max(0, int(math.Floor(a))); k < DigitSide && float64(k) < b; k++ {
		// Overlaps under a millionth of a pixel are rounding, not ink: they
		// would widen the box to BoxSide + 1 pixels.
		if o := min(b, float64(k+1)) - max(a, float64(k)); o > 1e-6 {
			fn(k, float32(o))
		}
	}
}

// PreprocessDigit writes into dst (DigitSide², row by row) the digit drawn
// in the w×h raster src (1 full ink) as MNIST preprocessed its digits: the
// ink's box fitted to BoxSide pixels, area-averaged, and its centre of
// mass moved to the pixel nearest (14, 14). It returns false, with dst
// cleared, when src has no ink.
func PreprocessDigit(dst, src []float32, w, h int) bool {
	f, ok := DigitFrame(src, src, w, h)
	if !ok {
		clear(dst)
		return false
	}
	f.Resample(dst, src, w, h)
	return true
}
