//go:build !js

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/chromedp/cdproto/browser"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"genplay/wasm/bench/gobench"
)

// buildWasm builds ../benchwasm for js/wasm into dir as bench.wasm, next to
// the Go release's wasm_exec.js.
func buildWasm(root, dir string) error {
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "bench.wasm"), "./wasm/bench/cmd/benchwasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build benchwasm: %v\n%s", err, out)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "wasm_exec.js"), b, 0o644)
}

// native runs the bodies in this process, on one thread, and the "torch"
// competitor in a python process (../../torch/bench.py).
type native struct {
	python, script string // the interpreter and bench.py
}

func (n native) run(s gobench.Spec) (gobench.Result, error) {
	if s.Impl == "torch" {
		return n.runTorch(s)
	}
	// Why: gonum's Sgemm splits large products over goroutines; every other
	// competitor here runs on one thread.
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	res, err := gobench.Run(s, time.Now)
	if err != nil {
		res.Error = err.Error()
	}
	return res, nil
}

// runTorch runs s in a fresh python process: bench.py reads the spec on
// stdin and prints the result, or an error naming the missing
// python3-torch.
func (n native) runTorch(s gobench.Spec) (gobench.Result, error) {
	var res gobench.Result
	spec, err := json.Marshal(s)
	if err != nil {
		return res, err
	}
	cmd := exec.Command(n.python, n.script)
	cmd.Stdin = strings.NewReader(string(spec))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return res, fmt.Errorf("%s %s: %v: %s", n.python, n.script, err, firstLine(stderr.String()))
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return res, fmt.Errorf("%s: %v in %q", n.script, err, out)
	}
	return res, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func (native) describe() string {
	return fmt.Sprintf("%s %s/%s, GOMAXPROCS=1 while measuring, %d CPUs", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
}

func (native) close() error { return nil }

// node is a running ../../js/node-runner.mjs.
type node struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Scanner
	info string
}

func startNode(benchDir, build string, tfjs bool) (*node, error) {
	args := []string{"--stack-size=8192", filepath.Join("js", "node-runner.mjs"),
		filepath.Join(build, "wasm_exec.js"), filepath.Join(build, "bench.wasm")}
	if tfjs {
		args = append(args, "--tfjs")
	}
	cmd := exec.Command("node", args...)
	cmd.Dir = benchDir
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	outPipe, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("node: %v", err)
	}
	n := &node{cmd: cmd, in: in, out: bufio.NewScanner(outPipe)}
	n.out.Buffer(make([]byte, 1<<16), 1<<24)
	info, err := n.read("READY ")
	if err != nil {
		n.close()
		return nil, err
	}
	var v struct{ Node, V8, TFJS string }
	if err := json.Unmarshal([]byte(info), &v); err != nil {
		n.close()
		return nil, fmt.Errorf("node-runner: %v", err)
	}
	n.info = fmt.Sprintf("Node %s (V8 %s)", v.Node, v.V8)
	if v.TFJS != "" {
		n.info += ", TF.js " + v.TFJS
	}
	return n, nil
}

// read returns the rest of the next stdout line that starts with prefix;
// other lines go to stderr.
func (n *node) read(prefix string) (string, error) {
	for n.out.Scan() {
		line := n.out.Text()
		if rest, ok := strings.CutPrefix(line, prefix); ok {
			return rest, nil
		}
		fmt.Fprintln(os.Stderr, "node:", line)
	}
	if err := n.out.Err(); err != nil {
		return "", fmt.Errorf("node: %v", err)
	}
	return "", errors.New("node-runner exited")
}

func (n *node) run(s gobench.Spec) (gobench.Result, error) {
	var res gobench.Result
	b, err := json.Marshal(s)
	if err != nil {
		return res, err
	}
	if _, err := fmt.Fprintf(n.in, "%s\n", b); err != nil {
		return res, fmt.Errorf("node: %v", err)
	}
	line, err := n.read("RESULT ")
	if err != nil {
		return res, err
	}
	err = json.Unmarshal([]byte(line), &res)
	return res, err
}

func (n *node) describe() string { return n.info }

// close ends the runner by closing its stdin, and kills it if it does not
// exit within 10 s.
func (n *node) close() error {
	n.in.Close()
	done := make(chan error, 1)
	go func() { done <- n.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		n.cmd.Process.Kill()
		return <-done
	}
}

