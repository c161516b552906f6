package worker

import (
	"slices"
	"strings"
	"testing"
	"time"

	"genplay/models"
	"genplay/models/registry"
	"genplay/tensor/rng"
	"genplay/wasm/protocol"
)

// Bounds of the live 2D samples of a step-wise model while training, with
// the registry's default configs on a clock whose every reading costs 1 ms,
// so that a training step and a chain step each cost about one reading.
// Sampling takes 1 − trainShare = 10 % of the busy time and a finished
// sample waits for the next Progress (every 250 ms), so a 20-step sample
// comes about every 250 training steps; DDPM over all T = 1000 steps would
// take some 9000.
const (
	liveFirstSteps = 500 // most training steps before the first live sample
	liveGapSteps   = 600 // most training steps between two live samples
)

// liveChains wraps the worker's chainsOf so that every chain it starts is
// recorded: its starting points and its cost in network evaluations.
type liveChains struct {
	starts [][]float32
	evals  []int
}

func (lc *liveChains) settings() settings {
	cfg := defaults()
	base := defaults()
	cfg.chains = func(m models.Model, dim int) (chainStart, string) {
		start, desc := base.chainsOf(m, dim)
		if start == nil {
			return nil, desc
		}
		return func(n int, r *rng.PCG) chain {
			c := start(n, r)
			lc.starts = append(lc.starts, slices.Clone(c.X()))
			lc.evals = append(lc.evals, c.(models.Chain).Evals())
			return c
		}, desc
	}
	return cfg
}

// TestLiveSampleStepwise plays diffusion and flow matching on 8 Gaussians:
// the live sample is a labelled preview of at most liveSteps network
// evaluations, the first comes within liveFirstSteps training steps and
// the next within liveGapSteps of each other, and every chain starts from
// the same noise, the seed's liveNoise.
func TestLiveSampleStepwise(t *testing.T) {
	for _, family := range []string{"diffusion", "flowmatch"} {
		t.Run(family, func(t *testing.T) {
			clk := newClock()
			lc := &liveChains{}
			cfg := lc.settings()
			tr := newTrainer(cfg, newServer(clk).fetch, func(protocol.Message) {})
			spec := models.Spec{Family: family, Data: "8gaussians", Seed: 11}
			msgs := tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: spec}, clk.tick)
			if es := errorsIn(msgs); len(es) > 0 {
				t.Fatalf("play: %+v", es)
			}
			var steps []int // the training step of each live sample
			var points [][]float32
			for end := clk.t.Add(time.Minute); len(steps) < 4 && clk.t.Before(end); {
				for _, p := range progresses(tr.Tick(clk.tick)) {
					if p.Points == nil {
						continue
					}
					if !strings.HasSuffix(p.Sampler, "(live preview)") || !p.Running {
						t.Fatalf("live sample at step %d: sampler %q, running %v", p.Step, p.Sampler, p.Running)
					}
					steps = append(steps, p.Step)
					points = append(points, p.Points)
				}
			}
			t.Logf("%s: sampler %q, live samples at training steps %v, chains of %v evaluations", family, tr.s.sampler, steps, lc.evals)
			if len(steps) < 4 {
				t.Fatalf("%d live samples in a minute of fake time", len(steps))
			}
			if steps[0] > liveFirstSteps {
				t.Errorf("first live sample at step %d, want ≤ %d", steps[0], liveFirstSteps)
			}
			for i := 1; i < len(steps); i++ {
				if gap := steps[i] - steps[i-1]; gap > liveGapSteps {
					t.Errorf("live samples %d and %d are %d training steps apart, want ≤ %d", i-1, i, gap, liveGapSteps)
				}
			}
			for i, e := range lc.evals {
				if e < 1 || e > cfg.liveSteps {
					t.Errorf("chain %d costs %d network evaluations, want 1…%d", i, e, cfg.liveSteps)
				}
			}

			// Every chain starts from the seed's fixed noise; the samples
			// differ only because the model learned in between.
			want := make([]float32, len(lc.starts[0]))
			liveNoise(spec.Seed).FillNormal(want)
			for i, x := range lc.starts {
				if !slices.Equal(x, want) {
					t.Fatalf("chain %d does not start from the seed's live noise", i)
				}
			}
			if slices.Equal(points[0], points[1]) {
				t.Error("two live samples are equal although the model trained in between")
			}
		})
	}
}

