//go:build !(js && wasm)

package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/audits"
	cdplog "github.com/chromedp/cdproto/log"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// recordViolationsJS keeps every securitypolicyviolation event of a
// document in window.cspViolations. It is added to each new document
// before the page's own scripts run.
const recordViolationsJS = `window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
	window.cspViolations.push(e.effectiveDirective + " blocked " + (e.blockedURI || "inline") +
		" at " + e.sourceFile + ":" + e.lineNumber);
});`

// cspIssues collects the Content-Security-Policy issues Chromium reports
// for the page through DevTools (the Audits domain): a second witness
// besides the page's own event listener.
type cspIssues struct {
	mu     sync.Mutex
	issues []string
}

func (c *cspIssues) onEvent(ev any) {
	e, ok := ev.(*audits.EventIssueAdded)
	if !ok || e.Issue == nil || e.Issue.Code != audits.InspectorIssueCodeContentSecurityPolicyIssue {
		return
	}
	d := e.Issue.Details.ContentSecurityPolicyIssueDetails
	s := "CSP issue"
	if d != nil {
		s = fmt.Sprintf("CSP issue: %s blocked %s (%s)", d.ViolatedDirective, d.BlockedURL, d.ContentSecurityPolicyViolationType)
	}
	c.mu.Lock()
	c.issues = append(c.issues, s)
	c.mu.Unlock()
}

func (c *cspIssues) list() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.issues...)
}

// workerWatch attaches to every dedicated worker the page starts and keeps
// the security entries of its log: the worker has its own policy, that of
// worker.js, and its refusals reach neither the page's listener nor the
// Audits domain. Enabling the worker's log replays what it logged before
// the attachment, so a refusal at start-up (importScripts, compiling the
// wasm) is heard too.
type workerWatch struct {
	parent context.Context // the page's browser context

	mu       sync.Mutex
	workers  []context.Context // one per attached worker, newest last
	security []string          // the security entries of their logs
	errs     []error           // attachments that failed
}

func (w *workerWatch) onEvent(ev any) {
	e, ok := ev.(*target.EventAttachedToTarget)
	if !ok || e.TargetInfo == nil || e.TargetInfo.Type != "worker" {
		return
	}
	// Attach from another goroutine: a listener must not block.
	go func() {
		ctx, _ := chromedp.NewContext(w.parent, chromedp.WithTargetID(e.TargetInfo.TargetID))
		chromedp.ListenTarget(ctx, func(ev any) {
			if le, ok := ev.(*cdplog.EventEntryAdded); ok && le.Entry.Source == cdplog.SourceSecurity {
				w.mu.Lock()
				w.security = append(w.security, le.Entry.Text)
				w.mu.Unlock()
			}
		})
		err := chromedp.Run(ctx)
		w.mu.Lock()
		defer w.mu.Unlock()
		if err != nil {
			w.errs = append(w.errs, fmt.Errorf("attaching to the worker %s: %w", e.TargetInfo.URL, err))
			return
		}
		w.workers = append(w.workers, ctx)
	}()
}

// state returns the workers attached, the security entries and the
// attachment errors so far.
func (w *workerWatch) state() ([]context.Context, []string, []error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]context.Context(nil), w.workers...), append([]string(nil), w.security...), append([]error(nil), w.errs...)
}

