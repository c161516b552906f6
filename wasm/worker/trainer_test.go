package main

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"genplay/tensor/rng"
	"genplay/wasm/protocol"
)

// clock is a fake wall clock that moves only when the fake model works.
type clock struct{ t time.Time }

func (c *clock) now() time.Time            { return c.t }
func (c *clock) advance(d time.Duration)   { c.t = c.t.Add(d) }
func newClock() *clock                     { return &clock{t: time.Unix(1e9, 0)} }
func (c *clock) since(t time.Time) float64 { return c.t.Sub(t).Seconds() }

// fakeModel costs trainCost per training step and stepCost per sampling
// step on the fake clock. Its loss falls as 1/step, except that step nanAt
// returns NaN. Its chains have length chainLen and return points filled from
// the sampling stream.
type fakeModel struct {
	clk                 *clock
	trainCost, stepCost time.Duration
	chainLen            int
	nanAt               int
	steps               int
}

func (m *fakeModel) TrainStep(x0 []float32, r *rng.PCG) float32 {
	m.clk.advance(m.trainCost)
	m.steps++
	if m.steps == m.nanAt {
		return float32(math.NaN())
	}
	return 1 / float32(m.steps)
}

func (m *fakeModel) NewChain(n int, r *rng.PCG) chain {
	c := &fakeChain{m: m, left: m.chainLen, x: make([]float32, 2*n)}
	r.FillNormal(c.x)
	return c
}

type fakeChain struct {
	m    *fakeModel
	left int
	x    []float32
}

func (c *fakeChain) Advance(k int, r *rng.PCG) bool {
	k = min(k, c.left)
	c.m.clk.advance(time.Duration(k) * c.m.stepCost)
	c.left -= k
	return c.left == 0
}
func (c *fakeChain) Remaining() int { return c.left }
func (c *fakeChain) X() []float32   { return c.x }

// fakeSettings returns the worker's settings with a fake model on clk.
func fakeSettings(clk *clock, nanAt int) settings {
	cfg := defaults()
	cfg.points = 8
	cfg.build = func(r *rng.PCG) (model, int, error) {
		return &fakeModel{clk: clk, trainCost: 3 * time.Millisecond, stepCost: time.Millisecond, chainLen: 100, nanAt: nanAt}, 16, nil
	}
	return cfg
}

func play(seed uint64) protocol.Command {
	return protocol.Command{Op: protocol.KindPlay, Seed: seed, Data: "8gaussians"}
}

// run ticks tr for d of fake time and returns the messages it posted.
func run(tr *trainer, clk *clock, d time.Duration) []protocol.Message {
	var msgs []protocol.Message
	end := clk.t.Add(d)
	for clk.t.Before(end) && tr.Running() {
		msgs = append(msgs, tr.Tick(clk.now)...)
	}
	return msgs
}

func progresses(msgs []protocol.Message) []protocol.Progress {
	var ps []protocol.Progress
	for _, m := range msgs {
		if p, ok := m.(protocol.Progress); ok {
			ps = append(ps, p)
		}
	}
	return ps
}

