package ui

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"

	"genplay/wasm/paint"
	"genplay/wasm/protocol"
)

// Painting the main view from the newest figure (or sample), with the axes
// that label it.

// axes are the tick labels and titles around a plot, placed by CSS.
type axes struct {
	X, Y           []tick
	XTitle, YTitle string
	// Empty says why a chart has no axes: it has nothing to plot yet.
	Empty string
}

// heatN is the side of the grid the worker evaluates fields on.
const heatN = 64

// plotExtent is the half-width of the data square shown.
func (s *Session) plotExtent() float32 {
	if s.set.Extent > 0 {
		return s.set.Extent
	}
	return 4
}

// applyFigure takes a figure of the current panel.
func (s *Session) applyFigure(f protocol.Figure) {
	if f.Panel != s.view.Panel {
		return
	}
	if f.Panel == protocol.PanelReverse && !(s.figOK && s.fig.Panel == protocol.PanelReverse) {
		s.frame = lastFrame // the first frames show the sample, as a new tab does
	}
	s.fig, s.figOK = f, true
	s.dropWork()
	s.notePsi(f)
	if f.Panel == protocol.PanelSamples {
		if pts := s.get(f, protocol.ArrPoints); pts != nil {
			s.points = pts
		}
		if len(f.Stats) > 0 {
			s.metrics = mergeStats(s.metrics, f.Stats)
		}
	}
	if _, ok := f.Stat("fd"); ok {
		// The image metrics that Score asked for, on whatever panel.
		var st []protocol.Stat
		for _, k := range []string{"fd", "class_coverage", "precision", "recall", "bpd"} {
			if v, ok := f.Stat(k); ok {
				st = append(st, protocol.Stat{Name: k, Value: v})
			}
		}
		s.metrics = mergeStats(s.metrics, st)
		s.history.add(f.Step, s.metrics)
		s.metricStale = true
		s.info = ""
	}
	s.paintMain()
}

// mergeStats returns old with the values of upd set or added.
func mergeStats(old, upd []protocol.Stat) []protocol.Stat {
	out := append([]protocol.Stat(nil), old...)
	for _, s := range upd {
		found := false
		for i := range out {
			if out[i].Name == s.Name {
				out[i].Value, found = s.Value, true
			}
		}
		if !found {
			out = append(out, s)
		}
	}
	return out
}

// dataView is the view of the data square on a plot of plotSize.
func (s *Session) dataView() paint.View {
	return paint.View{Extent: s.plotExtent(), W: plotSize, H: plotSize}
}

// squareAxes labels a plot of [-ext, ext]².
func squareAxes(ext float32, xt, yt string) axes {
	var a axes
	for _, v := range axisTicks(-float64(ext), float64(ext)) {
		pos := 100 * (v + float64(ext)) / (2 * float64(ext))
		label := strconv.FormatFloat(v, 'g', 3, 64)
		a.X = append(a.X, tick{Label: label, Style: fmt.Sprintf("left: %.2f%%", pos)})
		a.Y = append(a.Y, tick{Label: label, Style: fmt.Sprintf("top: %.2f%%", 100-pos)})
	}
	a.XTitle, a.YTitle = xt, yt
	return a
}

// tileAxes labels a grid of decoded tiles over [-span, span]² of two
// latent dimensions: z₁ across, from -span at the first column's centre
// to span at the last's, and z₂ down, from span at the top row to -span.
func tileAxes(g paint.Grid, span float64) axes {
	w, h := g.Size()
	first, last := g.Tile(0), g.Tile(g.Across*g.Down-1)
	x0, x1 := float64(first.Min.X+first.Max.X)/2, float64(last.Min.X+last.Max.X)/2
	y0, y1 := float64(first.Min.Y+first.Max.Y)/2, float64(last.Min.Y+last.Max.Y)/2
	a := axes{XTitle: "z₁", YTitle: "z₂"}
	for _, v := range axisTicks(-span, span) {
		u := (v + span) / (2 * span)
		label := strconv.FormatFloat(v, 'g', 3, 64)
		a.X = append(a.X, tick{Label: label, Style: fmt.Sprintf("left: %.2f%%", 100*(x0+u*(x1-x0))/float64(w))})
		a.Y = append(a.Y, tick{Label: label, Style: fmt.Sprintf("top: %.2f%%", 100*(y1+u*(y0-y1))/float64(h))})
	}
	return a
}

