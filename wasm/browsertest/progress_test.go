//go:build !(js && wasm)

package browsertest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// workTextJS reads the text of the bar over a figure under way.
const workTextJS = `((document.getElementById("work-text") || {}).textContent || "")`

// estimateJS is true while the bar says about how long is left.
const estimateJS = `/about \d+ (s|min) left/.test(` + workTextJS + `)`

// settleDefault waits until the page's default model has computed its
// first figure, whose likelihood bound takes a while: loading a model
// while the worker still computes it makes a loaded machine slower still.
func (p *page) settleDefault() {
	p.t.Helper()
	p.pollLong("the default model's first figure",
		`!document.getElementById("work") && /^[0-9]/.test((document.getElementById("metric-nll_bound") || {}).textContent || "")`, 3*time.Minute)
}

// TestFigureProgress opens the page's default model, diffusion on 8
// Gaussians with T = 1000, whose paused figures are slow: its DDPM samples
// and then its reverse process show a bar with the share done and about
// how long is left over the dimmed plot. Opening the forward process, a
// quick figure, drops the reverse process: the bar goes, does not come
// back, and the forward figure arrives.
func TestFigureProgress(t *testing.T) {
	p := openPage(t)
	p.poll("a bar with an estimate over the DDPM samples", estimateJS, 60*time.Second)
	t.Logf("samples: %q", p.text("#work-text"))
	p.shot("progress-samples")

	p.openTab("reverse")
	p.poll("a bar with an estimate over the reverse process", estimateJS, 60*time.Second)
	first := p.attr("#work", "aria-valuenow")
	if !strings.Contains(p.attr("#main", "class"), "stale") {
		t.Errorf("the plot under the bar has class %q, want it dimmed (stale)", p.attr("#main", "class"))
	}
	// The bar moves on, or the figure arrives and takes it away (on a
	// quiet machine the reverse process may be done before a second report).
	p.poll("the bar to move on", fmt.Sprintf(`!document.getElementById("work") || +document.getElementById("work").getAttribute("aria-valuenow") > %s`, first), 60*time.Second)
	t.Logf("reverse process: %s%% then %q", first, p.text("#work-text"))
	p.shot("progress-reverse")

	// Once the bar has gone, note every time one shows again.
	var ok bool
	p.eval(`(() => {
		window.genplayBars = 0;
		new MutationObserver(() => { if (window.genplayGone && document.getElementById("work")) window.genplayBars++; })
			.observe(document.body, {subtree: true, childList: true, attributes: true});
		return true;
	})()`, &ok)
	p.openTab("forward")
	p.poll("the bar to go", `!document.getElementById("work")`, 2*time.Second)
	p.eval(`window.genplayGone = true`, &ok)
	p.poll("the forward process's figure", `!!document.getElementById("stat-t")`, 60*time.Second)
	time.Sleep(1500 * time.Millisecond) // a dropped reverse process would report again by now
	var bars int
	p.eval(`window.genplayBars`, &bars)
	if bars != 0 || p.exists("#work") {
		t.Errorf("a bar showed %d times after the forward process was opened", bars)
	}
	if n := p.inked("main-canvas"); n == 0 {
		t.Error("the forward process's plot is blank")
	}
	if strings.Contains(p.attr("#main", "class"), "stale") {
		t.Error("the forward process's plot is still dimmed")
	}
	p.shot("progress-forward")
}

// TestPretrainedCharts loads a pretrained model on a 2D set and one on
// MNIST: before any training, the fidelity and diversity chart shows the
// manifest's recorded metrics at the model's step, and the loss chart the
// loss of its weights, both in the series' colours.
func TestPretrainedCharts(t *testing.T) {
	needWeights(t)
	p := openPage(t)
	p.settleDefault()
	for _, name := range []string{"gan-8gaussians", "vae-mnist"} {
		e := manifestModel(t, name)
		p.loadModel(name)
		p.checkLoaded(e)
		// precision is the chart's first series, drawn in the second of
		// the charts' colours (lossColors in package ui).
		p.poll("the recorded precision on the fidelity chart", colouredJS("metric-canvas", [][3]int{{0xd5, 0x5e, 0x00}}), 20*time.Second)
		p.poll("a loss on the loss chart", colouredJS("loss-canvas", [][3]int{{0x1d, 0x4e, 0xa0}, {0xd5, 0x5e, 0x00}, {0x00, 0x9e, 0x73}, {0xcc, 0x79, 0xa7}, {0x56, 0xb4, 0xe9}}), 20*time.Second)
		var metric, loss int
		p.eval(strings.TrimSuffix(colouredJS("metric-canvas", [][3]int{{0xd5, 0x5e, 0x00}}), " > 0"), &metric)
		p.eval(strings.TrimSuffix(colouredJS("loss-canvas", [][3]int{{0x1d, 0x4e, 0xa0}, {0xd5, 0x5e, 0x00}, {0x00, 0x9e, 0x73}, {0xcc, 0x79, 0xa7}, {0x56, 0xb4, 0xe9}}), " > 0"), &loss)
		legend := p.text(".side-panel")
		t.Logf("%s: %d precision pixels on the fidelity chart, %d loss pixels", name, metric, loss)
		if want := fmt.Sprintf("recorded at step %d", e.Spec.Steps); !strings.Contains(legend, want) {
			t.Errorf("%s: the charts' legends lack %q", name, want)
		}
		p.shot("pretrained-charts-" + name)
	}
}

