//go:build !(js && wasm)

package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/audits"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"genplay/models/registry"
)

// publishSteps is how far TestPublish trains before it publishes.
const publishSteps = 400

// recordStepsJS keeps, in window.stepsSeen, every value the page's step
// attributes take (the page's data-step and each Compare tile's), as
// "app:400" or "gan:100", from the first render on: the witness that a
// demo opens at its step without passing through the steps before it.
const recordStepsJS = `window.stepsSeen = [];
(() => {
	const seen = new Set();
	const note = (el) => {
		if (!el.dataset || el.dataset.step === undefined) return;
		const k = (el.classList.contains("app") ? "app" : el.dataset.family) + ":" + el.dataset.step;
		if (!seen.has(k)) { seen.add(k); window.stepsSeen.push(k); }
	};
	const watch = () => {
		document.querySelectorAll("[data-step]").forEach(note);
		new MutationObserver((records) => {
			for (const r of records) {
				if (r.type === "attributes") note(r.target);
				for (const n of r.addedNodes || []) {
					if (n.nodeType !== 1) continue;
					note(n);
					n.querySelectorAll("[data-step]").forEach(note);
				}
			}
		}).observe(document.documentElement, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-step"]});
	};
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch); else watch();
})();`

// demoBrowser is a fresh Chromium, with a profile of its own, that
// records CSP violations (in the page, from Chromium's Audits domain, and
// in the training workers) and the steps the page shows, before it opens
// anything.
type demoBrowser struct {
	*page
	issues  *cspIssues
	workers *workerWatch
}

// freshBrowser starts a demoBrowser on a blank tab.
func freshBrowser(t *testing.T) *demoBrowser {
	t.Helper()
	p := startBrowser(t)
	b := &demoBrowser{page: p, issues: &cspIssues{}, workers: &workerWatch{parent: p.ctx}}
	chromedp.ListenTarget(p.ctx, b.issues.onEvent)
	chromedp.ListenTarget(p.ctx, b.workers.onEvent)
	p.run(30*time.Second, chromedp.ActionFunc(func(ctx context.Context) error {
		if err := audits.Enable().Do(ctx); err != nil {
			return err
		}
		if _, err := cdppage.AddScriptToEvaluateOnNewDocument(recordViolationsJS).Do(ctx); err != nil {
			return err
		}
		_, err := cdppage.AddScriptToEvaluateOnNewDocument(recordStepsJS).Do(ctx)
		return err
	}))
	return b
}

// checkCSP fails the test for every policy violation the browser heard.
func (b *demoBrowser) checkCSP() {
	b.t.Helper()
	var violations []string
	b.eval(`window.cspViolations || ["the violation recorder is missing"]`, &violations)
	for _, v := range violations {
		b.t.Errorf("CSP violation in the page: %s", v)
	}
	for _, s := range b.issues.list() {
		b.t.Errorf("reported by Chromium: %s", s)
	}
	_, security, errs := b.workers.state()
	for _, s := range security {
		b.t.Errorf("refused in the worker: %s", s)
	}
	for _, err := range errs {
		b.t.Error(err)
	}
}

// stepsSeen returns the step values the page has shown, in order.
func (b *demoBrowser) stepsSeen() []string {
	var s []string
	b.eval(`window.stepsSeen || []`, &s)
	return s
}

// checkNoReplay fails the test if the page showed, for who ("app" or a
// family), any step between 1 and step-1: a demo is imported at its step,
// never trained up to it.
func (b *demoBrowser) checkNoReplay(who string, step int) {
	b.t.Helper()
	for _, k := range b.stepsSeen() {
		w, v, _ := strings.Cut(k, ":")
		n, err := strconv.Atoi(v)
		if w == who && (err != nil || n > 0 && n < step) {
			b.t.Errorf("%s showed step %s on its way to %d: the demo was trained, not loaded (steps seen %v)", who, v, step, b.stepsSeen())
		}
	}
}

// metricsText is the single view's metrics, but the time per sample,
// which is the browser's speed: "metric-precision=0.93 …".
func (p *page) metricsText() string {
	var s string
	p.eval(`[...document.querySelectorAll("#metrics dd")].filter((d) => d.id !== "metric-ms_per_sample").map((d) => d.id + "=" + d.textContent).join(" ")`, &s)
	return s
}

// demoLinkRE is a short link's form.
var demoLinkRE = regexp.MustCompile(`^http://127\.0\.0\.1:[0-9]+/d/[0-9a-f]{12}$`)

// publish presses Publish and returns the short link the page shows.
func (p *page) publish(d time.Duration) string {
	p.t.Helper()
	p.click("#publish")
	p.poll("the short link", `/\/d\/[0-9a-f]+$/.test((document.getElementById("publish-link") || {}).value || "") || !!document.querySelector("#publish-box.banner-error")`, d)
	if p.exists("#publish-box.banner-error") {
		p.t.Fatalf("publishing failed: %s", p.text("#publish-status"))
	}
	link := p.value("#publish-link")
	if !demoLinkRE.MatchString(link) {
		p.t.Fatalf("short link %q, want %s", link, demoLinkRE)
	}
	return link
}

