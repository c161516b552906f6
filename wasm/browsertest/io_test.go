//go:build !(js && wasm)

package browsertest

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"genplay/models/data"
)

// drag presses the mouse at the first point of pts (fractions of the
// element's box), moves it through the others and releases it, as a
// person drawing with the mouse.
func (p *page) drag(sel string, pts [][2]float64) {
	p.t.Helper()
	var box []float64
	p.eval(`(() => { const r = document.querySelector(`+strconv.Quote(sel)+`).getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`, &box)
	at := func(f [2]float64) (float64, float64) { return box[0] + f[0]*box[2], box[1] + f[1]*box[3] }
	x, y := at(pts[0])
	acts := []chromedp.Action{chromedp.MouseEvent(input.MousePressed, x, y, chromedp.ButtonLeft, chromedp.ClickCount(1))}
	for _, f := range pts[1:] {
		x, y = at(f)
		acts = append(acts, chromedp.MouseEvent(input.MouseMoved, x, y, chromedp.ButtonLeft, chromedp.ButtonModifiers(input.ModifierNone), func(e *input.DispatchMouseEventParams) *input.DispatchMouseEventParams {
			return e.WithButtons(1)
		}))
	}
	acts = append(acts, chromedp.MouseEvent(input.MouseReleased, x, y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	p.run(20*time.Second, acts...)
}

// TestDrawAndTrain draws a data set with the mouse, trains a GAN on it,
// and checks that the link carries the drawing.
func TestDrawAndTrain(t *testing.T) {
	p := openPage(t)
	p.pickFamily("gan")
	p.choose("#data", "drawn")
	p.poll("draw mode", `!!document.getElementById("draw-train")`, 5*time.Second)
	// Two strokes: a horizontal bar and a vertical one.
	var bar, post [][2]float64
	for i := range 25 {
		f := 0.2 + 0.6*float64(i)/24
		bar = append(bar, [2]float64{f, 0.3})
		post = append(post, [2]float64{0.5, f})
	}
	p.drag("#main-canvas", bar)
	p.drag("#main-canvas", post)
	n, _ := strconv.Atoi(p.text("#drawn-count"))
	if n < 60 {
		t.Fatalf("%d points drawn by two strokes, want at least 60", n)
	}
	p.shot("draw")
	p.click("#draw-train")
	p.poll("the drawn data set in the link", `location.search.includes("d=drawn:")`, 5*time.Second)
	var search string
	p.eval(`location.search`, &search)
	i := strings.Index(search, "d=drawn:")
	name := search[i+2:]
	if j := strings.IndexByte(name, '&'); j >= 0 {
		name = name[:j]
	}
	pts, err := data.DecodeDrawn(name)
	if err != nil || len(pts)/2 != n {
		t.Fatalf("the link's data set holds %d points (%v), want the %d drawn", len(pts)/2, err, n)
	}
	if got := p.text("#data option:checked"); !strings.Contains(got, strconv.Itoa(n)+" points") {
		t.Errorf("data picker shows %q, want the drawing of %d points", got, n)
	}
	p.play()
	p.waitStep(300, 60*time.Second)
	p.waitMetrics(30 * time.Second)
	p.pause()
	if v, ok := p.metric("precision"); !ok || v <= 0 {
		t.Errorf("precision %v on the drawing", v)
	}
	p.shot("draw-trained")
}

// TestCSVImport imports points from a CSV file as the data set, and shows
// the line of a malformed file.
func TestCSVImport(t *testing.T) {
	p := openPage(t)
	p.pickFamily("flow")
	p.choose("#data", "drawn")
	p.poll("draw mode", `!!document.getElementById("csv-file")`, 5*time.Second)
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("x,y\n")
	for i := range 200 {
		v := float64(i%20)/10 - 1
		b.WriteString(strconv.FormatFloat(v, 'g', -1, 64) + "," + strconv.FormatFloat(2*v*v-1, 'g', -1, 64) + "\n")
	}
	good := filepath.Join(dir, "parabola.csv")
	if err := os.WriteFile(good, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	p.run(10*time.Second, chromedp.SetUploadFiles("#csv-file", []string{good}, chromedp.ByQuery))
	p.poll("the imported data set", `location.search.includes("d=drawn:")`, 10*time.Second)
	if got := p.text("#data option:checked"); !strings.Contains(got, "200 points") {
		t.Errorf("data picker shows %q, want 200 points", got)
	}
	p.shot("csv-import")

	p.choose("#data", "drawn")
	p.poll("draw mode", `!!document.getElementById("csv-file")`, 5*time.Second)
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("x,y\n1,2\n3,four\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.run(10*time.Second, chromedp.SetUploadFiles("#csv-file", []string{bad}, chromedp.ByQuery))
	p.poll("the notice", `!!document.getElementById("notice")`, 10*time.Second)
	if n := p.text("#notice"); !strings.Contains(n, "line 3") {
		t.Errorf("notice %q, want the bad line named", n)
	}
}

// download returns the name and bytes of the page's newest download.
func (p *page) download() (string, []byte) {
	p.t.Helper()
	var res []string
	p.eval(`(async () => {
		const a = document.getElementById("last-download");
		const b = new Uint8Array(await (await fetch(a.href)).arrayBuffer());
		let s = ""; for (const x of b) s += String.fromCharCode(x);
		return [a.download, btoa(s)];
	})()`, &res)
	b, err := base64.StdEncoding.DecodeString(res[1])
	if err != nil {
		p.t.Fatal(err)
	}
	return res[0], b
}

// TestExportsAndReimport saves the picture, the samples, the metrics and
// the weights, then resets and imports the weights again: the model comes
// back at its step.
func TestExportsAndReimport(t *testing.T) {
	p := openPage(t)
	p.pickFamily("gan")
	p.play()
	p.waitStep(200, 30*time.Second)
	p.waitMetrics(30 * time.Second)
	p.pause()
	step := p.step()

	var last string
	for _, e := range []struct{ button, suffix, head string }{
		{"#export-png", ".png", "\x89PNG"},
		{"#export-csv", "-samples.csv", "x,y\n"},
		{"#export-metrics", "-metrics.csv", "step,precision,recall"},
		{"#export-weights", ".safetensors", ""},
	} {
		p.click(e.button)
		p.poll("the download of "+e.button, `(() => { const a = document.getElementById("last-download"); return !!a && a.download !== `+strconv.Quote(last)+` })()`, 10*time.Second)
		name, b := p.download()
		last = name
		t.Logf("%s: %s, %d bytes", e.button, name, len(b))
		if !strings.HasSuffix(name, e.suffix) || !strings.HasPrefix(string(b), e.head) || len(b) < 16 {
			t.Errorf("%s saved %s (%d bytes, starting %q)", e.button, name, len(b), b[:min(len(b), 8)])
		}
		if e.suffix == ".safetensors" {
			f := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(f, b, 0o644); err != nil {
				t.Fatal(err)
			}
			p.click("#reset")
			p.poll("the reset", `document.getElementById("step-count").textContent === "0"`, 10*time.Second)
			p.run(10*time.Second, chromedp.SetUploadFiles("#weights-file", []string{f}, chromedp.ByQuery))
			p.poll("the imported model", `document.getElementById("step-count").textContent === "`+strconv.Itoa(step)+`"`, 20*time.Second)
			if n := p.text("#notice"); n != "" {
				t.Errorf("notice %q after importing the exported weights", n)
			}
		}
	}
	p.shot("reimported")
}

// TestDropWeights drops a file on the drop zone: a malformed weights file
// is refused with a message and the model stays; the weights of a pretrained
// model load.
func TestDropWeights(t *testing.T) {
	p := openPage(t)
	p.pickFamily("gan")
	p.play()
	p.waitStep(100, 30*time.Second)
	p.pause()
	step := p.step()
	drop := func(name, js string) {
		t.Helper()
		var ok bool
		p.eval(`(async () => {
			const bytes = await (`+js+`);
			const dt = new DataTransfer();
			dt.items.add(new File([bytes], `+strconv.Quote(name)+`));
			const zone = document.getElementById("drop");
			zone.dispatchEvent(new DragEvent("dragover", {bubbles: true, cancelable: true, dataTransfer: dt}));
			return zone.dispatchEvent(new DragEvent("drop", {bubbles: true, cancelable: true, dataTransfer: dt}));
		})()`, &ok)
	}
	drop("garbage.safetensors", `Promise.resolve(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))`)
	p.poll("the notice", `!!document.getElementById("notice")`, 10*time.Second)
	if n := p.text("#notice"); !strings.Contains(n, "The current model stays") {
		t.Errorf("notice %q after dropping garbage", n)
	}
	if s := p.step(); s != step {
		t.Errorf("step %d after a refused drop, want %d", s, step)
	}
	e := manifestModel(t, "gan-8gaussians")
	drop("gan.safetensors", `fetch("`+e.File+`").then(r => r.arrayBuffer())`)
	p.poll("the dropped model", `document.getElementById("step-count").textContent === "`+strconv.Itoa(e.Spec.Steps)+`"`, 20*time.Second)
	p.shot("dropped")
}
