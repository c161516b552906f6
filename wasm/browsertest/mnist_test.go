//go:build !(js && wasm)

package browsertest

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"genplay/models/registry"
)

// The page while models train on MNIST and on a 2D set, as a person uses
// it: the data picker, the model picker, play.

// mnistSeconds is how long TestMNISTFromScratch trains each family; 0
// leaves it out of a plain test run (it takes about three minutes a family
// at 120 s).
var (
	mnistSeconds  = flag.Int("mnist-seconds", 0, "train each family on MNIST from scratch for this many `seconds` in TestMNISTFromScratch (0 skips it)")
	mnistFamilies = flag.String("mnist-families", "", "comma-separated `families` of TestMNISTFromScratch (all if empty)")
)

// frameStats is what the page's animation frames did over a while.
type frameStats struct {
	Frames  int     // requestAnimationFrame callbacks
	Seconds float64 // over this long
	Long    int     // frames more than 50 ms after the one before
	Longest float64 // the longest gap between two frames, ms
	Renders int     // writes of the main plot's data-ver: the page's renders
}

func (f frameStats) fps() float64 { return float64(f.Frames) / f.Seconds }

// frameStats counts the page's animation frames during d, the gaps between
// them over 50 ms, and the page's renders (Vugu writes the main plot's
// data-ver at every render, changed or not).
func (p *page) frameStats(d time.Duration) frameStats {
	p.t.Helper()
	var f frameStats
	// Not p.eval: on a starved machine the promise can take well over its
	// 30 s to come back.
	p.run(d+2*time.Minute, chromedp.Evaluate(fmt.Sprintf(`new Promise((resolve) => {
		const plot = document.querySelector("figure.plot");
		let renders = 0;
		const obs = new MutationObserver((ms) => { renders += ms.length; });
		if (plot) obs.observe(plot, {attributes: true, attributeFilter: ["data-ver"]});
		let n = 0, long = 0, longest = 0, last = -1;
		const t0 = performance.now();
		const frame = (now) => {
			if (last >= 0) {
				const gap = now - last;
				if (gap > 50) long++;
				longest = Math.max(longest, gap);
			}
			last = now;
			if (now - t0 >= %d) {
				obs.disconnect();
				resolve({Frames: n, Seconds: (now - t0) / 1000, Long: long, Longest: longest, Renders: renders});
				return;
			}
			n++;
			requestAnimationFrame(frame);
		};
		requestAnimationFrame(frame);
	})`, d.Milliseconds()), &f, func(ep *runtime.EvaluateParams) *runtime.EvaluateParams { return ep.WithAwaitPromise(true) }))
	return f
}

// loadAverage returns the machine's 1-minute load average, or "?".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}

// pickData picks the data set name in the data picker and waits until the
// page's link names it.
func (p *page) pickData(name string) {
	p.t.Helper()
	p.slowSet("#data", name)
	p.poll("the data set "+name, fmt.Sprintf(`(new URLSearchParams(location.search).get("d") || "8gaussians") === %q`, name), time.Minute)
}

// pickModel picks family in the model picker and waits until the page has
// rebuilt for it: pickFamily with the patience of a loaded machine.
func (p *page) pickModel(family string) {
	p.t.Helper()
	var shown string
	p.slowEval(`document.querySelector(".app").dataset.family`, &shown)
	if shown == family {
		return
	}
	p.slowSet("#family", family)
	p.poll("the model "+family, fmt.Sprintf(`document.querySelector(".app").dataset.family === %q`, family), time.Minute)
}

// slowEval is p.eval with the patience of a starved machine: a page whose
// renderer gets a few per cent of a core can take over 30 s to answer.
func (p *page) slowEval(expr string, res any) {
	p.t.Helper()
	p.run(3*time.Minute, chromedp.Evaluate(expr, res, func(ep *runtime.EvaluateParams) *runtime.EvaluateParams {
		return ep.WithAwaitPromise(true)
	}))
}