// TestCSP loads the page as the server sends it, under its
// Content-Security-Policy, with a listener for violations installed before
// the page's scripts run; loads a pretrained GAN, whose samples it waits
// for, and plays it on, then checks that nothing was refused, in the page or
// in its training worker. At the end, a script injected into the page and a
// fetch from another origin started in the worker must be refused and heard,
// which shows that both policies are enforced and both listeners work.
func TestCSP(t *testing.T) {
	needBrowser(t)
	// The policies as the server sends them.
	resp, err := http.Get(testEnv.baseURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self' 'wasm-unsafe-eval'", "'sha256-", "worker-src 'self'", "connect-src 'self' blob:", "frame-ancestors 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("the page's Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Referrer-Policy") == "" {
		t.Errorf("the page lacks nosniff or a Referrer-Policy: %v", resp.Header)
	}
	resp, err = http.Get(testEnv.baseURL + "worker.js")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Content-Security-Policy"); !strings.HasPrefix(got, "default-src 'none'") {
		t.Errorf("worker.js: Content-Security-Policy %q, want the resource policy, default-src 'none' first", got)
	}

	// A GAN draws samples at every step, where diffusion, the default,
	// runs 1000 network evaluations for each.
	p := openLink(t, testEnv.baseURL+"?v=1&f=gan&d=8gaussians")
	issues := &cspIssues{}
	chromedp.ListenTarget(p.ctx, issues.onEvent)
	workers := &workerWatch{parent: p.ctx}
	chromedp.ListenTarget(p.ctx, workers.onEvent)
	p.run(30*time.Second,
		chromedp.ActionFunc(func(ctx context.Context) error {
			if err := audits.Enable().Do(ctx); err != nil {
				return err
			}
			_, err := cdppage.AddScriptToEvaluateOnNewDocument(recordViolationsJS).Do(ctx)
			return err
		}),
		chromedp.Reload(),
	)
	p.poll("the worker after the reload", `!!window.cspViolations && (document.querySelector(".app") || {dataset: {}}).dataset.status === "ready"`, 30*time.Second)
	for deadline := time.Now().Add(10 * time.Second); ; {
		if ws, _, _ := workers.state(); len(ws) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no training worker attached within 10 s of the page being ready")
		}
		time.Sleep(100 * time.Millisecond)
	}

	// checkNone fails the test for every violation heard so far; it runs
	// also when a step below fails, since a refusal may be the cause.
	checked := false
	checkNone := func() {
		checked = true
		var violations []string
		p.eval(`window.cspViolations`, &violations)
		for _, v := range violations {
			t.Errorf("CSP violation in the page: %s", v)
		}
		for _, s := range issues.list() {
			t.Errorf("reported by Chromium: %s", s)
		}
		_, security, errs := workers.state()
		for _, s := range security {
			t.Errorf("refused in the worker: %s", s)
		}
		for _, err := range errs {
			t.Error(err)
		}
	}
	defer func() {
		if !checked {
			p.shot("csp-failed")
			checkNone()
		}
	}()

	// The worker fetches the weights and draws their samples, then trains
	// on from their step.
	needWeights(t)
	p.loadModel("gan-8gaussians")
	p.waitPoints(60 * time.Second)
	loaded := p.step()
	p.play()
	p.poll("training past the loaded step", fmt.Sprintf(`+document.getElementById("step-count").textContent > %d`, loaded+50), 60*time.Second)
	p.waitPoints(30 * time.Second)
	// The page's downloads are blob: URLs, which the export tests read back.
	var back string
	p.eval(`fetch(URL.createObjectURL(new Blob(["saved"]))).then((r) => r.text())`, &back)
	if back != "saved" {
		t.Errorf("reading back a blob: URL gave %q, want \"saved\"", back)
	}
	checkNone()

	// The control: an inline script the policy does not list.
	var ran bool
	p.eval(`new Promise((resolve) => {
		window.cspControlRan = false;
		const s = document.createElement("script");
		s.textContent = "window.cspControlRan = true";
		document.body.appendChild(s);
		setTimeout(() => resolve(window.cspControlRan), 200);
	})`, &ran)
	if ran {
		t.Error("an injected inline script ran: the policy is not enforced")
	}
	p.poll("the control's violation event", `window.cspViolations.length > 0`, 5*time.Second)
	var violations []string
	p.eval(`window.cspViolations`, &violations)
	t.Logf("the injected script was refused: %v", violations)
	deadline := time.Now().Add(5 * time.Second)
	for len(issues.list()) == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if len(issues.list()) == 0 {
		t.Error("Chromium reported no issue for the injected script: the DevTools channel hears nothing")
	}

	// The worker's control: a fetch from another origin (a documentation
	// address, never reached).
	ws, _, _ := workers.state()
	const elsewhere = "http://192.0.2.1/weights.safetensors"
	var res string
	ctx, cancel := context.WithTimeout(ws[len(ws)-1], 20*time.Second)
	defer cancel()
	if err := chromedp.Run(ctx, chromedp.Evaluate(`fetch("`+elsewhere+`").then(() => "fetched", (e) => "refused: " + e)`, &res, func(ep *runtime.EvaluateParams) *runtime.EvaluateParams {
		return ep.WithAwaitPromise(true)
	})); err != nil {
		t.Fatalf("evaluating in the worker: %v", err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; {
		_, security, _ := workers.state()
		if slices.ContainsFunc(security, func(s string) bool { return strings.Contains(s, elsewhere) }) {
			t.Logf("the worker's fetch from another origin: %s; its log: %v", res, security)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the worker's fetch of %s: %s, and its log has no refusal of it: %v", elsewhere, res, security)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestCSPEmbed frames the page from another origin: the embed view is
// shown, the full page is refused.
func TestCSPEmbed(t *testing.T) {
	needBrowser(t)
	outer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>a blog</title>
<iframe id="embed" width="640" height="480" src="%s?embed=1"></iframe>
<iframe id="full" width="640" height="480" src="%s"></iframe>`, testEnv.baseURL, testEnv.baseURL)
	}))
	defer outer.Close()
	// outer listens on 127.0.0.1 with a port of its own: another origin.
	if strings.HasPrefix(testEnv.baseURL, outer.URL) {
		t.Fatalf("the outer page %s has the page's origin %s", outer.URL, testEnv.baseURL)
	}

	p := openLink(t, testEnv.baseURL)
	p.run(20*time.Second, chromedp.Navigate(outer.URL))
	var frames map[string]string
	deadline := time.Now().Add(30 * time.Second)
	for {
		frames = map[string]string{}
		p.run(10*time.Second, chromedp.ActionFunc(func(ctx context.Context) error {
			tree, err := cdppage.GetFrameTree().Do(ctx)
			if err != nil {
				return err
			}
			for _, c := range tree.ChildFrames {
				url := c.Frame.URL
				if c.Frame.UnreachableURL != "" {
					url = "unreachable " + c.Frame.UnreachableURL
				}
				frames[c.Frame.Name+"#"+fmt.Sprint(len(frames))] = url
			}
			return nil
		}))
		embedOK, fullBlocked := false, false
		for _, url := range frames {
			switch {
			case strings.HasSuffix(url, "?embed=1") && !strings.HasPrefix(url, "unreachable"):
				embedOK = true
			case url == "unreachable "+testEnv.baseURL || strings.HasPrefix(url, "chrome-error:"):
				fullBlocked = true
			}
		}
		if embedOK && fullBlocked {
			break
		}
		if time.Now().After(deadline) {
			p.shot("csp-embed-failed")
			t.Fatalf("frames %v: want the embed view loaded and the full page refused", frames)
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Logf("frames from %s: %v", outer.URL, frames)
	p.shot("csp-embed")
}
