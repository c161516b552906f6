package worker

import (
	"math"
	"testing"
	"time"

	"genplay/models"
	"genplay/models/metrics"
	"genplay/models/registry"
	"genplay/tensor/rng"
	"genplay/wasm/protocol"
)

// The worker's time while it trains, on a fake clock: scoring live samples
// stays within its share, the share of sampling follows what a sample
// costs while samples keep coming at least every sampleGap, and an image
// model is scored by the classifier every few seconds without a Score.

// costlyModel is a fakeModel whose likelihood costs lik on the fake clock
// per call, so that scoring a 2D sample (its NLL) costs that much, and
// whose one-pass Sample costs perPoint for each point drawn.
type costlyModel struct {
	*fakeModel
	lik, perPoint time.Duration
	dim           int
	// first, if not 0, is the cost of the first likelihood instead.
	first time.Duration
	calls int
}

func (m *costlyModel) LogProb(dst, x []float32, r *rng.PCG) {
	m.calls++
	if m.calls == 1 && m.first > 0 {
		m.clk.advance(m.first)
	} else {
		m.clk.advance(m.lik)
	}
	clear(dst)
}

func (m *costlyModel) LogProbKind() models.LogProbKind { return models.LogProbKind{Evals: 1} }

func (m *costlyModel) Sample(dst []float32, r *rng.PCG) {
	m.clk.advance(time.Duration(len(dst)/m.dim) * m.perPoint)
	for i := range dst {
		dst[i] = r.Float32() // in [0, 1), pixels of an image set
	}
}

// costlySettings returns fakeSettings whose models are costlyModels with
// the given costs, training steps of 3 ms and chains of chainLen steps of
// 1 ms (one pass if 0).
func costlySettings(clk *clock, chainLen int, lik, perPoint time.Duration) settings {
	cfg := fakeSettings(clk, 0, chainLen)
	build := cfg.build
	cfg.build = func(spec models.Spec, im registry.Images) (models.Model, models.Source, *rng.PCG, error) {
		m, src, r, err := build(spec, im)
		if err != nil {
			return nil, nil, nil, err
		}
		return &costlyModel{fakeModel: m.(*fakeModel), lik: lik, perPoint: perPoint, dim: src.Dim()}, src, r, nil
	}
	chains := cfg.chains
	cfg.chains = func(m models.Model, dim int) (chainStart, string) {
		return chains(m.(*costlyModel).fakeModel, dim)
	}
	return cfg
}

// share returns the share of the session's wall time that d is.
func share(tr *trainer, d time.Duration) float64 { return d.Seconds() / tr.s.wall().Seconds() }

// TestScoringShareBounded plays a model whose live score costs 100 ms on
// a 2D set: scoring takes no more than its share of the wall time, the
// samples go on coming four times a second, scored or not, and the
// Progress messages carry the metrics of the samples that were scored.
func TestScoringShareBounded(t *testing.T) {
	clk := newClock()
	cfg := costlySettings(clk, 0, 100*time.Millisecond, 10*time.Microsecond)
	tr := newTrainer(cfg, newServer(clk).fetch, func(protocol.Message) {})
	tr.Handle(protocol.Command{Op: protocol.KindView, View: view(protocol.PanelSamples)}, clk.now)
	tr.Handle(play(1), clk.now)
	const d = 30 * time.Second
	ps := progresses(run(tr, clk, clk.now, d))
	s := tr.s
	// One score of 100 ms may overrun the share before the next waits.
	if got, most := share(tr, s.scoreTime), cfg.scoreShare+0.1/d.Seconds(); got > most {
		t.Errorf("scoring took %.3f of the wall time, want at most %.3f", got, most)
	}
	if got := share(tr, s.trainTime); got < 0.85 {
		t.Errorf("training took %.3f of the wall time, want at least 0.85", got)
	}
	scored := 0
	for _, p := range ps {
		if p.Metrics == nil {
			continue
		}
		scored++
		if len(p.Metrics) != len(liveNames)-1 || p.Metrics[0].Name != metrics.Precision {
			t.Fatalf("metrics %+v, want the live metrics", p.Metrics)
		}
	}
	// 8 % of 30 s is 2.4 s: 24 scores of 100 ms, of 120 samples.
	if scored < 20 || scored > 26 {
		t.Errorf("%d scored samples in %v, want about 24", scored, d)
	}
	if rate := float64(s.samples) / d.Seconds(); rate < 3.5 {
		t.Errorf("%.2f samples a second, want one per Progress (4)", rate)
	}
}

