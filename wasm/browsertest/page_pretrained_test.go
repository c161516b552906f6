//go:build !(js && wasm)

package browsertest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"genplay/models/data"
	"genplay/models/registry"
	"genplay/wasm/paint"
)

// loadDeadline bounds a load: the downloads from the local server, the
// hash checks and the decoding in the worker.
const loadDeadline = 60 * time.Second

// loadReport is what the page showed while it loaded a model.
type loadReport struct {
	elapsed time.Duration
	values  []string // the progress bar's aria-valuenow, each change
	texts   []string // the text under it, each change
}

// startLoad watches the load progress bar, picks the pretrained model name
// and presses Load.
func (p *page) startLoad(name string) time.Time {
	p.t.Helper()
	p.poll("the pretrained model "+name+" in the list",
		fmt.Sprintf(`!!document.querySelector('#pretrained option[value=%q]')`, name), 20*time.Second)
	var ok bool
	p.eval(`(() => {
		const rec = window.genplayLoad = {values: [], texts: []};
		const note = () => {
			const bar = document.getElementById("load-progress");
			const text = document.getElementById("load-text");
			if (bar) {
				const v = bar.getAttribute("aria-valuenow");
				if (rec.values[rec.values.length - 1] !== v) rec.values.push(v);
			}
			if (text && rec.texts[rec.texts.length - 1] !== text.textContent) rec.texts.push(text.textContent);
		};
		new MutationObserver(note).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
		return true;
	})()`, &ok)
	p.run(5*time.Second, chromedp.SetValue("#pretrained", name, chromedp.ByQuery))
	start := time.Now()
	p.click("#load")
	return start
}

// loadModel loads the pretrained model name and waits until the page runs
// it, failing the test if the page shows a notice instead.
func (p *page) loadModel(name string) loadReport {
	p.t.Helper()
	start := p.startLoad(name)
	p.poll("the load to finish",
		`!!document.querySelector('.load[data-done="true"]') || !!document.getElementById("notice")`, loadDeadline)
	if s := p.text("#notice"); s != "" {
		p.shot("load-failed")
		p.t.Fatalf("loading %s: notice %q", name, s)
	}
	r := loadReport{elapsed: time.Since(start)}
	var rec struct {
		Values []string
		Texts  []string
	}
	p.eval(`window.genplayLoad`, &rec)
	r.values, r.texts = rec.Values, rec.Texts
	return r
}

// checkProgressBar checks that the bar went from the start to 100 through
// texts that say what was downloaded, and logs what it showed.
func checkProgressBar(t *testing.T, r loadReport, wantText ...string) {
	t.Helper()
	t.Logf("loaded in %v; progress bar %v", r.elapsed.Round(time.Millisecond), r.values)
	for _, s := range r.texts {
		t.Logf("  %q", s)
	}
	if len(r.values) < 2 || r.values[len(r.values)-1] != "100" {
		t.Errorf("progress bar values %v, want it to appear and end at 100", r.values)
	}
	for _, v := range r.values {
		if n, err := strconv.Atoi(v); err != nil || n < 0 || n > 100 {
			t.Errorf("aria-valuenow %q is not a percentage", v)
		}
	}
	for _, w := range wantText {
		if !slices.ContainsFunc(r.texts, func(s string) bool { return strings.Contains(s, w) }) {
			t.Errorf("no progress text contains %q", w)
		}
	}
}

// checkLoaded checks that the page shows the loaded model e: its family
// and data set in the pickers, its title, step count and recorded metrics.
func (p *page) checkLoaded(e registry.ManifestModel) {
	p.t.Helper()
	if got := p.value("#family"); got != e.Spec.Family {
		p.t.Errorf("model picker shows %q, want %q", got, e.Spec.Family)
	}
	if got := p.value("#data"); got != e.Spec.Data {
		p.t.Errorf("data picker shows %q, want %q", got, e.Spec.Data)
	}
	if got := p.attr(".app", "data-family"); got != e.Spec.Family {
		p.t.Errorf("data-family %q, want %q", got, e.Spec.Family)
	}
	if got := p.text("#pretrained-name"); !strings.Contains(got, e.Title) {
		p.t.Errorf("pretrained %q, want %q", got, e.Title)
	}
	if s := p.step(); s != e.Spec.Steps {
		p.t.Errorf("step counter %d after loading, want the pretrained %d", s, e.Spec.Steps)
	}
	var keys []string
	p.eval(`[...document.querySelectorAll("#recorded dt")].map(d => d.dataset.key)`, &keys)
	for k := range e.Metrics {
		if !slices.Contains(keys, k) {
			p.t.Errorf("recorded metrics %v lack %s", keys, k)
		}
	}
}

