//go:build !(js && wasm)

package browsertest

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"genplay/models"
	"genplay/models/registry"
	"genplay/wasm/paint"
)

// compareSteps is the equal-steps budget TestCompare trains every family to.
const compareSteps = 100

// TestCompare opens a Compare link: every family trains at once on 8
// Gaussians, each in its own worker, and every tile shows samples; at the
// link's step every tile pauses, the
// scoreboard fills, and the claims board marks "diffusion pays in
// evaluations" as holding with T = 1000. The share link, opened in a fresh
// browser, trains every family to the same step and shows the same
// scoreboard. A tile opens its family in the single view at its step, the
// Compare button comes back to the grid, and from the grid to the single
// view and back.
func TestCompare(t *testing.T) {
	fams := len(registry.Families())
	a := openCompare(t, testEnv.baseURL+"?v=1&view=compare&d=8gaussians&s=1&n="+strconv.Itoa(compareSteps))
	start := time.Now()
	gen := paint.Light().Generated
	names := make([]string, 0, fams)
	for _, f := range registry.Families() {
		names = append(names, f.Name)
	}
	for _, fam := range names {
		a.poll(fam+"'s tile to show samples", fmt.Sprintf(`(() => {
			const c = document.getElementById("cmp-%s-main-canvas");
			if (!c || !c.width) return false;
			const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
			let n = 0;
			for (let i = 0; i < d.length; i += 4) if (d[i] === %d && d[i+1] === %d && d[i+2] === %d && d[i+3] === 255) n++;
			return n > 50;
		})()`, fam, gen.R, gen.G, gen.B), 2*time.Minute)
	}
	t.Logf("every tile showed samples %.1f s after the page was up", time.Since(start).Seconds())

	n := a.frames(2 * time.Second)
	t.Logf("%d requestAnimationFrame callbacks in 2 s (%.0f fps) with %d families training; steps %s", n, float64(n)/2, fams, a.tileSteps())
	if n < 2*minFPS {
		t.Errorf("%d animation frames in 2 s with %d families training (%.0f fps), want at least %d fps", n, fams, float64(n)/2, minFPS)
	}

	a.waitCompared(compareSteps, 3*time.Minute)
	boardA := a.settledBoard(2 * time.Minute)
	t.Logf("scoreboard at step %d:\n%s", compareSteps, boardA)
	a.shot("compare-grid")
	for _, fam := range names {
		for _, key := range []string{"precision", "recall", "modes", "mmd2", "evals"} {
			if v := a.text(fmt.Sprintf(`#scoreboard tr[data-family=%q] td[data-key=%q]`, fam, key)); v == "" || v == "–" {
				t.Errorf("scoreboard: %s has no %s (%q)", fam, key, v)
			}
		}
	}
	if m := a.attr(`#claims tr[data-claim="diffusion-evals"]`, "data-mark"); m != "holds" {
		t.Errorf("diffusion pays in evaluations: %q, want holds (%s)", m, a.text(`#claims tr[data-claim="diffusion-evals"]`))
	}
	if c := a.text(`#claims tr[data-claim="diffusion-evals"] td[data-family="diffusion"]`); !strings.Contains(c, "1000 evals (T = 1000)") {
		t.Errorf("diffusion's cell reads %q, want 1000 evals (T = 1000)", c)
	}
	t.Logf("claims:\n%s", a.claimsText())

	a.click("#share")
	a.poll("the share link", `/^http/.test((document.getElementById("share-link") || {}).value || "")`, 5*time.Second)
	link := a.value("#share-link")
	u, err := url.Parse(link)
	if err != nil {
		t.Fatalf("share link %q: %v", link, err)
	}
	// 8 Gaussians and seed 1 are the defaults, which a link leaves out.
	if q := u.Query(); q.Get("view") != "compare" || q.Get("n") != strconv.Itoa(compareSteps) || q.Get("d") != "" || q.Get("s") != "" {
		t.Errorf("share link %q, want view=compare, n=%d and the default data set and seed", link, compareSteps)
	}
	b := openCompare(t, link)
	b.waitCompared(compareSteps, 3*time.Minute)
	boardB := b.settledBoard(2 * time.Minute)
	if boardA != boardB {
		t.Errorf("the link's scoreboard differs:\noriginal\n%s\nfrom the link\n%s", boardA, boardB)
	}
	if b.exists("#link-notice") {
		t.Errorf("the link shows a notice: %q", b.text("#link-notice"))
	}

	a.click("#open-gan")
	a.poll("the GAN in the single view", `!document.getElementById("compare") && (document.getElementById("family") || {}).value === "gan"`, 30*time.Second)
	if s := a.step(); s != compareSteps {
		t.Errorf("the opened GAN is at step %d, want %d", s, compareSteps)
	}
	a.shot("compare-open-gan")
	a.click("#compare-btn")
	a.poll("the grid again", `!!document.querySelector("#tile-gan")`, 30*time.Second)
	if s := a.attr("#tile-gan", "data-step"); s != strconv.Itoa(compareSteps) {
		t.Errorf("back in the grid the GAN is at step %s, want %d", s, compareSteps)
	}
	if q := a.locationQuery(); !strings.Contains(q, "view=compare") {
		t.Errorf("back in the grid the address bar holds %q, want view=compare", q)
	}
	// The Compare button of the top bar leaves the grid for the single
	// view of the page's own model, and comes back.
	a.click("#compare-btn")
	a.poll("the single view", `!document.getElementById("compare") && !!document.getElementById("family")`, 30*time.Second)
	a.click("#compare-btn")
	a.poll("the grid from the top bar", `!!document.querySelector("#tile-diffusion")`, 30*time.Second)
}

