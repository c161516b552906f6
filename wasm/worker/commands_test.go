package worker

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"genplay/models"
	"genplay/models/registry"
	"genplay/tensor/rng"
	"genplay/wasm/protocol"
)

func TestStepTrainsOneStepAndShowsTheView(t *testing.T) {
	tr, clk, _ := realTrainer()
	spec := small("ae", "moons", 1)
	if msgs := tr.Handle(protocol.Command{Op: protocol.KindView, View: view(protocol.PanelRecon)}, clk.tick); len(msgs) != 1 || tr.Busy() {
		t.Fatalf("view without a session: %+v", msgs)
	}
	msgs := tr.Handle(protocol.Command{Op: protocol.KindStep, Spec: spec}, clk.tick)
	p := msgs[len(msgs)-1].(protocol.Progress)
	if p.Step != 1 || p.Running || !reflect.DeepEqual(p.Terms, []string{"mse"}) || len(p.Losses) != 1 {
		t.Fatalf("after step: %+v", p)
	}
	var figs []protocol.Figure
	for _, m := range idle(t, tr, clk) {
		if f, ok := m.(protocol.Figure); ok {
			figs = append(figs, f)
		}
	}
	if len(figs) != 1 || figs[0].Panel != protocol.PanelRecon || figs[0].Step != 1 || len(figs[0].Get("recons")) != 2*reconPoints {
		t.Fatalf("figures after step: %+v", figs)
	}
	tr.Handle(protocol.Command{Op: protocol.KindStep, Spec: spec}, clk.tick)
	if tr.s.step != 2 || tr.s.running {
		t.Errorf("second step: at step %d, running %v", tr.s.step, tr.s.running)
	}
}

func TestLossTermsOfEveryStep(t *testing.T) {
	tr, clk, _ := realTrainer()
	tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: small("gan", "moons", 1), Until: 7}, clk.tick)
	var p protocol.Progress
	var losses []float32
	for _, m := range idle(t, tr, clk) {
		if q, ok := m.(protocol.Progress); ok {
			p = q
			losses = append(losses, q.Losses...)
		}
	}
	if !reflect.DeepEqual(p.Terms, []string{"total", "d_loss", "g_loss"}) || len(losses) != 7*3 {
		t.Errorf("terms %v, %d loss values for 7 steps", p.Terms, len(losses))
	}
}

func TestPlayUntil(t *testing.T) {
	tr, clk, _, _ := newFake(0, 100)
	c := play(1)
	c.Until = 30
	p := tr.Handle(c, clk.now)[0].(protocol.Progress)
	if !p.Running || p.Until != 30 {
		t.Fatalf("play until 30: %+v", p)
	}
	ps := progresses(run(tr, clk, clk.now, 10*time.Second))
	last := ps[len(ps)-1]
	if tr.s.running || last.Step != 30 || last.Running || last.Until != 30 {
		t.Errorf("last Progress %+v, want paused at step 30 with until 30", last)
	}
	if tr.Busy() {
		t.Error("busy after pausing at until")
	}
	// Play on trains on.
	tr.Handle(play(1), clk.now)
	run(tr, clk, clk.now, 100*time.Millisecond)
	if tr.s.step <= 30 {
		t.Errorf("play after until: step %d", tr.s.step)
	}
}