// waitPoints waits until the main plot shows generated points and returns
// how long that took.
func (p *page) waitPoints(d time.Duration) time.Duration {
	p.t.Helper()
	g := paint.Light().Generated
	start := time.Now()
	p.poll("generated points on the main plot", fmt.Sprintf(`(() => {
		const c = document.getElementById("main-canvas");
		if (!c || !c.width) return false;
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		for (let i = 0; i < d.length; i += 4) {
			if (d[i] === %d && d[i+1] === %d && d[i+2] === %d && d[i+3] === 255) return true;
		}
		return false;
	})()`, g.R, g.G, g.B), d)
	return time.Since(start)
}

// waitImages waits until the main plot of an image panel, w×h pixels,
// shows ink and returns how long that took.
func (p *page) waitImages(w, h int, d time.Duration) time.Duration {
	p.t.Helper()
	start := time.Now()
	p.poll(fmt.Sprintf("images on the %d×%d main plot", w, h), fmt.Sprintf(`(() => {
		const c = document.getElementById("main-canvas");
		if (!c || c.width !== %d || c.height !== %d) return false;
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		let n = 0;
		for (let i = 0; i < d.length; i += 4) if (d[i] < 128 && d[i] === d[i+1] && d[i] === d[i+2]) n++;
		return n > 200;
	})()`, w, h), d)
	return time.Since(start)
}

// greys reads the image grid g from the canvas id: the grey level of each
// image pixel's block, tile after tile (see greysOf).
func (p *page) greys(id string, g paint.Grid) (w, h int, greys []int) {
	p.t.Helper()
	var tiles [][2]int
	for i := range g.Across * g.Down {
		r := g.Tile(i)
		tiles = append(tiles, [2]int{r.Min.X, r.Min.Y})
	}
	var res struct {
		W, H  int
		Greys []int
	}
	p.eval(fmt.Sprintf(`(() => {
		const c = document.getElementById(%q);
		if (!c) return {W: 0, H: 0, Greys: []};
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		const greys = [];
		for (const [x0, y0] of %s) {
			for (let r = 0; r < %d; r++) for (let col = 0; col < %d; col++) {
				greys.push(d[4 * ((y0 + r * %d) * c.width + x0 + col * %d)]);
			}
		}
		return {W: c.width, H: c.height, Greys: greys};
	})()`, id, jsonInts(tiles), g.Rows, g.Cols, g.Scale, g.Scale), &res)
	return res.W, res.H, res.Greys
}

func jsonInts(pairs [][2]int) string {
	var b strings.Builder
	b.WriteString("[")
	for i, p := range pairs {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "[%d,%d]", p[0], p[1])
	}
	b.WriteString("]")
	return b.String()
}

// manifestModel returns the manifest's model name, failing the test if the
// server does not offer it.
func manifestModel(t *testing.T, name string) registry.ManifestModel {
	t.Helper()
	needBrowser(t)
	e, ok := needWeights(t).Model(name)
	if !ok {
		t.Fatalf("the manifest offers no %s (make weights trains it)", name)
	}
	return e
}

// TestLoadPretrainedMNIST loads the pretrained MNIST diffusion model: the
// progress bar runs to 100 through the MNIST images and the weights, the
// page shows the model, the samples are digits (ink like digits in most
// tiles), and play trains on from the pretrained step count.
func TestLoadPretrainedMNIST(t *testing.T) {
	e := manifestModel(t, "diffusion-mnist")
	p := openPage(t)
	r := p.loadModel(e.Name)
	checkProgressBar(t, r, "Downloading MNIST images:", " MB", "Downloading the weights of "+e.Title)
	p.shot("mnist-loaded")
	p.checkLoaded(e)

	g := samplesGrid(28, 28)
	gw, gh := g.Size()
	wait := p.waitImages(gw, gh, 2*time.Minute)
	w, h, greys := p.greys("main-canvas", g)
	if w != gw || h != gh {
		t.Fatalf("main canvas %d×%d, want the %d×%d grid", w, h, gw, gh)
	}
	stats := gridStats(greys, g)
	var parts []string
	for _, s := range stats {
		parts = append(parts, fmt.Sprintf("%.0f%%/%.0f%%", 100*s.ink, 100*s.stroke))
	}
	t.Logf("first sample %v after loading (%s); ink/strokes per tile: %s", wait.Round(time.Millisecond), p.text("#sampling"), strings.Join(parts, " "))
	p.shot("mnist-samples")
	if n := digits(stats); n < minDigits {
		t.Errorf("%d of 16 tiles look like digits (ink %.0f%%–%.0f%%, strokes ≥ %.0f%%), want at least %d",
			n, 100*minInk, 100*maxInk, 100*minStroke, minDigits)
	}

	p.play()
	p.waitStatus("training", 10*time.Second)
	start := time.Now()
	p.waitStep(e.Spec.Steps+1, time.Minute)
	t.Logf("step %d after %v of training (pretrained %d)", p.step(), time.Since(start).Round(time.Millisecond), e.Spec.Steps)
	p.shot("mnist-training")
}