// chromium is one headless Chromium page running ../../js/page.html, served
// with TF.js's node_modules and the wasm build by a loopback test server.
type chromium struct {
	srv                        *httptest.Server
	allocCancel, browserCancel context.CancelFunc
	ctx                        context.Context
	info                       string
}

func startChromium(chrome, benchDir, build string) (*chromium, error) {
	if _, err := os.Stat(chrome); err != nil {
		return nil, fmt.Errorf("no Chromium at %s (set -chrome or $CHROME): %v", chrome, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/js/", http.StripPrefix("/js/", http.FileServer(http.Dir(filepath.Join(benchDir, "js")))))
	mux.Handle("/node_modules/", http.StripPrefix("/node_modules/", http.FileServer(http.Dir(filepath.Join(benchDir, "node_modules")))))
	mux.Handle("/build/", http.StripPrefix("/build/", http.FileServer(http.Dir(build))))
	c := &chromium{srv: httptest.NewServer(mux)}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// A benchmark holds the page's thread for seconds at a time.
		chromedp.Flag("disable-hang-monitor", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-background-timer-throttling", true),
	)
	var allocCtx context.Context
	allocCtx, c.allocCancel = chromedp.NewExecAllocator(context.Background(), opts...)
	c.ctx, c.browserCancel = chromedp.NewContext(allocCtx)
	chromedp.ListenTarget(c.ctx, func(ev any) {
		switch ev := ev.(type) {
		case *cdpruntime.EventConsoleAPICalled:
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`))
			}
			fmt.Fprintf(os.Stderr, "chromium console.%s: %s\n", ev.Type, strings.Join(parts, " "))
		case *cdpruntime.EventExceptionThrown:
			fmt.Fprintf(os.Stderr, "chromium exception: %s\n", ev.ExceptionDetails.Error())
		}
	})
	// Why: the first Run starts the browser and ties its life to the context
	// it is given, so it must be c.ctx and not one with a timeout.
	if err := chromedp.Run(c.ctx); err != nil {
		c.close()
		return nil, fmt.Errorf("chromium: %v", err)
	}
	var ready bool
	var pageErr, ua string
	ctx, cancel := context.WithTimeout(c.ctx, 2*time.Minute)
	defer cancel()
	err := chromedp.Run(ctx,
		chromedp.Navigate(c.srv.URL+"/js/page.html"),
		chromedp.Poll(`globalThis.benchReady === true || typeof globalThis.benchError === "string"`, nil, chromedp.WithPollingTimeout(90*time.Second)),
		chromedp.Evaluate(`globalThis.benchReady === true`, &ready),
		chromedp.Evaluate(`String(globalThis.benchError ?? "")`, &pageErr),
		chromedp.Evaluate(`"crossOriginIsolated=" + globalThis.crossOriginIsolated + ", hardwareConcurrency=" + navigator.hardwareConcurrency`, &ua),
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, product, _, _, _, err := browser.GetVersion().Do(ctx)
			ua = product + ", " + ua
			return err
		}),
	)
	if err == nil && !ready {
		err = fmt.Errorf("page: %s", pageErr)
	}
	if err != nil {
		c.close()
		return nil, fmt.Errorf("chromium: %v", err)
	}
	c.info = ua
	return c, nil
}

func (c *chromium) run(s gobench.Spec) (gobench.Result, error) {
	var res gobench.Result
	b, err := json.Marshal(s)
	if err != nil {
		return res, err
	}
	ctx, cancel := context.WithTimeout(c.ctx, 5*time.Minute)
	defer cancel()
	var out string
	err = chromedp.Run(ctx, chromedp.Evaluate(fmt.Sprintf("benchRun(%s).then(JSON.stringify)", b), &out,
		func(p *cdpruntime.EvaluateParams) *cdpruntime.EvaluateParams { return p.WithAwaitPromise(true) }))
	if err != nil {
		return res, fmt.Errorf("chromium: %v", err)
	}
	err = json.Unmarshal([]byte(out), &res)
	return res, err
}

func (c *chromium) describe() string { return c.info }

// close shuts the browser down gracefully, then the server.
func (c *chromium) close() error {
	ctx, cancel := context.WithTimeout(c.ctx, 10*time.Second)
	defer cancel()
	err := chromedp.Cancel(ctx)
	c.browserCancel()
	c.allocCancel()
	c.srv.Close()
	return err
}