// openDemo navigates the fresh browser b to the demo link of a single
// view published at step with the main plot plot, and returns the time
// from the navigation until the page shows that plot at that step, paused.
func (b *demoBrowser) openDemo(link string, step int, plot string) time.Duration {
	b.t.Helper()
	start := time.Now()
	b.run(20*time.Second, chromedp.Navigate(link))
	b.poll(fmt.Sprintf("the demo at step %d with the published plot", step), fmt.Sprintf(`(() => {
		const app = document.querySelector(".app");
		if (!app || app.dataset.step !== "%d" || app.dataset.status !== "paused") return false;
		const c = document.getElementById("main-canvas");
		if (!c || !c.width) return false;
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		let h = 0x811c9dc5;
		for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 0x01000193);
		return c.width + "x" + c.height + ":" + (h >>> 0).toString(16) === %q;
	})()`, step, plot), time.Minute)
	return time.Since(start)
}

// TestPublish trains a GAN on 8 Gaussians, pauses and publishes it. The
// short link, opened in fresh browsers with profiles of their own, shows
// the same step, the same plot pixels and the same metrics without
// training (the page's step never passes through the steps before it),
// under the server's Content-Security-Policy, with the address bar still
// on the short link; play trains on. The time from navigation to the
// published plot drawn is logged for five fresh browsers, with the median.
// Then an unknown id and the demo's stored file, damaged on disk, are
// reported in the page, which stays usable.
func TestPublish(t *testing.T) {
	a := openPage(t)
	a.pickFamily("gan")
	a.play()
	a.waitStep(publishSteps, time.Minute)
	a.pause()
	step := a.step()
	a.waitMetrics(30 * time.Second)
	plotA := a.settled("main-canvas")
	metricsA := a.metricsText()
	link := a.publish(30 * time.Second)
	id := link[strings.LastIndex(link, "/")+1:]
	t.Logf("published step %d at %s; metrics %s", step, link, metricsA)
	if tok := a.value("#publish-token"); len(tok) < 20 {
		t.Errorf("delete token %q", tok)
	}
	if code := a.value("#publish-embed"); !strings.Contains(code, `src="`+link+`?embed=1"`) {
		t.Errorf("embed code %q does not frame %s?embed=1", code, link)
	}
	a.click("#publish-copy")
	a.poll("the copy's outcome", `!!document.getElementById("publish-copied")`, 5*time.Second)
	t.Logf("Copy: %q", a.text("#publish-copied"))
	if a.step() != step || a.canvasHash("main-canvas") != plotA {
		t.Errorf("publishing changed the page: step %d, plot %s", a.step(), a.canvasHash("main-canvas"))
	}
	a.shot("publish-original")

	// The same file again is the same demo, and gets no new token.
	a.click("#publish")
	a.poll("the second publish", `/already published/.test((document.getElementById("publish-status") || {}).textContent || "")`, 30*time.Second)
	if again := a.value("#publish-link"); again != link || a.exists("#publish-token") {
		t.Errorf("publishing again gave %q (token shown %v), want %q without a token", again, a.exists("#publish-token"), link)
	}

	var times []time.Duration
	b := freshBrowser(t)
	d := b.openDemo(link, step, plotA)
	times = append(times, d)
	t.Logf("fresh browser 1: the published plot at step %d drawn %v after navigation", step, d.Round(time.Millisecond))
	b.shot("publish-opened")
	if s := b.steady(3 * time.Second); s != step {
		t.Errorf("the demo shows step %d, want %d", s, step)
	}
	if got := b.settled("main-canvas"); got != plotA {
		t.Errorf("the demo's plot %s, want the published %s", got, plotA)
	}
	b.waitMetrics(30 * time.Second)
	if m := b.metricsText(); m != metricsA {
		t.Errorf("metrics differ:\npublished %s\nopened    %s", metricsA, m)
	}
	if got := b.value("#family"); got != "gan" {
		t.Errorf("the demo shows model %q, want gan", got)
	}
	b.checkNoReplay("app", step)
	var where string
	b.eval(`location.pathname + location.search`, &where)
	if where != "/d/"+id {
		t.Errorf("the address bar reads %q, want /d/%s", where, id)
	}
	if b.exists("#link-notice") {
		t.Errorf("the demo shows a notice: %q", b.text("#link-notice"))
	}
	if share := b.shareLinkOf(); !strings.HasPrefix(share, testEnv.baseURL+"?") || !strings.Contains(share, "n="+strconv.Itoa(step)) {
		t.Errorf("the demo page's share link %q, want the root's link at step %d", share, step)
	}
	b.play()
	b.waitStep(step+1, 30*time.Second)
	b.eval(`location.pathname + location.search`, &where)
	if where != "/d/"+id {
		t.Errorf("after training on, the address bar reads %q, want /d/%s", where, id)
	}
	b.checkCSP()

	for i := 2; i <= 5; i++ {
		c := freshBrowser(t)
		d := c.openDemo(link, step, plotA)
		times = append(times, d)
		t.Logf("fresh browser %d: the published plot drawn %v after navigation", i, d.Round(time.Millisecond))
		c.checkNoReplay("app", step)
		c.checkCSP()
	}
	sorted := slices.Clone(times)
	slices.Sort(sorted)
	t.Logf("navigation to the demo's plot drawn, 5 fresh browsers: median %v (%v); the issue asks within 3 s",
		sorted[2].Round(time.Millisecond), roundAll(times))

	t.Run("embed", func(t *testing.T) {
		e := freshBrowser(t)
		e.openDemo(link+"?embed=1", step, plotA)
		if !e.exists(".app-embed .embed-bar") || e.exists(".topbar") {
			t.Error("the demo's embed view shows the full page")
		}
		e.checkCSP()
	})

	t.Run("unknown id", func(t *testing.T) {
		u := freshBrowser(t)
		u.run(20*time.Second, chromedp.Navigate(testEnv.baseURL+"d/000000000000"))
		u.poll("the notice", `!!document.getElementById("link-notice")`, 30*time.Second)
		notice := u.text("#link-notice")
		t.Logf("notice %q", strings.TrimSpace(notice))
		if !strings.Contains(notice, "000000000000") || !strings.Contains(notice, "not on this server") {
			t.Errorf("notice %q, want it to say the demo is not on this server", notice)
		}
		u.waitStatus("ready", 30*time.Second)
		u.play()
		u.waitStep(1, 30*time.Second)
		u.checkCSP()
	})

	t.Run("damaged", func(t *testing.T) {
		path := filepath.Join(testEnv.demoDir, id+".demo")
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		raw[len(raw)-3] ^= 0x40 // a weight's byte: the file's SHA-256 no longer matches
		if err := os.WriteFile(path, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		v := freshBrowser(t)
		v.run(20*time.Second, chromedp.Navigate(link))
		v.poll("the notice", `!!document.getElementById("link-notice")`, 30*time.Second)
		notice := v.text("#link-notice")
		t.Logf("notice %q", strings.TrimSpace(notice))
		v.shot("publish-damaged")
		for _, w := range []string{id, "damaged", "checksum"} {
			if !strings.Contains(notice, w) {
				t.Errorf("notice %q, want it to contain %q", notice, w)
			}
		}
		// The page stays usable: it shows a model of its own and trains it.
		v.waitStatus("ready", 30*time.Second)
		if v.exists("#genplay-error") {
			t.Errorf("the page stopped: %s", v.text("#genplay-error"))
		}
		v.play()
		v.waitStep(1, 30*time.Second)
		v.checkCSP()
	})
}

// shareLinkOf presses Share and returns the link it shows.
func (p *page) shareLinkOf() string {
	p.t.Helper()
	p.click("#share")
	p.poll("the share link", `/^http/.test((document.getElementById("share-link") || {}).value || "")`, 5*time.Second)
	return p.value("#share-link")
}

func roundAll(ds []time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = d.Round(time.Millisecond)
	}
	return out
}

