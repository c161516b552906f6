package ui

import (
	"math"
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/claims"
	"genplay/wasm/protocol"
)

// TestWorkBar shows the worker's report of the view's figure under way
// and drops it when the view changes, when a report predates the page's
// newest command, and when the figure comes.
func TestWorkBar(t *testing.T) {
	s, sent, _ := newTestRoot(t, "")
	s.Apply(protocol.Progress{Spec: DefaultSpec(), Dim: 2, Caps: capsDiffusion, Seq: s.seq})
	s.SetPanel(protocol.PanelReverse)
	work := protocol.Progress{Spec: DefaultSpec(), Dim: 2, Caps: capsDiffusion, Seq: s.seq,
		WorkPanel: protocol.PanelReverse, Work: "sampling", WorkDone: 128000, WorkTotal: 512000, WorkLeft: 6.4}
	s.Apply(work)
	if !s.working() || s.workPercent() != 25 || s.staleClass() != " stale" {
		t.Fatalf("working %v, %d%%, class %q after a report of a quarter done", s.working(), s.workPercent(), s.staleClass())
	}
	if got, want := s.workText(), "Sampling: 25% · about 6 s left"; got != want {
		t.Errorf("work text %q, want %q", got, want)
	}
	unknown := work
	unknown.WorkLeft, unknown.Work = -1, ""
	s.Apply(unknown)
	if got := s.workText(); !strings.HasPrefix(got, "Computing the figure: 25%") || !strings.Contains(got, "estimating") {
		t.Errorf("work text %q without an estimate", got)
	}

	// Another panel: the bar goes at once, and a report sent before the
	// worker handled the view does not bring it back.
	n := len(*sent)
	s.SetPanel(protocol.PanelForward)
	if s.working() || len(*sent) != n+1 || (*sent)[n].Op != protocol.KindView {
		t.Fatalf("after a new panel: working %v, sent %+v", s.working(), (*sent)[n:])
	}
	s.Apply(work)
	if s.working() {
		t.Error("a report of the dropped figure shows a bar")
	}
	fwd := work
	fwd.Seq, fwd.WorkPanel = s.seq, protocol.PanelForward
	s.Apply(fwd)
	if !s.working() {
		t.Fatal("no bar for the new panel's figure under way")
	}
	s.Apply(protocol.Figure{Panel: protocol.PanelForward, Step: 0})
	if s.working() {
		t.Error("the bar stays after the figure came")
	}
	for _, c := range []struct {
		sec  float64
		want string
	}{{0.2, "1 s"}, {12.4, "12 s"}, {200, "3 min"}} {
		if got := duration(c.sec); got != c.want {
			t.Errorf("duration(%v) = %q, want %q", c.sec, got, c.want)
		}
	}
}