func TestTune(t *testing.T) {
	tr, clk, _ := realTrainer()
	spec := small("ae", "moons", 1)
	tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: spec, Until: 5}, clk.tick)
	idle(t, tr, clk)
	m := tr.s.m

	tuned := spec
	tuned.Config = json.RawMessage(`{"hidden":16,"lr":0.0001}`)
	p := tr.Handle(protocol.Command{Op: protocol.KindTune, Spec: tuned}, clk.tick)[0].(protocol.Progress)
	if p.Tuned != 5 || string(p.Spec.Config) != string(tuned.Config) || tr.s.m != m {
		t.Fatalf("after tune: %+v, same model %v", p, tr.s.m == m)
	}
	// The same model trains on with the new learning rate: its steps are
	// those of a model trained with it.
	tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: tuned, Until: 6}, clk.tick)
	idle(t, tr, clk)
	if tr.s.m != m || tr.s.step != 6 {
		t.Errorf("play after tune: step %d, same model %v", tr.s.step, tr.s.m == m)
	}

	// An architecture change is refused; nothing changes.
	wide := spec
	wide.Config = json.RawMessage(`{"hidden":32,"lr":0.0001}`)
	msgs := tr.Handle(protocol.Command{Op: protocol.KindTune, Spec: wide}, clk.tick)
	es := errorsIn(msgs)
	if len(es) != 1 || es[0].Stopped || !strings.Contains(es[0].Message, "hidden") {
		t.Errorf("tune of the width: %+v", msgs)
	}
	if tr.s.m != m || string(tr.s.spec.Config) != string(tuned.Config) || tr.s.tuned != 5 {
		t.Errorf("a refused tune changed the session: %s, tuned %d", tr.s.spec.Config, tr.s.tuned)
	}
	other := tuned
	other.Seed = 2
	if es := errorsIn(tr.Handle(protocol.Command{Op: protocol.KindTune, Spec: other}, clk.tick)); len(es) != 1 {
		t.Errorf("tune of the seed: %+v", es)
	}
}

// TestTuneAppliesTheLearningRate checks that a model tuned at step 0 to a
// learning rate trains as one built with it.
func TestTuneAppliesTheLearningRate(t *testing.T) {
	spec := small("ae", "moons", 1)
	fast := spec
	fast.Config = json.RawMessage(`{"hidden":16,"lr":0.05}`)
	trained := func(tune bool) [][]float32 {
		tr, clk, _ := realTrainer()
		if tune {
			tr.Handle(protocol.Command{Op: protocol.KindReset, Spec: spec}, clk.tick)
			if es := errorsIn(tr.Handle(protocol.Command{Op: protocol.KindTune, Spec: fast}, clk.tick)); len(es) > 0 {
				t.Fatal(es)
			}
		}
		tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: fast, Until: 5}, clk.tick)
		idle(t, tr, clk)
		return weightsOf(tr.s.m)
	}
	a, b := trained(true), trained(false)
	if !reflect.DeepEqual(a, b) {
		t.Error("the tuned model trained unlike one built with the learning rate")
	}
	tr, clk, _ := realTrainer()
	tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: spec, Until: 5}, clk.tick)
	idle(t, tr, clk)
	if reflect.DeepEqual(a, weightsOf(tr.s.m)) {
		t.Error("the learning rate made no difference")
	}
}

// nanModel wraps a model whose step number at (counted over every model
// of the test) returns a NaN loss and breaks the weights.
type nanModel struct {
	models.Model
	steps *int
	at    int
}

func (m nanModel) TrainStep(src models.Source, r *rng.PCG) []models.Loss {
	ls := m.Model.TrainStep(src, r)
	*m.steps++
	if *m.steps == m.at {
		for _, w := range m.Weights() {
			w.T.Data[0] = float32(math.NaN())
		}
		return []models.Loss{{Name: "mse", Value: float32(math.NaN())}}
	}
	return ls
}

