//go:build !(js && wasm)

package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"genplay/models/registry"
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
	p.eval(contrastJS, &out)
	return out
}

// viewport sets the page's viewport to w×h CSS pixels.
func (p *page) viewport(w, h int) {
	p.t.Helper()
	p.run(10*time.Second, chromedp.EmulateViewport(int64(w), int64(h)))
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
	p.eval(`[...document.querySelectorAll(".tabs .tab")].map(b => b.id.replace(/^tab-/, ""))`, &ids)
	return ids
}

// waitFigure waits up to d for the main plot to change from old and settle
// for a second, and reports whether it did.
func (p *page) waitFigure(old string, d time.Duration) bool {
	p.t.Helper()
	deadline := time.Now().Add(d)
	last, since := "", time.Now()
	for time.Now().Before(deadline) {
		h := p.canvasHash("main-canvas")
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

// TestTruthContrast loads every family's pretrained model on 8 Gaussians
// and on MNIST, opens each of its panels and checks the contrast of every
// visible text against its background, at both screen sizes, saving a
// screenshot of each (truth-<model>-<panel>-<w>x<h>.png).
func TestTruthContrast(t *testing.T) {
	needWeights(t)
	sets := []string{"8gaussians", "mnist"}
	if s := os.Getenv("GENPLAY_TRUTH_SETS"); s != "" {
		sets = strings.Split(s, ",")
	}
	for _, set := range sets {
		for _, fam := range registry.Families() {
			name := fam.Name + "-" + set
			t.Run(name, func(t *testing.T) {
				manifestModel(t, name)
				p := openLink(t, testEnv.baseURL+"?v=1&m="+name)
				p.poll("the load of "+name, `!!document.querySelector('.load[data-done="true"]') || !!document.getElementById("notice")`, loadDeadline)
				if s := p.text("#notice"); s != "" {
					t.Fatalf("loading %s: notice %q", name, s)
				}
				for _, panel := range p.tabNames() {
					old := p.canvasHash("main-canvas")
					if p.attr(".app", "data-panel") != panel {
						p.openTab(panel)
					}
					if !p.waitFigure(old, 90*time.Second) {
						t.Logf("%s: the figure of %s did not change within 90 s", name, panel)
					}
					for _, sc := range screens {
						p.viewport(sc[0], sc[1])
						time.Sleep(200 * time.Millisecond)
						for _, lc := range p.lowContrastTexts() {
							t.Errorf("%s %s at %dx%d: %q (%s) is %s on %s, contrast %.2f:1, want ≥ %.1f:1",
								name, panel, sc[0], sc[1], lc.Text, lc.Class, lc.Color, lc.Background, lc.Ratio, minContrast)
						}
						p.screenShot(fmt.Sprintf("truth-%s-%s-%dx%d", name, panel, sc[0], sc[1]))
					}
				}
			})
		}
	}
}