// openCompare opens the page, then the Compare link in it, and waits for
// its tiles. Six workers starting at once on a loaded machine take longer
// to be heard from than openLink waits for one.
func openCompare(t *testing.T, link string) *page {
	t.Helper()
	p := openPage(t)
	p.run(3*time.Minute, chromedp.Navigate(link))
	p.pollLong("the Compare view", fmt.Sprintf(`(document.getElementById("compare") || {dataset: {}}).dataset.tiles === "%d"`, len(registry.Families())), 2*time.Minute)
	return p
}

// locationQuery is the address bar's query.
func (p *page) locationQuery() string {
	var s string
	p.eval(`location.search`, &s)
	return s
}

// tileSteps is every tile's step, for a log.
func (p *page) tileSteps() string {
	var s string
	p.eval(`[...document.querySelectorAll(".tile")].map((t) => t.dataset.family + " " + t.dataset.step).join(", ")`, &s)
	return s
}

// waitCompared waits until every tile is paused at step n.
func (p *page) waitCompared(n int, d time.Duration) {
	p.t.Helper()
	p.pollLong(fmt.Sprintf("every tile to pause at step %d", n), fmt.Sprintf(`(() => {
		const ts = [...document.querySelectorAll(".tile")];
		return ts.length > 0 && ts.every((t) => t.dataset.step === "%d" && t.dataset.status === "paused");
	})()`, n), d)
}

// boardText is the scoreboard's quality columns, a line per family in the
// tiles' order: the numbers that are the same at the same step.
func (p *page) boardText() string {
	var s string
	p.eval(`[...document.querySelectorAll("#scoreboard tr[data-family]")].map((r) =>
		["family", "step", "precision", "recall", "modes", "high_quality", "mmd2", "nll", "evals"].map((k) =>
			(r.querySelector('td[data-key="' + k + '"]') || {}).textContent).join(" | ")).join("\n")`, &s)
	return s
}

