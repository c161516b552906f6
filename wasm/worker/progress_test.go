package worker

import (
	"encoding/json"
	"testing"
	"time"

	"genplay/models"
	"genplay/models/diffusion"
	"genplay/models/registry"
	"genplay/tensor/rng"
	"genplay/wasm/protocol"
)

// TestJobReport checks a job's progress: its work in units, a chain's
// estimate corrected by its start, and the time left from the rate so far.
func TestJobReport(t *testing.T) {
	clk := newClock()
	m := &fakeModel{clk: clk, stepCost: time.Millisecond, chainLen: 100}
	var j job
	// A chain of 10 points estimated at 50 steps that takes 100, then a
	// piece of 500 units that costs 100 ms.
	j.as("sampling").chain(10, 50, func() chain { return m.newChain(10, 2, rng.New(1)) }, rng.New(2), nil, func([]float32, int, time.Duration) {})
	j.as("scoring").doUnits(500, func() { clk.advance(100 * time.Millisecond) })

	what, done, total, left := j.report(clk.now())
	if what != "sampling" || done != 0 || total != 10*50+500 || left >= 0 {
		t.Fatalf("before the start: %q %d of %d, %v left; want sampling 0 of 1000, unknown", what, done, total, left)
	}
	for range 50 {
		if j.advance(clk.now) {
			t.Fatal("job done after 50 of 100 chain steps")
		}
	}
	// 50 steps of 10 points in 50 ms: 500 units done of 1000 + 500, the
	// rest at 10 units a millisecond.
	what, done, total, left = j.report(clk.now())
	if what != "sampling" || done != 500 || total != 1500 || left != 100*time.Millisecond {
		t.Fatalf("half-way through the chain: %q %d of %d, %v left; want sampling 500 of 1500, 100ms", what, done, total, left)
	}
	for range 50 {
		j.advance(clk.now)
	}
	what, done, total, _ = j.report(clk.now())
	if what != "scoring" || done != 1000 || total != 1500 {
		t.Fatalf("after the chain: %q %d of %d; want scoring 1000 of 1500", what, done, total)
	}
	if !j.advance(clk.now) {
		t.Fatal("job not done after its last piece")
	}
	if _, done, total, left = j.report(clk.now()); done != total || left != 0 {
		t.Fatalf("done job: %d of %d, %v left", done, total, left)
	}
}

// countingDiffusion is a diffusion model that counts the steps of its
// chains and the network evaluations of its likelihood bound.
type countingDiffusion struct {
	*diffusion.Model
	steps, evals *int
}

func (m countingDiffusion) NewChain(n int, opts models.SampleOpts, r *rng.PCG) (models.Chain, error) {
	c, err := m.Model.NewChain(n, opts, r)
	if err != nil {
		return nil, err
	}
	return countingChain{c, m.steps}, nil
}

func (m countingDiffusion) LogProbEach(dst, x []float32, r *rng.PCG, each func() bool) {
	m.Model.LogProbEach(dst, x, r, func() bool {
		*m.evals++
		return each()
	})
}

type countingChain struct {
	models.Chain
	steps *int
}

func (c countingChain) Advance(k int, r *rng.PCG) bool { *c.steps += k; return c.Chain.Advance(k, r) }

// countingTrainer returns a real trainer whose diffusion models count
// their chains' steps and their bound's network evaluations.
func countingTrainer() (tr *trainer, clk *clock, steps, evals *int) {
	tr, clk, _ = realTrainer()
	steps, evals = new(int), new(int)
	build := tr.cfg.build
	tr.cfg.build = func(spec models.Spec, im registry.Images) (models.Model, models.Source, *rng.PCG, error) {
		m, src, r, err := build(spec, im)
		if d, ok := m.(*diffusion.Model); ok {
			m = countingDiffusion{d, steps, evals}
		}
		return m, src, r, err
	}
	return tr, clk, steps, evals
}

// slowDiffusion is a paused diffusion model on 8 Gaussians with T = 1000,
// whose reverse process and DDPM samples are slow figures.
func slowDiffusion(t *testing.T, tr *trainer, clk *clock) {
	t.Helper()
	spec := models.Spec{Family: "diffusion", Data: "8gaussians", Seed: 3, Config: json.RawMessage(`{"hidden":16,"T":1000}`)}
	if es := errorsIn(tr.Handle(protocol.Command{Op: protocol.KindReset, Spec: spec}, clk.tick)); len(es) > 0 {
		t.Fatal(es)
	}
	idle(t, tr, clk)
}

