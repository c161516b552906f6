package ui

import (
	"strings"
	"testing"

	"genplay/models/claims"
	"genplay/models/metrics"
	"genplay/wasm/protocol"
)

// tickHost is a fakeHost whose timers the test runs by hand.
type tickHost struct {
	fakeHost
	timers []func() bool
}

func (h *tickHost) Every(ms int, f func() bool) { h.timers = append(h.timers, f) }

// tick runs every live timer once.
func (h *tickHost) tick() {
	live := h.timers[:0]
	for _, f := range h.timers {
		if f() {
			live = append(live, f)
		}
	}
	h.timers = live
}

// newTickComparePage is newComparePage with a host whose timers the test
// runs.
func newTickComparePage(t *testing.T, query string) (*Page, map[string]*fakeWorker, *tickHost) {
	t.Helper()
	h := &tickHost{}
	p := NewPage(h, query)
	p.AddSession(SessionConfig{Worker: &fakeWorker{}})
	workers := map[string]*fakeWorker{}
	p.Spawn = func(cfg SessionConfig) *Session {
		w := &fakeWorker{}
		workers[strings.TrimSuffix(strings.TrimPrefix(cfg.ID, "cmp-"), "-")] = w
		cfg.Worker = w
		return NewSession(cfg)
	}
	p.Start()
	return p, workers, h
}

// report has tile t's worker report a pause at step with precision p and
// recall r (and, for diffusion, its NLL's bound).
func report(t *tile, step int, p, r float64) {
	stats := []protocol.Stat{{Name: metrics.Precision, Value: p}, {Name: metrics.Recall, Value: r}}
	caps := capsGAN
	if t.family == "diffusion" {
		caps = capsDiffusion
		stats = append(stats, protocol.Stat{Name: metrics.NLLBound, Value: 4 + p})
	}
	t.s.Apply(protocol.Progress{Seq: t.s.seq, Spec: t.s.spec, Dim: 2, Step: step, StepsPerSec: 50, Terms: []string{"total"},
		Losses: []float32{1}, Caps: caps, Metrics: stats})
}

// Repeat with seeds trains seeds 1 to 5 in turn, each to the budget, takes
// each seed's scoreboard once every tile rests there scored and the board
// has settled, and gives each cell's mean ± sd.
func TestCompareRepeatSeeds(t *testing.T) {
	p, workers, h := newTickComparePage(t, "v=1&view=compare&fams=gan,diffusion&n=20&s=9")
	c := p.cmp
	c.RepeatSeeds()
	if !c.repeating() || len(h.timers) != 1 {
		t.Fatalf("repeating %v with %d timers", c.repeating(), len(h.timers))
	}
	gan, dif := c.tiles[0], c.tiles[1]
	for seed := 1; seed <= repeatSeeds; seed++ {
		for name, w := range workers {
			last := w.sent[len(w.sent)-1]
			if last.Op != protocol.KindPlay || last.Until != 20 || last.Spec.Seed != uint64(seed) {
				t.Fatalf("seed %d: %s's worker was sent %+v last, want play to 20 from seed %d", seed, name, last, seed)
			}
		}
		// Half-way, and a paused GAN without diffusion: nothing is taken.
		report(gan, 10, 0.5, 0.5)
		report(dif, 10, 0.5, 0.5)
		report(gan, 20, 0.80+0.01*float64(seed), 0.7)
		for range 2 * settleTicks {
			h.tick()
		}
		if len(c.repeat.runs) != seed-1 || c.repeat.state != runTraining {
			t.Fatalf("seed %d with diffusion at step 10: %d runs, %s", seed, len(c.repeat.runs), c.repeat.state)
		}
		report(dif, 20, 0.95, 0.96)
		for range settleTicks - 1 {
			h.tick()
		}
		if len(c.repeat.runs) != seed-1 || c.repeat.state != runScoring {
			t.Fatalf("seed %d before the board settled: %d runs, %s", seed, len(c.repeat.runs), c.repeat.state)
		}
		if pr := c.seedsProgress(); pr < float64(seed)/repeatSeeds-1e-9 || pr > float64(seed)/repeatSeeds+1e-9 {
			t.Errorf("seed %d: progress %v", seed, pr)
		}
		h.tick()
		h.tick()
		if len(c.repeat.runs) != seed {
			t.Fatalf("seed %d: %d runs after the board settled", seed, len(c.repeat.runs))
		}
	}
	if c.repeat.state != runDone || c.repeating() || len(h.timers) != 0 || c.seedsProgress() != 1 {
		t.Fatalf("after %d seeds: %s, %d timers, progress %v", repeatSeeds, c.repeat.state, len(h.timers), c.seedsProgress())
	}
	rows := c.spreadRows()
	cell := func(r spreadRow, key string) string {
		for _, c := range r.Cells {
			if c.Key == key {
				return c.Text
			}
		}
		return ""
	}
	// The GAN's precision over seeds: 0.81 … 0.85, mean 0.83, sd 0.0158.
	if got := cell(rows[0], "precision"); got != "0.830 ± 0.016" {
		t.Errorf("the GAN's precision over seeds %q", got)
	}
	if got := cell(rows[1], "nll"); got != "4.950 ± 0.000 bound" {
		t.Errorf("diffusion's NLL over seeds %q", got)
	}
	for _, v := range c.seedVerdicts() {
		if v.Claim.ID == "gan-drops-modes" && (v.Mark != claims.Holds || v.Runs != "every seed (5/5)") {
			t.Errorf("the GAN over seeds: %v, %q (%s)", v.Mark, v.Runs, v.Says)
		}
	}
	if !strings.Contains(c.seedsStatus(), "5 seeds, 20 steps each") {
		t.Errorf("status %q", c.seedsStatus())
	}

	// Cancelled, the tiles pause and the seeds done stay.
	c.RepeatSeeds()
	report(gan, 20, 0.9, 0.9)
	c.CancelSeeds()
	if c.repeat.state != runCancelled || c.repeating() || c.running() || len(c.spreadRows()) != 0 {
		t.Errorf("cancelled: %s, running %v, %d rows", c.repeat.state, c.running(), len(c.spreadRows()))
	}
	h.tick()
	if len(h.timers) != 0 {
		t.Errorf("%d timers after the cancel", len(h.timers))
	}
	// Under equal wall-clock time a repeat says what it needs.
	c.SetBudget("time")
	c.RepeatSeeds()
	if c.repeating() || !strings.Contains(c.info, "equal-steps") {
		t.Errorf("a repeat under equal time: %v, %q", c.repeating(), c.info)
	}
}

// The play button during a repeat cancels it, as Cancel does.
func TestCompareRepeatToggle(t *testing.T) {
	p, _, _ := newTickComparePage(t, "v=1&view=compare&fams=gan&n=20")
	p.cmp.RepeatSeeds()
	p.Key(" ")
	if p.cmp.repeating() || p.cmp.repeat.state != runCancelled || p.cmp.running() {
		t.Errorf("space during a repeat: repeating %v, %s, running %v", p.cmp.repeating(), p.cmp.repeat.state, p.cmp.running())
	}
}
