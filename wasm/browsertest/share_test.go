//go:build !(js && wasm)

package browsertest

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// shareSteps is how far TestShareLink trains before it shares.
const shareSteps = 400

// TestShareLink trains a GAN, pauses and shares: the link, opened in a
// fresh browser with a profile of its own, trains to the same step, pauses
// there and shows the same metrics and the same pixels.
func TestShareLink(t *testing.T) {
	a := openPage(t)
	a.pickFamily("gan")
	a.play()
	a.waitStep(shareSteps, time.Minute)
	a.pause()
	step := a.step()
	a.waitMetrics(30 * time.Second)
	plotA := a.settled("main-canvas")
	a.click("#share")
	a.poll("the share link", `/^http/.test((document.getElementById("share-link") || {}).value || "")`, 5*time.Second)
	link := a.value("#share-link")
	t.Logf("step %d, link %s", step, link)
	u, err := url.Parse(link)
	if err != nil {
		t.Fatalf("share link %q: %v", link, err)
	}
	q := u.Query()
	if q.Get("v") != "1" || q.Get("f") != "gan" || q.Get("n") != strconv.Itoa(step) {
		t.Errorf("share link %q, want v=1, f=gan and n=%d", link, step)
	}
	a.shot("share-original")

	b := openLink(t, link)
	b.poll(fmt.Sprintf("the link to train to step %d and pause", step),
		fmt.Sprintf(`document.querySelector(".app").dataset.status === "paused" && document.getElementById("step-count").textContent === "%d"`, step),
		2*time.Minute)
	b.waitMetrics(30 * time.Second)
	plotB := b.settled("main-canvas")
	b.shot("share-opened")
	if s := b.steady(5 * time.Second); s != step {
		t.Errorf("the link shows step %d, want %d", s, step)
	}
	if got := b.value("#family"); got != "gan" {
		t.Errorf("the link shows model %q, want gan", got)
	}
	for _, m := range []string{"precision", "recall", "mmd2", "modes"} {
		if x, y := a.text("#metric-"+m), b.text("#metric-"+m); x != y {
			t.Errorf("%s: %q in the original, %q from the link", m, x, y)
		}
	}
	if plotA != plotB {
		t.Errorf("the main plot differs: %s in the original, %s from the link", plotA, plotB)
	}
	if b.exists("#link-notice") {
		t.Errorf("the link shows a notice: %q", b.text("#link-notice"))
	}
}

// TestEmbed opens the embed code's link: the compact bar instead of the top
// bar and the controls, and the plot drawn.
func TestEmbed(t *testing.T) {
	a := openPage(t)
	a.pickFamily("gan")
	a.click("#embed")
	a.poll("the embed code", `/<iframe/.test((document.getElementById("embed-code") || {}).value || "")`, 5*time.Second)
	code := a.value("#embed-code")
	i := strings.Index(code, `src="`)
	if i < 0 {
		t.Fatalf("embed code %q has no src", code)
	}
	src := code[i+len(`src="`):]
	src = strings.ReplaceAll(src[:strings.Index(src, `"`)], "&amp;", "&")
	t.Logf("embed code %s", code)
	if !strings.Contains(src, "embed=1") {
		t.Errorf("embed src %q lacks embed=1", src)
	}

	p := openLink(t, src)
	p.waitPoints(time.Minute)
	p.settled("main-canvas")
	p.shot("embed")
	if !p.exists(".app-embed .embed-bar") {
		t.Error("no .embed-bar in .app-embed")
	}
	for _, sel := range []string{".topbar", ".controls-panel", ".side-panel", ".exports"} {
		if p.exists(sel) {
			t.Errorf("%s shows in embed mode", sel)
		}
	}
	if n := p.inked("main-canvas"); n < 1000 {
		t.Errorf("the embedded plot has %d drawn pixels", n)
	}
	if href := p.attr("#open-full", "href"); !strings.Contains(href, "f=gan") || strings.Contains(href, "embed=1") {
		t.Errorf("“Open in genplay” links to %q, want the full page of the GAN", href)
	}
	// The embed bar's toggle trains.
	p.play()
	p.waitStep(1, 20*time.Second)
}

