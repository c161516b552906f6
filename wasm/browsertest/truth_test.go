//go:build !(js && wasm)

package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"genplay/models/registry"
	"genplay/wasm/paint"
)

// The page tells the truth about what it shows: every text is readable
// (WCAG AA contrast), the plot and the key metrics fit a small laptop's
// screen, a link cannot reach another family's panel, and the flow's
// density shows the data's shape.

// minContrast is WCAG 2.1's AA contrast ratio for normal text (1.4.3).
const minContrast = 4.5

// screens are the viewports every panel is looked at in: a small laptop
// and a common desktop.
var screens = [][2]int{{1024, 768}, {1440, 900}}

// lowContrast is a text element whose contrast is below minContrast.
type lowContrast struct {
	Text, Class, Color, Background string
	Ratio                          float64
}

// contrastJS lists the visible elements that hold text of their own (a
// text node child, or a form control's value), with the contrast of their
// colour against the background they are drawn on: the ancestors'
// background colours composited from the page's up, and the text colour's
// alpha times the element's effective opacity over that. Disabled
// controls are left out, as WCAG leaves out inactive components.
const contrastJS = `(() => {
	const parse = (s) => {
		const m = s.match(/rgba?\(([^)]+)\)/);
		if (!m) return [0, 0, 0, 0];
		const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
		return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
	};
	const over = (top, bottom) => {
		const a = top[3];
		return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
	};
	const lum = (c) => {
		const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
		return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
	};
	const background = (el) => {
		const chain = [];
		for (let e = el; e; e = e.parentElement) chain.push(e);
		let bg = [255, 255, 255, 1];
		for (let i = chain.length - 1; i >= 0; i--) {
			const c = parse(getComputedStyle(chain[i]).backgroundColor);
			if (c[3] > 0) bg = over(c, bg);
		}
		return bg;
	};
	const opacity = (el) => {
		let o = 1;
		for (let e = el; e; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity);
		return o;
	};
	const out = [];
	for (const el of document.querySelectorAll("body *")) {
		if (["SCRIPT", "STYLE", "OPTION", "CANVAS"].includes(el.tagName)) continue;
		const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== "");
		const control = ["SELECT", "BUTTON"].includes(el.tagName) || (el.tagName === "INPUT" && ["text", "number"].includes(el.type));
		if (!ownText && !(control && (el.value || el.textContent).trim() !== "")) continue;
		if (el.disabled) continue;
		const st = getComputedStyle(el);
		if (st.visibility !== "visible" || st.display === "none") continue;
		const r = el.getBoundingClientRect();
		if (r.width === 0 || r.height === 0) continue;
		const o = opacity(el);
		if (o === 0) continue;
		const bg = background(el);
		const fg = parse(st.color);
		const c = over([fg[0], fg[1], fg[2], fg[3] * o], bg);
		const l1 = lum(c), l2 = lum(bg);
		const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
		const text = ownText ? [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join("").trim() : (el.value || el.textContent).trim();
		if (ratio < ` + "4.5" + `) out.push({Text: text.slice(0, 60), Class: el.tagName.toLowerCase() + "." + el.className, Color: st.color, Background: "rgb(" + bg.slice(0, 3).map(Math.round).join(", ") + ")", Ratio: ratio});
	}
	return out;
})()`

// lowContrastTexts returns the page's visible texts below minContrast.
func (p *page) lowContrastTexts() []lowContrast {
	p.t.Helper()
	var out []lowContrast
	p.evalSlow(contrastJS, &out)
	return out
}

// viewport sets the page's viewport to w×h CSS pixels.
func (p *page) viewport(w, h int) {
	p.t.Helper()
	p.run(bootWait, chromedp.EmulateViewport(int64(w), int64(h)))
}

// screenShot saves a PNG of the viewport (not the whole page) as name.png
// in shotsDir.
func (p *page) screenShot(name string) {
	p.t.Helper()
	var png []byte
	p.run(10*time.Second, chromedp.CaptureScreenshot(&png))
	dir := shotsDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Errorf("screenshot: %v", err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		p.t.Errorf("screenshot: %v", err)
	}
}

// tabNames returns the panels of the page's tab bar, in order.
func (p *page) tabNames() []string {
	p.t.Helper()
	var ids []string
	p.evalSlow(`[...document.querySelectorAll(".tabs .tab")].map(b => b.id.replace(/^tab-/, ""))`, &ids)
	return ids
}

// bootWait bounds the page's start on a loaded machine: compiling two
// wasm binaries on 2 shared cores has taken over 30 s.
const bootWait = 150 * time.Second

