//go:build !(js && wasm)

package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// page is the genplay page open in a fresh headless Chromium.
type page struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	closed   bool
	failures []string // uncaught exceptions and Go panics
}

// openPage starts Chromium, opens the page and waits until the training
// worker has said it is ready. The browser closes when the test ends; an
// uncaught exception or a Go panic in the page fails the test then.
func openPage(t *testing.T) *page {
	t.Helper()
	p := openLink(t, testEnv.baseURL)
	p.waitStatus("ready", 30*time.Second)
	return p
}

// openLink starts a fresh Chromium with a profile of its own, opens link
// and waits until the page has heard from its training worker.
func openLink(t *testing.T, link string) *page {
	t.Helper()
	start := time.Now()
	p := startBrowser(t)
	p.run(10*time.Second, chromedp.Navigate(link))
	p.poll("the worker", `(document.querySelector(".app") || {dataset: {}}).dataset.status !== "starting" && !!document.querySelector(".app")`, 30*time.Second)
	t.Logf("page up in %v", time.Since(start).Round(time.Millisecond))
	return p
}

// startBrowser starts a fresh Chromium with a profile of its own, on a
// blank tab. The browser closes when the test ends; an uncaught exception
// or a Go panic in the page fails the test then.
func startBrowser(t *testing.T) *page {
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
		chromedp.WindowSize(1280, 800),
		// No UserDataDir: chromedp makes and removes its own temporary
		// profile, after Chromium has exited.
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
	// Start the browser on ctx itself: a browser started under a derived
	// context with a timeout would close when that context ends.
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return p
}

// onEvent forwards the page's console to the test log and records
// exceptions and Go panics.
func (p *page) onEvent(ev any) {
	var line, failure string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		var parts []string
		for _, a := range ev.Args {
			if a.Value != nil {
				s := string(a.Value)
				if u, err := strconv.Unquote(s); err == nil {
					s = u
				}
				parts = append(parts, s)
			} else {
				parts = append(parts, a.Description)
			}
		}
		text := strings.Join(parts, " ")
		line = fmt.Sprintf("console.%s: %s", ev.Type, text)
		if strings.Contains(text, "panic:") || strings.Contains(text, "fatal error:") {
			failure = "Go crashed: " + text
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		line = "uncaught exception: " + text
		failure = line
	default:
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.t.Log(line)
	if failure != "" {
		p.failures = append(p.failures, failure)
	}
}

// run runs actions within d, failing the test on error.
func (p *page) run(d time.Duration, actions ...chromedp.Action) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, d)
	defer cancel()
	if err := chromedp.Run(ctx, actions...); err != nil {
		p.t.Fatalf("browser: %v", err)
	}
}

// eval evaluates a JavaScript expression into res, awaiting a promise.
func (p *page) eval(expr string, res any) {
	p.t.Helper()
	p.run(30*time.Second, chromedp.Evaluate(expr, res, func(ep *runtime.EvaluateParams) *runtime.EvaluateParams {
		return ep.WithAwaitPromise(true)
	}))
}

// poll waits until the expression is truthy, failing the test after d.
func (p *page) poll(what, expr string, d time.Duration) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, d+5*time.Second)
	defer cancel()
	var ok bool
	err := chromedp.Run(ctx, chromedp.Poll(expr, &ok, chromedp.WithPollingTimeout(d), chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		p.t.Fatalf("waiting %v for %s: %v (status %q, step %q, notice %q)", d, what, err, p.status(), p.text("#step-count"), p.text("#notice"))
	}
}

// click clicks the element that matches the CSS selector with the mouse.
func (p *page) click(sel string) {
	p.t.Helper()
	p.run(10*time.Second, chromedp.Click(sel, chromedp.ByQuery))
}

// text returns the text of the element that matches sel, or "" if none does.
func (p *page) text(sel string) string {
	var s string
	p.eval(fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, sel), &s)
	return s
}

// attr returns the attribute name of the element that matches sel, or ""
// if there is none.
func (p *page) attr(sel, name string) string {
	var s string
	p.eval(fmt.Sprintf(`(document.querySelector(%q) || {getAttribute: () => ""}).getAttribute(%q) || ""`, sel, name), &s)
	return s
}