// TestCostlyFirstScoreForgotten plays a model whose first live score
// costs 3 s and the next ones 50 ms, as in a browser that has not yet
// optimised the scoring code: scores resume within about the share's
// window (shareWindow), not after the 37 s that would bring the whole
// time since play back within 8 %, and samples keep coming meanwhile.
func TestCostlyFirstScoreForgotten(t *testing.T) {
	clk := newClock()
	cfg := costlySettings(clk, 0, 50*time.Millisecond, 10*time.Microsecond)
	tr := newTrainer(cfg, newServer(clk).fetch, func(protocol.Message) {})
	tr.Handle(play(1), clk.now)
	tr.s.m.(*costlyModel).first = 3 * time.Second
	start := clk.now()
	var scored []float64 // seconds of play at each Progress with metrics
	samples := 0
	for end := start.Add(20 * time.Second); clk.t.Before(end); {
		for _, p := range progresses(tr.Tick(clk.now)) {
			if p.Metrics != nil {
				scored = append(scored, clk.since(start))
			}
			if p.Points != nil && clk.since(start) > 3.5 && clk.since(start) < 15 {
				samples++
			}
		}
	}
	if len(scored) < 2 || scored[1] > 12 {
		t.Fatalf("scores at %v s of play, want a second one within 12 s", scored)
	}
	t.Logf("scores at %.1f s of play", scored[:2])
	// Between the first score and the second, at least two a second.
	if samples < 2*11 {
		t.Errorf("%d samples in 11.5 s after the costly score, want at least 2 a second", samples)
	}
}

// TestSamplingShareAdapts plays chains of increasing cost: a cheap chain
// comes once per Progress at a small share; a costly one every sampleGap
// (two a second) at up to 1 − floorShare of the wall time; one too costly
// for that gets all of 1 − floorShare, and training keeps its floor.
func TestSamplingShareAdapts(t *testing.T) {
	for _, c := range []struct {
		chain      int     // ms a sample
		rate       float64 // samples a second
		sampleFrac float64 // of the wall time
	}{
		{10, 4, 0.04},
		{60, 2, 0.12},
		{100, 2, 0.2},
		{400, 0.5, 0.2},
	} {
		tr, clk, _, _ := newFake(0, c.chain)
		tr.Handle(play(1), clk.now)
		const d = 20 * time.Second
		run(tr, clk, clk.now, d)
		s := tr.s
		if got := float64(s.samples) / d.Seconds(); math.Abs(got-c.rate) > 0.1*c.rate {
			t.Errorf("%d ms chains: %.2f samples a second, want %.2f", c.chain, got, c.rate)
		}
		if got := share(tr, s.sampleTime); math.Abs(got-c.sampleFrac) > 0.01 {
			t.Errorf("%d ms chains: sampling took %.3f of the wall time, want %.3f", c.chain, got, c.sampleFrac)
		}
		if got := share(tr, s.trainTime); got < tr.cfg.floorShare-0.005 {
			t.Errorf("%d ms chains: training took %.3f of the wall time, below its floor %.2f", c.chain, got, tr.cfg.floorShare)
		}
	}
}

// TestWallTimeCountsGaps checks that the time between ticks (posting, the
// event loop, commands) counts as play's wall time, in the shares and in
// the steps per second reported, and not while paused.
func TestWallTimeCountsGaps(t *testing.T) {
	tr, clk, _, _ := newFake(0, 0)
	tr.Handle(play(1), clk.now)
	var ps []protocol.Progress
	for end := clk.t.Add(10 * time.Second); clk.t.Before(end); {
		ps = append(ps, progresses(tr.Tick(clk.now))...)
		clk.advance(10 * time.Millisecond) // the page's share of each round
	}
	s := tr.s
	if got := share(tr, s.otherTime); got < 0.15 || got > 0.25 {
		t.Errorf("the time between ticks is %.3f of the wall time, want about 0.2 (10 ms after each 40 ms tick)", got)
	}
	want := float64(s.step) / clk.since(time.Unix(1e9, 0))
	if got := ps[len(ps)-1].StepsPerSec; math.Abs(got-want) > 0.1*want {
		t.Errorf("steps/s reported %.1f, want the steps over the wall time, %.1f", got, want)
	}
	tr.Handle(pause, clk.now)
	other := s.otherTime
	clk.advance(time.Minute)
	tr.Handle(play(1), clk.now)
	tr.Tick(clk.now)
	if s.otherTime != other {
		t.Errorf("a minute of pause counted %v of play", s.otherTime-other)
	}
}

