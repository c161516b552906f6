package ui

import (
	"fmt"
	"image"
	"image/color"
	"math"
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
}

// heatN is the side of the grid the worker evaluates fields on.
const heatN = 64

// plotExtent is the half-width of the data square shown.
func (r *Root) plotExtent() float32 {
	if r.set.Extent > 0 {
		return r.set.Extent
	}
	return 4
}

// applyFigure takes a figure of the current panel.
func (r *Root) applyFigure(f protocol.Figure) {
	if f.Panel != r.view.Panel {
		return
	}
	r.fig, r.figOK = f, true
	if f.Panel == protocol.PanelSamples {
		if pts := f.Get("points"); pts != nil {
			r.points = pts
		}
		if len(f.Stats) > 0 {
			r.metrics = mergeStats(r.metrics, f.Stats)
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
		r.metrics = mergeStats(r.metrics, st)
		r.history.add(f.Step, r.metrics)
		r.paintMetrics()
		r.info = ""
	}
	r.paintMain()
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
func (r *Root) dataView() paint.View {
	return paint.View{Extent: r.plotExtent(), W: plotSize, H: plotSize}
}

// squareAxes labels a plot of [-ext, ext]².
func squareAxes(ext float32, xt, yt string) axes {
	var a axes
	for _, v := range paint.NiceTicks(-float64(ext), float64(ext), 5) {
		if math.Abs(v) > float64(ext) {
			continue
		}
		pos := 100 * (v + float64(ext)) / (2 * float64(ext))
		label := strconv.FormatFloat(v, 'g', 3, 64)
		a.X = append(a.X, tick{Label: label, Style: fmt.Sprintf("left: %.2f%%", pos)})
		a.Y = append(a.Y, tick{Label: label, Style: fmt.Sprintf("top: %.2f%%", 100-pos)})
	}
	a.XTitle, a.YTitle = xt, yt
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
func (r *Root) images(img *image.RGBA, pixels []float32, across, down, scale int, borders []color.RGBA) *image.RGBA {
	g := paint.Grid{Rows: r.rows, Cols: r.cols, Across: across, Down: down, Scale: scale, Gap: imageGap}
	w, h := g.Size()
	img = resize(img, w, h)
	paint.Gallery(img, g, pixels, r.theme, borders)
	return img
}

// frames is the number of frames of the reverse process's figure.
func (r *Root) frames() int {
	if !r.figOK || r.fig.Panel != protocol.PanelReverse {
		return 0
	}
	n, _ := r.fig.Stat("frames")
	if math.IsNaN(n) {
		return 0
	}
	return int(n)
}

// frameData returns frame i of the reverse process (lastFrame: the last).
func (r *Root) frameData(i int) []float32 {
	n := r.frames()
	all := r.fig.Get("frames")
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
func (r *Root) paintMain() {
	defer func() { r.mainVer++; r.sideVer++ }()
	ext := r.plotExtent()
	v := r.dataView()
	th := r.theme
	real := paint.Layer{Points: r.real, Color: th.Real, Radius: 1.6}
	gen := func(pts []float32) paint.Layer {
		return paint.Layer{Points: pts, Color: th.Generated, Radius: 2.1}
	}
	r.sideAxes = axes{}
	if r.drawMode {
		r.mainImg = resize(r.mainImg, plotSize, plotSize)
		paint.Scatter(r.mainImg, v, th, paint.Layer{Points: r.drawing, Color: th.Real, Radius: 2.2})
		r.mainAxes = squareAxes(ext, "x", "y")
		return
	}
	f := r.fig
	if !r.figOK {
		f = protocol.Figure{Panel: r.view.Panel}
	}
	img := r.isImages()
	r.mainAxes = axes{}
	if !img {
		r.mainAxes = squareAxes(ext, "x", "y")
	}
	switch r.view.Panel {
	case protocol.PanelSamples:
		if img {
			r.mainImg = r.images(r.mainImg, r.points, 4, 4, 4, nil)
			return
		}
		r.mainImg = resize(r.mainImg, plotSize, plotSize)
		if field := f.Get("field"); len(field) == heatN*heatN {
			if r.spec.Family == "gan" {
				paint.Heatmap(r.mainImg, v, field, heatN, paint.Diverging, 0, 1)
			} else {
				lo, hi := paint.FieldRange(field, 0.02)
				paint.Heatmap(r.mainImg, v, field, heatN, paint.Viridis, lo, hi)
			}
			paint.GridLines(r.mainImg, v, th)
			paint.ScatterOver(r.mainImg, v, real, gen(r.points))
			return
		}
		paint.Scatter(r.mainImg, v, th, real, gen(r.points))
	case protocol.PanelRecon:
		in, out := f.Get("inputs"), f.Get("recons")
		if img {
			// Rows alternate inputs and reconstructions.
			var pix []float32
			var borders []color.RGBA
			per := r.rows * r.cols
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
			r.mainImg = r.images(r.mainImg, pix, 4, 4, 4, borders)
			return
		}
		r.mainImg = resize(r.mainImg, plotSize, plotSize)
		paint.Scatter(r.mainImg, v, th)
		paint.Segments(r.mainImg, v, in, out, color.RGBA{0x99, 0x99, 0x99, 0xff})
		paint.ScatterOver(r.mainImg, v, paint.Layer{Points: in, Color: th.Real, Radius: 2}, gen(out))
	case protocol.PanelLatent, protocol.PanelPrior:
		r.paintLatent(f)
	case protocol.PanelManifold:
		grid := f.Get("grid")
		if img {
			r.mainImg = r.images(r.mainImg, grid, 10, 10, 2, nil)
			r.mainAxes = axes{XTitle: "z₁ from −3 to 3", YTitle: "z₂ from 3 to −3"}
			return
		}
		r.mainImg = resize(r.mainImg, plotSize, plotSize)
		paint.Scatter(r.mainImg, v, th, real)
		rows, _ := f.Stat("rows")
		cols, _ := f.Stat("cols")
		if n, m := int(rows), int(cols); n > 0 && m > 0 && len(grid) >= 2*n*m {
			paint.Mesh(r.mainImg, v, grid, n, m, th.Generated)
		}
	case protocol.PanelInterp:
		ends, path := f.Get("ends"), f.Get("path")
		if img {
			per := r.rows * r.cols
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
			r.mainImg = r.images(r.mainImg, pix, max(1, (n+1)/2), 2, 3, borders)
			return
		}
		r.mainImg = resize(r.mainImg, plotSize, plotSize)
		paint.Scatter(r.mainImg, v, th, real)
		if len(path) >= 4 {
			paint.Segments(r.mainImg, v, path[:len(path)-2], path[2:], th.Generated)
		}
		paint.ScatterOver(r.mainImg, v, gen(path), paint.Layer{Points: ends, Color: color.RGBA{0, 0x72, 0xb2, 0xff}, Radius: 5})
	case protocol.PanelForward:
		pts := f.Get("points")
		if img {
			r.mainImg = r.images(r.mainImg, pts, 4, 4, 4, nil)
			return
		}
		r.mainImg = resize(r.mainImg, plotSize, plotSize)
		paint.Scatter(r.mainImg, v, th, paint.Layer{Points: r.real, Color: color.RGBA{0, 0x72, 0xb2, 0x30}, Radius: 1.6}, gen(pts))
	case protocol.PanelReverse:
		pts := r.frameData(r.frame)
		if img {
			r.mainImg = r.images(r.mainImg, pts, 4, 4, 4, nil)
			return
		}
		r.mainImg = resize(r.mainImg, plotSize, plotSize)
		paint.Scatter(r.mainImg, v, th, real, gen(pts))
	case protocol.PanelSamplers:
		a, b := f.Get("ddpm"), f.Get("ddim")
		if img {
			r.mainImg = r.images(r.mainImg, a, 2, 2, 4, nil)
			r.sideImg = r.images(r.sideImg, b, 2, 2, 4, nil)
			return
		}
		r.mainImg = resize(r.mainImg, plotSize, plotSize)
		r.sideImg = resize(r.sideImg, plotSize, plotSize)
		paint.Scatter(r.mainImg, v, th, real, gen(a))
		paint.Scatter(r.sideImg, v, th, real, gen(b))
		r.sideAxes = squareAxes(ext, "x", "y")
	case protocol.PanelInpaint, protocol.PanelSDEdit:
		in, mask, pts := f.Get("input"), f.Get("mask"), f.Get("points")
		if img {
			per := r.rows * r.cols
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
			r.mainImg = r.images(r.mainImg, pix, 3, 3, 4, borders)
			if len(mask) == per && len(first) == per {
				r.shadeMask(mask)
			}
			return
		}
		r.mainImg = resize(r.mainImg, plotSize, plotSize)
		paint.Scatter(r.mainImg, v, th)
		if r.view.Panel == protocol.PanelInpaint {
			// The known x coordinates as faint vertical lines.
			for i := 0; i+1 < len(in) && i+1 < len(mask); i += 2 {
				if mask[i] == 1 && mask[i+1] == 0 {
					px, _ := v.Pixel(in[i], 0)
					vline(r.mainImg, int(px), color.RGBA{0xdd, 0xdd, 0xdd, 0xff})
				}
			}
			paint.ScatterOver(r.mainImg, v, real, gen(pts))
			return
		}
		if len(r.drawing) > 0 {
			in = r.drawing // drawn since the figure
		}
		paint.ScatterOver(r.mainImg, v, paint.Layer{Points: in, Color: color.RGBA{0, 0x72, 0xb2, 0xff}, Radius: 2.2}, gen(pts))
	}
}

// paintLatent paints codes: the data's codes coloured by class or by
// position (main view), and for 2D data the data coloured the same way as
// a key (side view); for the prior panel, decoded prior samples over the
// data (main) and the codes against N(0, I) (side).
func (r *Root) paintLatent(f protocol.Figure) {
	th := r.theme
	codes, inputs, labels := f.Get("codes"), f.Get("inputs"), f.Get("labels")
	ld := 2
	if d, ok := f.Stat("latent_dim"); ok && d >= 1 {
		ld = int(d)
	}
	if r.spec.Family == "flow" && r.isImages() {
		// The digits' codes as images: z from −3 (blank) to 3 (ink).
		z := make([]float32, len(codes))
		for i, v := range codes {
			z[i] = (v + 3) / 6
		}
		r.mainImg = r.images(r.mainImg, z, 4, 4, 4, nil)
		r.mainAxes = axes{XTitle: "each pixel's latent value, −3 (white) to 3 (black)"}
		return
	}
	if r.spec.Family == "flow" {
		ld = r.dim
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
	ext := r.plotExtent()
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
	if r.view.Panel == protocol.PanelPrior {
		v := r.dataView()
		if r.isImages() {
			r.mainImg = r.images(r.mainImg, f.Get("points"), 4, 4, 4, nil)
		} else {
			r.mainImg = resize(r.mainImg, plotSize, plotSize)
			paint.Scatter(r.mainImg, v, th, paint.Layer{Points: r.real, Color: th.Real, Radius: 1.6},
				paint.Layer{Points: f.Get("points"), Color: th.Generated, Radius: 2.1})
		}
		// Side: the data's codes (blue) against N(0, I) circles.
		r.sideImg = resize(r.sideImg, plotSize, plotSize)
		paint.Scatter(r.sideImg, zv, th, paint.Layer{Points: xy, Color: color.RGBA{0, 0x72, 0xb2, 0xa0}, Radius: 1.8})
		circles(r.sideImg, zv, color.RGBA{0x55, 0x55, 0x55, 0xff})
		r.sideAxes = squareAxes(zext, "z₁", "z₂")
		return
	}
	r.mainImg = resize(r.mainImg, plotSize, plotSize)
	paint.Scatter(r.mainImg, zv, th, paint.Layer{Points: xy, Color: th.Real, Colors: cols, Radius: 2})
	if r.spec.Family == "flow" {
		circles(r.mainImg, zv, color.RGBA{0x55, 0x55, 0x55, 0xff})
	}
	if ic := f.Get("input_code"); len(ic) >= 1 {
		y := float32(0)
		if len(ic) > 1 {
			y = ic[1]
		}
		paint.ScatterOver(r.mainImg, zv, paint.Layer{Points: []float32{ic[0], y}, Color: color.RGBA{0, 0, 0, 0xff}, Radius: 7},
			paint.Layer{Points: []float32{ic[0], y}, Color: color.RGBA{0xf0, 0xe4, 0x42, 0xff}, Radius: 4.5})
	}
	r.mainAxes = squareAxes(zext, "z₁", "z₂")
	if labels == nil && inputs != nil {
		v := r.dataView()
		r.sideImg = resize(r.sideImg, plotSize, plotSize)
		paint.Scatter(r.sideImg, v, th, paint.Layer{Points: inputs, Colors: cols, Color: th.Real, Radius: 2})
		r.sideAxes = squareAxes(ext, "x", "y")
	}
	if rec := f.Get("input_recon"); rec != nil && r.isImages() {
		r.sideImg = r.images(r.sideImg, rec, 1, 1, 6, nil)
	}
}

// shadeMask shades the pixels of the first tile that were filled in.
func (r *Root) shadeMask(mask []float32) {
	g := paint.Grid{Rows: r.rows, Cols: r.cols, Across: 3, Down: 3, Scale: 4, Gap: imageGap}
	t := g.Tile(0)
	for y := range r.rows {
		for x := range r.cols {
			if mask[y*r.cols+x] != 0 {
				continue
			}
			for dy := range g.Scale {
				for dx := range g.Scale {
					px, py := t.Min.X+x*g.Scale+dx, t.Min.Y+y*g.Scale+dy
					c := r.mainImg.RGBAAt(px, py)
					c.R = uint8((int(c.R) + 230) / 2)
					c.G = uint8((int(c.G) + 159) / 2)
					c.B = uint8(int(c.B) / 2)
					r.mainImg.SetRGBA(px, py, c)
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
func (r *Root) hasSide() bool {
	switch r.view.Panel {
	case protocol.PanelSamplers, protocol.PanelPrior:
		return r.figOK
	case protocol.PanelLatent:
		return r.figOK && (r.fig.Get("labels") == nil && r.fig.Get("inputs") != nil || r.fig.Get("input_recon") != nil)
	}
	return false
}

// sideTitle names the second plot.
func (r *Root) sideTitle() string {
	switch r.view.Panel {
	case protocol.PanelSamplers:
		return "DDIM"
	case protocol.PanelPrior:
		return "Codes of the data against N(0, I)"
	case protocol.PanelLatent:
		if r.fig.Get("input_recon") != nil {
			return "Your digit, decoded from its code"
		}
		return "Colour key: the data, coloured by position"
	}
	return ""
}

// mainTitle names the main plot.
func (r *Root) mainTitle() string {
	for _, t := range panelTabs[r.spec.Family] {
		if t.Panel == r.view.Panel {
			if r.view.Panel == protocol.PanelSamplers {
				return "DDPM"
			}
			return t.Label
		}
	}
	return "Samples"
}