// resize returns img, or a new image when its size is not w×h.
func resize(img *image.RGBA, w, h int) *image.RGBA {
	if img == nil || img.Rect.Dx() != w || img.Rect.Dy() != h {
		return image.NewRGBA(image.Rect(0, 0, w, h))
	}
	return img
}

// images draws images laid out across×down at scale into img, returning
// it (resized).
func (s *Session) images(img *image.RGBA, pixels []float32, across, down, scale int, borders []color.RGBA) *image.RGBA {
	g := paint.Grid{Rows: s.rows, Cols: s.cols, Across: across, Down: down, Scale: scale, Gap: imageGap}
	w, h := g.Size()
	img = resize(img, w, h)
	paint.Gallery(img, g, pixels, s.theme, borders)
	return img
}

// frames is the number of frames of the reverse process's figure.
func (s *Session) frames() int {
	if !s.figOK || s.fig.Panel != protocol.PanelReverse {
		return 0
	}
	n, _ := s.fig.Stat(protocol.StatFrames)
	if math.IsNaN(n) {
		return 0
	}
	return int(n)
}

// frameData returns frame i of the reverse process (lastFrame: the last).
func (s *Session) frameData(i int) []float32 {
	n := s.frames()
	all := s.get(s.fig, protocol.ArrFrames)
	if n == 0 || len(all)%n != 0 {
		return nil
	}
	if i == lastFrame || i >= n {
		i = n - 1
	}
	per := len(all) / n
	return all[i*per : (i+1)*per]
}