// TestLiveSamplerOfCapabilities checks chainsOf's choice from the samplers
// a model lists: the live 2D sampler is the first with a step count, with
// no η, and its step count is bounded by liveSteps evaluations and the
// sampler's own default; on images and with liveSteps = 0 it is as before.
func TestLiveSamplerOfCapabilities(t *testing.T) {
	cases := []struct {
		family, config string
		dim            int
		liveSteps      int
		want           string
	}{
		{"diffusion", `{"T":1000}`, 2, 20, "DDIM, 20 steps (live preview)"},
		{"diffusion", `{"T":1000}`, 2, 0, "DDPM, 1000 steps"},
		{"diffusion", `{"T":1000}`, 784, 20, "DDIM (η = 1), 100 steps"},
		{"flowmatch", `{"sampler":"euler","sample_steps":50}`, 2, 20, "Euler, 20 steps (live preview)"},
		{"flowmatch", `{"sampler":"heun","sample_steps":50}`, 2, 20, "Heun, 10 steps (live preview)"},
		{"flowmatch", `{"sampler":"euler","sample_steps":8}`, 2, 20, "Euler, 8 steps (live preview)"},
		{"gan", `{}`, 2, 20, "one pass"},
	}
	for _, c := range cases {
		spec := models.Spec{Family: c.family, Data: "8gaussians", Seed: 1, Config: []byte(c.config)}
		m, _, _, err := registry.Build(spec, nil)
		if err != nil {
			t.Fatal(err)
		}
		cfg := defaults()
		cfg.liveSteps = c.liveSteps
		start, got := cfg.chainsOf(m, c.dim)
		if got != c.want {
			t.Errorf("%s %s dim %d liveSteps %d: sampler %q, want %q", c.family, c.config, c.dim, c.liveSteps, got, c.want)
		}
		if start == nil || c.dim != 2 {
			continue
		}
		ch := start(3, rng.New(1)).(models.Chain)
		if c.liveSteps > 0 && ch.Evals() > c.liveSteps {
			t.Errorf("%s %s: a live chain costs %d evaluations, want ≤ %d", c.family, c.config, ch.Evals(), c.liveSteps)
		}
	}
}

// BenchmarkLiveSample times one live 2D sample of 512 points of diffusion
// and flow matching (registry defaults, 8 Gaussians) with the default
// sampler (liveSteps = 0: DDPM over all T steps; flow matching's solver with
// imageSteps steps) against the live preview, paired in one run:
//
//	go test -run '^$' -bench LiveSample -benchtime 5x ./wasm/worker
func BenchmarkLiveSample(b *testing.B) {
	for _, family := range []string{"diffusion", "flowmatch"} {
		m, _, _, err := registry.Build(models.Spec{Family: family, Data: "8gaussians", Seed: 1}, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, live := range []int{0, 20} {
			cfg := defaults()
			cfg.liveSteps = live
			start, desc := cfg.chainsOf(m, 2)
			b.Run(family+"/"+strings.ReplaceAll(desc, " ", "_"), func(b *testing.B) {
				r := rng.New(2)
				for b.Loop() {
					c := start(512, liveNoise(1))
					for !c.Advance(c.Remaining(), r) {
					}
				}
			})
		}
	}
}

// TestPlayDropsPausedFigure checks that play drops the paused figure of
// PanelSamples (diffusion's: DDPM over all T steps), so that the live
// figures follow the live samples from the start.
func TestPlayDropsPausedFigure(t *testing.T) {
	clk := newClock()
	tr := newTrainer(defaults(), newServer(clk).fetch, func(protocol.Message) {})
	tr.Handle(protocol.Command{Op: protocol.KindView, View: view(protocol.PanelSamples)}, clk.tick)
	tr.Handle(reset(3), clk.tick)
	if tr.s.job == nil {
		t.Fatal("no paused figure after reset")
	}
	tr.Handle(play(3), clk.tick)
	if tr.s.job != nil {
		t.Fatal("the paused figure still runs after play")
	}
	for end := clk.t.Add(time.Minute); clk.t.Before(end); {
		for _, m := range tr.Tick(clk.tick) {
			f, ok := m.(protocol.Figure)
			if !ok || f.Panel != protocol.PanelSamples {
				continue
			}
			if f.Step == 0 {
				t.Fatal("the paused figure was posted after play")
			}
			if f.Step > liveFirstSteps+liveGapSteps {
				t.Errorf("first live figure at step %d, want ≤ %d", f.Step, liveFirstSteps+liveGapSteps)
			}
			t.Logf("first live figure at training step %d", f.Step)
			return
		}
	}
	t.Fatal("no live figure in a minute of fake time")
}