func TestNaNRestoresTheLastGoodWeights(t *testing.T) {
	tr, clk, _ := realTrainer()
	steps := 0
	tr.cfg.build = func(spec models.Spec, im registry.Images) (models.Model, models.Source, *rng.PCG, error) {
		m, src, r, err := registry.Build(spec, im)
		return nanModel{Model: m, steps: &steps, at: 40}, src, r, err
	}
	tr.cfg.tune = func(m models.Model, family string, config json.RawMessage) error {
		return registry.Tune(m.(nanModel).Model, family, config)
	}
	tr.cfg.every = 10 * time.Millisecond // snapshots every few steps
	spec := small("ae", "moons", 1)
	tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: spec}, clk.tick)
	var good [][]float32
	var goodStep int
	var stop protocol.Error
	for stop.Message == "" {
		for _, m := range tr.Tick(clk.tick) {
			switch m := m.(type) {
			case protocol.Progress:
				if m.Running {
					good, goodStep = weightsOf(tr.s.m), m.Step
				}
			case protocol.Error:
				stop = m
			}
		}
	}
	if goodStep == 0 || goodStep >= 40 {
		t.Fatalf("last Progress while training at step %d", goodStep)
	}
	if !stop.Stopped || stop.Step != goodStep || !strings.Contains(stop.Message, "step 40") || !strings.Contains(stop.Message, "mse loss") ||
		!strings.Contains(stop.Message, "learning rate") {
		t.Errorf("Error %+v, want a stop at step 40 back to step %d", stop, goodStep)
	}
	if !reflect.DeepEqual(weightsOf(tr.s.m), good) || tr.s.step != goodStep {
		t.Errorf("step %d; the weights are not those of step %d", tr.s.step, goodStep)
	}
	// Lowering the learning rate lets it train on from there.
	tuned := spec
	tuned.Config = json.RawMessage(`{"hidden":16,"lr":0.001}`)
	msgs := tr.Handle(protocol.Command{Op: protocol.KindTune, Spec: tuned}, clk.tick)
	if es := errorsIn(msgs); len(es) > 0 {
		t.Fatalf("tune after the stop: %+v", es)
	}
	tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: tuned, Until: goodStep + 20}, clk.tick)
	msgs = idle(t, tr, clk)
	if es := errorsIn(msgs); len(es) > 0 || tr.s.step != goodStep+20 {
		t.Errorf("play after the tune: step %d, errors %+v", tr.s.step, es)
	}
}

func TestImportGarbageKeepsTheSession(t *testing.T) {
	tr, clk, _ := realTrainer()
	tr.Handle(protocol.Command{Op: protocol.KindReset, Spec: small("ae", "moons", 1)}, clk.tick)
	s := tr.s
	for _, b := range [][]byte{[]byte("not a weights file"), {}, make([]byte, 100)} {
		msgs := tr.Handle(protocol.Command{Op: protocol.KindImport, Weights: b}, clk.tick)
		es := errorsIn(msgs)
		if len(es) != 1 || es[0].Stopped || !strings.HasPrefix(es[0].Message, "The file is not a genplay weights file: ") ||
			!strings.HasSuffix(es[0].Message, "The current model stays.") || tr.s != s {
			t.Errorf("import of %d bytes: %+v, session kept %v", len(b), msgs, tr.s == s)
		}
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	tr, clk, _ := realTrainer()
	spec := small("vae", "8gaussians", 3)
	tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: spec, Until: 12}, clk.tick)
	idle(t, tr, clk)
	msgs := tr.Handle(protocol.Command{Op: protocol.KindExport}, clk.tick)
	w, ok := msgs[len(msgs)-1].(protocol.Weights)
	if !ok || w.Name != "vae-8gaussians-step12.safetensors" {
		t.Fatalf("export: %+v", msgs)
	}
	want := weightsOf(tr.s.m)

	tr2, clk2, _ := realTrainer()
	msgs = tr2.Handle(protocol.Command{Op: protocol.KindImport, Weights: w.Bytes}, clk2.tick)
	p := msgs[len(msgs)-1].(protocol.Progress)
	if es := errorsIn(msgs); len(es) > 0 || p.Step != 12 || p.Running || p.Spec.Steps != 12 || !protocol.SameRun(p.Spec, spec) {
		t.Fatalf("import: %+v", msgs)
	}
	if !reflect.DeepEqual(weightsOf(tr2.s.m), want) {
		t.Error("imported weights differ from the exported ones")
	}
	// A drawn data set's long name stays out of the file name.
	tr.s.spec.Data = "drawn:AAAA"
	if w := tr.Handle(protocol.Command{Op: protocol.KindExport}, clk.tick)[1].(protocol.Weights); w.Name != "vae-drawn-step12.safetensors" {
		t.Errorf("drawn export named %q", w.Name)
	}
}

func TestCommandsWithoutASession(t *testing.T) {
	tr, clk, _ := realTrainer()
	for _, c := range []protocol.Command{{Op: protocol.KindExport}, {Op: protocol.KindTune, Spec: small("ae", "moons", 1)}} {
		if es := errorsIn(tr.Handle(c, clk.tick)); len(es) != 1 {
			t.Errorf("%s without a session: %+v", c.Op, es)
		}
	}
}