// paintMain paints the main view (and the side view) for the panel.
func (s *Session) paintMain() {
	defer func() { s.mainVer++; s.sideVer++ }()
	ext := s.plotExtent()
	v := s.dataView()
	th := s.theme
	real := paint.Layer{Points: s.real, Color: th.Real, Radius: 1.6}
	gen := func(pts []float32) paint.Layer {
		return paint.Layer{Points: pts, Color: th.Generated, Radius: 2.1}
	}
	f := s.fig
	if !s.figOK {
		f = protocol.Figure{Panel: s.view.Panel}
	}
	// Samples outside the view are marked at its edge and counted.
	s.outN, s.outOf = 0, 0
	defer func() {
		if s.isImages() || s.drawMode {
			return
		}
		if pts := s.shownPoints(f); len(pts) > 0 {
			s.outN, s.outOf = outside(pts, ext), len(pts)/2
			markOutside(s.mainImg, v, pts, th.Generated)
		}
	}()
	s.sideAxes, s.side = axes{}, ""
	if s.drawMode {
		s.mainImg = resize(s.mainImg, plotSize, plotSize)
		paint.Scatter(s.mainImg, v, th, paint.Layer{Points: s.drawing, Color: th.Real, Radius: 2.2})
		s.mainAxes = squareAxes(ext, "x", "y")
		return
	}
	img := s.isImages()
	s.mainAxes = axes{}
	if !img {
		s.mainAxes = squareAxes(ext, "x", "y")
	}
	switch s.view.Panel {
	case protocol.PanelSamples:
		if img {
			s.mainImg = s.images(s.mainImg, s.points, 4, 4, 4, nil)
			return
		}
		s.mainImg = resize(s.mainImg, plotSize, plotSize)
		if p, _ := s.row(); p.FieldColors != "" {
			field := s.get(f, protocol.ArrField)
			if len(field) != heatN*heatN {
				paint.Scatter(s.mainImg, v, th, real, gen(s.points))
				return
			}
			if p.FieldColors == "diverging" {
				paint.Heatmap(s.mainImg, v, field, heatN, Realness, 0, 1)
			} else {
				// The colours span the log-density where the data lie.
				lo, hi := dataFieldRange(field, heatN, ext, s.real, 0.02, 0.9)
				paint.Heatmap(s.mainImg, v, field, heatN, paint.Viridis, lo, hi)
			}
			paint.GridLines(s.mainImg, v, th)
			paint.ScatterOver(s.mainImg, v, real, gen(s.points))
			return
		}
		paint.Scatter(s.mainImg, v, th, real, gen(s.points))
	case protocol.PanelRecon:
		in, out := s.get(f, protocol.ArrInputs), s.get(f, protocol.ArrRecons)
		if img {
			// Rows alternate inputs and reconstructions.
			var pix []float32
			var borders []color.RGBA
			per := s.rows * s.cols
			for row := 0; row < 2; row++ {
				for k, src := range [][]float32{in, out} {
					for i := 4 * row; i < 4*row+4 && (i+1)*per <= len(src); i++ {
						pix = append(pix, src[i*per:(i+1)*per]...)
						if k == 0 {
							borders = append(borders, th.Real)
						} else {
							borders = append(borders, color.RGBA{})
						}
					}
				}
			}
			s.mainImg = s.images(s.mainImg, pix, 4, 4, 4, borders)
			return
		}
		s.mainImg = resize(s.mainImg, plotSize, plotSize)
		paint.Scatter(s.mainImg, v, th)
		paint.Segments(s.mainImg, v, in, out, color.RGBA{0x99, 0x99, 0x99, 0xff})
		paint.ScatterOver(s.mainImg, v, paint.Layer{Points: in, Color: th.Real, Radius: 2}, gen(out))
	case protocol.PanelLatent, protocol.PanelPrior:
		s.paintLatent(f)
	case protocol.PanelManifold:
		grid := s.get(f, protocol.ArrGrid)
		if img {
			s.mainImg = s.images(s.mainImg, grid, 10, 10, 2, nil)
			span, _ := f.Stat(protocol.StatSpan)
			if !(span > 0) {
				span = 3
			}
			s.mainAxes = tileAxes(paint.Grid{Rows: s.rows, Cols: s.cols, Across: 10, Down: 10, Scale: 2, Gap: imageGap}, span)
			return
		}
		s.mainImg = resize(s.mainImg, plotSize, plotSize)
		paint.Scatter(s.mainImg, v, th, real)
		rows, _ := f.Stat(protocol.StatRows)
		cols, _ := f.Stat(protocol.StatCols)
		if n, m := int(rows), int(cols); n > 0 && m > 0 && len(grid) >= 2*n*m {
			paint.Mesh(s.mainImg, v, grid, n, m, th.Generated)
		}
	case protocol.PanelInterp:
		ends, path := s.get(f, protocol.ArrEnds), s.get(f, protocol.ArrPath)
		if img {
			per := s.rows * s.cols
			var pix []float32
			if len(ends) >= 2*per {
				pix = append(pix, ends[:per]...)
				pix = append(pix, path...)
				pix = append(pix, ends[per:2*per]...)
			}
			n := len(pix) / max(1, per)
			borders := make([]color.RGBA, n)
			if n > 0 {
				borders[0], borders[n-1] = th.Real, th.Real
			}
			s.mainImg = s.images(s.mainImg, pix, max(1, (n+1)/2), 2, 3, borders)
			return
		}
		s.mainImg = resize(s.mainImg, plotSize, plotSize)
		paint.Scatter(s.mainImg, v, th, real)
		if len(path) >= 4 {
			paint.Segments(s.mainImg, v, path[:len(path)-2], path[2:], th.Generated)
		}
		paint.ScatterOver(s.mainImg, v, gen(path), paint.Layer{Points: ends, Color: color.RGBA{0, 0x72, 0xb2, 0xff}, Radius: 5})
	case protocol.PanelForward:
		pts := s.get(f, protocol.ArrPoints)
		if img {
			s.mainImg = s.images(s.mainImg, pts, 4, 4, 4, nil)
			return
		}
		s.mainImg = resize(s.mainImg, plotSize, plotSize)
		paint.Scatter(s.mainImg, v, th, paint.Layer{Points: s.real, Color: color.RGBA{0, 0x72, 0xb2, 0x30}, Radius: 1.6}, gen(pts))
	case protocol.PanelReverse:
		pts := s.frameData(s.frame)
		if img {
			s.mainImg = s.images(s.mainImg, pts, 4, 4, 4, nil)
			return
		}
		s.mainImg = resize(s.mainImg, plotSize, plotSize)
		paint.Scatter(s.mainImg, v, th, real, gen(pts))
	case protocol.PanelSamplers:
		a, b := s.get(f, protocol.ArrFirst), s.get(f, protocol.ArrSecond)
		if img {
			s.mainImg = s.images(s.mainImg, a, 2, 2, 4, nil)
			s.sideImg = s.images(s.sideImg, b, 2, 2, 4, nil)
			s.side = s.sideTitle()
			return
		}
		s.mainImg = resize(s.mainImg, plotSize, plotSize)
		s.sideImg = resize(s.sideImg, plotSize, plotSize)
		paint.Scatter(s.mainImg, v, th, real, gen(a))
		paint.Scatter(s.sideImg, v, th, real, gen(b))
		s.sideAxes = squareAxes(ext, "x", "y")
		s.side = s.sideTitle()
	case protocol.PanelPaths:
		xs := s.get(f, protocol.ArrPaths)
		s.mainImg = resize(s.mainImg, plotSize, plotSize)
		paint.Scatter(s.mainImg, v, th, paint.Layer{Points: s.real, Color: color.RGBA{0, 0x72, 0xb2, 0x30}, Radius: 1.6})
		n, _ := f.Stat(protocol.StatPathPoints)
		step := 2 * int(n)
		if step == 0 || len(xs) < step {
			return
		}
		for i := step; i+step <= len(xs); i += step {
			paint.Segments(s.mainImg, v, xs[i-step:i], xs[i:i+step], color.RGBA{0xd5, 0x5e, 0x00, 0x90})
		}
		paint.ScatterOver(s.mainImg, v,
			paint.Layer{Points: xs[:step], Color: color.RGBA{0, 0x72, 0xb2, 0xff}, Radius: 2.5},
			gen(xs[len(xs)-step:]))
	case protocol.PanelInpaint, protocol.PanelSDEdit:
		in, pts := s.get(f, protocol.ArrInput), s.get(f, protocol.ArrPoints)
		var mask []float32
		if p, _ := s.row(); p.Reads(protocol.ArrMask) {
			mask = s.get(f, protocol.ArrMask)
		}
		if img {
			per := s.rows * s.cols
			first := append([]float32(nil), in...)
			if len(first) > per {
				first = first[:per]
			}
			pix := append(first, pts...)
			n := len(pix) / max(1, per)
			borders := make([]color.RGBA, n)
			if n > 0 {
				borders[0] = th.Real
			}
			s.mainImg = s.images(s.mainImg, pix, 3, 3, 4, borders)
			if len(mask) == per && len(first) == per {
				s.shadeMask(mask)
			}
			return
		}
		s.mainImg = resize(s.mainImg, plotSize, plotSize)
		paint.Scatter(s.mainImg, v, th)
		if s.view.Panel == protocol.PanelInpaint {
			// The known x coordinates as faint vertical lines.
			for i := 0; i+1 < len(in) && i+1 < len(mask); i += 2 {
				if mask[i] == 1 && mask[i+1] == 0 {
					px, _ := v.Pixel(in[i], 0)
					vline(s.mainImg, int(px), color.RGBA{0xdd, 0xdd, 0xdd, 0xff})
				}
			}
			paint.ScatterOver(s.mainImg, v, real, gen(pts))
			return
		}
		if len(s.drawing) > 0 {
			in = s.drawing // drawn since the figure
		}
		paint.ScatterOver(s.mainImg, v, paint.Layer{Points: in, Color: color.RGBA{0, 0x72, 0xb2, 0xff}, Radius: 2.2}, gen(pts))
	default:
		// A panel without a painter of its own: its points over the data,
		// or its images.
		var pts []float32
		if p, ok := s.row(); ok && p.Reads(protocol.ArrPoints) {
			pts = s.get(f, protocol.ArrPoints)
		}
		if img {
			s.mainImg = s.images(s.mainImg, pts, 4, 4, 4, nil)
			return
		}
		s.mainImg = resize(s.mainImg, plotSize, plotSize)
		paint.Scatter(s.mainImg, v, th, real, gen(pts))
	}
}

