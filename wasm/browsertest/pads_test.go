//go:build !(js && wasm)

package browsertest

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The pads on which digits are drawn: each digit drawn with the mouse is
// read by the shipped classifier as a person would read it, and each
// panel's pad keeps its own drawing and mask.

// padStroke is a pen stroke on the pad, in fractions of its width and
// height (x right, y down).
type padStroke [][2]float64

// padArc returns the points of an ellipse's arc about (cx, cy) with radii
// rx, ry from angle a0 to a1 (0 at the top, clockwise), in n steps.
func padArc(cx, cy, rx, ry, a0, a1 float64, n int) padStroke {
	var s padStroke
	for i := range n + 1 {
		a := a0 + (a1-a0)*float64(i)/float64(n)
		s = append(s, [2]float64{cx + rx*math.Sin(a), cy - ry*math.Cos(a)})
	}
	return s
}

// padDigits are the digits 0 to 9, each one stroke as people write them:
// a ring, a slanted bar, a hook over a base, two bowls, an open-topped 4,
// a flag over a bowl, a loop under a hook, a bar and a stem, a
// figure-eight, a loop over a stem.
func padDigits() [10]padStroke {
	var d [10]padStroke
	d[0] = padArc(0.5, 0.5, 0.2, 0.33, 0, 2*math.Pi, 28)
	d[1] = padStroke{{0.54, 0.15}, {0.5, 0.5}, {0.47, 0.85}}
	d[2] = append(padArc(0.5, 0.33, 0.19, 0.17, -1.4, 1.9, 12), [2]float64{0.3, 0.84}, [2]float64{0.72, 0.84})
	d[3] = append(padArc(0.48, 0.32, 0.18, 0.16, -1.6, 3.0, 14), padArc(0.48, 0.66, 0.2, 0.18, 0.1, 4.6, 14)...)
	d[4] = padStroke{{0.62, 0.88}, {0.62, 0.15}, {0.28, 0.6}, {0.74, 0.6}}
	d[5] = append(padStroke{{0.7, 0.16}, {0.36, 0.16}, {0.33, 0.46}}, padArc(0.5, 0.64, 0.2, 0.19, -0.9, 4.3, 14)...)
	d[6] = append(padStroke{{0.64, 0.14}, {0.45, 0.32}}, padArc(0.5, 0.66, 0.18, 0.2, 4.0, 4.0+2*math.Pi+0.4, 18)...)
	d[7] = padStroke{{0.28, 0.18}, {0.72, 0.18}, {0.46, 0.85}}
	for i := range 37 {
		t := 2 * math.Pi * float64(i) / 36
		d[8] = append(d[8], [2]float64{0.5 + 0.19*math.Sin(2*t), 0.5 - 0.35*math.Cos(t)})
	}
	d[9] = append(padArc(0.5, 0.33, 0.17, 0.17, math.Pi/2, math.Pi/2+2*math.Pi, 18), [2]float64{0.66, 0.6}, [2]float64{0.62, 0.86})
	return d
}

// dense returns s with points added so that none is more than 0.02 from
// the next: the mouse moves of a steady hand.
func (s padStroke) dense() [][2]float64 {
	out := [][2]float64{s[0]}
	for i := 1; i < len(s); i++ {
		a, b := s[i-1], s[i]
		n := int(math.Ceil(math.Hypot(b[0]-a[0], b[1]-a[1]) / 0.02))
		for k := 1; k <= n; k++ {
			f := float64(k) / float64(n)
			out = append(out, [2]float64{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])})
		}
	}
	return out
}

// padWait bounds each wait of the pad tests: on a loaded machine the page,
// the model's load and the worker's figures can each take a minute.
const padWait = 3 * time.Minute

// openPad opens the page at a link to the pretrained model on panel, and
// waits until the panel's pad is there and the model has loaded.
func openPad(t *testing.T, model, panel string) *page {
	t.Helper()
	needWeights(t)
	p := startBrowser(t)
	p.run(time.Minute, chromedp.Navigate(testEnv.baseURL+"?v=1&m="+model+"&p="+panel))
	p.poll("the pad of "+panel, fmt.Sprintf(`(() => {
		const app = document.querySelector(".app");
		return !!app && app.dataset.panel === %q && !!document.getElementById("pad-canvas") &&
			(document.getElementById("pretrained-name") || {textContent: ""}).textContent !== "";
	})()`, panel), padWait)
	if s := p.text("#notice"); s != "" {
		t.Fatalf("opening %s: notice %q", model, s)
	}
	return p
}

// drawPad draws s on the pad with the mouse, the pad scrolled into view
// first (mouse events outside the window reach nothing).
func (p *page) drawPad(s padStroke) {
	p.t.Helper()
	var ok bool
	p.eval(`(() => { document.getElementById("pad-canvas").scrollIntoView({block: "center"}); return true; })()`, &ok)
	p.drag("#pad-canvas", s.dense())
}

// clickLong clicks sel, waiting as long as padWait for the page.
func (p *page) clickLong(sel string) {
	p.t.Helper()
	p.run(padWait, chromedp.Click(sel, chromedp.ByQuery))
}

