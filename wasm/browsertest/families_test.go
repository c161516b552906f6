//go:build !(js && wasm)

package browsertest

import (
	"fmt"
	"genplay/models/registry"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"genplay/models/data"
	"genplay/wasm/paint"
)

// familyDeadline bounds how long a family may take to train to
// familySteps and show its first figure with metrics.
const (
	familySteps    = 300
	familyDeadline = 90 * time.Second
)

// TestFamilies trains every family on 8 Gaussians from the page's model
// picker: each trains past familySteps, shows its first panel with
// metrics, paints its loss chart and pauses.
func TestFamilies(t *testing.T) {
	for _, fam := range registry.Families() {
		f := fam.Name
		t.Run(f, func(t *testing.T) {
			p := openPage(t)
			p.pickFamily(f)
			p.play()
			start := time.Now()
			p.waitStep(familySteps, familyDeadline)
			p.waitMetrics(familyDeadline - time.Since(start))
			p.pause()
			step := p.step()
			t.Logf("%s: step %d after %v; panel %s; metrics %s", f, step, time.Since(start).Round(time.Millisecond),
				p.attr(".app", "data-panel"), strings.Join(strings.Fields(p.text("#metrics")), " "))
			if n := p.inked("loss-canvas"); n < 200 {
				t.Errorf("the loss chart has %d drawn pixels, want a curve (≥ 200)", n)
			}
			if n := p.inked("main-canvas"); n < 500 {
				t.Errorf("the main plot has %d drawn pixels, want a figure (≥ 500)", n)
			}
			for _, m := range []string{"precision", "recall", "mmd2"} {
				if _, ok := p.metric(m); !ok {
					t.Errorf("metric %s reads %q, want a number", m, p.text("#metric-"+m))
				}
			}
			if got := p.attr(".app", "data-step"); got != strconv.Itoa(step) {
				t.Errorf("data-step %q, want the counter's %d", got, step)
			}
			if s := p.text("#notice"); s != "" {
				t.Errorf("notice %q, want none", s)
			}
			p.shot("family-" + f)
		})
	}
}

// pickFamily picks family in the model picker and waits until the page
// has rebuilt for it.
func (p *page) pickFamily(family string) {
	p.t.Helper()
	if p.attr(".app", "data-family") == family {
		return
	}
	p.choose("#family", family)
	p.poll("the model "+family, fmt.Sprintf(`document.querySelector(".app").dataset.family === %q`, family), 10*time.Second)
}

// TestPickersShowModel picks models and data sets with the keyboard, as a
// person does: each picker keeps showing what was picked.
func TestPickersShowModel(t *testing.T) {
	p := openPage(t)
	shown := func(sel string) string {
		var s string
		p.eval(fmt.Sprintf(`(() => {
			const o = document.querySelector(%q).selectedOptions[0];
			return o ? o.value : "";
		})()`, sel), &s)
		return s
	}
	// diffusion is last in the model picker and 8gaussians first in the
	// data picker: up twice is the GAN, down once the next data set.
	p.run(5*time.Second, chromedp.Focus("#family", chromedp.ByQuery), chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp))
	p.poll("a GAN", `document.querySelector(".app").dataset.family === "gan"`, 10*time.Second)
	if got := shown("#family"); got != "gan" {
		t.Errorf("after picking the GAN the model picker shows %q", got)
	}
	p.run(5*time.Second, chromedp.Focus("#data", chromedp.ByQuery), chromedp.KeyEvent(kb.ArrowDown))
	p.poll("a new data set in the link", `new URLSearchParams(location.search).has("d")`, 10*time.Second)
	var want string
	p.eval(`new URLSearchParams(location.search).get("d")`, &want)
	if got := shown("#data"); got != want {
		t.Errorf("the data picker shows %q, the page's link says d=%s", got, want)
	}
	if got := shown("#family"); got != "gan" {
		t.Errorf("after picking a data set the model picker shows %q", got)
	}
	p.shot("pickers")
}

// waitMetrics waits until the metrics show a precision.
func (p *page) waitMetrics(d time.Duration) {
	p.t.Helper()
	p.poll("a precision in the metrics",
		`/^[0-9]/.test((document.getElementById("metric-precision") || {}).textContent || "")`, d)
}

