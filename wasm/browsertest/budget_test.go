//go:build !(js && wasm)

package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"genplay/models"
	"genplay/models/registry"
	"genplay/tensor/safetensors"
)

// writeFile writes b to a file of the given name in a temporary folder.
func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// overBudgetFile returns an 11 KB weights file whose Spec, valid setting
// by setting, needs gigabytes: what used to take the worker down.
func overBudgetFile(t *testing.T, data string) []byte {
	t.Helper()
	spec := models.Spec{Family: "flow", Data: data, Seed: 1, Steps: 4000,
		Config: json.RawMessage(`{"couplings":64,"hidden":4096,"depth":16,"batch":65536}`)}
	sj, err := spec.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	f := &safetensors.File{
		Tensors:  []safetensors.Tensor{{Name: "coupling.0.net.0.w", Shape: []int{2, 4096}, Data: make([]float32, 2*4096)}},
		Metadata: map[string]string{registry.MetaSpec: string(sj), registry.MetaFormat: registry.FormatVersion},
	}
	if err := safetensors.Write(&buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// nanFile returns the weights file of a fresh GAN on moons with a NaN at
// index 3 of its generator's first weight, and that tensor's name.
func nanFile(t *testing.T) ([]byte, string) {
	t.Helper()
	spec := models.Spec{Family: "gan", Data: "moons", Seed: 2, Steps: 4000}
	m, _, _, err := registry.Build(spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := m.Weights()[0]
	w.T.Data[3] = float32(math.NaN())
	b, err := registry.SaveBytes(spec, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b, w.Name
}

// TestImportOverBudget imports a weights file whose Spec needs gigabytes
// and one with a NaN: each is refused with a message (the budget and the
// setting to lower; the tensor and the index), the model trained so far
// stays, paused where it was, and the worker trains on afterwards.
func TestImportOverBudget(t *testing.T) {
	p := openPage(t)
	p.pickFamily("gan")
	p.play()
	p.waitStep(100, 30*time.Second)
	p.pause()
	nan, tensor := nanFile(t)
	for _, c := range []struct {
		name string
		file []byte
		want []string
	}{
		{"huge.safetensors", overBudgetFile(t, "moons"), []string{"too large for this page", "memory budget", "lower ", "The current model stays."}},
		{"huge-mnist.safetensors", overBudgetFile(t, "mnist"), []string{"too large for this page", "memory budget", "The current model stays."}},
		{"nan.safetensors", nan, []string{`tensor "` + tensor + `"`, "NaN at index 3", "The current model stays."}},
	} {
		step := p.step()
		before := p.settled("main-canvas")
		prev := p.text("#notice")
		p.run(10*time.Second, chromedp.SetUploadFiles("#weights-file", []string{writeFile(t, c.name, c.file)}, chromedp.ByQuery))
		// The notice of this file: the previous one goes when it is chosen.
		p.poll("the notice", fmt.Sprintf(`!!document.getElementById("notice") && document.getElementById("notice").textContent !== %q`, prev), 30*time.Second)
		notice := strings.Join(strings.Fields(p.text("#notice")), " ")
		t.Logf("%s: notice %q", c.name, notice)
		for _, w := range c.want {
			if !strings.Contains(notice, w) {
				t.Errorf("%s: notice %q, want it to contain %q", c.name, notice, w)
			}
		}
		if info := p.text("#info"); strings.Contains(info, "Checking") {
			t.Errorf("%s: %q stays on screen", c.name, info)
		}
		p.checkKept(step, "gan", "8gaussians", before)
		p.shot("budget-" + strings.TrimSuffix(c.name, ".safetensors"))
	}
	// The worker is alive: it trains on.
	step := p.step()
	p.play()
	p.waitStep(step+50, 60*time.Second)
	p.pause()
}

// TestLinkOverBudget opens a link whose settings each lie in their ranges
// but together need gigabytes (a flow on MNIST with 32 couplings of
// 512-wide, 6-deep networks and batches of 1024, which used to kill the
// worker after 30 s at 2.4–2.9 GB): the page opens with lowered settings,
// says so, and trains.
func TestLinkOverBudget(t *testing.T) {
	p := openLink(t, testEnv.baseURL+"?v=1&f=flow&d=mnist&n=20&c.couplings=32&c.hidden=512&c.depth=6&c.batch=1024")
	p.poll("the link notice", `!!document.getElementById("link-notice")`, 10*time.Second)
	notice := strings.Join(strings.Fields(p.text("#link-notice")), " ")
	t.Logf("link notice %q", notice)
	if !strings.Contains(notice, "memory budget") || !strings.Contains(notice, "c.couplings=32") {
		t.Errorf("link notice %q, want the memory budget and c.couplings=32", notice)
	}
	if got := p.attr(".app", "data-family"); got != "flow" {
		t.Errorf("family %q, want flow", got)
	}
	couplings := p.text("#param-couplings-value")
	batch := p.text("#param-batch-value")
	t.Logf("couplings %s, batch %s", couplings, batch)
	if couplings == "32" && batch == "1024" {
		t.Errorf("the controls show the link's settings, couplings %s and batch %s", couplings, batch)
	}
	// The link asks for step 20: the page trains towards it (a step of
	// this flow on 299 digits takes a second or more on a busy machine).
	p.waitStep(3, 180*time.Second)
	if st := p.status(); st != "training" && st != "paused" {
		t.Errorf("status %q, want training", st)
	}
	p.shot("budget-link")
}

// TestStartupPanicCard serves the page with its mount point renamed, so
// that the page's Go program panics at start-up (its renderer finds
// nowhere to render): the page shows the error card with the panic's
// message and a reload button, not "Loading the playground…" for ever.
func TestStartupPanicCard(t *testing.T) {
	needBrowser(t)
	modRoot, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	goroot, err := goEnv(modRoot, "GOROOT")
	if err != nil {
		t.Fatal(err)
	}
	index, err := os.ReadFile(filepath.Join(modRoot, "web", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(index), `id="genplay"`, `id="genplay-renamed"`, 1)
	if broken == string(index) {
		t.Fatal(`web/index.html has no id="genplay"`)
	}
	for name, b := range map[string][]byte{"index.html": []byte(broken)} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for src, name := range map[string]string{
		filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"): "wasm_exec.js",
		filepath.Join(modRoot, "web", "style.css"):           "style.css",
	} {
		if err := copyFile(filepath.Join(dir, name), src); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "app.wasm"), "./wasm/app")
	cmd.Dir = modRoot
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./wasm/app: %v\n%s", err, out)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(testEnv.chrome), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.WindowSize(1280, 800))
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	run := func(d time.Duration, actions ...chromedp.Action) {
		t.Helper()
		c, stop := context.WithTimeout(ctx, d)
		defer stop()
		if err := chromedp.Run(c, actions...); err != nil {
			t.Fatalf("browser: %v", err)
		}
	}
	run(10*time.Second, chromedp.Navigate(srv.URL+"/"))
	var card, button string
	run(120*time.Second,
		chromedp.WaitVisible("#genplay-error", chromedp.ByQuery),
		chromedp.Text("#genplay-error", &card, chromedp.ByQuery),
		chromedp.Text("#genplay-reload", &button, chromedp.ByQuery))
	t.Logf("card %q, button %q", card, button)
	if !strings.Contains(card, "The playground failed:") || !strings.Contains(card, "Reloading the page") {
		t.Errorf("card %q, want the panic's message", card)
	}
	// The reload button reloads the page, which fails again the same way.
	var marked, fresh bool
	run(10*time.Second, chromedp.Evaluate(`window.genplayMarker = true`, &marked))
	run(10*time.Second, chromedp.Click("#genplay-reload", chromedp.ByQuery), chromedp.Sleep(2*time.Second))
	run(120*time.Second, chromedp.WaitVisible("#genplay-error", chromedp.ByQuery),
		chromedp.Evaluate(`window.genplayMarker === undefined`, &fresh))
	if !fresh {
		t.Error("the reload button did not reload the page")
	}
}