// TestWorkProgressThenCancel opens the reverse process of a diffusion
// model with T = 1000 steps: the worker's Progress reports say how far its
// chain is, with an estimate of the time left, a few times a second of
// (fake) wall time. A view of another panel drops it: the reverse chain
// takes no step more, and the new figure comes.
func TestWorkProgressThenCancel(t *testing.T) {
	tr, clk, steps, _ := countingTrainer()
	slowDiffusion(t, tr, clk)
	msgs := tr.Handle(protocol.Command{Op: protocol.KindView, View: view(protocol.PanelReverse)}, clk.tick)
	if p := progresses(msgs); len(p) != 1 || p[0].WorkPanel != "" {
		t.Fatalf("the view's own Progress reports work not yet started: %+v", p)
	}
	*steps = 0
	var works []protocol.Progress
	var posted []time.Time
	var stepsAt []int
	for len(works) < 4 {
		if !tr.Busy() {
			t.Fatal("the reverse process finished before four reports of its work")
		}
		for _, m := range tr.Tick(clk.tick) {
			switch m := m.(type) {
			case protocol.Figure:
				t.Fatalf("figure of %s before four reports of work", m.Panel)
			case protocol.Progress:
				posted = append(posted, clk.now())
				if m.WorkPanel != "" {
					works = append(works, m)
					stepsAt = append(stepsAt, *steps)
				}
			}
		}
	}
	for i, w := range works {
		if w.WorkPanel != protocol.PanelReverse || w.Work != labelSampling || w.WorkTotal != reverse2D*1000 {
			t.Errorf("report %d: %+v; want the reverse process's sampling of %d units", i, w, reverse2D*1000)
		}
		if w.WorkDone != reverse2D*stepsAt[i] {
			t.Errorf("report %d: %d units done after %d chain steps of %d points", i, w.WorkDone, stepsAt[i], reverse2D)
		}
		if w.WorkDone <= 0 || w.WorkDone >= w.WorkTotal || w.WorkLeft <= 0 {
			t.Errorf("report %d: %d of %d done, %v s left", i, w.WorkDone, w.WorkTotal, w.WorkLeft)
		}
		if i > 0 && w.WorkDone <= works[i-1].WorkDone {
			t.Errorf("report %d: %d done, not more than the %d before", i, w.WorkDone, works[i-1].WorkDone)
		}
	}
	for i := 1; i < len(posted); i++ {
		if d := posted[i].Sub(posted[i-1]); d < tr.cfg.every {
			t.Errorf("Progress %d came %v after the one before, more often than every %v", i, d, tr.cfg.every)
		}
	}
	// The estimate: the fake clock costs 1 ms a reading, the same for
	// every step, so the time left is the elapsed time scaled by the work
	// left over the work done, give or take a reading.
	last := works[len(works)-1]
	elapsed := clk.since(tr.s.job.started)
	want := elapsed * float64(last.WorkTotal-last.WorkDone) / float64(last.WorkDone)
	if d := last.WorkLeft - want; d < -0.05*want || d > 0.05*want {
		t.Errorf("estimate %.3f s left, want about %.3f s (%.3f s for %d of %d units)", last.WorkLeft, want, elapsed, last.WorkDone, last.WorkTotal)
	}

	// Another panel: the reverse chain stops where it is.
	before := *steps
	v := view(protocol.PanelSamplers)
	v.Sampler, v.K = protocol.SamplerDDIM, 10
	msgs = tr.Handle(protocol.Command{Op: protocol.KindView, View: v}, clk.tick)
	if p := progresses(msgs); len(p) != 1 || p[0].WorkPanel != "" {
		t.Fatalf("the new view's Progress still reports work: %+v", p)
	}
	*steps = 0
	var figs []protocol.Figure
	for _, m := range idle(t, tr, clk) {
		if f, ok := m.(protocol.Figure); ok {
			figs = append(figs, f)
		}
		if p, ok := m.(protocol.Progress); ok && p.WorkPanel != "" && p.WorkPanel != protocol.PanelSamplers {
			t.Errorf("Progress reports work on %s after the view changed", p.WorkPanel)
		}
	}
	if len(figs) != 1 || figs[0].Panel != protocol.PanelSamplers {
		t.Fatalf("figures after the view changed: %+v", figs)
	}
	// The samplers panel runs DDPM over all 1000 steps and DDIM over 10:
	// no step of the dropped reverse chain is among them.
	if *steps != 1000+10 {
		t.Errorf("%d chain steps after the view changed, want the samplers' 1000 + 10 (the reverse chain had taken %d of 1000)", *steps, before)
	}
}

// TestWorkCancelStopsTheBound drops a paused figure while its likelihood
// bound (a coroutine, a network evaluation a piece) is under way: the
// bound takes no network evaluation more.
func TestWorkCancelStopsTheBound(t *testing.T) {
	tr, clk, _, evals := countingTrainer()
	slowDiffusion(t, tr, clk)
	v := view(protocol.PanelSamples)
	v.Sampler, v.K = protocol.SamplerDDIM, 10
	tr.Handle(protocol.Command{Op: protocol.KindView, View: v}, clk.tick)
	*evals = 0
	var work protocol.Progress
	for work.Work != labelLikelihood {
		if !tr.Busy() {
			t.Fatal("the samples' figure finished before its bound reported work")
		}
		for _, p := range progresses(tr.Tick(clk.tick)) {
			if p.WorkPanel != "" {
				work = p
			}
		}
	}
	// DDIM's 10 steps of 512 points, then some of the bound's 1000
	// evaluations of 500 points.
	if work.WorkTotal != 10*tr.cfg.points+1000*nllPoints*boundUnits/2+2*tr.cfg.points+1 || work.WorkDone <= 10*tr.cfg.points {
		t.Errorf("work %d of %d, want some of the bound's after the sample's %d", work.WorkDone, work.WorkTotal, 10*tr.cfg.points)
	}
	at := *evals
	if at == 0 || at >= 1000 {
		t.Fatalf("%d of the bound's 1000 evaluations before the view changed", at)
	}
	tr.Handle(protocol.Command{Op: protocol.KindView, View: view(protocol.PanelForward)}, clk.tick)
	idle(t, tr, clk)
	if *evals != at {
		t.Errorf("the dropped bound took %d network evaluations more", *evals-at)
	}
}
