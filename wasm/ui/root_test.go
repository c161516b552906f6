package ui

import (
	"errors"
	"strings"
	"testing"

	"genplay/wasm/protocol"
)

// newTestRoot returns a Root without a browser and the commands it sends.
func newTestRoot() (*Root, *[]protocol.Command) {
	var sent []protocol.Command
	r := NewRoot(func(c protocol.Command) { sent = append(sent, c) }, nil)
	return r, &sent
}

func TestCommandsCarrySeedAndData(t *testing.T) {
	r, sent := newTestRoot()
	r.Play()
	r.Pause()
	r.SetSeed("99")
	want := []protocol.Command{
		{Op: protocol.KindPlay, Seed: 1, Data: "8gaussians"},
		{Op: protocol.KindPause, Seed: 1, Data: "8gaussians"},
		{Op: protocol.KindReset, Seed: 99, Data: "8gaussians"},
	}
	if len(*sent) != len(want) {
		t.Fatalf("sent %v, want %v", *sent, want)
	}
	for i := range want {
		if (*sent)[i] != want[i] {
			t.Errorf("command %d = %+v, want %+v", i, (*sent)[i], want[i])
		}
	}
}

func TestBadSeedIsANoticeNotAStop(t *testing.T) {
	r, sent := newTestRoot()
	real := append([]float32(nil), r.real...)
	r.SetSeed("-5")
	if len(*sent) != 0 || r.seed != 1 {
		t.Errorf("a bad seed sent %v and set seed %d", *sent, r.seed)
	}
	if !strings.Contains(r.notice, `"-5" is not a seed`) || r.stopped {
		t.Errorf("notice %q, stopped %v", r.notice, r.stopped)
	}
	if r.status() == "stopped" {
		t.Error("a bad seed shows the run as stopped")
	}
	// A good seed redraws the data from it.
	r.SetSeed("2")
	if r.notice != "" || r.real[0] == real[0] {
		t.Errorf("after a good seed: notice %q, data unchanged %v", r.notice, r.real[0] == real[0])
	}
}

func TestApplyProgress(t *testing.T) {
	r, _ := newTestRoot()
	if r.status() != "starting" {
		t.Errorf("status %q before the worker is ready", r.status())
	}
	r.Apply(protocol.Ready{})
	if r.status() != "ready" {
		t.Errorf("status %q when ready", r.status())
	}
	sv, lv := r.scatterVer, r.lossVer
	r.Apply(protocol.Progress{Step: 3, Losses: []float32{1, 0.9, 0.8}, Running: true, StepsPerSec: 120, Sampling: 0.25})
	if r.stepText() != "3" || r.rateText() != "120" || r.status() != "training" || r.losses.steps() != 3 {
		t.Errorf("after progress: step %s, rate %s, status %s, %d losses", r.stepText(), r.rateText(), r.status(), r.losses.steps())
	}
	if r.lossVer == lv || r.scatterVer != sv {
		t.Errorf("loss plot version %d→%d, scatter %d→%d: want only the loss plot repainted", lv, r.lossVer, sv, r.scatterVer)
	}
	if !strings.Contains(r.samplingText(), "25%") {
		t.Errorf("sampling text %q", r.samplingText())
	}

	r.Apply(protocol.Progress{Step: 5, Losses: []float32{0.7, 0.6}, Points: []float32{1, 2, 3, 4}, Samples: 1, Running: true})
	if r.scatterVer == sv || len(r.points) != 4 || r.losses.steps() != 5 || r.rateText() != "120" {
		t.Errorf("after points: scatter version %d, %d point values, %d losses, rate %s", r.scatterVer, len(r.points), r.losses.steps(), r.rateText())
	}
	// Progress without points keeps the last sample.
	r.Apply(protocol.Progress{Step: 6, Losses: []float32{0.5}, Samples: 1, Running: true})
	if len(r.points) != 4 {
		t.Error("a Progress without points dropped the sample")
	}

	r.Apply(protocol.Progress{Step: 6, Samples: 1, Running: false})
	if r.status() != "paused" || r.rateText() != "–" {
		t.Errorf("after pause: status %s, rate %s", r.status(), r.rateText())
	}

	// A Progress that does not continue the run shown is a new run.
	r.Apply(protocol.Progress{Step: 0})
	if r.step != 0 || r.losses.steps() != 0 || r.points != nil || r.samples != 0 || r.status() != "ready" {
		t.Errorf("after reset: step %d, %d losses, points %v, samples %d, status %s", r.step, r.losses.steps(), r.points, r.samples, r.status())
	}
	// A late Progress of the old run, then the reset's: the page ends clear.
	r.Apply(protocol.Progress{Step: 9, Losses: []float32{0.4, 0.3}, Running: true})
	if r.losses.first != 7 || r.losses.steps() != 2 {
		t.Errorf("joined a run at step %d with %d losses, want 7 and 2", r.losses.first, r.losses.steps())
	}
	r.Apply(protocol.Progress{Step: 0})
	if r.step != 0 || r.losses.steps() != 0 {
		t.Errorf("after the reset's Progress: step %d, %d losses", r.step, r.losses.steps())
	}
}

func TestApplyErrorStops(t *testing.T) {
	r, _ := newTestRoot()
	r.Apply(protocol.Progress{Step: 1, Losses: []float32{1}, Running: true})
	r.Apply(protocol.Error{Step: 1, Message: "loss is NaN"})
	if r.status() != "stopped" || r.running || r.notice != "loss is NaN" {
		t.Errorf("after an Error: status %s, running %v, notice %q", r.status(), r.running, r.notice)
	}
	r.Reset()
	if r.notice != "" || r.stopped {
		t.Errorf("reset kept the notice %q", r.notice)
	}
	r.Fail(errors.New("worker failed"))
	if r.status() != "stopped" || r.notice != "worker failed" {
		t.Errorf("after Fail: status %s, notice %q", r.status(), r.notice)
	}
}

func TestLossLogBounded(t *testing.T) {
	var l lossLog
	chunk := make([]float32, 1000)
	for i := range chunk {
		chunk[i] = 2
	}
	for range 100 {
		l.add(chunk)
	}
	if l.steps() != 100000 {
		t.Errorf("steps = %d, want 100000", l.steps())
	}
	if len(l.vals) >= lossCap || len(l.vals) < lossCap/4 {
		t.Errorf("%d values kept, want between %d and %d", len(l.vals), lossCap/4, lossCap)
	}
	if got := len(l.vals) * l.stride; got < 100000-l.stride || got > 100000 {
		t.Errorf("%d values × stride %d cover %d steps, want 100000", len(l.vals), l.stride, got)
	}
	for _, v := range l.vals {
		if v != 2 {
			t.Fatalf("an average of twos is %v", v)
		}
	}
}

func TestShort(t *testing.T) {
	for v, want := range map[float32]string{1e-4: "1e-4", 0.02: "0.02", 3e-3: "3e-3", 0.5: "0.5", 0: "0"} {
		if got := short(v); got != want {
			t.Errorf("short(%v) = %q, want %q", v, got, want)
		}
	}
}