// shownPoints returns the generated points that the main plot of a 2D
// panel shows (samples, a frame of the reverse process, completions,
// edits, decoded prior samples, the first sampler's sample), or nil for a
// panel whose points are not samples.
func (s *Session) shownPoints(f protocol.Figure) []float32 {
	p, ok := s.row()
	if !ok || s.drawMode {
		return nil
	}
	switch s.view.Panel {
	case protocol.PanelSamples:
		return s.points
	case protocol.PanelReverse:
		return s.frameData(s.frame)
	case protocol.PanelSamplers:
		return f.Get(protocol.ArrFirst)
	case protocol.PanelPaths:
		xs := f.Get(protocol.ArrPaths)
		n, _ := f.Stat(protocol.StatPathPoints)
		if step := 2 * int(n); step > 0 && len(xs) >= step {
			return xs[len(xs)-step:]
		}
		return nil
	}
	if p.Reads(protocol.ArrPoints) && s.view.Panel != protocol.PanelForward {
		return f.Get(protocol.ArrPoints)
	}
	return nil
}

// outsideText says how many of the main plot's samples lie outside its
// view, marked at its edge; "" when none does.
func (s *Session) outsideText() string {
	if s.outN == 0 {
		return ""
	}
	return fmt.Sprintf("▲ %d of %d outside the view", s.outN, s.outOf)
}