// TestRecordedCharts loads a pretrained model: the fidelity chart shows
// its recorded precision, recall and class coverage at its step, and the
// loss chart the loss the worker reports for its weights, each as a ring,
// before any live figure.
func TestRecordedCharts(t *testing.T) {
	s, _, _ := newTestRoot(t, "")
	s.Apply(protocol.Manifest{Manifest: testManifest()})
	s.Choose("gan-mnist")
	s.Load()
	spec := models.Spec{Family: "gan", Data: "mnist", Seed: 1, Steps: 5000}
	s.Apply(protocol.Progress{Spec: spec, Model: "gan-mnist", Dim: 784, Rows: 28, Cols: 28, Step: 5000, Seq: s.seq,
		Terms: []string{"d_loss", "g_loss"}, Losses: []float32{1.2, 0.8}, Caps: capsGAN})
	s.BeforeBuild() // the charts are painted when the page builds
	if s.metricAx.Empty != "" || len(s.metricAx.X) == 0 {
		t.Fatalf("fidelity chart empty after the load: %+v", s.metricAx)
	}
	var names []string
	for _, sr := range s.metricSeries() {
		if len(sr.X) != 1 || sr.X[0] != 5000 {
			t.Errorf("series %s at %v, want the recorded value at step 5000", sr.Name, sr.X)
		}
		names = append(names, sr.Name)
	}
	if strings.Join(names, ",") != "precision,recall,class_coverage" {
		t.Errorf("fidelity series %v", names)
	}
	if k := s.metricKey[len(s.metricKey)-1].Label; !strings.Contains(k, "recorded at step 5000") {
		t.Errorf("fidelity legend ends with %q", k)
	}
	if s.lossAx.Empty != "" || !strings.Contains(s.lossKey[len(s.lossKey)-1].Label, "step 5000") {
		t.Errorf("loss chart after the load: %+v, legend %+v", s.lossAx, s.lossKey)
	}
	bg := s.theme.Background
	inked := func(img []uint8) int {
		n := 0
		for i := 0; i < len(img); i += 4 {
			if img[i] != bg.R || img[i+1] != bg.G || img[i+2] != bg.B {
				n++
			}
		}
		return n
	}
	if n := inked(s.metricImg.Pix); n < 50 {
		t.Errorf("fidelity chart has %d drawn pixels, want the rings of three values", n)
	}
	if n := inked(s.lossImg.Pix); n < 50 {
		t.Errorf("loss chart has %d drawn pixels, want the rings of two terms", n)
	}

	// Live scores append to the recorded ones.
	s.Apply(protocol.Progress{Spec: spec, Model: "gan-mnist", Dim: 784, Rows: 28, Cols: 28, Step: 5010, Seq: s.seq,
		Terms: []string{"d_loss", "g_loss"}, Losses: make([]float32, 20), Caps: capsGAN,
		Metrics: []protocol.Stat{{Name: "precision", Value: 0.7}, {Name: "recall", Value: 0.1}, {Name: "class_coverage", Value: 0.8}}})
	for _, sr := range s.metricSeries() {
		if len(sr.X) != 2 || sr.X[1] != 5010 {
			t.Errorf("series %s at %v after a live score at step 5010", sr.Name, sr.X)
		}
	}
}

// TestScoreboardWhy gives every scoreboard cell without a number a hover
// title that says why, for a family without a likelihood on a set without
// modes, live and recorded, and none to a cell with a number.
func TestScoreboardWhy(t *testing.T) {
	nan := math.NaN()
	r := claims.Row{Family: "gan", Title: "GAN", Precision: nan, Recall: nan, Modes: -1, HighQuality: nan, MMD2: nan,
		NLL: nan, NLLKind: claims.NLLNone, NLLGap: nan, MsPerSample: nan, StepsPerSec: nan, TimeToPR: nan, StepToPR: -1,
		LossVar: nan, FD: nan, ClassCoverage: nan, BPD: nan, BPDKind: claims.NLLNone, Source: claims.SourceLive}
	for _, src := range []string{claims.SourceLive, claims.SourceRecorded} {
		r.Source = src
		for _, cols := range [][]claims.Column{claims.Columns, claims.ImageColumns} {
			for _, col := range cols {
				text, why := col.Text(r), cellWhy(col, r)
				if (text == "–" || text == "none") != (why != "") {
					t.Errorf("%s %s: text %q, title %q", src, col.Key, text, why)
				}
			}
		}
	}
	if why := cellWhy(claims.Columns[2], claims.Row{Precision: 0.5}); why != "" {
		t.Errorf("a precision of 0.5 has the title %q", why)
	}
	r.Source = claims.SourceLive
	for _, c := range claims.Columns {
		if c.Key == "nll" && !strings.Contains(cellWhy(c, r), "No likelihood for the GAN") {
			t.Errorf("the GAN's NLL says %q", cellWhy(c, r))
		}
	}
}

// TestSamplersWhy gives a samplers table cell with no number a hover title
// and a cell with one none.
func TestSamplersWhy(t *testing.T) {
	if samplersWhy("–") == "" {
		t.Error(`a cell showing "–" has no title`)
	}
	if why := samplersWhy("0.750"); why != "" {
		t.Errorf("a cell showing 0.750 has the title %q", why)
	}
}