// colouredJS is a JavaScript expression that is true when the canvas id
// has pixels of one of the colours.
func colouredJS(id string, colours [][3]int) string {
	var cs []string
	for _, c := range colours {
		cs = append(cs, fmt.Sprintf("[%d,%d,%d]", c[0], c[1], c[2]))
	}
	return fmt.Sprintf(`(() => {
		const c = document.getElementById(%q);
		if (!c || !c.width) return 0;
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		const cs = [%s];
		let n = 0;
		for (let i = 0; i < d.length; i += 4) {
			if (cs.some(k => d[i] === k[0] && d[i+1] === k[1] && d[i+2] === k[2])) n++;
		}
		return n;
	})() > 0`, id, strings.Join(cs, ","))
}

// TestScoreProgress loads the pretrained diffusion model on MNIST and
// presses Score samples: drawing the 256 samples and scoring them shows
// the bar with an estimate, which goes when the Fréchet distance arrives.
func TestScoreProgress(t *testing.T) {
	needWeights(t)
	e := manifestModel(t, "diffusion-mnist")
	p := openPage(t)
	p.settleDefault()
	p.loadModel(e.Name)
	p.pollLong("the samples' figure", `!document.getElementById("work") && !!document.getElementById("score")`, 2*time.Minute)
	p.click("#score")
	p.poll("a bar with an estimate over the score", estimateJS+` && /scor|256/.test(`+workTextJS+`)`, time.Minute)
	t.Logf("score: %q", p.text("#work-text"))
	p.shot("progress-score")
	p.poll("the Fréchet distance", `/^[0-9]/.test((document.getElementById("metric-fd") || {}).textContent || "")`, 3*time.Minute)
	if p.exists("#work") {
		t.Errorf("the bar stays after the score came: %q", p.text("#work-text"))
	}
	if fd, _ := p.metric("fd"); fd <= 0 {
		t.Errorf("Fréchet distance %v", fd)
	}
}

// TestProgressEstimate follows the bar over the default model's DDPM
// samples (1000 chain steps, then the likelihood bound's 1000 network
// evaluations and the scores) from its start to the figure, and compares
// the time left it said with the time the figure then took: within a
// factor of three once a quarter is done.
func TestProgressEstimate(t *testing.T) {
	p := openPage(t)
	// The page opens on the samples, computing them: leave and come back
	// once the bar is watched, so that it is followed from its start.
	p.poll("the model's panels", `!!document.getElementById("tab-forward")`, time.Minute)
	p.clickL("#tab-forward")
	p.pollLong("the forward process's figure", `!!document.getElementById("stat-t")`, time.Minute)
	var ok bool
	p.evalLong(`(() => {
		const rec = window.genplayWork = {marks: [], end: 0};
		const id = setInterval(() => {
			const bar = document.getElementById("work");
			const now = performance.now();
			if (!bar) {
				if (rec.marks.length > 0) { rec.end = now; clearInterval(id); }
				return;
			}
			const m = /about (\d+) (s|min) left/.exec(document.getElementById("work-text").textContent);
			if (m) rec.marks.push({t: now, pct: +bar.getAttribute("aria-valuenow"), left: +m[1] * (m[2] === "min" ? 60 : 1)});
		}, 100);
		return true;
	})()`, &ok)
	p.clickL("#tab-samples")
	p.pollLong("the samples' figure after its bar", `window.genplayWork.end > 0`, 3*time.Minute)
	var rec struct {
		Marks []struct{ T, Pct, Left float64 }
		End   float64
	}
	p.evalLong(`window.genplayWork`, &rec)
	if len(rec.Marks) < 3 {
		t.Fatalf("%d readings of the bar with an estimate", len(rec.Marks))
	}
	total := (rec.End - rec.Marks[0].T) / 1000
	checked := 0
	for _, q := range []float64{10, 25, 50, 75, 90} {
		for _, m := range rec.Marks {
			if m.Pct < q {
				continue
			}
			actual := (rec.End - m.T) / 1000
			t.Logf("at %3.0f%%: about %3.0f s left said, %5.1f s taken", m.Pct, m.Left, actual)
			if q >= 25 && actual >= 2 {
				checked++
				if m.Left > 3*actual || 3*m.Left < actual {
					t.Errorf("at %.0f%% the bar said about %.0f s left; the figure took %.1f s", m.Pct, m.Left, actual)
				}
			}
			break
		}
	}
	t.Logf("the bar showed for %.1f s; %d readings checked", total, checked)
}
