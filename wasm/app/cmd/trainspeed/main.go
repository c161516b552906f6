//go:build !js

// Command trainspeed compares how fast each family trains in the page with
// how fast the same Spec trains natively, on one data set: for each family,
// first natively (registry.Build, TrainStep in a loop on one core), then in
// the page in headless Chromium (the link ?v=1&f=<family>&d=<data>, the
// default view; play, and the page's step counter over a window after a
// warm-up), and prints both with their ratio. Natively first then the page,
// family by family, so that each ratio is measured under the same load.
//
//	make run &
//	go run ./wasm/app/cmd/trainspeed -url http://127.0.0.1:8080/
//
// It measures; it asserts nothing.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"genplay/models"
	"genplay/models/registry"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8080/", "the page, served by genplay-server (make run)")
	set := flag.String("data", "8gaussians", "the 2D data set")
	window := flag.Duration("window", 8*time.Second, "how long each measurement counts steps, after a warm-up of a quarter of it")
	chrome := flag.String("chrome", "/usr/bin/chromium", "the Chromium binary")
	only := flag.String("families", "", "the families to measure, comma-separated; empty: all")
	flag.Parse()

	fmt.Printf("| family | native steps/s | page steps/s | page / native |\n| --- | ---: | ---: | ---: |\n")
	for _, f := range registry.Families() {
		if *only != "" && !slices.Contains(strings.Split(*only, ","), f.Name) {
			continue
		}
		spec := models.Spec{Family: f.Name, Data: *set, Seed: 1}
		fmt.Fprintf(os.Stderr, "%s natively…\n", f.Name)
		native, err := nativeRate(spec, *window)
		if err != nil {
			fmt.Fprintf(os.Stderr, "trainspeed: %s natively: %v\n", f.Name, err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "%s in the page…\n", f.Name)
		page, err := pageRate(*chrome, fmt.Sprintf("%s?v=1&f=%s&d=%s", *url, f.Name, *set), *window)
		if err != nil {
			fmt.Fprintf(os.Stderr, "trainspeed: %s in the page: %v\n", f.Name, err)
			os.Exit(1)
		}
		fmt.Printf("| %s | %.0f | %.0f | %.2f |\n", f.Name, native, page, page/native)
	}
}

// nativeRate trains spec on one core for a warm-up of window/4 and then for
// window, and returns the steps per second of the second part.
func nativeRate(spec models.Spec, window time.Duration) (float64, error) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1)) // the page's worker has one core
	m, src, r, err := registry.Build(spec, nil)
	if err != nil {
		return 0, err
	}
	for start := time.Now(); time.Since(start) < window/4; {
		m.TrainStep(src, r)
	}
	n, start := 0, time.Now()
	for time.Since(start) < window {
		m.TrainStep(src, r)
		n++
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

// pageRate opens link in a fresh headless Chromium, presses play once the
// page is ready, and returns the steps per second its step counter shows
// over window, after a warm-up of window/4.
func pageRate(chrome, link string, window time.Duration) (float64, error) {
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
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	defer closeBrowser(ctx)
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute+2*window)
	defer cancelT()
	// Navigate without waiting for the load event.
	err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		_, _, errText, _, err := page.Navigate(link).Do(ctx)
		if err == nil && errText != "" {
			err = errors.New(errText)
		}
		return err
	}))
	if err != nil {
		return 0, err
	}
	status := `(document.querySelector(".app") || {dataset: {}}).dataset.status || ""`
	wctx, wcancel := context.WithTimeout(ctx, 90*time.Second)
	defer wcancel()
	if err := waitFor(wctx, `!!document.querySelector("#play") && `+status+` === "ready"`); err != nil {
		var st string
		_ = eval(ctx, status+` + " step " + (document.querySelector(".app") || {dataset: {}}).dataset.step`, &st)
		return 0, fmt.Errorf("waiting for the status ready (%s): %w", st, err)
	}
	if err := eval(ctx, `document.querySelector("#play").click(), true`, new(bool)); err != nil {
		return 0, err
	}
	if err := waitFor(ctx, status+` === "training"`); err != nil {
		return 0, fmt.Errorf("waiting for training: %w", err)
	}
	time.Sleep(window / 4)
	step := `+document.querySelector(".app").dataset.step`
	var s0, s1 float64
	if err := eval(ctx, step, &s0); err != nil {
		return 0, err
	}
	t0 := time.Now()
	time.Sleep(window)
	if err := eval(ctx, step, &s1); err != nil {
		return 0, err
	}
	rate := (s1 - s0) / time.Since(t0).Seconds()
	var st string
	if err := eval(ctx, status, &st); err != nil {
		return 0, err
	}
	if st != "training" {
		return 0, fmt.Errorf("the page stopped training (status %q)", st)
	}
	return rate, nil
}

// waitFor evaluates cond every 50 ms until it is true.
func waitFor(ctx context.Context, cond string) error {
	for {
		var ok bool
		if err := eval(ctx, "!!("+cond+")", &ok); err != nil {
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
}

// eval evaluates expr in the page and decodes its value into res.
func eval(ctx context.Context, expr string, res any) error {
	return chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		v, exc, err := cdpruntime.Evaluate(expr).WithReturnByValue(true).Do(ctx)
		if err != nil {
			return err
		}
		if exc != nil {
			return exc
		}
		return json.Unmarshal(v.Value, res)
	}))
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