// openTab clicks the tab of panel and waits until the page shows it.
func (p *page) openTab(panel string) {
	p.t.Helper()
	p.click("#tab-" + panel)
	p.poll("the panel "+panel, fmt.Sprintf(`document.querySelector(".app").dataset.panel === %q`, panel), 5*time.Second)
}

// spread returns the generated pixels' root mean square distance from
// their centroid, in pixels.
func spread(px canvasPixels) float64 {
	if len(px.Idx) == 0 {
		return 0
	}
	var mx, my float64
	for _, i := range px.Idx {
		mx += float64(i % px.W)
		my += float64(i / px.W)
	}
	n := float64(len(px.Idx))
	mx, my = mx/n, my/n
	var s float64
	for _, i := range px.Idx {
		dx, dy := float64(i%px.W)-mx, float64(i/px.W)-my
		s += dx*dx + dy*dy
	}
	return math.Sqrt(s / n)
}

// TestGANTruncation loads the pretrained GAN on 8 Gaussians and turns the
// truncation ψ from 1 to 0: the generated points draw together, and their
// precision does not drop.
func TestGANTruncation(t *testing.T) {
	e := manifestModel(t, "gan-8gaussians")
	p := openPage(t)
	p.loadModel(e.Name)
	p.waitMetrics(30 * time.Second)
	h1 := p.settled("main-canvas")
	gen := paint.Light().Generated
	px1 := p.pixelsOf("main-canvas", gen.R, gen.G, gen.B)
	prec1, ok := p.metric("precision")
	if !ok {
		t.Fatalf("precision reads %q at ψ = 1", p.text("#metric-precision"))
	}
	if got := p.text("#psi-value"); got != "1.00" {
		t.Errorf("ψ reads %q, want 1.00", got)
	}
	p.shot("gan-psi-1")

	p.setValue("#psi", "0", "input")
	p.poll("ψ = 0", `document.getElementById("psi-value").textContent === "0.00"`, 5*time.Second)
	p.waitCanvasChange("main-canvas", h1, 30*time.Second, time.Second)
	px0 := p.pixelsOf("main-canvas", gen.R, gen.G, gen.B)
	prec0, ok := p.metric("precision")
	if !ok {
		t.Fatalf("precision reads %q at ψ = 0", p.text("#metric-precision"))
	}
	p.shot("gan-psi-0")
	s1, s0 := spread(px1), spread(px0)
	t.Logf("ψ = 1: %d generated pixels, spread %.1f px, precision %.3f; ψ = 0: %d pixels, spread %.1f px, precision %.3f",
		len(px1.Idx), s1, prec1, len(px0.Idx), s0, prec0)
	if len(px0.Idx) == 0 {
		t.Fatal("no generated points at ψ = 0")
	}
	if s0 >= s1/2 {
		t.Errorf("at ψ = 0 the generated points spread %.1f px, at ψ = 1 %.1f px: want them pulled together, under half", s0, s1)
	}
	if prec0 < prec1 {
		t.Errorf("precision fell from %.3f at ψ = 1 to %.3f at ψ = 0", prec1, prec0)
	}
}