// openTruth opens link in a fresh headless Chromium, as openLink does, but
// gives the page bootWait to hear from its worker, and waits until it is
// ready (or paused, for a link that trains or loads).
func openTruth(t *testing.T, link string) *page {
	t.Helper()
	needBrowser(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(testEnv.chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(screens[0][0], screens[0][1]),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	p := &page{t: t, ctx: ctx}
	chromedp.ListenTarget(ctx, p.onEvent)
	t.Cleanup(func() {
		p.mu.Lock()
		p.closed = true
		failures := p.failures
		p.mu.Unlock()
		if err := chromedp.Cancel(ctx); err != nil {
			t.Logf("closing the browser: %v", err)
		}
		cancel()
		cancelAlloc()
		for _, f := range failures {
			t.Errorf("page: %s", f)
		}
	})
	start := time.Now()
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	p.run(30*time.Second, chromedp.Navigate(link))
	p.poll("the worker", `(document.querySelector(".app") || {dataset: {}}).dataset.status !== "starting" && !!document.querySelector(".app")`, bootWait)
	t.Logf("page up in %v", time.Since(start).Round(time.Millisecond))
	return p
}

// evalSlow is eval with bootWait to answer: a page that is still starting
// on a loaded machine may hold its main thread for longer than eval's 30 s.
func (p *page) evalSlow(expr string, res any) {
	p.t.Helper()
	p.run(bootWait, chromedp.Evaluate(expr, res, func(ep *runtime.EvaluateParams) *runtime.EvaluateParams {
		return ep.WithAwaitPromise(true)
	}))
}

// panelSlow returns the panel the page shows, with bootWait to answer.
func (p *page) panelSlow() string {
	p.t.Helper()
	var s string
	p.evalSlow(`(document.querySelector(".app") || {dataset: {}}).dataset.panel || ""`, &s)
	return s
}

// openTabSlow clicks the tab of panel from script and waits, up to
// bootWait, until the page shows it.
func (p *page) openTabSlow(panel string) {
	p.t.Helper()
	var ok bool
	p.evalSlow(fmt.Sprintf(`(() => { const b = document.getElementById(%q); if (b) b.click(); return !!b; })()`, "tab-"+panel), &ok)
	if !ok {
		p.t.Fatalf("no tab %s", panel)
	}
	p.poll("the panel "+panel, fmt.Sprintf(`document.querySelector(".app").dataset.panel === %q`, panel), bootWait)
}

// hashSlow is canvasHash with bootWait to answer.
func (p *page) hashSlow(id string) string {
	p.t.Helper()
	var s string
	p.evalSlow(fmt.Sprintf(`(() => {
		const c = document.getElementById(%q);
		if (!c || !c.width) return "";
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		let h = 0x811c9dc5;
		for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 0x01000193);
		return c.width + "x" + c.height + ":" + (h >>> 0).toString(16);
	})()`, id), &s)
	return s
}

// loadPretrained loads the pretrained model name through the page's
// picker and Load button, pressed from script so that it works wherever
// the layout puts them, and waits until the page runs the model.
func (p *page) loadPretrained(name string) {
	p.t.Helper()
	e := manifestModel(p.t, name)
	done := fmt.Sprintf(`!!document.querySelector('.load[data-done="true"]') && ((document.getElementById("pretrained-name") || {}).textContent || "").includes(%q)`, e.Title)
	p.poll("the pretrained model "+name+" in the list",
		fmt.Sprintf(`!!document.querySelector('#pretrained option[value=%q]') || (%s)`, name, done), bootWait)
	var loaded bool
	p.evalSlow(done, &loaded)
	if loaded {
		return // a link loaded it
	}
	var ok bool
	p.evalSlow(fmt.Sprintf(`(() => {
		const s = document.getElementById("pretrained");
		s.value = %q;
		s.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`, name), &ok)
	p.evalSlow(`(() => { document.getElementById("load").click(); return true; })()`, &ok)
	p.poll("the load of "+name, "("+done+`) || !!document.getElementById("notice")`, 2*loadDeadline)
	if s := p.text("#notice"); s != "" {
		p.t.Fatalf("loading %s: notice %q", name, s)
	}
}

// waitFigure waits up to d for the main plot to differ from old (any
// picture, when old is "") and then stay the same for a second, and
// reports whether it did.
func (p *page) waitFigure(old string, d time.Duration) bool {
	p.t.Helper()
	deadline := time.Now().Add(d)
	last, since := "", time.Now()
	for time.Now().Before(deadline) {
		h := p.hashSlow("main-canvas")
		if h != last {
			last, since = h, time.Now()
		}
		if h != old && h != "" && time.Since(since) >= time.Second {
			return true
		}
		time.Sleep(150 * time.Millisecond)
	}
	return false
}

// truthSets are the data sets TestTruthContrast walks: $GENPLAY_TRUTH_SETS
// (comma-separated), or 8 Gaussians and MNIST.
func truthSets() []string {
	if s := os.Getenv("GENPLAY_TRUTH_SETS"); s != "" {
		return strings.Split(s, ",")
	}
	return []string{"8gaussians", "mnist"}
}

// TestTruthContrast loads every family's pretrained model on 8 Gaussians
// and on MNIST in one page, opens each of its panels and checks the
// contrast of every visible text against its background at both screen
// sizes, saving a screenshot of each (truth-<model>-<panel>-<w>x<h>.png
// in shotsDir). A panel's figure is given figureWait to arrive; the texts
// are checked either way.
func TestTruthContrast(t *testing.T) {
	needWeights(t)
	const figureWait = 25 * time.Second
	p := openTruth(t, testEnv.baseURL+"?v=1&m=ae-"+truthSets()[0])
	type seen struct{ text, class string }
	reported := map[seen]bool{}
	for _, set := range truthSets() {
		for _, fam := range registry.Families() {
			if only := os.Getenv("GENPLAY_TRUTH_FAMILIES"); only != "" && !slices.Contains(strings.Split(only, ","), fam.Name) {
				continue
			}
			name := fam.Name + "-" + set
			manifestModel(t, name)
			p.viewport(screens[0][0], screens[0][1])
			p.loadPretrained(name)
			for _, panel := range p.tabNames() {
				old := ""
				if p.panelSlow() != panel {
					old = p.hashSlow("main-canvas")
					p.openTabSlow(panel)
				}
				if !p.waitFigure(old, figureWait) {
					t.Logf("%s: the figure of %s did not arrive within %v", name, panel, figureWait)
				}
				for _, sc := range screens {
					p.viewport(sc[0], sc[1])
					time.Sleep(150 * time.Millisecond)
					for _, lc := range p.lowContrastTexts() {
						k := seen{lc.Text, lc.Class}
						if reported[k] {
							continue
						}
						reported[k] = true
						t.Errorf("%s %s at %dx%d: %q (%s) is %s on %s, contrast %.2f:1, want ≥ %.1f:1",
							name, panel, sc[0], sc[1], lc.Text, lc.Class, lc.Color, lc.Background, lc.Ratio, minContrast)
					}
					p.screenShot(fmt.Sprintf("truth-%s-%s-%dx%d", name, panel, sc[0], sc[1]))
				}
			}
		}
	}
}

// layoutReport is where the main plot, the key metrics and the axes lie,
// and which names are cut short.
type layoutReport struct {
	Plot, Metrics                 rect
	Panel                         string
	AxesWithoutTicks, CutNames    []string
	MetricRows, VisibleMetricRows int
}

type rect struct{ Top, Left, Bottom, Right float64 }

// layoutJS measures the page as layoutReport says: the main plot's frame
// (title, ticks and axis titles included), the metrics' precision and
// recall rows, every visible axis with a title and fewer than three
// ticks, and every select whose shown option is wider than its box and
// has no tooltip holding it.
const layoutJS = `(() => {
	const box = (el) => { if (!el) return {Top: 0, Left: 0, Bottom: 1e9, Right: 1e9}; const r = el.getBoundingClientRect(); return {Top: r.top, Left: r.left, Bottom: r.bottom, Right: r.right}; };
	const plot = document.querySelector(".view-panel .plot");
	const rows = ["metric-precision", "metric-recall"].map(id => document.getElementById(id)).filter(Boolean);
	const m = rows.length ? rows.map(box).reduce((a, b) => ({Top: Math.min(a.Top, b.Top), Left: Math.min(a.Left, b.Left), Bottom: Math.max(a.Bottom, b.Bottom), Right: Math.max(a.Right, b.Right)})) : box(null);
	const bad = [];
	for (const f of document.querySelectorAll(".plot-frame")) {
		if (!f.offsetParent) continue;
		for (const [axis, title, tick] of [["x", ".x-title", ".x-tick"], ["y", ".y-title", ".y-tick"]]) {
			const tt = f.querySelector(title);
			if (tt && tt.textContent.trim() !== "" && f.querySelectorAll(tick).length < 3) {
				bad.push(axis + " axis " + JSON.stringify(tt.textContent.trim()) + " with " + f.querySelectorAll(tick).length + " ticks");
			}
		}
	}
	const cut = [];
	const ctx = document.createElement("canvas").getContext("2d");
	for (const s of document.querySelectorAll("select")) {
		if (!s.offsetParent || !s.selectedOptions[0]) continue;
		const st = getComputedStyle(s);
		ctx.font = st.fontWeight + " " + st.fontSize + " " + st.fontFamily;
		const text = s.selectedOptions[0].textContent;
		const need = ctx.measureText(text).width + parseFloat(st.paddingLeft) + parseFloat(st.paddingRight) + 18;
		if (need > s.clientWidth && !(s.title || "").includes(text)) cut.push((s.id || s.className) + ": " + JSON.stringify(text));
	}
	const all = document.querySelectorAll("#metrics dd");
	const visible = [...all].filter(d => { const r = d.getBoundingClientRect(); return r.bottom <= innerHeight && r.right <= innerWidth; });
	return {Plot: box(plot), Metrics: m, Panel: document.querySelector(".app").dataset.panel, AxesWithoutTicks: bad, CutNames: cut, MetricRows: all.length, VisibleMetricRows: visible.length};
})()`

// TestTruthLayout opens panels of several families at 1024×768: the main
// plot with its axes and the precision and recall rows are on the screen
// without scrolling, every axis with a title has three ticks or more,
// and no select cuts its name short without a tooltip. It checks the same
// at 1440×900.
func TestTruthLayout(t *testing.T) {
	needWeights(t)
	p := openTruth(t, testEnv.baseURL+"?v=1&m=diffusion-8gaussians")
	check := func(what string) {
		t.Helper()
		for _, sc := range screens {
			p.viewport(sc[0], sc[1])
			time.Sleep(200 * time.Millisecond)
			var r layoutReport
			p.evalSlow(layoutJS, &r)
			w, h := float64(sc[0]), float64(sc[1])
			t.Logf("%s at %dx%d: plot %+v, precision and recall %+v, %d of %d metric rows on screen",
				what, sc[0], sc[1], r.Plot, r.Metrics, r.VisibleMetricRows, r.MetricRows)
			if r.Plot.Top < 0 || r.Plot.Left < 0 || r.Plot.Bottom > h || r.Plot.Right > w {
				t.Errorf("%s at %dx%d: the main plot spans %+v, outside the screen", what, sc[0], sc[1], r.Plot)
			}
			if r.Metrics.Top < 0 || r.Metrics.Bottom > h || r.Metrics.Right > w {
				t.Errorf("%s at %dx%d: precision and recall span %+v, outside the screen", what, sc[0], sc[1], r.Metrics)
			}
			for _, a := range r.AxesWithoutTicks {
				t.Errorf("%s at %dx%d: %s", what, sc[0], sc[1], a)
			}
			for _, c := range r.CutNames {
				t.Errorf("%s at %dx%d: the select %s is cut short and has no tooltip with its name", what, sc[0], sc[1], c)
			}
			p.screenShot(fmt.Sprintf("truth-layout-%s-%dx%d", what, sc[0], sc[1]))
		}
	}
	loaded := ""
	for _, c := range []struct{ model, panel string }{
		{"diffusion-8gaussians", "samples"}, {"diffusion-8gaussians", "reverse"}, {"diffusion-8gaussians", "samplers"},
		{"gan-8gaussians", "samples"}, {"ae-8gaussians", "latent"}, {"flow-8gaussians", "samples"},
		{"vae-mnist", "manifold"}, {"flowmatch-8gaussians", "paths"},
	} {
		p.viewport(screens[0][0], screens[0][1])
		if loaded != c.model {
			p.loadPretrained(c.model)
			loaded = c.model
		}
		old := ""
		if p.panelSlow() != c.panel {
			old = p.hashSlow("main-canvas")
			p.openTabSlow(c.panel)
		}
		p.waitFigure(old, 30*time.Second)
		check(c.model + "-" + c.panel)
	}
}

// TestTruthLinkPanel opens a GAN link that asks for the reverse process:
// the page shows the GAN's first panel, says why, and shows none of the
// reverse process's controls; and loading the autoencoder while a VAE
// shows its samples moves to a panel the autoencoder has, with its tab.
func TestTruthLinkPanel(t *testing.T) {
	needWeights(t)
	p := openTruth(t, testEnv.baseURL+"?v=1&f=gan&d=8gaussians&p=reverse")
	p.poll("the GAN's panels", `!!document.querySelector(".tabs .tab")`, 60*time.Second)
	if got := p.attr(".app", "data-panel"); got != "samples" {
		t.Errorf("a GAN link with p=reverse shows the panel %q, want samples", got)
	}
	if n := p.text("#link-notice"); !strings.Contains(n, `no panel "reverse"`) {
		t.Errorf("link notice %q, want one that says the GAN has no reverse process", n)
	}
	for _, sel := range []string{"#frame", "#animate", "#export-gif", "#tab-reverse", "#sampler", "#ddim-k", "#eta"} {
		if p.exists(sel) {
			t.Errorf("the GAN's page shows %s, a control of another family's panel", sel)
		}
	}
	if tabs := p.tabNames(); strings.Join(tabs, ",") != "samples" {
		t.Errorf("tabs %v, want the GAN's samples only", tabs)
	}
	p.shot("truth-gan-link-reverse")

	p.choose("#family", "vae")
	p.poll("the VAE's tabs", `!!document.getElementById("tab-manifold")`, 60*time.Second)
	p.openTab("samples")
	p.loadPretrained("ae-moons")
	p.poll("the autoencoder's tabs", `!!document.getElementById("tab-prior")`, 30*time.Second)
	panel := p.attr(".app", "data-panel")
	if !p.exists("#tab-"+panel) || !p.exists(".tab-active#tab-"+panel) {
		t.Errorf("after loading the autoencoder the page shows the panel %q without its tab (tabs %v)", panel, p.tabNames())
	}
}

// viridisPixels reads the main plot and sorts the pixels that are a
// colour of the viridis scale (within a small distance: the grid lines,
// points and markers are not) into ten bins of t.
func (p *page) viridisBins() (bins [10]int, total int) {
	p.t.Helper()
	var anchors [][3]int
	for i := 0; i <= 255; i++ {
		c := paint.Viridis(float64(i) / 255)
		anchors = append(anchors, [3]int{int(c.R), int(c.G), int(c.B)})
	}
	b, _ := json.Marshal(anchors)
	var res struct{ Bins []int }
	p.eval(fmt.Sprintf(`(() => {
		const scale = %s;
		const c = document.getElementById("main-canvas");
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		const bins = new Array(10).fill(0);
		for (let i = 0; i < d.length; i += 4) {
			let best = 1e9, bi = -1;
			for (let k = 0; k < scale.length; k++) {
				const dr = d[i] - scale[k][0], dg = d[i+1] - scale[k][1], db = d[i+2] - scale[k][2];
				const e = dr*dr + dg*dg + db*db;
				if (e < best) { best = e; bi = k; }
			}
			if (best <= 12) bins[Math.min(9, Math.floor(bi / 25.6))]++;
		}
		return {Bins: bins};
	})()`, b), &res)
	for i, n := range res.Bins {
		if i < 10 {
			bins[i] = n
			total += n
		}
	}
	return bins, total
}

// TestTruthFlowDensity loads the pretrained flow on the moons, the
// checkerboard and the rings and reads the density's pixels: its colours
// spread over the scale (at least five of ten bands hold 1 % of the plot
// each; most of the square lies far from the data, in the lowest band)
// rather than saturating at the top (under a quarter of it in the top
// band).
func TestTruthFlowDensity(t *testing.T) {
	needWeights(t)
	p := openTruth(t, testEnv.baseURL+"?v=1&m=flow-moons")
	for _, set := range []string{"moons", "checkerboard", "rings"} {
		name := "flow-" + set
		manifestModel(t, name)
		p.loadPretrained(name)
		p.waitMetrics(60 * time.Second)
		p.waitFigure("", 30*time.Second)
		p.shot("truth-" + name)
		bins, total := p.viridisBins()
		if total < 10000 {
			t.Errorf("%s: %d heatmap pixels, want the density under the samples", name, total)
			continue
		}
		used := 0
		for _, n := range bins {
			if float64(n) >= 0.01*float64(total) {
				used++
			}
		}
		top := float64(bins[9]) / float64(total)
		t.Logf("%s: %d heatmap pixels, bands %v, %.1f%% in the top band", name, total, bins, 100*top)
		if top >= 0.25 {
			t.Errorf("%s: %.1f%% of the density is in the top colour band, want it to show its shape (< 25%%)", name, 100*top)
		}
		if used < 5 {
			t.Errorf("%s: the density uses %d of 10 colour bands (1%% of the plot each), want 5 or more", name, used)
		}
	}
}