// settledBoard waits until every family's precision is shown, every
// family with a likelihood shows its NLL (diffusion's bound is scored only
// once paused, by the paused sample's job), and the board has not changed
// for 3 s, and returns it.
func (p *page) settledBoard(d time.Duration) string {
	p.t.Helper()
	var withNLL []string
	for _, f := range registry.Families() {
		m, _, _, err := registry.Build(models.Spec{Family: f.Name, Data: "8gaussians", Seed: 1}, nil)
		if err != nil {
			p.t.Fatal(err)
		}
		if _, ok := m.(models.Likelihood); ok {
			withNLL = append(withNLL, f.Title+" |")
		}
	}
	scored := func(board string) bool {
		for _, line := range strings.Split(board, "\n") {
			for _, prefix := range withNLL {
				if strings.HasPrefix(line, prefix) && strings.Contains(line, "| none |") {
					return false
				}
			}
		}
		return !strings.Contains(board, "–")
	}
	deadline := time.Now().Add(d)
	last, since := "", time.Now()
	for {
		s := p.boardText()
		if s != last {
			last, since = s, time.Now()
		}
		if scored(s) && time.Since(since) >= 3*time.Second {
			return s
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("waiting %v for the scoreboard to fill and settle:\n%s", d, s)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// claimsText is the claims board, a line per claim.
func (p *page) claimsText() string {
	var s string
	p.eval(`[...document.querySelectorAll("#claims tr[data-claim]")].map((r) =>
		r.dataset.claim + " [" + r.dataset.mark + "] " + [...r.querySelectorAll("td")].map((c) => c.textContent).join(" | ")).join("\n")`, &s)
	return s
}

// crashWorker stops the Compare worker of fam as a crash would: the Web
// Worker ends and fires an error event, as TestCrashCard does for the
// single view's worker. It returns every tile's step at that moment.
func (p *page) crashWorker(fam string) map[string]int {
	p.t.Helper()
	var pairs [][]string
	// A page starved by a loaded machine may take longer than eval's
	// 30 s to answer.
	p.run(3*time.Minute, chromedp.Evaluate(fmt.Sprintf(`(() => {
		const w = window[%q];
		if (!w) return [];
		w.terminate();
		w.dispatchEvent(new ErrorEvent("error", {message: "test crash"}));
		return [...document.querySelectorAll(".tile")].map((t) => [t.dataset.family, t.dataset.step]);
	})()`, "genplayWorker_cmp-"+fam), &pairs))
	if len(pairs) == 0 {
		p.t.Fatalf("no worker genplayWorker_cmp-%s to crash", fam)
	}
	out := map[string]int{}
	for _, kv := range pairs {
		n, _ := strconv.Atoi(kv[1])
		out[kv[0]] = n
	}
	return out
}

// tileStepMap is every tile's step by family.
func (p *page) tileStepMap() map[string]int {
	var pairs [][]string
	p.evalLong(`[...document.querySelectorAll(".tile")].map((t) => [t.dataset.family, t.dataset.step])`, &pairs)
	out := map[string]int{}
	for _, kv := range pairs {
		n, _ := strconv.Atoi(kv[1])
		out[kv[0]] = n
	}
	return out
}

// TestCompareTileActions opens a Compare link that trains every family at
// once and crashes the GAN's worker: its tile shows the error and a
// Restart, the other five train on to the budget, and Restart brings a
// fresh worker that trains to the budget too.
// Then the grid's PNG holds every tile's samples under its label, and a
// claim's link opens its family in the single view at the claim's panel,
// at the step the tile had.
func TestCompareTileActions(t *testing.T) {
	const budget = 60
	a := openCompare(t, testEnv.baseURL+"?v=1&view=compare&d=8gaussians&s=1&n="+strconv.Itoa(budget))
	// The crash comes as soon as the grid is up: while six families train
	// on a loaded machine the page's thread falls behind the workers'
	// reports and answers only once they pause, so a crash asked for then
	// would come after the others had finished.
	at := a.crashWorker("gan")
	t.Logf("the GAN's worker crashed with the tiles at steps %v", at)
	a.pollLong("the GAN's tile to show the error", `(document.getElementById("tile-error-gan") || {}).textContent?.includes("test crash")`, 5*time.Minute)
	// The five others train on to the budget and pause there; the GAN
	// stays where it crashed.
	a.pollLong("the five others to reach the budget", fmt.Sprintf(`[...document.querySelectorAll(".tile")].every((t) =>
		t.dataset.family === "gan" ? t.dataset.status === "stopped" : t.dataset.step === "%d" && t.dataset.status === "paused")`, budget), 10*time.Minute)
	after := a.tileStepMap()
	t.Logf("steps after the crash: %v", after)
	stepped := 0
	for fam, n := range at {
		switch {
		case fam == "gan" && after[fam] != n:
			t.Errorf("the crashed GAN moved from step %d to %d", n, after[fam])
		case fam != "gan" && n < budget:
			stepped++
		}
	}
	if stepped == 0 {
		t.Errorf("every other tile was at the budget when the GAN crashed (%v): the test saw none train on", at)
	}
	if n := a.count(".tile-error"); n != 1 {
		t.Errorf("%d tiles show an error, want the GAN's alone", n)
	}
	a.shotL("compare-crash")
	a.clickL("#restart-gan")
	a.pollLong("the GAN's error to go", `!document.getElementById("tile-error-gan")`, time.Minute)
	// The restarted GAN trains to the budget too.
	a.waitCompared(budget, 10*time.Minute)

	// The grid's PNG.
	a.clickL("#cmp-png")
	a.pollLong("the grid's PNG", `/^compare-.*\.png$/.test((document.getElementById("last-download") || {}).download || "")`, 10*time.Second)
	name, b := a.download()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	t.Logf("%s: %v, %d bytes", name, img.Bounds(), len(b))
	if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w < 3*400 || h < 2*400 {
		t.Errorf("the grid's PNG is %d×%d, want three tiles a row in two rows", w, h)
	}
	gen := paint.Light().Generated
	cellW, cellH := (img.Bounds().Dx()-12)/3, (img.Bounds().Dy()-12)/2
	for i := range len(registry.Families()) {
		x0, y0 := 12+(i%3)*cellW, 12+(i/3)*cellH
		n, ink := 0, 0
		for y := y0; y < y0+cellH-12; y++ {
			for x := x0; x < x0+cellW-12; x++ {
				c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
				if c == gen {
					n++
				}
				if y < y0+20 && c.R < 0x40 && c.G < 0x40 && c.B < 0x60 {
					ink++
				}
			}
		}
		if n < 50 || ink < 30 {
			t.Errorf("cell %d of the PNG has %d sample pixels and %d of label ink", i, n, ink)
		}
	}

	// A claim's link: the flow's exact likelihood, at the latent panel.
	steps := a.tileStepMap()
	a.clickL("#claim-open-flow-exact")
	a.pollLong("the flow in the single view", `!document.getElementById("compare") && (document.getElementById("family") || {}).value === "flow"`, 30*time.Second)
	if p := a.attrL(".app", "data-panel"); p != "latent" {
		t.Errorf("the claim opened the flow at panel %q, want latent", p)
	}
	if s := a.step(); s != steps["flow"] {
		t.Errorf("the claim opened the flow at step %d, want its tile's %d", s, steps["flow"])
	}
	a.shotL("compare-claim-flow")
	a.clickL("#compare-btn")
	a.pollLong("the grid again", `!!document.querySelector("#claim-open-gan-drops-modes")`, 30*time.Second)
	a.clickL("#claim-open-gan-drops-modes")
	a.pollLong("the GAN in the single view", `!document.getElementById("compare") && (document.getElementById("family") || {}).value === "gan"`, 30*time.Second)
	if p := a.attrL(".app", "data-panel"); p != "samples" {
		t.Errorf("the claim opened the GAN at panel %q, want samples", p)
	}
}

// count is the number of elements that match sel.
func (p *page) count(sel string) int {
	var n int
	p.evalLong(fmt.Sprintf(`document.querySelectorAll(%q).length`, sel), &n)
	return n
}

// TestCompareEmbedMode opens a Compare link in embed mode: the grid and
// the claims board, without the scoreboard and the controls; its play
// button trains every family to the link's step, and the claims board
// fills.
func TestCompareEmbedMode(t *testing.T) {
	a := openCompare(t, testEnv.baseURL+"?v=1&view=compare&embed=1&n=60")
	for _, sel := range []string{".topbar", "#scoreboard", "#cmp-data", "#cmp-png", ".claim-open"} {
		if a.existsL(sel) {
			t.Errorf("embed mode shows %s", sel)
		}
	}
	for _, sel := range []string{"#claims", "#tile-gan", "#tile-diffusion", "#cmp-play", "#open-full"} {
		if !a.existsL(sel) {
			t.Errorf("embed mode lacks %s", sel)
		}
	}
	a.waitCompared(60, 3*time.Minute)
	a.pollLong("the claims board to mark the GAN", `(document.querySelector('#claims tr[data-claim="gan-drops-modes"]') || {dataset: {}}).dataset.mark !== "unmeasured"`, time.Minute)
	if m := a.attrL(`#claims tr[data-claim="diffusion-evals"]`, "data-mark"); m != "holds" {
		t.Errorf("diffusion pays in evaluations: %q in embed mode", m)
	}
	href := a.attrL("#open-full", "href")
	if !strings.Contains(href, "view=compare") || strings.Contains(href, "embed") || !strings.Contains(href, "n=60") {
		t.Errorf("open link %q", href)
	}
	a.shotL("compare-embed")
	a.clickL("#cmp-play")
	a.pollLong("the tiles to train on", `[...document.querySelectorAll(".tile")].some((t) => +t.dataset.step > 60)`, time.Minute)
}

// long runs the Compare view's 10-minute memory test.
var long = flag.Bool("long", false, "run TestCompareMemory: six families training for 10 minutes")

// TestCompareMemory trains every family on 8 Gaussians for 10 minutes
// (equal wall-clock time) and samples the memory of Chromium's renderer
// process, which runs the page and its dedicated workers, every 30 s; the
// memory must stop growing: after ten minutes it is within 15 % of its
// value after three. Run with
//
//	CI=1 go test -count=1 -v -timeout 30m -run TestCompareMemory ./wasm/browsertest/ -long
func TestCompareMemory(t *testing.T) {
	if !*long {
		t.Skip("a 10-minute test: run with -long")
	}
	const minutes = 10
	a := openCompare(t, testEnv.baseURL+"?v=1&view=compare&budget=time&secs="+strconv.Itoa(60*minutes+60))
	a.clickL("#cmp-play")
	start := time.Now()
	type sample struct {
		at  time.Duration
		rss float64 // MiB
	}
	var samples []sample
	for {
		at := time.Since(start)
		s := sample{at: at, rss: a.rendererRSS()}
		samples = append(samples, s)
		// The page may be too busy to answer within the period: the
		// steps are logged when it does, the memory is read from /proc.
		steps := "the page did not answer within 20 s"
		ctx, cancel := context.WithTimeout(a.ctx, 20*time.Second)
		var got string
		if err := chromedp.Run(ctx, chromedp.Evaluate(`[...document.querySelectorAll(".tile")].map((t) => t.dataset.family + " " + t.dataset.step + " " + t.dataset.status).join(", ")`, &got)); err == nil {
			steps = got
		}
		cancel()
		t.Logf("%5.1f min: renderer RSS %.0f MiB; %s", at.Minutes(), s.rss, steps)
		if at >= minutes*time.Minute {
			break
		}
		time.Sleep(30 * time.Second)
	}
	a.pollLong("every tile still training", `[...document.querySelectorAll(".tile")].every((t) => t.dataset.status === "training")`, 3*time.Minute)
	var base float64
	for _, s := range samples {
		if base == 0 && s.at >= 3*time.Minute {
			base = s.rss
		}
	}
	last := samples[len(samples)-1].rss
	t.Logf("renderer RSS: %.0f MiB after 3 min, %.0f MiB after %d min", base, last, minutes)
	if base == 0 || last > 1.15*base {
		t.Errorf("renderer memory grew from %.0f MiB (3 min) to %.0f MiB (%d min), more than 15 %%", base, last, minutes)
	}
}

// rendererRSS is the resident memory of Chromium's renderer processes,
// in MiB: the descendants of the browser process started with
// --type=renderer, read from /proc.
func (p *page) rendererRSS() float64 {
	p.t.Helper()
	proc := chromedp.FromContext(p.ctx).Browser.Process()
	if proc == nil {
		p.t.Fatal("no Chromium process")
	}
	parent := map[int]int{}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		p.t.Fatal(err)
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …: comm may hold spaces, so read after
		// the last ')'.
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if len(f) > 1 {
			parent[pid], _ = strconv.Atoi(f[1])
		}
	}
	descends := func(pid int) bool {
		for i := 0; i < 16 && pid > 1; i++ {
			if pid = parent[pid]; pid == proc.Pid {
				return true
			}
		}
		return false
	}
	var kib float64
	for pid := range parent {
		if !descends(pid) {
			continue
		}
		cmd, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
		if !bytes.Contains(cmd, []byte("--type=renderer")) {
			continue
		}
		status, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
		for _, line := range strings.Split(string(status), "\n") {
			if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				n, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
				kib += n
			}
		}
	}
	return kib / 1024
}

// TestCompareSeeds clicks "Repeat with 5 seeds" with a budget of 30 steps:
// a progress bar and the seed in training show, the five seeds run in
// turn through the same workers, and the table over seeds gives every
// family's precision and recall as mean ± sd, with the claims read from
// the means. A second repeat, cancelled during its second seed, pauses
// every tile.
func TestCompareSeeds(t *testing.T) {
	a := openCompare(t, testEnv.baseURL+"?v=1&view=compare&n=30")
	a.waitCompared(30, 3*time.Minute)
	a.clickL("#cmp-repeat")
	a.pollLong("the repeat's progress", `!!document.getElementById("cmp-seeds-progress") && /Seed 1 of 5/.test(document.getElementById("cmp-seeds-status").textContent)`, 30*time.Second)
	if !a.existsL("#cmp-cancel-seeds") || a.existsL("#cmp-repeat") {
		t.Error("while the seeds run, the page offers no cancel (or a second repeat)")
	}
	a.pollLong("seed 2", `/Seed 2 of 5/.test((document.getElementById("cmp-seeds-status") || {}).textContent || "")`, 5*time.Minute)
	if v := a.attrL("#cmp-seeds-progress", "value"); v == "" || v == "0.000" {
		t.Errorf("progress %q in seed 2", v)
	}
	a.pollLong("the five seeds", `document.getElementById("cmp-seeds").dataset.state === "done"`, 15*time.Minute)
	a.shotL("compare-seeds")
	for _, f := range registry.Families() {
		for _, key := range []string{"precision", "recall"} {
			cell := a.textL(fmt.Sprintf(`#seeds-board tr[data-family=%q] td[data-key=%q]`, f.Name, key))
			mean, sd, ok := strings.Cut(cell, " ± ")
			m, err1 := strconv.ParseFloat(mean, 64)
			s, err2 := strconv.ParseFloat(sd, 64)
			if !ok || err1 != nil || err2 != nil || m <= 0 || m > 1 || s < 0 || s > 0.5 {
				t.Errorf("%s's %s over seeds reads %q, want mean ± sd", f.Name, key, cell)
			}
		}
	}
	var lines string
	a.evalLong(`[...document.querySelectorAll("#seeds-claims tr[data-claim]")].map((r) => r.dataset.claim + " [" + r.dataset.mark + "] " +
		[...r.querySelectorAll("td")].map((c) => c.textContent).join(" | ")).join("\n")`, &lines)
	t.Logf("over 5 seeds:\n%s\nclaims:\n%s", a.seedsBoardText(), lines)
	if !strings.Contains(lines, "diffusion-evals [holds]") || !strings.Contains(lines, "every seed (5/5)") {
		t.Errorf("the claims over seeds do not read diffusion's evaluations as holding for every seed")
	}
	if s := a.attrL("#tile-gan", "data-step"); s != "30" {
		t.Errorf("after the repeat the GAN is at step %s, want 30", s)
	}
	if q := a.locationQuery(); !strings.Contains(q, "s=5") {
		t.Errorf("after the repeat the address bar holds %q, want seed 5", q)
	}

	a.clickL("#cmp-repeat")
	a.pollLong("seed 2 of the second repeat", `/Seed 2 of 5/.test((document.getElementById("cmp-seeds-status") || {}).textContent || "")`, 5*time.Minute)
	a.clickL("#cmp-cancel-seeds")
	a.pollLong("the cancel", `document.getElementById("cmp-seeds").dataset.state === "cancelled"`, 10*time.Second)
	a.pollLong("every tile to pause", `[...document.querySelectorAll(".tile")].every((t) => t.dataset.status !== "training")`, time.Minute)
	if st := a.textL("#cmp-seeds-status"); !strings.Contains(st, "Cancelled after 1 of 5 seeds") {
		t.Errorf("status after the cancel %q", st)
	}
	if !a.existsL("#cmp-repeat") {
		t.Error("no repeat button after the cancel")
	}
}

// seedsBoardText is the table over seeds, a line per family.
func (p *page) seedsBoardText() string {
	var s string
	p.evalLong(`[...document.querySelectorAll("#seeds-board tr[data-family]")].map((r) =>
		["family", "precision", "recall", "modes", "high_quality", "mmd2", "nll", "evals"].map((k) =>
			(r.querySelector('td[data-key="' + k + '"]') || {}).textContent).join(" | ")).join("\n")`, &s)
	return s
}

// TestCompareMNIST opens the Compare view on MNIST: every tile downloads
// its family's pretrained model with a progress bar, the scoreboard shows
// each family's live figures beside the manifest's, and play trains every
// family the budget's steps on from its pretrained step.
func TestCompareMNIST(t *testing.T) {
	man := needWeights(t)
	const budget = 5
	a := openCompare(t, testEnv.baseURL+"?v=1&view=compare&d=mnist&n="+strconv.Itoa(budget))
	for _, f := range registry.Families() {
		if !a.existsL("#tile-load-" + f.Name) {
			t.Errorf("%s's tile shows no download", f.Name)
		}
	}
	a.pollLong("every pretrained model", `[...document.querySelectorAll(".tile-load")].length === 6 && [...document.querySelectorAll(".tile-load")].every((l) => l.dataset.done === "true")`, 8*time.Minute)
	base := a.tileStepMap()
	t.Logf("loaded at steps %v", base)
	for _, f := range registry.Families() {
		e, ok := man.Model(f.Name + "-mnist")
		if !ok {
			t.Fatalf("the manifest has no %s-mnist", f.Name)
		}
		if base[f.Name] != e.Spec.Steps {
			t.Errorf("%s loaded at step %d, want the manifest's %d", f.Name, base[f.Name], e.Spec.Steps)
		}
		rec := fmt.Sprintf(`#scoreboard tr[data-family=%q][data-source="recorded"] td[data-key=%q]`, f.Name, "fd")
		if got, want := a.textL(rec), strconv.FormatFloat(e.Metrics["fd"], 'f', 2, 64); got != want {
			t.Errorf("%s's recorded FD %q, want the manifest's %s", f.Name, got, want)
		}
	}
	a.shotL("compare-mnist-loaded")
	// The worker scores an image model by itself once it is paused at a
	// step (after the load, at the budget) and every few seconds while it
	// trains, so the live figures come with the steps trained on.
	a.clickL("#cmp-play")
	cond := []string{}
	for fam, step := range base {
		cond = append(cond, fmt.Sprintf(`(document.getElementById("tile-%s") || {dataset: {}}).dataset.step === "%d"`, fam, step+budget))
	}
	a.pollLong("every family to train the budget on", `[...document.querySelectorAll(".tile")].every((t) => t.dataset.status === "paused") && `+strings.Join(cond, " && "), 10*time.Minute)
	a.pollLong("the live FD of every family", `[...document.querySelectorAll('#scoreboard tr[data-source="live"] td[data-key="fd"]')].every((c) => /^[0-9]/.test(c.textContent))`, time.Minute)
	t.Logf("scoreboard on MNIST:\n%s", a.mnistBoardText())
	a.shotL("compare-mnist")
}

// mnistBoardText is the MNIST scoreboard, a line per row.
func (p *page) mnistBoardText() string {
	var s string
	p.evalLong(`[...document.querySelectorAll("#scoreboard tr[data-family]")].map((r) =>
		["family", "source", "step", "fd", "class_coverage", "precision", "recall", "bpd", "ms_per_sample"].map((k) =>
			(r.querySelector('td[data-key="' + k + '"]') || {}).textContent).join(" | ")).join("\n")`, &s)
	return s
}

// The helpers below wait longer than page_test.go's: with six workers
// starting on a loaded machine the page's thread may take a minute to
// answer an evaluation.

// evalLong is eval with 3 minutes to answer.
func (p *page) evalLong(expr string, res any) {
	p.t.Helper()
	p.run(3*time.Minute, chromedp.Evaluate(expr, res, func(ep *cdpruntime.EvaluateParams) *cdpruntime.EvaluateParams {
		return ep.WithAwaitPromise(true)
	}))
}

// pollLong waits until the expression is truthy, failing the test after
// d, without asking the page anything more.
func (p *page) pollLong(what, expr string, d time.Duration) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, d+3*time.Minute)
	defer cancel()
	var ok bool
	start := time.Now()
	err := chromedp.Run(ctx, chromedp.Poll(expr, &ok, chromedp.WithPollingTimeout(d), chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		p.t.Fatalf("waiting %v for %s: %v (after %v)", d, what, err, time.Since(start).Round(time.Second))
	}
}

func (p *page) textL(sel string) string {
	var s string
	p.evalLong(fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, sel), &s)
	return s
}

func (p *page) attrL(sel, name string) string {
	var s string
	p.evalLong(fmt.Sprintf(`(document.querySelector(%q) || {getAttribute: () => ""}).getAttribute(%q) || ""`, sel, name), &s)
	return s
}

func (p *page) existsL(sel string) bool {
	var ok bool
	p.evalLong(fmt.Sprintf(`!!document.querySelector(%q)`, sel), &ok)
	return ok
}

// clickL is click with 3 minutes to answer.
func (p *page) clickL(sel string) {
	p.t.Helper()
	p.run(3*time.Minute, chromedp.Click(sel, chromedp.ByQuery))
}

// shotL is shot with 2 minutes to answer.
func (p *page) shotL(name string) {
	p.t.Helper()
	var b []byte
	p.run(2*time.Minute, chromedp.FullScreenshot(&b, 100))
	path := filepath.Join(shotsDir(), name+".png")
	if err := os.MkdirAll(shotsDir(), 0o755); err != nil {
		p.t.Errorf("screenshot: %v", err)
		return
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		p.t.Errorf("screenshot: %v", err)
		return
	}
	p.t.Logf("screenshot %s", path)
}