// TestDiffusionPanels loads the pretrained diffusion model on 8 Gaussians
// and works its panels: DDIM with k = 20 is at least 20 times faster per
// sample than DDPM; scrubbing the forward process's t changes the picture;
// the reverse process has frames and saves them as a GIF.
func TestDiffusionPanels(t *testing.T) {
	e := manifestModel(t, "diffusion-8gaussians")
	p := openPage(t)
	p.loadModel(e.Name)

	p.openTab("samplers")
	p.setValue("#ddim-k", "20", "change")
	p.poll("the samplers table for k = 20", `/k = 20,/.test((document.getElementById("samplers-table") || {}).textContent || "")`, time.Minute)
	p.poll("times in the samplers table", `/ms per sample\s*[0-9]/.test(document.getElementById("samplers-table").textContent)`, time.Minute)
	var rows [][]string
	p.eval(`Array.from(document.querySelectorAll("#samplers-table tr"), (tr) => Array.from(tr.children, (c) => c.textContent.trim()))`, &rows)
	t.Logf("samplers: %q; %s", rows, p.text("#speedup"))
	p.shot("diffusion-samplers")
	var ddpm, ddim float64
	found := false
	for _, r := range rows {
		if len(r) == 3 && r[0] == "ms per sample" {
			var err1, err2 error
			ddpm, err1 = strconv.ParseFloat(r[1], 64)
			ddim, err2 = strconv.ParseFloat(r[2], 64)
			found = err1 == nil && err2 == nil
		}
	}
	if !found {
		t.Fatalf("no times per sample in the samplers table %q", rows)
	}
	if ddim <= 0 || ddpm/ddim < 20 {
		t.Errorf("DDPM takes %.3f ms per sample, DDIM with k = 20 %.3f ms: want DDIM at least 20× faster", ddpm, ddim)
	}
	if !strings.Contains(p.text("#speedup"), "faster") {
		t.Errorf("speedup caption %q", p.text("#speedup"))
	}
	if p.inked("side-canvas") < 500 {
		t.Error("the DDIM plot beside DDPM's is blank")
	}

	p.openTab("forward")
	h := p.settled("main-canvas")
	t0 := p.value("#t")
	p.setValue("#t", "900", "input")
	p.poll("t = 900", `document.getElementById("t-value").textContent === "900"`, 5*time.Second)
	h900 := p.waitCanvasChange("main-canvas", h, 30*time.Second, 500*time.Millisecond)
	p.shot("diffusion-forward")
	t.Logf("forward process: t %s → 900 changed the plot %s → %s", t0, h, h900)

	p.openTab("reverse")
	p.poll("the reverse process's frames", `parseInt(document.getElementById("frame").max, 10) > 1`, time.Minute)
	frames := p.attr("#frame", "max")
	p.shot("diffusion-reverse")
	p.click("#export-gif")
	p.poll("the GIF download", `/reverse\.gif$/.test((document.getElementById("last-download") || {download: ""}).download)`, 30*time.Second)
	n, _ := strconv.Atoi(p.attr("#last-download", "data-bytes"))
	t.Logf("reverse process: frames 0…%s; %s of %d bytes", frames, p.attr("#last-download", "download"), n)
	if n <= 0 {
		t.Errorf("the GIF has %d bytes", n)
	}
}

// TestDiffusionInpaintMNIST loads the pretrained MNIST diffusion model and
// opens inpainting: every completion keeps the input's known pixels, grey
// level for grey level.
func TestDiffusionInpaintMNIST(t *testing.T) {
	e := manifestModel(t, "diffusion-mnist")
	p := openPage(t)
	p.loadModel(e.Name)
	p.openTab("inpaint")
	// The input and 8 completions, 3×3 tiles (figures.go of package ui).
	g := paint.Grid{Rows: 28, Cols: 28, Across: 3, Down: 3, Scale: 4, Gap: 6}
	w, h := g.Size()
	p.waitImages(w, h, 2*time.Minute)
	p.settled("main-canvas")
	p.shot("diffusion-inpaint")

	var res struct {
		W, H int
		Pix  []int // r, g, b of the top left of each image pixel's block, tile after tile
	}
	var tiles [][2]int
	for i := range g.Across * g.Down {
		r := g.Tile(i)
		tiles = append(tiles, [2]int{r.Min.X, r.Min.Y})
	}
	p.eval(fmt.Sprintf(`(() => {
		const c = document.getElementById("main-canvas");
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		const pix = [];
		for (const [x0, y0] of %s) {
			for (let r = 0; r < %d; r++) for (let col = 0; col < %d; col++) {
				const i = 4 * ((y0 + r * %d) * c.width + x0 + col * %d);
				pix.push(d[i], d[i+1], d[i+2]);
			}
		}
		return {W: c.width, H: c.height, Pix: pix};
	})()`, jsonInts(tiles), g.Rows, g.Cols, g.Scale, g.Scale), &res)
	per := 3 * g.Rows * g.Cols
	if res.W != w || res.H != h || len(res.Pix) != 9*per {
		t.Fatalf("main canvas %d×%d with %d values, want %d×%d with %d", res.W, res.H, len(res.Pix), w, h, 9*per)
	}
	// Known pixels are grey in the input tile; the unknown ones are shaded
	// orange.
	in := res.Pix[:per]
	known, differ := 0, 0
	for k := 0; k < g.Rows*g.Cols; k++ {
		r, gr, b := in[3*k], in[3*k+1], in[3*k+2]
		if r != gr || gr != b {
			continue
		}
		known++
		for tile := 1; tile < 9; tile++ {
			if v := res.Pix[tile*per+3*k]; v != r {
				differ++
				if differ <= 5 {
					t.Errorf("tile %d, pixel (%d, %d): grey %d, the input's known pixel is %d", tile, k%g.Cols, k/g.Cols, v, r)
				}
			}
		}
	}
	t.Logf("%d of %d pixels known; %d known pixels differ in the 8 completions", known, g.Rows*g.Cols, differ)
	if known == 0 || known == g.Rows*g.Cols {
		t.Errorf("%d known pixels: want a part of the input shaded as unknown", known)
	}
}