func TestTimeSplitAndCadence(t *testing.T) {
	clk := newClock()
	tr := newTrainer(fakeSettings(clk, 0))
	start := clk.now()
	first := tr.Handle(play(1), clk.now())
	if p, ok := first[0].(protocol.Progress); len(first) != 1 || !ok || !p.Running || p.Step != 0 {
		t.Fatalf("Handle(play) = %#v, want one running Progress at step 0", first)
	}
	msgs := run(tr, clk, 10*time.Second)
	s := tr.s

	share := s.trainTime.Seconds() / (s.trainTime + s.sampleTime).Seconds()
	if math.Abs(share-0.6) > 0.01 {
		t.Errorf("training took %.3f of the busy time, want 0.6", share)
	}
	// 4 s of sampling at 1 ms a step, 100 steps a chain: about 40 chains.
	if s.samples < 38 || s.samples > 41 {
		t.Errorf("%d chains finished, want about 40", s.samples)
	}

	ps := progresses(msgs)
	// One Progress every 250 ms, give or take a 40 ms tick.
	if n := len(ps); n < 36 || n > 40 {
		t.Errorf("%d Progress messages in 10 s, want about 40", n)
	}
	steps, withPoints, lastSamples := 0, 0, 0
	for i, p := range ps {
		steps += len(p.Losses)
		if p.Step != steps {
			t.Fatalf("Progress %d: step %d but %d losses posted so far", i, p.Step, steps)
		}
		if p.Points != nil {
			withPoints++
			if len(p.Points) != 2*8 || p.Samples == lastSamples {
				t.Errorf("Progress %d: %d point values for sample %d (previous %d)", i, len(p.Points), p.Samples, lastSamples)
			}
		}
		lastSamples = p.Samples
		if p.Sampling < 0 || p.Sampling >= 1 {
			t.Errorf("Progress %d: sampling fraction %v outside [0, 1)", i, p.Sampling)
		}
	}
	if withPoints < 30 {
		t.Errorf("%d Progress messages carried points, want one per finished chain", withPoints)
	}
	// 6 s of training at 3 ms a step is 2000 steps, in 10 s: 200 steps/s.
	last := ps[len(ps)-1]
	if math.Abs(last.StepsPerSec-200) > 10 {
		t.Errorf("steps/s = %v, want about 200", last.StepsPerSec)
	}
	if got := float64(last.Step) / clk.since(start); math.Abs(got-200) > 10 {
		t.Errorf("%d steps in %.1f s", last.Step, clk.since(start))
	}
}

func TestPauseResumeReset(t *testing.T) {
	clk := newClock()
	tr := newTrainer(fakeSettings(clk, 0))
	tr.Handle(play(3), clk.now())
	run(tr, clk, time.Second)
	before := tr.s.step

	p := tr.Handle(protocol.Command{Op: protocol.KindPause, Seed: 3, Data: "8gaussians"}, clk.now())[0].(protocol.Progress)
	if p.Running || p.Step != before || tr.Running() {
		t.Fatalf("after pause: %+v, Running() = %v; want stopped at step %d", p, tr.Running(), before)
	}
	if msgs := tr.Tick(clk.now); msgs != nil || tr.s.step != before {
		t.Errorf("Tick while paused posted %v and moved to step %d", msgs, tr.s.step)
	}

	// Play with the same seed and data resumes the same model.
	m := tr.s.m
	tr.Handle(play(3), clk.now())
	run(tr, clk, 100*time.Millisecond)
	if tr.s.m != m || tr.s.step <= before {
		t.Errorf("play after pause did not resume: step %d, same model %v", tr.s.step, tr.s.m == m)
	}

	// Reset builds a fresh model at step 0 and stays paused.
	p = tr.Handle(protocol.Command{Op: protocol.KindReset, Seed: 3, Data: "8gaussians"}, clk.now())[0].(protocol.Progress)
	if p.Step != 0 || p.Running || p.Samples != 0 || p.Points != nil || len(p.Losses) != 0 || tr.s.m == m {
		t.Errorf("after reset: %+v, new model %v; want a fresh paused model", p, tr.s.m != m)
	}

	// Play with another seed also starts afresh.
	tr.Handle(play(3), clk.now())
	run(tr, clk, 100*time.Millisecond)
	m = tr.s.m
	p = tr.Handle(play(4), clk.now())[0].(protocol.Progress)
	if tr.s.m == m || p.Step != 0 || !p.Running {
		t.Errorf("play with a new seed: %+v, new model %v", p, tr.s.m != m)
	}
}