// slowSet sets the value of the select sel and dispatches its change event,
// as setValue does, patiently.
func (p *page) slowSet(sel, value string) {
	p.t.Helper()
	var ok bool
	p.slowEval(fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		if (!el) return false;
		el.value = %q;
		el.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`, sel, value), &ok)
	if !ok {
		p.t.Fatalf("no %s on the page", sel)
	}
}

// slowShot is shot with a minute for the screenshot.
func (p *page) slowShot(name string) {
	p.t.Helper()
	var png []byte
	p.run(time.Minute, chromedp.FullScreenshot(&png, 100))
	path := filepath.Join(shotsDir(), name+".png")
	if err := os.MkdirAll(shotsDir(), 0o755); err != nil {
		p.t.Errorf("screenshot: %v", err)
		return
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Errorf("screenshot: %v", err)
		return
	}
	p.t.Logf("screenshot %s", path)
}

// slowStep returns the step counter's value, patiently.
func (p *page) slowStep() int {
	p.t.Helper()
	var n int
	p.slowEval(`parseInt(document.getElementById("step-count").textContent, 10) || 0`, &n)
	return n
}

// toggle clicks the play toggle by script (a mouse click through DevTools
// waits at most 10 s, which a page starved of CPU can exceed) and waits
// until the page shows training (play) or the worker has stopped.
func (p *page) toggle(play bool) {
	p.t.Helper()
	p.slowEval(`document.querySelector("#play").click(), true`, new(bool))
	if play {
		p.poll("the play toggle to show training", runningJS, time.Minute)
		return
	}
	p.waitStatus("paused", 3*time.Minute)
}

// openPatient opens the page as openPage does, but waits up to three
// minutes for it to be ready: on a machine shared by many builds a cold
// start of the page and its worker has taken over 50 s.
func openPatient(t *testing.T) *page {
	t.Helper()
	needBrowser(t)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(testEnv.chrome), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 800))
	ctx, cancel := chromedp.NewContext(allocCtx)
	p := &page{t: t, ctx: ctx}
	chromedp.ListenTarget(ctx, p.onEvent)
	t.Cleanup(func() {
		p.mu.Lock()
		p.closed = true
		failures := p.failures
		p.mu.Unlock()
		chromedp.Cancel(ctx)
		cancel()
		cancelAlloc()
		for _, f := range failures {
			t.Errorf("page: %s", f)
		}
	})
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	start := time.Now()
	p.run(time.Minute, chromedp.Navigate(testEnv.baseURL))
	p.waitStatus("ready", 3*time.Minute)
	t.Logf("page ready in %v (load average %s)", time.Since(start).Round(time.Millisecond), loadAverage())
	return p
}

// TestSmoothWhileTraining trains every family on 8 Gaussians and on MNIST,
// picked as a person picks them, and measures the page's frame rate for
// 10 s of training: frames, frames over 50 ms after the one before, the
// longest gap, and how often the page rendered (the worker sends at most
// about four samples a second), beside the frame rate of the same page
// paused just before. It fails only a page that freezes while training
// (below minFPS) although paused it drew at least twice that: a machine
// that starves even the idle page explains a slow one. The figures are
// logged with the load average.
func TestSmoothWhileTraining(t *testing.T) {
	for _, set := range []string{"8gaussians", "mnist"} {
		t.Run(set, func(t *testing.T) {
			p := openPatient(t)
			if set != "8gaussians" {
				p.pickData(set)
			}
			for _, f := range registry.Families() {
				p.pickModel(f.Name)
				if set == "mnist" {
					// The MNIST preset, not the 2D defaults: the link holds
					// the preset's settings once the worker has built it.
					keys := mnistLinkKeys[f.Name]
					p.poll(f.Name+"'s MNIST preset in the link", fmt.Sprintf(`(() => {
						const q = new URLSearchParams(location.search);
						return (q.get("f") || "diffusion") === %q && %q.split(" ").every((kv) => location.search.includes(kv));
					})()`, f.Name, strings.Join(keys, " ")), time.Minute)
				}
				// The same page paused, just before: what the machine
				// leaves the page when it does nothing.
				idle := p.frameStats(3 * time.Second)
				p.toggle(true)
				p.waitStep(1, 3*time.Minute) // MNIST: the data set downloads first
				time.Sleep(time.Second)
				before := p.slowStep()
				fs := p.frameStats(10 * time.Second)
				after := p.slowStep()
				t.Logf("%s on %s: %.1f fps (%d frames in %.1f s), %d frames over 50 ms, longest %.0f ms, %d renders (%.1f a second), steps %d → %d; paused just before: %.1f fps, longest %.0f ms; load average %s",
					f.Name, set, fs.fps(), fs.Frames, fs.Seconds, fs.Long, fs.Longest, fs.Renders, float64(fs.Renders)/fs.Seconds, before, after, idle.fps(), idle.Longest, loadAverage())
				// A frozen page fails; a machine that gives the paused
				// page no more than twice minFPS explains a slow one.
				if fs.fps() < minFPS && idle.fps() >= 2*minFPS {
					t.Errorf("%s on %s: %.1f fps while training against %.1f paused, want at least %d (the page froze)", f.Name, set, fs.fps(), idle.fps(), minFPS)
				}
				if after <= before {
					t.Errorf("%s on %s: the step counter stayed at %d", f.Name, set, before)
				}
				p.slowShot("smooth-" + set + "-" + f.Name)
				p.toggle(false)
			}
		})
	}
}

// mnistLinkKeys are keys of each family's MNIST preset that its link holds
// once MNIST is picked.
var mnistLinkKeys = map[string][]string{
	"ae":        {"c.hidden=256"},
	"vae":       {"c.decoder=bernoulli", "c.hidden=256"},
	"gan":       {"c.latent_dim=32", "c.hidden=256"},
	"flow":      {"c.mask=checkerboard", "c.logit="},
	"diffusion": {"c.hidden=512", "c.predict=x0"},
	"flowmatch": {"c.hidden=512", "c.sampler=heun"},
}

// TestMNISTFromScratch picks MNIST and trains each family from scratch for
// -mnist-seconds in the page, then pauses, scores the model's samples with
// the digit classifier (Score samples, 256 samples) and logs its Fréchet
// distance and class coverage, with the steps reached; the grid of samples
// goes to a screenshot. The VAE and the GAN must draw digits in that time
// at 120 s or more: FD below mnistMaxFD and class coverage above
// mnistMinCoverage. The README's table of the first two minutes comes from
//
//	go test -count=1 -v -timeout 60m -run TestMNISTFromScratch ./wasm/browsertest -mnist-seconds 120
func TestMNISTFromScratch(t *testing.T) {
	if *mnistSeconds <= 0 {
		t.Skip("a measurement of minutes: set -mnist-seconds 120 to run it")
	}
	d := time.Duration(*mnistSeconds) * time.Second
	var rows []string
	p := openPatient(t)
	p.pickData("mnist")
	for _, f := range registry.Families() {
		if *mnistFamilies != "" && !slices.Contains(strings.Split(*mnistFamilies, ","), f.Name) {
			continue
		}
		// Picking the family builds a new model from step 0 with its
		// MNIST preset.
		p.pickModel(f.Name)
		start := time.Now()
		p.toggle(true)
		p.waitStep(1, 3*time.Minute) // the data set downloads first
		first := time.Since(start)
		time.Sleep(d - time.Since(start))
		p.toggle(false)
		time.Sleep(2 * time.Second) // the worker's last Progress
		steps := p.slowStep()
		p.slowShot("mnist-" + f.Name + "-samples")
		fd, cov := math.NaN(), math.NaN()
		// The family may have kept the last family's panel: score from
		// its samples.
		p.slowEval(`(document.querySelector("#tab-samples") || {click() {}}).click(), true`, new(bool))
		time.Sleep(time.Second)
		var scorable bool
		if p.slowEval(`!!document.querySelector("#score")`, &scorable); scorable {
			p.slowEval(`document.querySelector("#score").click(), true`, new(bool))
			p.poll("the Fréchet distance", `/^[0-9]/.test((document.getElementById("metric-fd") || {}).textContent || "")`, 5*time.Minute)
			var got []string
			p.slowEval(`["fd", "class_coverage"].map((k) => (document.getElementById("metric-" + k) || {}).textContent || "")`, &got)
			fd, cov = leadingNumber(got[0]), leadingNumber(got[1])
			p.slowShot("mnist-" + f.Name + "-scored")
		}
		rows = append(rows, fmt.Sprintf("| %s | %d | %.1f | %.1f | %.3f | %s |", f.Title, steps, float64(steps)/d.Seconds(), fd, cov, loadAverage()))
		t.Logf("%s after %v of training from scratch (first step after %v): step %d, FD %.1f, class coverage %.3f, load average %s",
			f.Name, d, first.Round(time.Second), steps, fd, cov, loadAverage())
		if (f.Name == "vae" || f.Name == "gan") && d >= 120*time.Second {
			if !(fd <= mnistMaxFD && cov >= mnistMinCoverage) {
				t.Errorf("%s after %v: FD %.1f, class coverage %.3f; want digits: FD ≤ %d, coverage ≥ %.1f", f.Name, d, fd, cov, mnistMaxFD, mnistMinCoverage)
			}
		}
	}
	t.Logf("after %v of training in the page:\n| family | steps | steps/s | FD | class coverage | load |\n| --- | ---: | ---: | ---: | ---: | ---: |\n%s", d, strings.Join(rows, "\n"))
}

// Bounds on the scores of the VAE's and the GAN's samples after two minutes
// in the page: recognisable digits. In the runs the README reports, a VAE
// whose blurred samples read as digits scored FD 220 and class coverage
// 0.79 (256 samples, 1175 steps), while grids of speckle or blobs scored
// 289 (the GAN at the pretrained run's learning rates, 542 steps) and 370
// (the VAE after 307 steps); the pretrained models score 129 and 162 at
// N = 1000, which reads some tens lower than the page's 256.
const (
	mnistMaxFD       = 250
	mnistMinCoverage = 0.7
)

// leadingNumber returns the number a metric's text starts with, or NaN.
func leadingNumber(s string) float64 {
	f := strings.Fields(s)
	if len(f) == 0 {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return math.NaN()
	}
	return v
}