// TestFlowDensity loads the pretrained flow on 8 Gaussians: the brightest
// cells of its log-density heatmap lie on the data's modes, none near the
// origin.
func TestFlowDensity(t *testing.T) {
	e := manifestModel(t, "flow-8gaussians")
	set, err := data.Lookup("8gaussians")
	if err != nil {
		t.Fatal(err)
	}
	p := openPage(t)
	p.loadModel(e.Name)
	p.waitMetrics(30 * time.Second)
	p.settled("main-canvas")
	p.shot("flow-density")
	// Viridis' top end is yellow, (253, 231, 37) at 1: nothing else on the
	// plot comes that close to it.
	var yellow canvasPixels
	p.eval(`(() => {
		const c = document.getElementById("main-canvas");
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		const idx = [];
		for (let i = 0; i < d.length; i += 4) {
			if (d[i] > 240 && d[i+1] > 220 && d[i+2] < 60) idx.push(i / 4);
		}
		return {W: c.width, H: c.height, Idx: idx};
	})()`, &yellow)
	v := paint.View{Extent: set.Extent, W: yellow.W, H: yellow.H}
	// Within 3σ of a centre, plus a heatmap cell's diagonal.
	cell := 2 * set.Extent / 64
	r := 3*set.Std + 1.5*cell
	near, origin := 0, 0
	modes := make([]int, len(set.Centers)/2)
	for _, i := range yellow.Idx {
		x, y := v.World(float32(i%yellow.W)+0.5, float32(i/yellow.W)+0.5)
		if x*x+y*y < 1 {
			origin++
		}
		for k := range modes {
			dx, dy := x-set.Centers[2*k], y-set.Centers[2*k+1]
			if dx*dx+dy*dy <= r*r {
				near++
				modes[k]++
				break
			}
		}
	}
	covered := 0
	for _, n := range modes {
		if n > 0 {
			covered++
		}
	}
	t.Logf("%d high-density pixels: %d near a mode %v, %d within 1 of the origin", len(yellow.Idx), near, modes, origin)
	if len(yellow.Idx) < 100 {
		t.Fatalf("%d high-density (yellow) pixels on the heatmap, want at least 100", len(yellow.Idx))
	}
	if share := float64(near) / float64(len(yellow.Idx)); share < 0.95 {
		t.Errorf("%.1f%% of the high-density pixels lie near a mode, want 95%%", 100*share)
	}
	if origin > 0 {
		t.Errorf("%d high-density pixels within 1 of the origin, where the data has none", origin)
	}
	if covered < 7 {
		t.Errorf("the density peaks at %d of the 8 modes, want at least 7", covered)
	}
}