// TestLoadPretrainedGAN loads the pretrained GAN on 8 Gaussians: its first
// sample lies on the modes, and the page shows its step count.
func TestLoadPretrainedGAN(t *testing.T) {
	e := manifestModel(t, "gan-8gaussians")
	set, err := data.Lookup("8gaussians")
	if err != nil {
		t.Fatal(err)
	}
	p := openPage(t)
	r := p.loadModel(e.Name)
	checkProgressBar(t, r, "Downloading the weights of "+e.Title)
	p.checkLoaded(e)
	wait := p.waitPoints(30 * time.Second)
	gen := paint.Light().Generated
	px := p.pixelsOf("main-canvas", gen.R, gen.G, gen.B)
	s := measureModes(px.Idx, paint.View{Extent: set.Extent, W: px.W, H: px.H}, set)
	t.Logf("first sample %v after loading: %d generated pixels, %.1f%% near a mode, %d modes covered %v",
		wait.Round(time.Millisecond), s.total, 100*s.share(), s.covered(), s.perMode)
	p.shot("gan-loaded")
	if !s.concentrated() {
		t.Errorf("the pretrained GAN's samples are not on the modes: %.1f%% near a mode (want %.0f%%), %d modes covered (want %d)",
			100*s.share(), 100*minNearShare, s.covered(), minModes)
	}
}

// TestLoadTamperedKeepsModel loads a weights file whose SHA-256 does not
// match the manifest: the page says so, and the model it had stays, paused
// where it was, and trains on. The model is a GAN: its paused sample comes
// in one pass, so the plot settles at once.
func TestLoadTamperedKeepsModel(t *testing.T) {
	manifestModel(t, tamperedName)
	p := openPage(t)
	p.choose("#family", "gan")
	p.poll("a GAN", `document.querySelector(".app").dataset.family === "gan"`, 10*time.Second)
	p.play()
	p.waitStep(1, 20*time.Second)
	p.pause()
	step := p.step()
	before := p.settled("main-canvas")

	start := p.startLoad(tamperedName)
	p.poll("the notice", `!!document.getElementById("notice")`, loadDeadline)
	notice := p.text("#notice")
	t.Logf("notice after %v: %q", time.Since(start).Round(time.Millisecond), notice)
	p.shot("tampered")
	for _, w := range []string{"corrupt", "SHA-256", "The current model stays."} {
		if !strings.Contains(notice, w) {
			t.Errorf("notice %q, want it to contain %q", notice, w)
		}
	}
	if strings.Contains(notice, "Training stopped") {
		t.Errorf("notice %q says training stopped", notice)
	}
	p.checkKept(step, "gan", "8gaussians", before)
	if p.exists("#load-progress") {
		t.Error("the progress bar stays after the failed load")
	}

	p.play()
	p.waitStep(step+1, 20*time.Second)
}

// settled waits until the canvas id stops changing for a second and
// returns its hash.
func (p *page) settled(id string) string {
	p.t.Helper()
	return p.waitCanvasChange(id, "", 30*time.Second, time.Second)
}

// checkKept checks, after a failed load or import, that the page still
// shows the model it had: paused at step, of family on set, not claiming a
// pretrained model, and with the main plot's pixels of hash plot.
func (p *page) checkKept(step int, family, set, plot string) {
	p.t.Helper()
	time.Sleep(300 * time.Millisecond) // a late message must not switch the model
	if st := p.status(); st != "paused" {
		p.t.Errorf("status %q after the failed load, want paused", st)
	}
	if s := p.step(); s != step {
		p.t.Errorf("step %d after the failed load, want %d", s, step)
	}
	if got := p.attr(".app", "data-family"); got != family {
		p.t.Errorf("model %q after the failed load, want %q", got, family)
	}
	if got := p.value("#data"); got != set {
		p.t.Errorf("data set %q after the failed load, want %q", got, set)
	}
	if got := p.text("#pretrained-name"); got != "" {
		p.t.Errorf("the page claims a pretrained model: %q", got)
	}
	if h := p.canvasHash("main-canvas"); h != plot {
		p.t.Errorf("the main plot changed after the failed load: %s, was %s", h, plot)
	}
}