// TestPadDigits loads the pretrained MNIST VAE, draws each digit 0–9 with
// the mouse on its encoder's pad and reads what the shipped classifier
// reads in it (the line under the pad): at least 8 of the 10 must be read
// as the digit drawn.
func TestPadDigits(t *testing.T) {
	p := openPad(t, "vae-mnist", "latent")
	right := 0
	var got []string
	for k, s := range padDigits() {
		p.clickLong("#pad-clear")
		p.poll("the reading to go with the drawing", `!document.getElementById("pad-reading")`, padWait)
		p.drawPad(s)
		p.poll("a reading of "+fmt.Sprint(k), `!!document.getElementById("pad-reading")`, padWait)
		r := p.text("#pad-reading")
		t.Logf("drew %d: %s", k, r)
		got = append(got, fmt.Sprintf("%d: %s", k, r))
		if strings.HasPrefix(r, fmt.Sprintf("reads as %d ", k)) {
			right++
		}
		p.shot(fmt.Sprintf("pad-digit-%d", k))
	}
	if right < 8 {
		t.Errorf("%d of 10 drawn digits read right, want at least 8:\n%s", right, strings.Join(got, "\n"))
	}
}

// orange counts the pixels of the canvas id shaded as the inpainting mask
// (Okabe–Ito orange over the pad).
func (p *page) orange(id string) int {
	p.t.Helper()
	var n int
	p.eval(fmt.Sprintf(`(() => {
		const c = document.getElementById(%q);
		if (!c || !c.width) return 0;
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		let n = 0;
		for (let i = 0; i < d.length; i += 4) {
			if (d[i] - d[i+2] > 60) n++;
		}
		return n;
	})()`, id), &n)
	return n
}

// TestPadMasks loads the pretrained MNIST diffusion model. On inpainting,
// ink without a mask asks for the mask, and with one the figure fills in
// the part painted; the mask painted there is on neither the SDEdit pad
// nor its drawing, and is still on the inpainting pad on coming back.
func TestPadMasks(t *testing.T) {
	p := openPad(t, "diffusion-mnist", "inpaint")
	if p.exists("#pad-hint") {
		t.Errorf("an empty pad hints %q", p.text("#pad-hint"))
	}
	p.drawPad(padStroke{{0.28, 0.18}, {0.72, 0.18}, {0.6, 0.45}})
	p.poll("the hint", `!!document.getElementById("pad-hint")`, padWait)
	if h := p.text("#pad-hint"); h != "Paint the part to fill in with the mask brush." {
		t.Errorf("ink without a mask: hint %q", h)
	}
	p.shot("pad-inpaint-hint")
	p.clickLong("#brush-mask")
	p.drawPad(padStroke{{0.6, 0.45}, {0.46, 0.85}})
	p.poll("the hint to go", `!document.getElementById("pad-hint")`, padWait)
	masked := p.orange("pad-canvas")
	if masked < 500 {
		t.Errorf("%d pixels of the inpainting pad shaded as mask, want the stroke's", masked)
	}
	// The figure's first tile is the input with the part to fill in
	// shaded (4×4 screen pixels a digit pixel): the default, a data digit
	// with its lower half to fill in, shades 14·28·16 = 6272 pixels; the
	// stem painted here about a tenth of that.
	p.poll("the inpainting of the drawing", fmt.Sprintf(`(() => {
		const c = document.getElementById("main-canvas");
		if (!c || !c.width) return false;
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		let n = 0;
		for (let i = 0; i < d.length; i += 4) if (d[i] - d[i+2] > 60) n++;
		return n > 100 && n < %d;
	})()`, 6272/2), padWait)
	p.shot("pad-inpaint-mask")

	p.clickLong("#tab-sdedit")
	p.poll("the SDEdit panel", `document.querySelector(".app").dataset.panel === "sdedit"`, padWait)
	if n, m := p.inked("pad-canvas"), p.orange("pad-canvas"); n != 0 || m != 0 {
		t.Errorf("the SDEdit pad shows %d inked and %d masked pixels before anything is drawn on it", n, m)
	}
	if p.exists("#brush-mask") {
		t.Error("the SDEdit pad offers a mask brush")
	}
	p.drawPad(padDigits()[7])
	if n, m := p.inked("pad-canvas"), p.orange("pad-canvas"); n < 500 || m != 0 {
		t.Errorf("the SDEdit pad after drawing a 7: %d inked pixels, %d masked; want the 7 and no mask", n, m)
	}
	// The figure's first tile is the input: the drawn 7, whose top bar is
	// a dark run across 0.42 of the tile's width in its upper part (the
	// data digit shown before, an S-like 2, has 0.14).
	p.poll("SDEdit of the drawing", `(() => {
		const c = document.getElementById("main-canvas");
		if (!c || !c.width) return false;
		const w = Math.floor(c.width / 3), h = Math.floor(c.height / 3);
		const d = c.getContext("2d").getImageData(0, 0, w, Math.floor(0.4 * h)).data;
		for (let y = 0; y < Math.floor(0.4 * h); y++) {
			let run = 0;
			for (let x = 0; x < w; x++) {
				const i = 4 * (y * w + x);
				if (d[i] < 100 && d[i+1] < 100 && d[i+2] < 100) run++;
			}
			if (run >= 0.3 * w) return true;
		}
		return false;
	})()`, padWait)
	p.shot("pad-sdedit")

	p.clickLong("#tab-inpaint")
	p.poll("the inpainting panel", `document.querySelector(".app").dataset.panel === "inpaint"`, padWait)
	if m := p.orange("pad-canvas"); m != masked {
		t.Errorf("back on inpainting the pad shows %d masked pixels, %d before", m, masked)
	}
}