// TestAEPrior loads the pretrained autoencoder on 8 Gaussians and opens
// the prior panel: decoded prior samples on the main plot, the data's
// codes against N(0, I) beside it.
func TestAEPrior(t *testing.T) {
	e := manifestModel(t, "ae-8gaussians")
	p := openPage(t)
	p.loadModel(e.Name)
	p.openTab("prior")
	p.poll("the codes plot", `!!document.getElementById("side-canvas") && !!document.querySelector(".plot-side")`, 30*time.Second)
	wait := p.waitPoints(30 * time.Second)
	p.settled("main-canvas")
	gen := paint.Light().Generated
	n := len(p.pixelsOf("main-canvas", gen.R, gen.G, gen.B).Idx)
	side := p.inked("side-canvas")
	t.Logf("prior samples after %v: %d generated pixels; codes plot %d drawn pixels", wait.Round(time.Millisecond), n, side)
	p.shot("ae-prior")
	if side < 500 {
		t.Errorf("the codes plot has %d drawn pixels", side)
	}
}

// TestVAEManifoldMNIST loads the pretrained MNIST VAE and opens its latent
// grid: a 10×10 grid of decoded digits.
func TestVAEManifoldMNIST(t *testing.T) {
	e := manifestModel(t, "vae-mnist")
	p := openPage(t)
	p.loadModel(e.Name)
	p.openTab("manifold")
	// 10×10 tiles, each pixel 2×2 (figures.go of package ui).
	g := paint.Grid{Rows: 28, Cols: 28, Across: 10, Down: 10, Scale: 2, Gap: 6}
	w, h := g.Size()
	wait := p.waitImages(w, h, time.Minute)
	p.settled("main-canvas")
	_, _, greys := p.greys("main-canvas", g)
	stats := gridStats(greys, g)
	inked := 0
	for _, s := range stats {
		if s.ink >= minInk {
			inked++
		}
	}
	t.Logf("latent grid after %v: %d of %d tiles inked", wait.Round(time.Millisecond), inked, len(stats))
	p.shot("vae-manifold")
	if len(stats) != 100 || inked < 90 {
		t.Errorf("%d of %d tiles have ink, want at least 90 of 100", inked, len(stats))
	}
}

// TestFlowMatchPanels loads the pretrained flow-matching model on 8
// Gaussians and works its panels: Heun against Euler with their network
// evaluations; the probability path scrubbed over t; the trajectories of
// single points drawn as curves.
func TestFlowMatchPanels(t *testing.T) {
	e := manifestModel(t, "flowmatch-8gaussians")
	p := openPage(t)
	p.loadModel(e.Name)

	p.openTab("samplers")
	p.setValue("#ddim-k", "10", "change")
	p.poll("the solvers table for k = 10", `/Heun, k = 10/.test((document.getElementById("samplers-table") || {}).textContent || "")`, time.Minute)
	p.poll("times in the solvers table", `/ms per sample\s*[0-9]/.test(document.getElementById("samplers-table").textContent)`, time.Minute)
	var rows [][]string
	p.eval(`Array.from(document.querySelectorAll("#samplers-table tr"), (tr) => Array.from(tr.children, (c) => c.textContent.trim()))`, &rows)
	t.Logf("solvers: %q", rows)
	p.shot("flowmatch-samplers")
	evals := map[string][2]string{}
	for _, r := range rows {
		if len(r) == 3 {
			evals[r[0]] = [2]string{r[1], r[2]}
		}
	}
	var ev [2]string
	for k, v := range evals {
		if strings.Contains(k, "evaluations") {
			ev = v
		}
	}
	if ev != [2]string{"10", "20"} {
		t.Errorf("network evaluations per sample %q, want Euler 10 and Heun 20 at k = 10 (rows %q)", ev, rows)
	}
	if p.inked("side-canvas") < 500 {
		t.Error("the Heun plot beside Euler's is blank")
	}

	p.openTab("forward")
	h := p.settled("main-canvas")
	p.setValue("#t", "900", "input")
	p.poll("t = 900", `document.getElementById("t-value").textContent === "900"`, 5*time.Second)
	p.waitCanvasChange("main-canvas", h, 30*time.Second, 500*time.Millisecond)
	p.shot("flowmatch-path")

	p.openTab("paths")
	p.poll("the trajectories", `/network evaluations/.test(document.body.textContent)`, time.Minute)
	if n := p.inked("main-canvas"); n < 1500 {
		t.Errorf("the trajectories plot has %d drawn pixels, want curves (≥ 1500)", n)
	}
	p.shot("flowmatch-paths")
}
