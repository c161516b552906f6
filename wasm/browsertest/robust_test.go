//go:build !(js && wasm)

package browsertest

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestMalformedWeights chooses a file of random bytes as weights: the page
// says it is not a weights file and keeps the model it had, paused where
// it was.
func TestMalformedWeights(t *testing.T) {
	p := openPage(t)
	p.pickFamily("gan")
	p.play()
	p.waitStep(100, 30*time.Second)
	p.pause()
	step := p.step()
	before := p.settled("main-canvas")

	bad := filepath.Join(t.TempDir(), "bad.safetensors")
	b := make([]byte, 4096)
	rand.Read(b)
	if err := os.WriteFile(bad, b, 0o644); err != nil {
		t.Fatal(err)
	}
	p.run(10*time.Second, chromedp.SetUploadFiles("#weights-file", []string{bad}, chromedp.ByQuery))
	p.poll("the notice", `!!document.getElementById("notice")`, 30*time.Second)
	notice := strings.Join(strings.Fields(p.text("#notice")), " ")
	t.Logf("notice %q", notice)
	p.shot("malformed-weights")
	for _, w := range []string{"not a genplay weights file", "The current model stays."} {
		if !strings.Contains(notice, w) {
			t.Errorf("notice %q, want it to contain %q", notice, w)
		}
	}
	if strings.Contains(notice, "Training stopped") {
		t.Errorf("notice %q says training stopped", notice)
	}
	p.checkKept(step, "gan", "8gaussians", before)
}

// divergedNotice is how the page says that training stopped on a loss that
// is not finite.
var divergedNotice = regexp.MustCompile(`Training stopped\..*at step ([0-9]+)`)

// TestDivergence trains a flow whose coupling scales are unbounded at the
// highest learning rate, which drives its loss to NaN (at step 1853 with
// seed 1): training stops with a notice that names the step and the cause,
// the last good weights come back, the plots keep their content, and a
// lower learning rate trains on from the restored weights.
func TestDivergence(t *testing.T) {
	p := openLink(t, testEnv.baseURL+"?v=1&f=flow&c.lr=0.1&c.tanh_scale=0")
	p.waitStatus("ready", 30*time.Second)
	if got := p.text("#param-lr-value"); got != "0.1" {
		t.Fatalf("learning rate %q from the link, want 0.1", got)
	}
	p.play()
	p.waitStatus("stopped", 90*time.Second)
	notice := strings.Join(strings.Fields(p.text("#notice")), " ")
	t.Logf("stopped at step %d; notice %q", p.step(), notice)
	m := divergedNotice.FindStringSubmatch(notice)
	if m == nil || !strings.Contains(notice, "learning rate") {
		t.Fatalf("notice %q, want “Training stopped.”, the step and the learning rate as the cause", notice)
	}
	bad, _ := strconv.Atoi(m[1])
	restored := p.step()
	if restored <= 0 || restored >= bad {
		t.Errorf("step counter %d after divergence at step %d, want the restored step before it", restored, bad)
	}
	if p.running() {
		t.Error("the play toggle shows training after training stopped")
	}
	p.shot("divergence")
	for _, c := range []string{"main-canvas", "loss-canvas"} {
		if n := p.inked(c); n < 200 {
			t.Errorf("#%s has %d drawn pixels after the divergence", c, n)
		}
	}
	// A lower learning rate applies to the restored model, which trains on.
	p.setValue("#param-lr", "500", "change")
	p.play()
	p.waitStep(restored+50, 30*time.Second)
	if st := p.status(); st != "training" {
		t.Errorf("status %q after lowering the learning rate and playing", st)
	}
	p.pause()
}

// TestKeyboard drives training with the keys: space plays and pauses, →
// trains one step, r resets.
func TestKeyboard(t *testing.T) {
	p := openPage(t)
	p.pickFamily("gan")
	// Keys go to the document, not to a focused form field.
	var ok bool
	p.eval(`document.activeElement && document.activeElement.blur(), true`, &ok)
	key := func(k string) {
		t.Helper()
		p.run(5*time.Second, chromedp.KeyEvent(k))
	}

	key(" ")
	p.poll("space to start training", runningJS, 5*time.Second)
	p.waitStep(1, 20*time.Second)
	key(" ")
	p.poll("space to pause", "!"+runningJS, 5*time.Second)
	p.waitStatus("paused", 5*time.Second)
	step := p.steady(10 * time.Second)

	key(kb.ArrowRight)
	p.waitStep(step+1, 10*time.Second)
	if s := p.steady(5 * time.Second); s != step+1 {
		t.Errorf("→ took the step counter from %d to %d, want %d", step, s, step+1)
	}
	if p.running() {
		t.Error("→ left the page training")
	}

	key("r")
	p.poll("r to reset", `document.getElementById("step-count").textContent === "0"`, 10*time.Second)
	p.waitStatus("ready", 5*time.Second)
	p.shot("keyboard")
}

// TestCrashCard stops the worker as a crash would: the page shows the
// crash card, and its button brings a fresh worker that trains.
func TestCrashCard(t *testing.T) {
	p := openPage(t)
	p.pickFamily("gan")
	p.play()
	p.waitStep(50, 20*time.Second)
	var ok bool
	p.eval(`(() => {
		genplayWorker.terminate();
		genplayWorker.dispatchEvent(new ErrorEvent("error", {message: "test crash"}));
		return true;
	})()`, &ok)
	p.poll("the crash card", `!!document.getElementById("crash")`, 10*time.Second)
	card := strings.Join(strings.Fields(p.text("#crash")), " ")
	t.Logf("crash card %q; status %s", card, p.status())
	p.shot("crash")
	if !strings.Contains(card, "test crash") {
		t.Errorf("crash card %q does not say what happened", card)
	}
	if p.running() {
		t.Error("the play toggle shows training after the crash")
	}

	p.click("#restart")
	p.poll("the crash card to go", `!document.getElementById("crash")`, 10*time.Second)
	p.waitStatus("ready", 30*time.Second)
	if got := p.attr(".app", "data-family"); got != "gan" {
		t.Errorf("model %q after the restart, want gan", got)
	}
	p.play()
	p.waitStep(50, 30*time.Second)
	p.pause()
	p.shot("crash-restarted")
}