// paintLatent paints codes: the data's codes coloured by class or by
// position (main view), and for 2D data the data coloured the same way as
// a key (side view); for the prior panel, decoded prior samples over the
// data (main) and the codes against N(0, I) (side).
func (s *Session) paintLatent(f protocol.Figure) {
	th := s.theme
	// A bijection's codes are the data pushed through it; an encoder's
	// codes may come with labels and the code of a drawn input.
	bij := s.has(protocol.CapBijection)
	codes := s.get(f, protocol.ArrCodes)
	var inputs, labels, inputCode, inputRecon []float32
	if s.view.Panel == protocol.PanelLatent {
		inputs = s.get(f, protocol.ArrInputs)
		if !bij {
			labels = s.get(f, protocol.ArrLabels)
			inputCode, inputRecon = s.get(f, protocol.ArrInputCode), s.get(f, protocol.ArrInputRecon)
		}
	}
	ld := 2
	if d, ok := f.Stat(protocol.StatLatentDim); ok && d >= 1 {
		ld = int(d)
	}
	if bij && s.isImages() {
		// The digits' codes as images: z from −3 (blank) to 3 (ink).
		z := make([]float32, len(codes))
		for i, v := range codes {
			z[i] = (v + 3) / 6
		}
		s.mainImg = s.images(s.mainImg, z, 4, 4, 4, nil)
		return
	}
	if bij {
		ld = s.dim
	}
	// The codes' first two dimensions.
	var xy []float32
	if ld >= 1 {
		for i := 0; i+ld <= len(codes); i += ld {
			y := float32(0)
			if ld > 1 {
				y = codes[i+1]
			}
			xy = append(xy, codes[i], y)
		}
	}
	var cols []color.RGBA
	ext := s.plotExtent()
	switch {
	case labels != nil:
		for _, l := range labels {
			cols = append(cols, paint.Okabe(int(l)))
		}
	case inputs != nil:
		for i := 0; i+1 < len(inputs); i += 2 {
			cols = append(cols, paint.PositionColor(inputs[i], inputs[i+1], ext))
		}
	}
	zext := float32(4)
	for _, v := range xy {
		if a := abs32(v); a > zext && a < 1e6 {
			zext = a * 1.05
		}
	}
	zv := paint.View{Extent: zext, W: plotSize, H: plotSize}
	if s.view.Panel == protocol.PanelPrior {
		v := s.dataView()
		if s.isImages() {
			s.mainImg = s.images(s.mainImg, s.get(f, protocol.ArrPoints), 4, 4, 4, nil)
		} else {
			s.mainImg = resize(s.mainImg, plotSize, plotSize)
			paint.Scatter(s.mainImg, v, th, paint.Layer{Points: s.real, Color: th.Real, Radius: 1.6},
				paint.Layer{Points: s.get(f, protocol.ArrPoints), Color: th.Generated, Radius: 2.1})
		}
		// Side: the data's codes (blue) against N(0, I) circles.
		s.sideImg = resize(s.sideImg, plotSize, plotSize)
		paint.Scatter(s.sideImg, zv, th, paint.Layer{Points: xy, Color: color.RGBA{0, 0x72, 0xb2, 0xa0}, Radius: 1.8})
		circles(s.sideImg, zv, color.RGBA{0x55, 0x55, 0x55, 0xff})
		s.sideAxes = squareAxes(zext, "z₁", "z₂")
		s.side = s.sideTitle()
		return
	}
	s.mainImg = resize(s.mainImg, plotSize, plotSize)
	paint.Scatter(s.mainImg, zv, th, paint.Layer{Points: xy, Color: th.Real, Colors: cols, Radius: 2})
	if bij {
		circles(s.mainImg, zv, color.RGBA{0x55, 0x55, 0x55, 0xff})
	}
	if ic := inputCode; len(ic) >= 1 {
		y := float32(0)
		if len(ic) > 1 {
			y = ic[1]
		}
		paint.ScatterOver(s.mainImg, zv, paint.Layer{Points: []float32{ic[0], y}, Color: color.RGBA{0, 0, 0, 0xff}, Radius: 7},
			paint.Layer{Points: []float32{ic[0], y}, Color: color.RGBA{0xf0, 0xe4, 0x42, 0xff}, Radius: 4.5})
	}
	s.mainAxes = squareAxes(zext, "z₁", "z₂")
	if labels == nil && inputs != nil {
		v := s.dataView()
		s.sideImg = resize(s.sideImg, plotSize, plotSize)
		paint.Scatter(s.sideImg, v, th, paint.Layer{Points: inputs, Colors: cols, Color: th.Real, Radius: 2})
		s.sideAxes = squareAxes(ext, "x", "y")
		s.side = "Colour key: the data, coloured by position"
	}
	if rec := inputRecon; rec != nil && s.isImages() {
		s.sideImg = s.images(s.sideImg, rec, 1, 1, 6, nil)
		s.side = "Your digit, decoded from its code"
	}
}

