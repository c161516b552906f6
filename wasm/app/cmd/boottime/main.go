//go:build !js

// Command boottime measures how fast the page boots: it opens the page in
// headless Chromium n times, each time with a fresh profile (no HTTP cache,
// no compiled-code cache: a cold load), and prints for each load when, in
// milliseconds after navigation started, the wasm files had arrived, the
// page showed its first frame (the Vugu page mounted over the boot box) and
// its status became "ready" (the worker answered), with the bytes the wasm
// files took on the wire; then the medians.
//
//	make run &                      # serves web/ with its .br and .gz siblings
//	go run ./wasm/app/cmd/boottime -url http://127.0.0.1:8080/ -n 5
//
// Given several pages (-url a,b), it loads them in turn, a then b, n times,
// and prints a table for each: a paired comparison, since timings depend on
// the machine and its load and compare only within one run. It measures; it
// asserts nothing.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// probe runs in the page before its own scripts: it notes when the page
// first mounted and when its status first read "ready".
const probe = `
window.__boot = {};
new MutationObserver(() => {
  const a = document.querySelector(".app");
  if (!a) return;
  const b = window.__boot;
  if (b.mounted === undefined) b.mounted = performance.now();
  if (b.ready === undefined && a.dataset.status === "ready") b.ready = performance.now();
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"]});
`

// collect reads the probe's times and the wasm files' resource timings.
const collect = `(() => {
  const wasm = {};
  for (const e of performance.getEntriesByType("resource")) {
    const name = e.name.split("/").pop();
    if (name.endsWith(".wasm")) wasm[name] = {start: e.startTime, end: e.responseEnd, wire: e.transferSize, body: e.encodedBodySize, size: e.decodedBodySize};
  }
  return {mounted: __boot.mounted, ready: __boot.ready, wasm, origin: performance.timeOrigin};
})()`

// collectWorker reads a worker's wasm resource timings.
const collectWorker = `(() => {
  const wasm = {};
  for (const e of performance.getEntriesByType("resource")) {
    const name = e.name.split("/").pop();
    if (name.endsWith(".wasm")) wasm[name] = {start: e.startTime, end: e.responseEnd, wire: e.transferSize, body: e.encodedBodySize, size: e.decodedBodySize};
  }
  return {wasm, origin: performance.timeOrigin};
})()`

// verbose makes coldLoad print the page's console messages and exceptions.
var verbose bool

// timeout bounds one load (-timeout): a loaded machine needs more than the
// minute a quiet one never comes near.
var timeout time.Duration

// load is what one cold load measured.
type load struct {
	Mounted float64          `json:"mounted"`
	Ready   float64          `json:"ready"`
	Origin  float64          `json:"origin"` // performance.timeOrigin, ms since 1970
	Wasm    map[string]fetch `json:"wasm"`
}

// fetch is the resource timing of one file.
type fetch struct {
	Start float64 `json:"start"`
	End   float64 `json:"end"`
	Wire  int     `json:"wire"` // transferSize: the body as sent and the headers
	Body  int     `json:"body"` // encodedBodySize
	Size  int     `json:"size"` // decodedBodySize
}

func main() {
	urls := flag.String("url", "http://127.0.0.1:8080/", "the page, served by genplay-server (make run); several, comma-separated, are loaded in turn")
	n := flag.Int("n", 5, "cold loads")
	chrome := flag.String("chrome", "/usr/bin/chromium", "the Chromium binary")
	flag.BoolVar(&verbose, "v", false, "print the page's console messages and exceptions")
	flag.DurationVar(&timeout, "timeout", time.Minute, "how long one load may take to become ready")
	flag.Parse()
	pages := strings.Split(*urls, ",")
	loads := make([][]load, len(pages))
	for i := range *n {
		for p, url := range pages {
			l, err := coldLoad(*chrome, url)
			if err != nil {
				fmt.Fprintf(os.Stderr, "boottime: %s, load %d: %v\n", url, i+1, err)
				os.Exit(1)
			}
			loads[p] = append(loads[p], l)
		}
	}
	for p, url := range pages {
		fmt.Printf("%s, %d cold loads (times in ms after navigation started)\n\n", url, *n)
		print(loads[p])
		fmt.Println()
	}
}