func TestNaNStopsTraining(t *testing.T) {
	clk := newClock()
	tr := newTrainer(fakeSettings(clk, 25))
	tr.Handle(play(1), clk.now())
	msgs := run(tr, clk, time.Second)
	if tr.Running() {
		t.Fatal("still running after a NaN loss")
	}
	var e protocol.Error
	for _, m := range msgs {
		if m, ok := m.(protocol.Error); ok {
			e = m
		}
	}
	if e.Step != 25 || !strings.Contains(e.Message, "NaN") || !strings.Contains(e.Message, "reset") {
		t.Errorf("Error = %+v, want step 25, mentioning NaN and reset", e)
	}
	last := msgs[len(msgs)-1].(protocol.Progress)
	if last.Running || last.Step != 25 {
		t.Errorf("last Progress %+v, want stopped at step 25", last)
	}
	for _, p := range progresses(msgs) {
		for _, l := range p.Losses {
			if math.IsNaN(float64(l)) {
				t.Error("a NaN loss was posted")
			}
		}
	}
	// Play cannot resume a diverged model; reset can.
	again := tr.Handle(play(1), clk.now())
	if _, ok := again[0].(protocol.Error); !ok || tr.Running() {
		t.Errorf("play after divergence = %#v, running %v; want an Error", again, tr.Running())
	}
	tr.Handle(protocol.Command{Op: protocol.KindReset, Seed: 1, Data: "8gaussians"}, clk.now())
	tr.Handle(play(1), clk.now())
	if !tr.Running() {
		t.Error("play after reset does not run")
	}
}

func TestUnknownDataSet(t *testing.T) {
	tr := newTrainer(fakeSettings(newClock(), 0))
	for _, op := range []protocol.Kind{protocol.KindPlay, protocol.KindReset} {
		msgs := tr.Handle(protocol.Command{Op: op, Seed: 1, Data: "nope"}, time.Now())
		e, ok := msgs[0].(protocol.Error)
		if len(msgs) != 1 || !ok || !strings.Contains(e.Message, `"nope"`) {
			t.Errorf("%s on an unknown data set = %#v, want an Error naming it", op, msgs)
		}
	}
	if tr.Running() {
		t.Error("running without a model")
	}
	// Pause without a model is harmless.
	p := tr.Handle(protocol.Command{Op: protocol.KindPause}, time.Now())[0].(protocol.Progress)
	if p.Running || p.Step != 0 {
		t.Errorf("pause without a model = %+v", p)
	}
}

// history plays seed on the real diffusion model for a fixed amount of fake
// time, in which each clock reading costs 1 ms, and returns every loss and
// the points of the last finished chain.
func history(t *testing.T, seed uint64) (losses, points []float32) {
	t.Helper()
	clk := newClock()
	cfg := defaults()
	cfg.points = 32
	cfg.trainShare = 0.05 // a full chain after few training steps
	tr := newTrainer(cfg)
	tr.Handle(play(seed), clk.now())
	tick := func() time.Time { clk.advance(time.Millisecond); return clk.t }
	for tr.s.samples == 0 || tr.s.step < 30 {
		for _, m := range tr.Tick(tick) {
			if p, ok := m.(protocol.Progress); ok {
				losses = append(losses, p.Losses...)
			}
		}
		if !tr.Running() {
			t.Fatalf("training stopped at step %d: %s", tr.s.step, tr.s.failure)
		}
	}
	losses = append(losses, tr.progress(clk.t).Losses...)
	return losses[:30], tr.s.points
}

func TestDeterministicGivenSeed(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the real model")
	}
	l1, p1 := history(t, 42)
	l2, p2 := history(t, 42)
	if !slices.Equal(l1, l2) || !reflect.DeepEqual(p1, p2) {
		t.Errorf("two runs with seed 42 differ:\nlosses %v\n   and %v", l1, l2)
	}
	_, p3 := history(t, 43)
	if reflect.DeepEqual(p1, p3) {
		t.Error("seeds 42 and 43 gave the same samples")
	}
}
