//go:build !(js && wasm)

package browsertest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"genplay/models/data"
	"genplay/wasm/paint"
)

// TestPlayPauseReset presses the page's buttons and checks the step counter,
// and that the page keeps drawing frames while the model trains.
func TestPlayPauseReset(t *testing.T) {
	p := openPage(t)
	if s := p.step(); s != 0 {
		t.Fatalf("step counter %d before play, want 0", s)
	}
	if p.running() {
		t.Errorf("play toggle shows training before play (data-running=%q)", p.attr("#play", "data-running"))
	}

	p.play()
	p.waitStatus("training", 10*time.Second)
	p.waitStep(1, 20*time.Second)

	// The page keeps rendering while training (see minFPS).
	before := p.step()
	start := time.Now()
	n := p.frames(2 * time.Second)
	elapsed := time.Since(start)
	after := p.step()
	t.Logf("%d requestAnimationFrame callbacks in 2 s (%.0f fps) while training; step %d → %d (%.0f steps/s, page shows %s)",
		n, float64(n)/2, before, after, float64(after-before)/elapsed.Seconds(), p.text("#rate"))
	if n < 2*minFPS {
		t.Errorf("%d animation frames in 2 s of training (%.0f fps), want at least %d fps", n, float64(n)/2, minFPS)
	}
	if after <= before {
		t.Errorf("step counter stayed at %d during 2 s of training", before)
	}

	// The same toggle pauses, and the counter stops.
	p.pause()
	paused := p.step()
	time.Sleep(time.Second)
	if s := p.step(); s != paused {
		t.Errorf("step counter moved from %d to %d in 1 s after pause", paused, s)
	}
	if r := p.text("#rate"); r != "–" {
		t.Errorf("steps/s reads %q while paused, want –", r)
	}
	p.shot("paused")

	// Reset clears it, and the fresh model draws one sample at once while
	// paused.
	rebuilt := p.attr(".app", "data-rebuilt")
	p.click("#reset")
	p.poll("the step counter to read 0", `document.getElementById("step-count").textContent === "0"`, 5*time.Second)
	p.waitStatus("ready", 5*time.Second)
	if r := p.attr(".app", "data-rebuilt"); r == rebuilt {
		t.Errorf("data-rebuilt stayed %s after reset", r)
	}
	time.Sleep(300 * time.Millisecond) // a late progress message must not bring the old run back
	if s := p.step(); s != 0 {
		t.Errorf("step counter %d after reset, want 0", s)
	}
	wait := p.waitSample(30 * time.Second)
	g := paint.Light().Generated
	px := p.pixelsOf("main-canvas", g.R, g.G, g.B)
	// An untrained model's points may all lie outside the plot: only log them.
	t.Logf("the fresh model's sample after %v: %d generated pixels", wait.Round(time.Millisecond), len(px.Idx))
	if s, st := p.step(), p.status(); s != 0 || st != "ready" {
		t.Errorf("after reset's sample: step %d, status %q; want 0, ready", s, st)
	}
	if s := p.text("#notice"); s != "" {
		t.Errorf("notice %q, want none", s)
	}
}

// minFPS is the frame rate below which the page counts as frozen while a
// model trains: a CPU-bound goroutine in the page, or a worker flooding it
// with messages, drops it to a few frames a second. The frame rate itself
// is a measurement, logged here and reported in the README, not a speed
// assert: on one idle 2-core machine the same commit measured 30–46 fps in
// one hour and 60 fps on another day, so a 55 fps threshold measured the
// machine rather than the page.
const minFPS = 20

// sampleDeadline bounds how long the model may take to learn the 8 modes
// and draw a sample from them.
const sampleDeadline = 60 * time.Second

// TestSamplesConcentrate trains until the samples plot shows points
// concentrated on the 8 modes, reading the plot's pixels.
func TestSamplesConcentrate(t *testing.T) {
	set, err := data.Lookup("8gaussians")
	if err != nil {
		t.Fatal(err)
	}
	p := openPage(t)
	g := paint.Light().Generated
	blank := p.pixelsOf("main-canvas", g.R, g.G, g.B)
	if blank.W == 0 || blank.H == 0 {
		t.Fatal("no main canvas on the page")
	}
	if len(blank.Idx) != 0 {
		t.Fatalf("%d generated pixels before training, want none", len(blank.Idx))
	}

	p.shot("start")
	p.play()
	start := time.Now()
	prev := blank.Idx
	changes := 0
	var s modeStats
	for {
		time.Sleep(time.Second)
		px := p.pixelsOf("main-canvas", g.R, g.G, g.B)
		v := paint.View{Extent: set.Extent, W: px.W, H: px.H}
		s = measureModes(px.Idx, v, set)
		if !slices.Equal(px.Idx, prev) {
			changes++
			prev = px.Idx
			t.Logf("%5.1f s, step %5d, sample %d: %d generated pixels, %.1f%% near a mode, %d modes covered %v",
				time.Since(start).Seconds(), p.step(), changes, s.total, 100*s.share(), s.covered(), s.perMode)
		}
		if changes > 0 && s.concentrated() {
			break
		}
		if time.Since(start) > sampleDeadline {
			p.shot("samples-failed")
			t.Fatalf("after %v: samples not on the modes: %d pixels, %.1f%% near a mode (want %.0f%%), %d modes covered (want %d), pixels changed %d times",
				sampleDeadline, s.total, 100*s.share(), 100*minNearShare, s.covered(), minModes, changes)
		}
		if st := p.status(); st != "training" {
			t.Fatalf("training stopped: status %q, notice %q", st, p.text("#notice"))
		}
	}
	t.Logf("samples concentrated on the modes after %.1f s: %.1f%% of %d pixels near a mode, %d modes covered",
		time.Since(start).Seconds(), 100*s.share(), s.total, s.covered())
	p.shot("samples")
}

// TestSeedField sets a new seed, which resets the run, and then a bad one,
// which the notice area reports while the page keeps working.
func TestSeedField(t *testing.T) {
	p := openPage(t)
	p.play()
	p.waitStep(1, 20*time.Second)

	p.run(5*time.Second, chromedp.SetValue("#seed", "7", chromedp.ByQuery))
	p.waitStatus("ready", 5*time.Second)
	if s := p.step(); s != 0 {
		t.Errorf("step counter %d after a new seed, want 0", s)
	}

	p.run(5*time.Second, chromedp.SetValue("#seed", "-5", chromedp.ByQuery))
	p.poll("the notice", `!!document.getElementById("notice")`, 5*time.Second)
	if s := p.text("#notice"); !strings.Contains(s, `"-5" is not a seed`) {
		t.Errorf("notice %q, want it to say the seed is bad", s)
	}
	p.shot("notice")

	// The page still trains, with seed 7, and play clears the notice.
	p.play()
	p.waitStep(1, 20*time.Second)
	if s := p.text("#notice"); s != "" {
		t.Errorf("notice %q after play, want none", s)
	}
}