// TestBadLinks opens links the page cannot use as they are: one of another
// version opens the defaults with a notice, one with ψ out of range clamps
// it and says so, one to a panel the model lacks opens its first panel and
// says so.
func TestBadLinks(t *testing.T) {
	t.Run("old version", func(t *testing.T) {
		p := openLink(t, testEnv.baseURL+"?v=0&f=gan")
		p.poll("the link notice", `!!document.getElementById("link-notice")`, 10*time.Second)
		notice := p.text("#link-notice")
		t.Logf("link notice %q", strings.TrimSpace(notice))
		p.shot("link-old")
		if got := p.value("#family"); got != "diffusion" {
			t.Errorf("model %q, want the default diffusion", got)
		}
		if got := p.value("#data"); got != "8gaussians" {
			t.Errorf("data set %q, want the default 8gaussians", got)
		}
		if s := p.step(); s != 0 {
			t.Errorf("step %d, want 0", s)
		}
	})
	t.Run("psi out of range", func(t *testing.T) {
		p := openLink(t, testEnv.baseURL+"?v=1&psi=7&f=gan")
		p.poll("the link notice", `!!document.getElementById("link-notice")`, 10*time.Second)
		notice := p.text("#link-notice")
		t.Logf("link notice %q", strings.TrimSpace(notice))
		p.shot("link-psi")
		if !strings.Contains(notice, "psi") {
			t.Errorf("link notice %q does not name psi", notice)
		}
		if got := p.value("#family"); got != "gan" {
			t.Errorf("model %q, want gan", got)
		}
		if got := p.text("#psi-value"); got != "1.00" {
			t.Errorf("ψ reads %q, want it clamped to 1.00", got)
		}
		if got := p.value("#psi"); got != "100" {
			t.Errorf("ψ slider at %q, want 100", got)
		}
	})
	t.Run("panel the model lacks", func(t *testing.T) {
		p := openLink(t, testEnv.baseURL+"?v=1&f=gan&p=forward")
		p.poll("the link notice", `!!document.getElementById("link-notice")`, 20*time.Second)
		notice := p.text("#link-notice")
		t.Logf("link notice %q", strings.TrimSpace(notice))
		p.shot("link-panel")
		if !strings.Contains(notice, `"forward"`) {
			t.Errorf("link notice %q does not name the panel", notice)
		}
		p.poll("the GAN's first panel", `document.querySelector(".app").dataset.panel === "samples"`, 10*time.Second)
		if !p.exists("#tab-samples") || p.exists("#tab-forward") {
			t.Error("the tabs are not the GAN's")
		}
	})
}

// TestLinkAsks opens a link to a step far beyond what the page replays in
// about a minute: the page stays at step 0 and asks, offering to train to
// the replay bound or to load the pretrained model of the family and data
// set; loading it shows that model.
func TestLinkAsks(t *testing.T) {
	e := manifestModel(t, "gan-moons")
	p := openLink(t, testEnv.baseURL+"?f=gan&d=moons&n=100000000")
	p.waitStatus("ready", 30*time.Second)
	p.poll("the question", `!!document.getElementById("ask-load")`, 10*time.Second)
	p.shot("link-asks")
	if got := p.text("#ask"); !strings.Contains(got, "100000000") {
		t.Errorf("the question %q does not name the link's step", got)
	}
	if got := p.text("#ask-replay"); got != "Train to step 20000" {
		t.Errorf("replay button %q, want %q", got, "Train to step 20000")
	}
	if got := p.text("#ask-load"); !strings.Contains(got, e.Title) {
		t.Errorf("load button %q does not name %q", got, e.Title)
	}
	// Nothing trains unasked.
	time.Sleep(2 * time.Second)
	if s := p.step(); s != 0 || p.status() == "training" {
		t.Errorf("unanswered, the page is at step %d, status %q; want step 0, not training", s, p.status())
	}
	p.click("#ask-load")
	p.poll("the load to finish",
		`!!document.querySelector('.load[data-done="true"]') || !!document.getElementById("notice")`, loadDeadline)
	if s := p.text("#notice"); s != "" {
		t.Fatalf("loading: notice %q", s)
	}
	p.checkLoaded(e)
	if p.exists("#ask") {
		t.Error("the question stays after it was answered")
	}
}
