package worker

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"genplay/models"
	"genplay/models/data"
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

// TestLiveSamplesAtMostFourASecond plays one-pass and step-wise models on
// images and on a 2D set with the samples panel shown, for 4 s of fake
// time: at most one live sample starts every liveGap, so at most about 4
// a second reach the page (before, a one-pass model posted one after
// every few training steps), and training keeps most of the time.
func TestLiveSamplesAtMostFourASecond(t *testing.T) {
	for _, c := range []struct{ family, data string }{
		{"vae", "mnist"}, {"diffusion", "mnist"}, {"gan", "8gaussians"},
	} {
		t.Run(c.family+"-"+c.data, func(t *testing.T) {
			tr, clk, srv := realTrainer()
			srv.addData("mnist", tinyImages("mnist", 40, 4))
			tr.Handle(protocol.Command{Op: protocol.KindView, View: view(protocol.PanelSamples)}, clk.tick)
			if es := errorsIn(tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: small(c.family, c.data, 1)}, clk.tick)); len(es) > 0 {
				t.Fatalf("play: %+v", es)
			}
			const secs = 4
			start := clk.t
			var figs, withPoints, steps0 int
			steps0 = tr.s.step
			for clk.t.Sub(start) < secs*time.Second {
				for _, m := range tr.Tick(clk.tick) {
					switch m := m.(type) {
					case protocol.Figure:
						if m.Panel == protocol.PanelSamples {
							figs++
						}
					case protocol.Progress:
						if m.Points != nil {
							withPoints++
						}
					}
				}
			}
			elapsed := clk.t.Sub(start).Seconds()
			t.Logf("%s on %s: %d live figures and %d Progress messages with points in %.1f s of fake time, %d training steps",
				c.family, c.data, figs, withPoints, elapsed, tr.s.step-steps0)
			most := int(elapsed/liveGap.Seconds()) + 1
			if figs > most || withPoints > most {
				t.Errorf("%d live figures and %d samples in %.1f s, want at most %d (one per %v)", figs, withPoints, elapsed, most, liveGap)
			}
			if figs < secs || withPoints < secs {
				t.Errorf("%d live figures and %d samples in %.1f s, want at least one a second", figs, withPoints, elapsed)
			}
		})
	}
}

// TestLiveImagesFollowable checks that the live samples of diffusion on
// images, drawn by DDIM with η = 1, which adds fresh noise at every step,
// come from the same noise every time: with the same weights two live
// chains give the same images, whatever generator drives them, while the
// same chains driven by their caller's generator would differ.
func TestLiveImagesFollowable(t *testing.T) {
	imgs, err := data.ReadImages(bytes.NewReader(tinyImages("mnist", 40, 4)))
	if err != nil {
		t.Fatal(err)
	}
	spec := models.Spec{Family: "diffusion", Data: "mnist", Seed: 4, Config: json.RawMessage(`{"hidden":16,"T":50}`)}
	mi, _, _, err := registry.Build(spec, registry.Images{imgs})
	if err != nil {
		t.Fatal(err)
	}
	const dim = 16 // 4×4 images
	cfg := defaults()
	cfg.imageSteps = 10
	start, desc := cfg.chainsOf(mi, dim)
	if !strings.Contains(desc, "η = 1") {
		t.Fatalf("the live image sampler is %q, want a stochastic one (η = 1)", desc)
	}
	draw := func(stepRNG *rng.PCG) []float32 {
		c := start(figImages, liveNoise(spec.Seed))
		for !c.Advance(1, stepRNG) {
		}
		return slices.Clone(c.X())
	}
	a, b := draw(rng.New(1)), draw(rng.New(2))
	if !slices.Equal(a, b) {
		t.Error("two live samples of the same weights differ: the slots cannot be followed")
	}
	// The same sampler driven by the caller's generator differs: the
	// test above would see a chain that ignored its noise.
	plain := func(stepRNG *rng.PCG) []float32 {
		c := start(figImages, liveNoise(spec.Seed)).(ownNoise).Chain
		for !c.Advance(1, stepRNG) {
		}
		return slices.Clone(c.X())
	}
	if slices.Equal(plain(rng.New(1)), plain(rng.New(2))) {
		t.Error("DDIM with η = 1 gave the same images with different step noise")
	}
}

// TestLiveFiguresFollowable plays an autoencoder on images with its
// reconstructions shown, and a VAE on a 2D set with its latent space:
// every live figure shows the same inputs (the same data points encoded),
// so that each can be followed while the model learns, and the figures
// still change with the model.
func TestLiveFiguresFollowable(t *testing.T) {
	for _, c := range []struct{ family, data, panel, inputs, out string }{
		{"ae", "mnist", protocol.PanelRecon, protocol.ArrInputs, protocol.ArrRecons},
		{"vae", "moons", protocol.PanelLatent, protocol.ArrInputs, protocol.ArrCodes},
	} {
		t.Run(c.family+"-"+c.panel, func(t *testing.T) {
			tr, clk, srv := realTrainer()
			srv.addData("mnist", tinyImages("mnist", 40, 4))
			tr.Handle(protocol.Command{Op: protocol.KindView, View: view(c.panel)}, clk.tick)
			if es := errorsIn(tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: small(c.family, c.data, 2)}, clk.tick)); len(es) > 0 {
				t.Fatalf("play: %+v", es)
			}
			var figs []protocol.Figure
			for end := clk.t.Add(time.Minute); len(figs) < 3 && clk.t.Before(end); {
				for _, m := range tr.Tick(clk.tick) {
					if f, ok := m.(protocol.Figure); ok && f.Panel == c.panel && f.Step > 0 {
						figs = append(figs, f)
					}
				}
			}
			if len(figs) < 3 {
				t.Fatalf("%d live figures in a minute of fake time", len(figs))
			}
			for i, f := range figs[1:] {
				if !slices.Equal(f.Get(c.inputs), figs[0].Get(c.inputs)) {
					t.Errorf("live figure %d (step %d) shows other inputs than the first (step %d)", i+1, f.Step, figs[0].Step)
				}
			}
			if slices.Equal(figs[0].Get(c.out), figs[2].Get(c.out)) {
				t.Errorf("the %s at steps %d and %d are equal although the model trained", c.out, figs[0].Step, figs[2].Step)
			}
		})
	}
}