// exists reports whether an element matches sel.
func (p *page) exists(sel string) bool {
	var ok bool
	p.eval(fmt.Sprintf(`!!document.querySelector(%q)`, sel), &ok)
	return ok
}

// status returns the page's training status: starting, ready, training,
// paused or stopped.
func (p *page) status() string {
	var s string
	p.eval(`(document.querySelector(".app") || {dataset: {}}).dataset.status || ""`, &s)
	return s
}

func (p *page) waitStatus(status string, d time.Duration) {
	p.t.Helper()
	p.poll("status "+status, fmt.Sprintf(`(document.querySelector(".app") || {dataset: {}}).dataset.status === %q`, status), d)
}

// step returns the step counter's value.
func (p *page) step() int {
	p.t.Helper()
	s := p.text("#step-count")
	n, err := strconv.Atoi(s)
	if err != nil {
		p.t.Fatalf("step counter reads %q, not an integer", s)
	}
	return n
}

// frames counts requestAnimationFrame callbacks during d.
func (p *page) frames(d time.Duration) int {
	p.t.Helper()
	var n int
	p.eval(fmt.Sprintf(`new Promise((resolve) => {
		let n = 0;
		const t0 = performance.now();
		const frame = (now) => {
			if (now - t0 >= %d) { resolve(n); return; }
			n++;
			requestAnimationFrame(frame);
		};
		requestAnimationFrame(frame);
	})`, d.Milliseconds()), &n)
	return n
}

// canvasPixels is a canvas's size and the indices y·W + x of its pixels in
// one colour.
type canvasPixels struct {
	W, H int
	Idx  []int
}

// pixelsOf reads the canvas with the given id and returns the pixels of
// colour (r, g, b, 255).
func (p *page) pixelsOf(id string, r, g, b uint8) canvasPixels {
	p.t.Helper()
	var px canvasPixels
	p.eval(fmt.Sprintf(`(() => {
		const c = document.getElementById(%q);
		if (!c) return {W: 0, H: 0, Idx: []};
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		const idx = [];
		for (let i = 0; i < d.length; i += 4) {
			if (d[i] === %d && d[i+1] === %d && d[i+2] === %d && d[i+3] === 255) idx.push(i / 4);
		}
		return {W: c.width, H: c.height, Idx: idx};
	})()`, id, r, g, b), &px)
	return px
}

// shotsDir is where screenshots go: $GENPLAY_SHOTS, or genplay-shots in
// the system's temporary folder.
func shotsDir() string {
	if d := os.Getenv("GENPLAY_SHOTS"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "genplay-shots")
}

// shot saves a PNG screenshot of the whole page as name.png in shotsDir
// and logs its path.
func (p *page) shot(name string) {
	p.t.Helper()
	dir := shotsDir()
	var png []byte
	p.run(10*time.Second, chromedp.FullScreenshot(&png, 100))
	path := filepath.Join(dir, name+".png")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Errorf("screenshot: %v", err)
		return
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Errorf("screenshot: %v", err)
		return
	}
	p.t.Logf("screenshot %s", path)
}

// runningJS is true when the play toggle says the page trains. Vugu
// writes a true boolean attribute as data-running="data-running" and leaves
// a false one out, so "true" and the attribute's own name both count.
const runningJS = `(() => {
	const v = (document.querySelector("#play") || {getAttribute: () => null}).getAttribute("data-running");
	return v === "true" || v === "data-running" || v === "";
})()`

// running reports whether the play toggle says the page trains.
func (p *page) running() bool {
	p.t.Helper()
	var ok bool
	p.eval(runningJS, &ok)
	return ok
}

// play presses the play toggle while paused and waits for training.
func (p *page) play() {
	p.t.Helper()
	if p.running() {
		p.t.Fatal("play pressed while the page trains")
	}
	p.click("#play")
	p.poll("the play toggle to show training", runningJS, 10*time.Second)
}

// pause presses the play toggle while training and waits until the worker
// has stopped.
func (p *page) pause() {
	p.t.Helper()
	if !p.running() {
		p.t.Fatal("pause pressed while the page does not train")
	}
	p.click("#play")
	p.waitStatus("paused", 10*time.Second)
	// The page shows paused at the click; the worker's last progress may
	// still be on its way.
	p.steady(10 * time.Second)
	if p.running() {
		p.t.Error("the play toggle shows training after pause")
	}
}

