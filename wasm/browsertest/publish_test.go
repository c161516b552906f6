//go:build !(js && wasm)

package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
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

	"genplay/models"
	"genplay/models/registry"
	"genplay/tensor/safetensors"
)

// publishSteps is how far TestPublish trains before it publishes.
const publishSteps = 400

// recordStepsJS keeps, in window.stepsSeen, every value the page's step
// attributes take (the page's data-step and each Compare tile's), as
// "app:400" or "gan:100", from the first render on: the witness that a
// demo opens at its step without passing through the steps before it.
// window.stepTimes holds when each was first seen, in milliseconds of
// performance.now() (from the navigation).
const recordStepsJS = `window.stepsSeen = [];
window.stepTimes = {};
(() => {
	const seen = new Set();
	const note = (el) => {
		if (!el.dataset || el.dataset.step === undefined) return;
		const k = (el.classList.contains("app") ? "app" : el.dataset.family) + ":" + el.dataset.step;
		if (!seen.has(k)) { seen.add(k); window.stepsSeen.push(k); window.stepTimes[k] = Math.round(performance.now()); }
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

// recordPausedJS keeps, in window.pausedAt, when the page was first seen
// paused at each step with the precision of its paused sample shown, in
// milliseconds of performance.now() (from the navigation), checked every
// 20 ms.
const recordPausedJS = `window.pausedAt = {};
setInterval(() => {
	const app = document.querySelector(".app");
	if (!app || app.dataset.status !== "paused") return;
	if (!/^[0-9]/.test((document.getElementById("metric-precision") || {}).textContent || "")) return;
	if (!(app.dataset.step in window.pausedAt)) window.pausedAt[app.dataset.step] = Math.round(performance.now());
}, 20);`

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
		if _, err := cdppage.AddScriptToEvaluateOnNewDocument(recordStepsJS).Do(ctx); err != nil {
			return err
		}
		_, err := cdppage.AddScriptToEvaluateOnNewDocument(recordPausedJS).Do(ctx)
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
// It logs when the page first rendered and when it showed the step.
func (b *demoBrowser) openDemo(link string, step int, plot string) time.Duration {
	b.t.Helper()
	start := time.Now()
	b.run(20*time.Second, chromedp.Navigate(link))
	b.poll(fmt.Sprintf("the demo paused at step %d", step), fmt.Sprintf(`(() => {
		const app = document.querySelector(".app");
		return !!app && app.dataset.step === "%d" && app.dataset.status === "paused";
	})()`, step), 2*time.Minute)
	deadline := time.Now().Add(time.Minute)
	last := ""
	for {
		if last = b.canvasHash("main-canvas"); last == plot {
			break
		}
		if time.Now().After(deadline) {
			b.shot("publish-plot-differs")
			b.t.Fatalf("the demo at step %d shows the plot %s, want the published %s", step, last, plot)
		}
		time.Sleep(50 * time.Millisecond)
	}
	d := time.Since(start)
	var times map[string]int
	b.eval(`window.stepTimes || {}`, &times)
	b.t.Logf("the page rendered at step 0 %d ms after the navigation started, showed step %d at %d ms; the published plot was drawn at %d ms",
		times["app:0"], step, times["app:"+strconv.Itoa(step)], d.Milliseconds())
	return d
}

// TestPublish trains a GAN on 8 Gaussians to step publishSteps, where the
// page pauses, and publishes it. The
// short link, opened in a fresh browser with a profile of its own, shows
// the same step, the same plot pixels and the same metrics without
// training (the page's step never passes through the steps before it),
// under the server's Content-Security-Policy, with the address bar still
// on the short link; play trains on; the embed code's address shows the
// embed view of the same plot. Then, in another fresh browser, an unknown
// id and the demo's stored file, damaged on disk, are reported in the
// page, which stays usable. TestPublishOpenTime measures the opening.
func TestPublish(t *testing.T) {
	// The page trains to the step and pauses there by itself: a page that
	// trains on a loaded machine can be too busy to take a click in time.
	a := openLink(t, fmt.Sprintf("%s?v=1&f=gan&n=%d", testEnv.baseURL, publishSteps))
	a.poll(fmt.Sprintf("the GAN paused at step %d", publishSteps),
		fmt.Sprintf(`document.querySelector(".app").dataset.status === "paused" && document.getElementById("step-count").textContent === "%d"`, publishSteps), 3*time.Minute)
	step := a.steady(10 * time.Second)
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

	t.Run("open", func(t *testing.T) {
		b := freshBrowser(t)
		d := b.openDemo(link, step, plotA)
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

		// The embed code's address: the embed view of the same demo.
		b.openDemo(link+"?embed=1", step, plotA)
		if !b.exists(".app-embed .embed-bar") || b.exists(".topbar") {
			t.Error("the demo's embed view shows the full page")
		}
		b.checkCSP()
	})

	t.Run("unknown and damaged", func(t *testing.T) {
		u := freshBrowser(t)
		u.run(20*time.Second, chromedp.Navigate(testEnv.baseURL+"d/000000000000"))
		u.poll("the notice", `!!document.getElementById("link-notice")`, time.Minute)
		notice := u.text("#link-notice")
		t.Logf("notice %q", strings.TrimSpace(notice))
		if !strings.Contains(notice, "000000000000") || !strings.Contains(notice, "not on this server") {
			t.Errorf("notice %q, want it to say the demo is not on this server", notice)
		}
		u.waitStatus("ready", time.Minute)
		u.checkCSP()

		path := filepath.Join(testEnv.demoDir, id+".demo")
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		raw[len(raw)-3] ^= 0x40 // a weight's byte: the file's SHA-256 no longer matches
		if err := os.WriteFile(path, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		u.run(20*time.Second, chromedp.Navigate(link))
		u.poll("the notice", `/damaged/.test((document.getElementById("link-notice") || {}).textContent || "")`, time.Minute)
		notice = u.text("#link-notice")
		t.Logf("notice %q", strings.TrimSpace(notice))
		u.shot("publish-damaged")
		for _, w := range []string{id, "damaged", "checksum"} {
			if !strings.Contains(notice, w) {
				t.Errorf("notice %q, want it to contain %q", notice, w)
			}
		}
		// The page stays usable: it shows a model of its own and trains it.
		u.waitStatus("ready", time.Minute)
		if u.exists("#genplay-error") {
			t.Errorf("the page stopped: %s", u.text("#genplay-error"))
		}
		u.checkCSP()
		u.play()
		u.waitStep(1, time.Minute)
	})
}

// openTimeSteps is how far TestPublishOpenTime's GAN is trained.
const openTimeSteps = 400

// TestPublishOpenTime measures how long a short link takes to show its
// demo, against the replay link of the same model state, which trains it
// from step 0 in the reader's browser. A GAN trained natively to step
// openTimeSteps is published through the API and opened once in a fresh
// browser for the plot it shows; then, five times, the short link and the
// replay link (?v=1&f=gan&s=7&n=openTimeSteps) are each opened in a fresh
// browser and timed from the navigation: the demo until its plot is drawn
// at its step (by the test's clock), both until the page is paused at that
// step with the metrics of its paused sample shown (by the page's clock,
// recordPausedJS). The times are logged with their
// medians and the median of the five paired ratios; none is asserted
// (they measure the machine's load as much as the page), but every demo
// must show its step without training to it.
func TestPublishOpenTime(t *testing.T) {
	needBrowser(t)
	link, view := publishNative(t, openTimeSteps)
	var plot string
	t.Run("reference", func(t *testing.T) {
		b := freshBrowser(t)
		b.run(20*time.Second, chromedp.Navigate(link))
		b.poll("the demo", fmt.Sprintf(`(document.querySelector(".app") || {dataset: {}}).dataset.step === "%d"`, openTimeSteps), 2*time.Minute)
		plot = b.settled("main-canvas")
		t.Logf("%s (view %s): plot %s", link, view, plot)
	})
	if plot == "" {
		t.Fatal("no reference plot")
	}
	replay := testEnv.baseURL + "?" + view
	var drawn, demo, replayed, ratios []time.Duration
	for i := 1; i <= 5; i++ {
		// Each browser closes at the end of its subtest, so that the
		// next one's time is not another's work.
		var d, m, r time.Duration
		t.Run(fmt.Sprintf("demo %d", i), func(t *testing.T) {
			b := freshBrowser(t)
			d = b.openDemo(link, openTimeSteps, plot)
			b.poll("the demo's metrics", pausedWithMetricsJS(openTimeSteps), time.Minute)
			m = b.pausedAt(openTimeSteps)
			b.checkNoReplay("app", openTimeSteps)
			b.checkCSP()
		})
		t.Run(fmt.Sprintf("replay %d", i), func(t *testing.T) {
			b := freshBrowser(t)
			b.run(20*time.Second, chromedp.Navigate(replay))
			b.poll(fmt.Sprintf("the replay paused at step %d with its metrics", openTimeSteps), pausedWithMetricsJS(openTimeSteps), 5*time.Minute)
			r = b.pausedAt(openTimeSteps)
		})
		if d == 0 || r == 0 {
			return
		}
		drawn, demo, replayed = append(drawn, d), append(demo, m), append(replayed, r)
		ratios = append(ratios, time.Duration(float64(time.Second)*r.Seconds()/m.Seconds()))
		t.Logf("pair %d: the demo's plot drawn %v, paused with metrics %v; the replay link paused with metrics %v (%.1f× the demo)",
			i, d.Round(time.Millisecond), m.Round(time.Millisecond), r.Round(time.Millisecond), r.Seconds()/m.Seconds())
	}
	t.Logf("5 fresh browsers each, medians: the demo's plot drawn %v (%v); paused at step %d with metrics: demo %v, replay link %v; replay/demo ratio %.2f",
		median(drawn), roundAll(drawn), openTimeSteps, median(demo), median(replayed), median(ratios).Seconds())
}

// pausedWithMetricsJS is true when the page is paused at step with the
// precision of its paused sample shown.
func pausedWithMetricsJS(step int) string {
	return fmt.Sprintf(`(() => {
		const app = document.querySelector(".app");
		return !!app && app.dataset.step === "%d" && app.dataset.status === "paused" &&
			/^[0-9]/.test((document.getElementById("metric-precision") || {}).textContent || "");
	})()`, step)
}

// pausedAt returns when the page was first paused at step with its
// metrics shown, since its navigation started (recordPausedJS), failing
// the test if it has not been.
func (b *demoBrowser) pausedAt(step int) time.Duration {
	b.t.Helper()
	var at map[string]float64
	b.eval(`window.pausedAt || {}`, &at)
	ms, ok := at[strconv.Itoa(step)]
	if !ok {
		b.t.Fatalf("the page was never recorded paused at step %d with metrics (%v)", step, at)
	}
	return time.Duration(ms * float64(time.Millisecond))
}

// median returns the median of ds.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2].Round(time.Millisecond)
}

// publishNative trains a GAN on 8 Gaussians natively to step steps,
// publishes it through the server's API as the page would (the step and
// a view in its metadata) and returns its short link and view.
func publishNative(t *testing.T, steps int) (link, view string) {
	t.Helper()
	spec := models.Spec{Family: "gan", Data: "8gaussians", Seed: 7}
	m, src, r, err := registry.Build(spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	train := r.Split()
	for range steps {
		m.TrainStep(src, train)
	}
	spec.Steps = steps
	w, err := registry.SaveBytes(spec, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Parse(w)
	if err != nil {
		t.Fatal(err)
	}
	view = fmt.Sprintf("v=1&f=gan&s=7&n=%d", steps)
	f.Metadata["step"], f.Metadata["view"] = strconv.Itoa(steps), view
	var body bytes.Buffer
	if err := safetensors.Write(&body, f); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(testEnv.baseURL+"api/demos", "application/octet-stream", &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var rep struct{ ID, URL string }
	if err := json.NewDecoder(resp.Body).Decode(&rep); err != nil || resp.StatusCode/100 != 2 {
		t.Fatalf("publishing: %s, %v", resp.Status, err)
	}
	return testEnv.baseURL + strings.TrimPrefix(rep.URL, "/"), view
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