// coldLoad opens url in a fresh headless Chromium and waits, up to
// timeout, for the status "ready".
func coldLoad(chrome, url string) (load, error) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 800),
	}
	// No UserDataDir: chromedp makes a fresh temporary profile per browser
	// and removes it when the browser exits.
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	defer closeBrowser(ctx)
	if verbose {
		chromedp.ListenTarget(ctx, func(ev any) {
			switch ev := ev.(type) {
			case *cdpruntime.EventConsoleAPICalled:
				for _, a := range ev.Args {
					fmt.Fprintf(os.Stderr, "console: %s\n", a.Value)
				}
			case *cdpruntime.EventExceptionThrown:
				fmt.Fprintf(os.Stderr, "exception: %s\n", ev.ExceptionDetails.Error())
			}
		})
	}
	// Start the browser and add the probe before navigating.
	err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(probe).Do(ctx)
		return err
	}))
	if err != nil {
		return load{}, err
	}
	tctx, tcancel := context.WithTimeout(ctx, timeout)
	defer tcancel()
	var ok bool
	var l load
	err = chromedp.Run(tctx,
		// Navigate without waiting for the load event, which is no part of
		// what is measured.
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, _, errText, _, err := page.Navigate(url).Do(ctx)
			if err == nil && errText != "" {
				err = errors.New(errText)
			}
			return err
		}),
		chromedp.ActionFunc(func(ctx context.Context) error {
			// The probe holds the time; this loop only finds out that it is set.
			for {
				if err := eval(ctx, `!!(window.__boot && window.__boot.ready !== undefined)`, &ok); err != nil {
					return err
				}
				if ok {
					return nil
				}
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(50 * time.Millisecond):
				}
			}
		}),
		chromedp.ActionFunc(func(ctx context.Context) error { return eval(ctx, collect, &l) }),
	)
	if err != nil {
		var status string
		_ = chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
			return eval(ctx, `((document.querySelector(".app") || {dataset: {}}).dataset.status || "not mounted") + " " + JSON.stringify(window.__boot)`, &status)
		}))
		return load{}, fmt.Errorf("waiting for the status ready (the status is %q): %w", status, err)
	}
	// A worker's own fetches are in its own timeline, not the page's.
	targets, err := chromedp.Targets(tctx)
	if err != nil {
		return load{}, err
	}
	for _, t := range targets {
		if t.Type != "worker" {
			continue
		}
		wctx, wcancel := chromedp.NewContext(tctx, chromedp.WithTargetID(t.TargetID))
		var w load
		err := chromedp.Run(wctx, chromedp.ActionFunc(func(ctx context.Context) error { return eval(ctx, collectWorker, &w) }))
		wcancel()
		if err != nil {
			return load{}, fmt.Errorf("reading the worker's timings: %w", err)
		}
		for name, e := range w.Wasm {
			// The worker's clock starts when the worker does.
			e.Start += w.Origin - l.Origin
			e.End += w.Origin - l.Origin
			l.Wasm[name+" (worker)"] = e
		}
	}
	if len(l.Wasm) == 0 {
		return load{}, errors.New("the page fetched no wasm file")
	}
	return l, nil
}

// eval evaluates expr in the target's default context and decodes its
// value into res. (chromedp.Evaluate waits for the frame's execution
// context, which it does not always learn of when a worker starts with the
// page.)
func eval(ctx context.Context, expr string, res any) error {
	v, exc, err := cdpruntime.Evaluate(expr).WithReturnByValue(true).Do(ctx)
	if err != nil {
		return err
	}
	if exc != nil {
		return exc
	}
	return json.Unmarshal(v.Value, res)
}

// print writes one row per load and the medians.
func print(loads []load) {
	var names []string
	for _, l := range loads {
		for name := range l.Wasm {
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	slices.Sort(names)
	head := []string{"load"}
	for _, name := range names {
		head = append(head, name+" start", name+" end", name+" wire bytes")
	}
	head = append(head, "first frame", "ready")
	fmt.Println("| " + strings.Join(head, " | ") + " |")
	fmt.Println("|" + strings.Repeat(" ---: |", len(head)))
	cols := make([][]float64, len(head)-1)
	for i, l := range loads {
		var row []float64
		for _, name := range names {
			w := l.Wasm[name]
			row = append(row, w.Start, w.End, float64(w.Wire))
		}
		row = append(row, l.Mounted, l.Ready)
		cells := []string{fmt.Sprint(i + 1)}
		for c, v := range row {
			cols[c] = append(cols[c], v)
			cells = append(cells, fmt.Sprintf("%.0f", v))
		}
		fmt.Println("| " + strings.Join(cells, " | ") + " |")
	}
	cells := []string{"median"}
	for _, c := range cols {
		cells = append(cells, fmt.Sprintf("%.0f", median(c)))
	}
	fmt.Println("| " + strings.Join(cells, " | ") + " |")
	var wire int
	for _, name := range names {
		wire += loads[0].Wasm[name].Wire
	}
	fmt.Printf("\nwasm on the wire, fetched by the page (first load): %d bytes (%.2f MB)\n", wire, float64(wire)/1e6)
}

// median returns the median of v, the mean of the middle two for even n.
func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// closeBrowser closes the browser of ctx gracefully, so that it removes its
// temporary profile, but waits at most 10 s: a loaded machine can keep a
// browser from answering, and then cancelling the allocator kills it.
func closeBrowser(ctx context.Context) {
	done := make(chan struct{})
	go func() {
		_ = chromedp.Cancel(ctx)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
	}
}