// steady waits until the step counter has not moved for 600 ms (the
// worker reports every 250 ms while it works) and returns it.
func (p *page) steady(d time.Duration) int {
	p.t.Helper()
	deadline := time.Now().Add(d)
	last, since := p.step(), time.Now()
	for time.Since(since) < 600*time.Millisecond {
		if time.Now().After(deadline) {
			p.t.Fatalf("the step counter did not stop within %v (step %d, status %q)", d, last, p.status())
		}
		time.Sleep(100 * time.Millisecond)
		if s := p.step(); s != last {
			last, since = s, time.Now()
		}
	}
	return last
}

// waitSample waits until the metrics show the time per sample of a fresh
// sample, which the page clears on every rebuild, and returns how long
// that took.
func (p *page) waitSample(d time.Duration) time.Duration {
	p.t.Helper()
	start := time.Now()
	p.poll("a sample's time per sample in the metrics",
		`/^[0-9]/.test((document.getElementById("metric-ms_per_sample") || {}).textContent || "")`, d)
	return time.Since(start)
}

// waitStep waits until the step counter reaches n.
func (p *page) waitStep(n int, d time.Duration) {
	p.t.Helper()
	p.poll(fmt.Sprintf("step %d", n), fmt.Sprintf(`parseInt(document.getElementById("step-count").textContent, 10) >= %d`, n), d)
}

// setValue sets the value of the input sel and dispatches event ("input"
// or "change") on it, as a slider does when it is dragged or let go.
func (p *page) setValue(sel, value, event string) {
	p.t.Helper()
	var ok bool
	p.eval(fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		if (!el) return false;
		el.value = %q;
		el.dispatchEvent(new Event(%q, {bubbles: true}));
		return true;
	})()`, sel, value, event), &ok)
	if !ok {
		p.t.Fatalf("no %s on the page", sel)
	}
}

// choose picks value in the select sel (input and change events fire).
func (p *page) choose(sel, value string) {
	p.t.Helper()
	p.run(5*time.Second, chromedp.SetValue(sel, value, chromedp.ByQuery))
}

// value returns the value of the input or select sel, or "" if none.
func (p *page) value(sel string) string {
	var s string
	p.eval(fmt.Sprintf(`(document.querySelector(%q) || {}).value || ""`, sel), &s)
	return s
}

// canvasHash returns a hash of the pixels of the canvas id, with its size;
// "" when there is no such canvas.
func (p *page) canvasHash(id string) string {
	p.t.Helper()
	var s string
	p.eval(fmt.Sprintf(`(() => {
		const c = document.getElementById(%q);
		if (!c || !c.width) return "";
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		let h = 0x811c9dc5;
		for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 0x01000193);
		return c.width + "x" + c.height + ":" + (h >>> 0).toString(16);
	})()`, id), &s)
	return s
}

// inked returns how many pixels of the canvas id are neither transparent
// nor near white: what has been drawn on it.
func (p *page) inked(id string) int {
	p.t.Helper()
	var n int
	p.eval(fmt.Sprintf(`(() => {
		const c = document.getElementById(%q);
		if (!c || !c.width) return 0;
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		let n = 0;
		for (let i = 0; i < d.length; i += 4) {
			if (d[i+3] > 0 && (d[i] < 235 || d[i+1] < 235 || d[i+2] < 235)) n++;
		}
		return n;
	})()`, id), &n)
	return n
}

// waitCanvasChange waits until the canvas id differs from the hash old and
// then stays the same for settle, and returns its new hash.
func (p *page) waitCanvasChange(id, old string, d, settle time.Duration) string {
	p.t.Helper()
	deadline := time.Now().Add(d)
	last, since := "", time.Now()
	for {
		h := p.canvasHash(id)
		if h != last {
			last, since = h, time.Now()
		}
		if h != old && h != "" && time.Since(since) >= settle {
			return h
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("waiting %v for #%s to change and settle (status %q, step %d, notice %q)", d, id, p.status(), p.step(), p.text("#notice"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// metric returns the number that #metric-name shows, and whether it shows
// one.
func (p *page) metric(name string) (float64, bool) {
	p.t.Helper()
	s := strings.Fields(p.text("#metric-" + name))
	if len(s) == 0 {
		return 0, false
	}
	v, err := strconv.ParseFloat(s[0], 64)
	return v, err == nil
}