// TestPublishCompare trains every family to the same step in the Compare
// view, publishes it (a file per family, then the index) and opens the
// short link in a fresh browser: the grid, every tile at the same step
// without having trained to it, and the same scoreboard rows.
func TestPublishCompare(t *testing.T) {
	a := openCompare(t, testEnv.baseURL+"?v=1&view=compare&d=8gaussians&s=1&n="+strconv.Itoa(compareSteps))
	a.waitCompared(compareSteps, 3*time.Minute)
	boardA := a.settledBoard(2 * time.Minute)
	stepsA := a.tileSteps()
	link := a.publish(2 * time.Minute)
	t.Logf("published the grid at %s:\n%s", link, boardA)
	a.shot("publish-compare")

	b := freshBrowser(t)
	start := time.Now()
	b.run(20*time.Second, chromedp.Navigate(link))
	b.poll("the grid", fmt.Sprintf(`(document.getElementById("compare") || {dataset: {}}).dataset.tiles === "%d"`, len(registry.Families())), 2*time.Minute)
	b.waitCompared(compareSteps, 2*time.Minute)
	t.Logf("every tile at step %d %v after navigation", compareSteps, time.Since(start).Round(time.Millisecond))
	boardB := b.settledBoard(2 * time.Minute)
	b.shot("publish-compare-opened")
	if boardB != boardA {
		t.Errorf("the scoreboard differs:\npublished\n%s\nopened\n%s", boardA, boardB)
	}
	if s := b.tileSteps(); s != stepsA {
		t.Errorf("tiles %s, want %s", s, stepsA)
	}
	for _, f := range registry.Families() {
		b.checkNoReplay(f.Name, compareSteps)
	}
	u, _ := url.Parse(link)
	var where string
	b.eval(`location.pathname + location.search`, &where)
	if where != u.Path {
		t.Errorf("the address bar reads %q, want %s", where, u.Path)
	}
	if b.exists("#link-notice") {
		t.Errorf("the demo shows a notice: %q", b.text("#link-notice"))
	}
	b.checkCSP()
}
