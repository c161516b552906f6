package ui

import (
	"fmt"
	"math"
	"strings"

	"genplay/wasm/protocol"
)

// The figure the worker is computing for the view, when it takes long
// enough for the worker to report it (Progress.Work…): a bar over the main
// plot with the share done and an estimate of the time left, the figure it
// replaces dimmed. Changing the view drops the worker's job, and the bar
// goes at once.

// workState is the worker's newest report of the view's figure under way;
// the zero value is none.
type workState struct {
	panel, what string
	done, total int
	left        float64 // seconds; negative while unknown
}

// takeWork takes the work that m reports: only of the view's panel, and
// only once the worker has handled the page's newest command, since a
// report from before it may be of a figure that command dropped.
func (s *Session) takeWork(m protocol.Progress) {
	if m.WorkPanel == "" || m.WorkPanel != s.view.Panel || m.Seq < s.seq || m.WorkTotal <= 0 {
		s.work = workState{}
		return
	}
	s.work = workState{panel: m.WorkPanel, what: m.Work, done: min(m.WorkDone, m.WorkTotal), total: m.WorkTotal, left: m.WorkLeft}
}

// dropWork forgets the work under way, as a new view drops it.
func (s *Session) dropWork() { s.work = workState{} }

// working reports whether a figure of the view is under way.
func (s *Session) working() bool { return s.work.total > 0 }

// workPercent is the share of the work done, in percent.
func (s *Session) workPercent() int {
	if !s.working() {
		return 0
	}
	return 100 * s.work.done / s.work.total
}

func (s *Session) workStyle() string { return fmt.Sprintf("width: %d%%", s.workPercent()) }

// workText says what the worker computes, how far it is and about how long
// it has left: "Sampling: 38% · about 6 s left".
func (s *Session) workText() string {
	if !s.working() {
		return ""
	}
	what := s.work.what
	if what == "" {
		what = "computing the figure"
	}
	left := "estimating the time left"
	if s.work.left >= 0 {
		left = "about " + duration(s.work.left) + " left"
	}
	return fmt.Sprintf("%s%s: %d%% · %s", strings.ToUpper(what[:1]), what[1:], s.workPercent(), left)
}

// workTitle says how to stop the work.
func (s *Session) workTitle() string {
	return "The worker is computing this figure. Changing the panel, a knob or the data set stops it."
}

// staleClass dims the figure that the one under way replaces.
func (s *Session) staleClass() string {
	if s.working() {
		return " stale"
	}
	return ""
}

// duration formats seconds for an estimate: "1 s", "12 s", "3 min".
func duration(sec float64) string {
	switch {
	case sec < 1.5:
		return "1 s"
	case sec < 90:
		return fmt.Sprintf("%d s", int(math.Round(sec)))
	default:
		return fmt.Sprintf("%d min", int(math.Round(sec/60)))
	}
}
