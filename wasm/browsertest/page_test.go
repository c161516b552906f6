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
	start := time.Now()
	// Start the browser on ctx itself: a browser started under a derived
	// context with a timeout would close when that context ends.
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	p.run(10*time.Second, chromedp.Navigate(testEnv.baseURL))
	p.waitStatus("ready", 30*time.Second)
	t.Logf("page ready in %v", time.Since(start).Round(time.Millisecond))
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
		p.t.Fatalf("waiting %v for %s: %v (status %q, step %q, notice %q)", d, what, err, p.status(), p.text("#step"), p.text("#notice"))
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
	s := p.text("#step")
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

// shot saves a PNG screenshot of the page as $GENPLAY_SHOTS/name.png, if
// GENPLAY_SHOTS is set.
func (p *page) shot(name string) {
	p.t.Helper()
	dir := os.Getenv("GENPLAY_SHOTS")
	if dir == "" {
		return
	}
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