// shadeMask shades the pixels of the first tile that were filled in.
func (s *Session) shadeMask(mask []float32) {
	g := paint.Grid{Rows: s.rows, Cols: s.cols, Across: 3, Down: 3, Scale: 4, Gap: imageGap}
	t := g.Tile(0)
	for y := range s.rows {
		for x := range s.cols {
			if mask[y*s.cols+x] != 0 {
				continue
			}
			for dy := range g.Scale {
				for dx := range g.Scale {
					px, py := t.Min.X+x*g.Scale+dx, t.Min.Y+y*g.Scale+dy
					c := s.mainImg.RGBAAt(px, py)
					c.R = uint8((int(c.R) + 230) / 2)
					c.G = uint8((int(c.G) + 159) / 2)
					c.B = uint8(int(c.B) / 2)
					s.mainImg.SetRGBA(px, py, c)
				}
			}
		}
	}
}

// circles draws circles of radius 1, 2 and 3 around the origin: N(0, I)'s
// contours at 1, 2 and 3 standard deviations.
func circles(img *image.RGBA, v paint.View, c color.RGBA) {
	for _, rad := range []float32{1, 2, 3} {
		const n = 180
		pts := make([]float32, 0, 2*(n+1))
		for i := 0; i <= n; i++ {
			a := 2 * math.Pi * float64(i) / n
			pts = append(pts, rad*float32(math.Cos(a)), rad*float32(math.Sin(a)))
		}
		paint.Segments(img, v, pts[:len(pts)-2], pts[2:], c)
	}
}

// vline draws a vertical line at column x.
func vline(img *image.RGBA, x int, c color.RGBA) {
	b := img.Bounds()
	if x < b.Min.X || x >= b.Max.X {
		return
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		img.SetRGBA(x, y, c)
	}
}

// hasSide reports whether the panel shows a second plot.
func (s *Session) hasSide() bool { return s.side != "" }

// sideTitle is the row's name of the second plot.
func (s *Session) sideTitle() string {
	p, _ := s.row()
	return p.SideTitle
}

// mainTitle names the main plot.
func (s *Session) mainTitle() string {
	p, ok := s.row()
	switch {
	case !ok:
		return "" // the worker has not said which panels the model has
	case p.MainTitle != "":
		return p.MainTitle
	}
	return p.Label
}

// get returns the array name of the figure f of the panel shown. A name
// that the panel's row does not list, or a required one that f lacks, is
// a mistake of the page or the worker: get records it in misread, which
// the tests read.
func (s *Session) get(f protocol.Figure, name string) []float32 {
	a := f.Get(name)
	if p, ok := s.row(); ok && s.figOK {
		switch {
		case !p.Reads(name):
			s.misread = append(s.misread, fmt.Sprintf("%s: the page reads array %q, which the panel's row does not list", p.Name, name))
		case a == nil && slices.Contains(p.Arrays, name) && f.Note == "":
			s.misread = append(s.misread, fmt.Sprintf("%s: the figure lacks array %q", p.Name, name))
		}
	}
	return a
}

// Problems returns the mistakes painting found (see get): arrays the page
// read that the panel's row does not list, and required ones a figure
// lacked. It is empty when the page and the worker agree.
func (s *Session) Problems() []string { return s.misread }

// MainImage returns the main plot as painted last.
func (s *Session) MainImage() *image.RGBA { return s.mainImg }

// Panels returns the names of the session's panels, in the order of the
// tabs.
func (s *Session) Panels() []string {
	var out []string
	for _, p := range s.panels {
		out = append(out, p.Name)
	}
	return out
}
