package ui

import (
	"math"
	"testing"

	"genplay/wasm/protocol"
)

// A loss log of a long run stays within lossCap values that still span
// the run: the last value averages the newest steps.
func TestLossLogBounded(t *testing.T) {
	var l lossLog
	const n = 100_000
	for i := range n {
		l.add([]float32{float32(i)})
	}
	if len(l.vals) > lossCap || cap(l.vals) > 2*lossCap {
		t.Fatalf("%d values (capacity %d) after %d steps, want at most %d", len(l.vals), cap(l.vals), n, lossCap)
	}
	if l.steps() != n {
		t.Errorf("%d steps, want %d", l.steps(), n)
	}
	if got := float64(l.vals[0]); got > float64(l.stride) {
		t.Errorf("the first value is %v, want the mean of the first %d steps", got, l.stride)
	}
	if got := float64(l.vals[len(l.vals)-1]); got < n-2*float64(l.stride) {
		t.Errorf("the last value is %v, want the mean of steps near %d", got, n)
	}
}

// A metric history of a long run stays within historyCap rows that span
// the run, the newest step kept, every metric's column as long as the
// steps.
func TestMetricHistoryBounded(t *testing.T) {
	var h metricHistory
	const n = 100_000
	for step := 1; step <= n; step++ {
		st := []protocol.Stat{{Name: "precision", Value: float64(step)}}
		if step > n/2 {
			st = append(st, protocol.Stat{Name: "nll", Value: -float64(step)})
		}
		h.add(step, st)
	}
	if len(h.steps) > historyCap || cap(h.steps) > 2*historyCap {
		t.Fatalf("%d rows (capacity %d) after %d steps, want at most %d", len(h.steps), cap(h.steps), n, historyCap)
	}
	if last := h.steps[len(h.steps)-1]; last != n {
		t.Errorf("the newest row is step %v, want %d", last, n)
	}
	if first := h.steps[0]; first > n/historyCap*2 {
		t.Errorf("the oldest row is step %v: the history lost the start of the run", first)
	}
	for name, col := range h.vals {
		if len(col) != len(h.steps) {
			t.Fatalf("%s has %d values for %d steps", name, len(col), len(h.steps))
		}
	}
	for i, s := range h.steps {
		if h.vals["precision"][i] != s {
			t.Fatalf("row %d: step %v holds precision %v", i, s, h.vals["precision"][i])
		}
		if nll := h.vals["nll"][i]; s > n/2 && nll != -s || s <= n/2 && !math.IsNaN(nll) {
			t.Fatalf("row %d: step %v holds nll %v", i, s, nll)
		}
	}
}

// A session paints its charts when it is built, once per build with new
// data, not for every message: a Compare tile, whose charts are not
// shown, does not paint them at all.
func TestChartsPaintedOncePerBuild(t *testing.T) {
	r, _, _ := newTestRoot(t, "?v=1&f=gan")
	r.BeforeBuild()
	lossVer, metricVer := r.lossVer, r.metricVer
	terms := []string{"total", "d_loss", "g_loss"}
	for step := 1; step <= 50; step++ {
		r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Step: step, Terms: terms, Losses: []float32{3, 1, 2}, Running: true,
			Metrics: []protocol.Stat{{Name: "precision", Value: 0.5}}})
	}
	if r.lossVer != lossVer || r.metricVer != metricVer {
		t.Fatalf("50 messages painted the loss chart %d and the metric chart %d times before any build", r.lossVer-lossVer, r.metricVer-metricVer)
	}
	r.BeforeBuild()
	if r.lossVer != lossVer+1 || r.metricVer != metricVer+1 || r.lossAx.Empty != "" || r.metricAx.Empty != "" {
		t.Fatalf("a build painted the loss chart %d and the metric chart %d times (empty: %q, %q), want once each with data", r.lossVer-lossVer, r.metricVer-metricVer, r.lossAx.Empty, r.metricAx.Empty)
	}
	r.BeforeBuild()
	if r.lossVer != lossVer+1 || r.metricVer != metricVer+1 {
		t.Errorf("a build without new data painted the charts again")
	}
}
