//go:build !(js && wasm)

package browsertest

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

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
	p.run(time.Minute, chromedp.Navigate(link))
	p.poll("the Compare view", fmt.Sprintf(`(document.getElementById("compare") || {dataset: {}}).dataset.tiles === "%d"`, len(registry.Families())), 2*time.Minute)
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
	p.poll(fmt.Sprintf("every tile to pause at step %d", n), fmt.Sprintf(`(() => {
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