// scorerServer returns a fake server with a 4×4 image set named mnist of
// 300 images and a small classifier for it.
func scorerServer(t *testing.T, clk *clock) *server {
	t.Helper()
	srv := newServer(clk)
	serveScoring(t, srv, 4)
	return srv
}

// statOf returns the value of the stat name in stats.
func statOf(stats []protocol.Stat, name string) (float64, bool) {
	for _, st := range stats {
		if st.Name == name {
			return st.Value, true
		}
	}
	return 0, false
}

// TestImageScoresWhileTraining plays an image model whose images cost
// 2 ms each without any View asking for scores: the classifier is fetched
// once, and its scores (fd, class coverage, precision, recall) reach the
// Progress messages within a second of play and then as often as
// imageScoreEvery and scoring's share allow (a score of 256 images costs
// 512 ms, 8 % of 6.4 s; the share's window lets a score start when its
// last cost would overrun the share by up to 0.3 s, so they come about
// every 5.5 s at some 9 %), while training keeps at least 80 % of the
// wall time.
func TestImageScoresWhileTraining(t *testing.T) {
	clk := newClock()
	srv := scorerServer(t, clk)
	cfg := costlySettings(clk, 0, 0, 2*time.Millisecond)
	tr := newTrainer(cfg, srv.fetch, func(protocol.Message) {})
	tr.Handle(protocol.Command{Op: protocol.KindView, View: view(protocol.PanelSamples)}, clk.now)
	spec := models.Spec{Family: "vae", Data: "mnist", Seed: 1}
	if es := errorsIn(tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: spec}, clk.now)); len(es) > 0 {
		t.Fatal(es)
	}
	start := clk.now()
	const d = 40 * time.Second
	var (
		ends     []float64 // seconds of play at which each score ended
		last     time.Time
		firstFD  = -1.0 // seconds of play at the first Progress with fd
		withFD   int
		progress int
	)
	for end := start.Add(d); clk.t.Before(end); {
		for _, p := range progresses(tr.Tick(clk.now)) {
			if p.Metrics == nil {
				continue
			}
			progress++
			if _, ok := statOf(p.Metrics, metrics.FD); !ok {
				continue
			}
			withFD++
			if firstFD < 0 {
				firstFD = clk.since(start)
			}
			for _, name := range []string{metrics.ClassCoverage, metrics.Precision, metrics.Recall, metrics.MsPerSample} {
				if v, ok := statOf(p.Metrics, name); !ok || math.IsNaN(v) {
					t.Fatalf("metrics %+v without %s", p.Metrics, name)
				}
			}
		}
		if tr.s.lastScore != last {
			last = tr.s.lastScore
			ends = append(ends, clk.since(start))
		}
	}
	if n := srv.count("weights/classifier.safetensors"); n != 1 {
		t.Errorf("the classifier was fetched %d times, want once", n)
	}
	if firstFD < 0 || firstFD > 1 {
		t.Fatalf("the first fd came %.2f s after play, want within 1 s", firstFD)
	}
	// Every Progress with metrics after the first score keeps the scores.
	if withFD < progress-2 {
		t.Errorf("%d of %d Progress messages with metrics had fd", withFD, progress)
	}
	for i := 1; i < len(ends); i++ {
		if gap := ends[i] - ends[i-1]; gap < cfg.imageScoreEvery.Seconds() {
			t.Errorf("scores ended %.2f s apart, want at least %v", gap, cfg.imageScoreEvery)
		}
	}
	// 40 s at 8 %: about 6 scores of 512 ms.
	if len(ends) < 5 || len(ends) > 8 {
		t.Errorf("%d scores in %v (at %v s), want about 6", len(ends), d, ends)
	}
	s := tr.s
	if got, most := share(tr, s.scoreTime), cfg.scoreShare+0.025; got > most {
		t.Errorf("scoring took %.3f of the wall time, want at most %.3f", got, most)
	}
	if got := share(tr, s.trainTime); got < 0.8 {
		t.Errorf("training took %.3f of the wall time, want at least 0.8", got)
	}
	if rate := float64(s.samples) / d.Seconds(); rate < 2 {
		t.Errorf("%.2f live samples a second, want at least 2", rate)
	}
}
