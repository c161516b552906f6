package worker

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
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

// newFake returns a trainer of fake models on a new clock and a fake server.
func newFake(nanAt, chainLen int) (*trainer, *clock, *server, *recorder) {
	clk := newClock()
	srv := newServer(clk)
	rec := &recorder{}
	return newTrainer(fakeSettings(clk, nanAt, chainLen), srv.fetch, rec.emit), clk, srv, rec
}

func TestTimeSplitAndCadence(t *testing.T) {
	tr, clk, _, _ := newFake(0, 100)
	start := clk.now()
	first := tr.Handle(play(1), clk.now)
	if p, ok := first[0].(protocol.Progress); len(first) != 1 || !ok || !p.Running || p.Step != 0 || p.Dim != 2 || p.Sampler != "fake chain" {
		t.Fatalf("Handle(play) = %#v, want one running Progress at step 0 of 2D points", first)
	}
	msgs := run(tr, clk, clk.now, 10*time.Second)
	s := tr.s

	// A chain costs 100 ms, more than sampling's 10 % of a Progress period
	// of 250 ms: at 10 % samples would come every second, so sampling
	// takes up to the floor's 20 % to bring one every 500 ms.
	share := s.trainTime.Seconds() / s.wall().Seconds()
	if math.Abs(share-0.8) > 0.01 || s.wall() < 10*time.Second || s.wall() > 10*time.Second+tr.cfg.tick {
		t.Errorf("training took %.3f of the wall time %v, want 0.8 of 10 s", share, s.wall())
	}
	// 2 s of sampling at 1 ms a step, 100 steps a chain: about 20 chains.
	if s.samples < 19 || s.samples > 21 {
		t.Errorf("%d chains finished, want about 20", s.samples)
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
		if !reflect.DeepEqual(p.Spec, spec2D(1)) || p.Model != "" || p.Dim != 2 || p.Rows != 0 {
			t.Fatalf("Progress %d: spec %+v, model %q, dim %d, rows %d", i, p.Spec, p.Model, p.Dim, p.Rows)
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
	if withPoints < s.samples-1 {
		t.Errorf("%d Progress messages carried points, want one per finished chain (%d)", withPoints, s.samples)
	}
	// 8 s of training at 3 ms a step is 2667 steps, in 10 s: 267 steps/s,
	// which the Progress messages report on average over their periods.
	last := ps[len(ps)-1]
	if got := float64(last.Step) / clk.since(start); math.Abs(got-267) > 10 {
		t.Errorf("%d steps in %.1f s, want 267 steps/s", last.Step, clk.since(start))
	}
	var rate float64
	for _, p := range ps[1:] {
		rate += p.StepsPerSec / float64(len(ps)-1)
	}
	if math.Abs(rate-267) > 15 {
		t.Errorf("mean steps/s of the Progress messages = %.1f, want about 267", rate)
	}
}

// TestSamplingShareFollowsCost checks that a chain that costs less than
// sampling's share of a Progress period gives a sample per Progress and
// leaves training the rest: the share sampling takes is what it costs.
func TestSamplingShareFollowsCost(t *testing.T) {
	for _, steps := range []int{5, 10, 20} {
		tr, clk, _, _ := newFake(0, steps)
		tr.Handle(play(1), clk.now)
		ps := progresses(run(tr, clk, clk.now, 10*time.Second))
		s := tr.s
		// One chain of steps ms per Progress of 250 ms, but the 10 %
		// share caps it at 25 ms.
		want := float64(steps) / 250
		got := s.sampleTime.Seconds() / s.wall().Seconds()
		if math.Abs(got-want) > 0.01 {
			t.Errorf("%d-step chains: sampling took %.3f of the busy time, want %.3f", steps, got, want)
		}
		if s.samples < len(ps)-2 || s.samples > len(ps)+1 {
			t.Errorf("%d-step chains: %d samples for %d Progress messages, want one each", steps, s.samples, len(ps))
		}
	}
}

// TestOnePassSamplesOncePerProgress checks that a model that samples in one
// pass does so at most once between two Progress messages, and trains the
// rest of the time.
func TestOnePassSamplesOncePerProgress(t *testing.T) {
	tr, clk, _, _ := newFake(0, 0)
	tr.Handle(play(1), clk.now)
	ps := progresses(run(tr, clk, clk.now, 5*time.Second))
	if tr.s.samples > len(ps)+1 {
		t.Errorf("%d samples drawn for %d Progress messages", tr.s.samples, len(ps))
	}
	withPoints := 0
	for _, p := range ps {
		if p.Points != nil {
			withPoints++
		}
		if p.Sampler != "one pass" || p.Sampling != 0 {
			t.Fatalf("Progress %+v, want one-pass sampling", p)
		}
	}
	if withPoints < len(ps)-2 {
		t.Errorf("%d of %d Progress messages carried points, want nearly all", withPoints, len(ps))
	}
	// 2 ms a sample every 250 ms: training has nearly all the time.
	if share := tr.s.trainTime.Seconds() / tr.s.wall().Seconds(); share < 0.98 {
		t.Errorf("training had %.3f of the time", share)
	}
}

func TestPauseResumeReset(t *testing.T) {
	tr, clk, _, _ := newFake(0, 100)
	tr.Handle(play(3), clk.now)
	run(tr, clk, clk.now, time.Second)
	before := tr.s.step

	p := tr.Handle(pause, clk.now)[0].(protocol.Progress)
	if p.Running || p.Step != before || tr.Busy() {
		t.Fatalf("after pause: %+v, Busy() = %v; want stopped at step %d", p, tr.Busy(), before)
	}
	if msgs := tr.Tick(clk.now); msgs != nil || tr.s.step != before {
		t.Errorf("Tick while paused posted %v and moved to step %d", msgs, tr.s.step)
	}

	// Play with the same Spec resumes the same model, whatever its steps.
	m := tr.s.m
	c := play(3)
	c.Spec.Steps = 12345
	tr.Handle(c, clk.now)
	run(tr, clk, clk.now, 100*time.Millisecond)
	if tr.s.m != m || tr.s.step <= before {
		t.Errorf("play after pause did not resume: step %d, same model %v", tr.s.step, tr.s.m == m)
	}

	// Reset builds a fresh model at step 0, stays paused and samples once.
	p = tr.Handle(reset(3), clk.now)[0].(protocol.Progress)
	if p.Step != 0 || p.Running || p.Samples != 0 || p.Points != nil || len(p.Losses) != 0 || tr.s.m == m {
		t.Errorf("after reset: %+v, new model %v; want a fresh paused model", p, tr.s.m != m)
	}
	if !tr.Busy() {
		t.Fatal("not busy after reset: no sample of the fresh model")
	}
	ps := progresses(run(tr, clk, clk.now, 10*time.Second))
	last := ps[len(ps)-1]
	if tr.Busy() || last.Samples != 1 || len(last.Points) != 16 || last.Step != 0 || last.Running {
		t.Errorf("after reset's sample: busy %v, last Progress %+v; want one sample at step 0, paused", tr.Busy(), last)
	}
	// 100 sampling steps of 1 ms, and a Progress every 250 ms or so.
	if len(ps) != 1 {
		t.Errorf("%d Progress messages for a 100 ms sample, want 1", len(ps))
	}

	// A play during that sample trains on; after the sample, a pause rests.
	tr.Handle(reset(3), clk.now)
	tr.Handle(play(3), clk.now)
	for tr.s.samples == 0 {
		tr.Tick(clk.now)
	}
	tr.Handle(pause, clk.now)
	if tr.Busy() {
		t.Error("busy after a pause, though the sample after reset is done")
	}

	// Play with another seed, or another config, starts afresh.
	tr.Handle(play(3), clk.now)
	run(tr, clk, clk.now, 100*time.Millisecond)
	m = tr.s.m
	p = tr.Handle(play(4), clk.now)[0].(protocol.Progress)
	if tr.s.m == m || p.Step != 0 || !p.Running || p.Spec.Seed != 4 {
		t.Errorf("play with a new seed: %+v, new model %v", p, tr.s.m != m)
	}
	m = tr.s.m
	c = play(4)
	c.Spec.Config = json.RawMessage(`{"hidden":8}`)
	tr.Handle(c, clk.now)
	if tr.s.m == m {
		t.Error("play with another config resumed the old model")
	}
}

func TestNaNStopsTraining(t *testing.T) {
	tr, clk, _, _ := newFake(25, 100)
	tr.Handle(play(1), clk.now)
	msgs := run(tr, clk, clk.now, time.Second)
	if tr.Busy() {
		t.Fatal("still busy after a NaN loss")
	}
	es := errorsIn(msgs)
	if len(es) != 1 {
		t.Fatalf("%d Errors, want 1", len(es))
	}
	// 25 steps of 3 ms come before the first Progress, whose snapshot
	// would have been the last good weights: step 0's are restored.
	if e := es[0]; e.Step != 0 || !e.Stopped || !strings.Contains(e.Message, "NaN") || !strings.Contains(e.Message, "step 25") ||
		!strings.Contains(e.Message, "fake loss") || !strings.Contains(e.Message, "learning rate") || !strings.Contains(e.Message, "step 0 are restored") {
		t.Errorf("Error = %+v, want a stop at step 25, naming the step, the term, NaN and the learning rate", e)
	}
	last := msgs[len(msgs)-1].(protocol.Progress)
	if last.Running || last.Step != 0 {
		t.Errorf("last Progress %+v, want stopped and back at step 0", last)
	}
	for _, p := range progresses(msgs) {
		for _, l := range p.Losses {
			if math.IsNaN(float64(l)) {
				t.Error("a NaN loss was posted")
			}
		}
	}
	// Play cannot resume a diverged model without a change; reset can.
	again := tr.Handle(play(1), clk.now)
	if e, ok := again[0].(protocol.Error); !ok || !e.Stopped || tr.Busy() {
		t.Errorf("play after divergence = %#v, busy %v; want an Error", again, tr.Busy())
	}
	tr.Handle(reset(1), clk.now)
	tr.Handle(play(1), clk.now)
	if !tr.s.running {
		t.Error("play after reset does not run")
	}
}

func TestUnknownFamilyOrDataSet(t *testing.T) {
	tr, clk, _, _ := newFake(0, 100)
	for _, spec := range []models.Spec{
		{Family: "diffusion", Data: "nope", Seed: 1},
		{Family: "transformer", Data: "moons", Seed: 1},
	} {
		for _, op := range []protocol.Kind{protocol.KindPlay, protocol.KindReset} {
			msgs := tr.Handle(protocol.Command{Op: op, Spec: spec}, clk.now)
			es := errorsIn(msgs)
			name := spec.Data
			if spec.Data == "moons" {
				name = spec.Family
			}
			if len(es) != 1 || es[0].Stopped || !strings.Contains(es[0].Message, `"`+name+`"`) || strings.HasPrefix(es[0].Message, "registry:") {
				t.Errorf("%s of %+v = %#v, want an Error naming %q", op, spec, msgs, name)
			}
		}
	}
	if tr.Busy() || tr.s != nil {
		t.Error("a session without a model")
	}
	// Pause without a model is harmless.
	p := tr.Handle(pause, clk.now)[0].(protocol.Progress)
	if p.Running || p.Step != 0 || p.Spec.Family != "" {
		t.Errorf("pause without a model = %+v", p)
	}
}

// TestLoadPretrained loads a real model of every family from its weights
// file: it arrives paused at its step count, with its weights, samples once,
// and play goes on training it.
func TestLoadPretrained(t *testing.T) {
	for _, f := range registry.Families() {
		t.Run(f.Name, func(t *testing.T) {
			clk := newClock()
			srv := newServer(clk)
			spec := models.Spec{Family: f.Name, Data: "moons", Seed: 9, Steps: 7}
			if f.Name == "diffusion" {
				spec.Config = json.RawMessage(`{"T":100}`) // a short chain
			}
			b, want := trained(spec)
			srv.chunk, srv.perChunk = len(b)/10+1, 30*time.Millisecond
			e := srv.addModel(f.Name+"-moons", f.Title+" on moons", spec, b)
			rec := &recorder{}
			cfg := defaults()
			cfg.points = 64
			tr := newTrainer(cfg, srv.fetch, rec.emit)

			msgs := tr.Handle(load(e.Name), clk.tick)
			if len(msgs) != 1 {
				t.Fatalf("load = %#v, want one Progress", msgs)
			}
			p := msgs[0].(protocol.Progress)
			if p.Model != e.Name || p.Step != 7 || p.Running || !reflect.DeepEqual(p.Spec, spec) || p.Dim != 2 || p.Samples != 0 {
				t.Fatalf("Progress after load %+v, want %s paused at step 7", p, e.Name)
			}
			ls := loadings(rec.take())
			if len(ls) < 3 || ls[0].Done != 0 || ls[len(ls)-1].Done != len(b) {
				t.Fatalf("Loading reports %+v, want from 0 to %d bytes", ls, len(b))
			}
			for _, l := range ls {
				if l.Total != len(b) || l.What != "the weights of "+e.Title {
					t.Errorf("Loading %+v", l)
				}
			}
			for i, w := range want.Weights() {
				if !slices.Equal(tr.s.m.Weights()[i].T.Data, w.T.Data) {
					t.Fatalf("weight %s differs from the saved one", w.Name)
				}
			}
			// The first Progress carries the loss of the loaded weights, a
			// training step of a copy of them on the batch of lossStream,
			// as the loss of the last step.
			l, err := registry.Load(bytes.NewReader(b), nil)
			if err != nil {
				t.Fatal(err)
			}
			var terms []string
			var losses []float32
			for _, v := range l.Model.TrainStep(l.Source, rng.NewStream(spec.Seed, lossStream)) {
				terms, losses = append(terms, v.Name), append(losses, v.Value)
			}
			if !slices.Equal(p.Terms, terms) || !slices.Equal(p.Losses, losses) {
				t.Errorf("loss at load: terms %v losses %v, want %v %v", p.Terms, p.Losses, terms, losses)
			}

			// The first sample comes while paused.
			ps := progresses(run(tr, clk, clk.tick, time.Minute))
			if tr.Busy() || len(ps) == 0 {
				t.Fatalf("busy %v after a minute, %d Progress messages", tr.Busy(), len(ps))
			}
			last := ps[len(ps)-1]
			if last.Samples != 1 || len(last.Points) != 2*64 || last.Step != 7 || last.Running {
				t.Errorf("after the first sample: %+v", last)
			}
			t.Logf("%s: sampler %q, first sample after %d Progress messages", f.Name, last.Sampler, len(ps))

			// Play continues from step 7 with the loaded model.
			m := tr.s.m
			c := protocol.Command{Op: protocol.KindPlay, Spec: p.Spec}
			if p := tr.Handle(c, clk.tick)[0].(protocol.Progress); !p.Running || p.Step != 7 {
				t.Errorf("play after load: %+v", p)
			}
			run(tr, clk, clk.tick, 100*time.Millisecond)
			if tr.s.m != m || tr.s.step <= 7 || tr.s.model != e.Name {
				t.Errorf("play after load: step %d, same model %v", tr.s.step, tr.s.m == m)
			}
		})
	}
}

// TestLoadFailuresKeepSession spoils a download or a file in each way the
// worker checks and expects an Error that leaves the running session alone.
func TestLoadFailuresKeepSession(t *testing.T) {
	spec := models.Spec{Family: "gan", Data: "moons", Seed: 2, Steps: 3}
	good, _ := trained(spec)
	imgSpec := models.Spec{Family: "vae", Data: "mnist", Seed: 1, Steps: 1, Config: json.RawMessage(`{"hidden":8}`)}
	tests := []struct {
		name  string
		setup func(s *server) string // returns the model to load
		want  []string
	}{
		{"unknown model", func(s *server) string { return "nope" }, []string{`no pretrained model "nope"`}},
		{"no manifest", func(s *server) string {
			delete(s.files, registry.ManifestPath)
			return "gan-moons"
		}, []string{"list of pretrained models could not be read", "404"}},
		{"malformed manifest", func(s *server) string {
			s.files[registry.ManifestPath] = []byte(`{"format": "genplay-manifest/1", "models": [], "data": [], "x": 1}`)
			return "gan-moons"
		}, []string{"list of pretrained models is malformed", `unknown field "x"`}},
		{"missing file", func(s *server) string {
			e := s.addModel("gan-moons", "GAN on moons", spec, good)
			delete(s.files, e.File)
			return e.Name
		}, []string{"Could not load GAN on moons: downloading the weights of GAN on moons failed", "404 Not Found"}},
		{"tampered", func(s *server) string {
			e := s.addModel("gan-moons", "GAN on moons", spec, good)
			bad := slices.Clone(good)
			bad[len(bad)-1] ^= 1
			s.files[e.File] = bad
			return e.Name
		}, []string{"the weights of GAN on moons are corrupt: their SHA-256 begins"}},
		{"truncated", func(s *server) string {
			e := s.addModel("gan-moons", "GAN on moons", spec, good)
			s.files[e.File] = good[:100]
			return e.Name
		}, []string{"are 100 bytes, the manifest says"}},
		{"too long", func(s *server) string {
			e := s.addModel("gan-moons", "GAN on moons", spec, good)
			s.files[e.File] = append(slices.Clone(good), 0)
			return e.Name
		}, []string{"larger than the"}},
		{"malformed file listed with its hash", func(s *server) string {
			return s.addModel("gan-moons", "GAN on moons", spec, []byte("not safetensors")).Name
		}, []string{"the weights file is malformed", "safetensors"}},
		{"another run than listed", func(s *server) string {
			other := spec
			other.Seed = 3
			return s.addModel("gan-moons", "GAN on moons", other, good).Name
		}, []string{"another training run"}},
		{"data set not listed", func(s *server) string {
			b, _ := trainedImages(imgSpec)
			return s.addModel("vae-mnist", "VAE on MNIST", imgSpec, b).Name
		}, []string{`no "mnist" data set`}},
		{"data set corrupt", func(s *server) string {
			b, _ := trainedImages(imgSpec)
			a := s.addData("mnist", imagesBytes("mnist", 30))
			s.files[a.File] = imagesBytes("mnist", 31)[:a.Bytes]
			return s.addModel("vae-mnist", "VAE on MNIST", imgSpec, b).Name
		}, []string{"MNIST images are corrupt"}},
		{"data set malformed", func(s *server) string {
			b, _ := trainedImages(imgSpec)
			s.addData("mnist", []byte("GPIM but not really"))
			return s.addModel("vae-mnist", "VAE on MNIST", imgSpec, b).Name
		}, []string{"MNIST images are malformed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			srv := newServer(clk)
			rec := &recorder{}
			tr := newTrainer(fakeSettings(clk, 0, 100), srv.fetch, rec.emit)
			// The fake settings build fakes; a load reads real files.
			tr.cfg.load = defaults().load
			tr.cfg.chains = nil
			tr.Handle(play(5), clk.now)
			run(tr, clk, clk.now, time.Second)
			s, step := tr.s, tr.s.step

			msgs := tr.Handle(load(tt.setup(srv)), clk.now)
			es := errorsIn(msgs)
			if len(es) != 1 || len(msgs) != 2 {
				t.Fatalf("load = %#v, want an Error and a Progress", msgs)
			}
			e := es[0]
			for _, w := range tt.want {
				if !strings.Contains(e.Message, w) {
					t.Errorf("Error %q, want it to contain %q", e.Message, w)
				}
			}
			if e.Stopped || e.Step != step || !strings.HasSuffix(e.Message, ". The current model stays.") {
				t.Errorf("Error %+v, want one that keeps the session at step %d", e, step)
			}
			p := msgs[1].(protocol.Progress)
			if tr.s != s || !tr.s.running || p.Step != step || !p.Running || p.Model != "" {
				t.Errorf("after a failed load: Progress %+v, same session %v", p, tr.s == s)
			}
			if ls := loadings(rec.take()); len(ls) > 0 && ls[0].Done != 0 {
				t.Errorf("Loading reports %+v", ls)
			}
		})
	}
}

// trainedImages is trained for an image set: a small synthetic "mnist".
// The weights do not depend on the pixels.
func trainedImages(spec models.Spec) ([]byte, models.Model) {
	s, err := data.DecodeImages(imagesBytes("mnist", 30))
	if err != nil {
		panic(err)
	}
	return trained(spec, s)
}

// TestImageSession builds and loads models of an image set: the set is
// downloaded once, checked and handed to the registry, and samples are
// images.
func TestImageSession(t *testing.T) {
	clk := newClock()
	srv := newServer(clk)
	imgs := imagesBytes("mnist", 40)
	a := srv.addData("mnist", imgs)
	vaeSpec := models.Spec{Family: "vae", Data: "mnist", Seed: 4, Config: json.RawMessage(`{"hidden":16}`)}
	rec := &recorder{}
	cfg := defaults()
	cfg.images = 4
	tr := newTrainer(cfg, srv.fetch, rec.emit)
	// The manifest is read once, so it lists the model to load later from
	// the start; training it needs the images in the registry.
	preSpec := models.Spec{Family: "vae", Data: "mnist", Seed: 4, Steps: 2, Config: vaeSpec.Config}
	b, _ := trainedImages(preSpec)
	e := srv.addModel("vae-mnist", "VAE on MNIST", preSpec, b)

	msgs := tr.Handle(protocol.Command{Op: protocol.KindReset, Spec: vaeSpec}, clk.tick)
	p, ok := msgs[0].(protocol.Progress)
	if !ok || p.Dim != 784 || p.Rows != 28 || p.Cols != 28 || p.Sampler != "one pass" || p.Running {
		t.Fatalf("reset on mnist = %#v", msgs)
	}
	ls := loadings(rec.take())
	if len(ls) < 2 || ls[0].What != "MNIST images" || ls[len(ls)-1].Done != len(imgs) || ls[0].Total != len(imgs) {
		t.Errorf("Loading reports %+v", ls)
	}
	ps := progresses(run(tr, clk, clk.tick, time.Second))
	if len(ps) != 1 || len(ps[0].Points) != 4*784 || tr.Busy() {
		t.Fatalf("after reset: %d Progress messages, busy %v", len(ps), tr.Busy())
	}

	// Diffusion on images samples with DDIM; the set is not fetched again.
	dSpec := models.Spec{Family: "diffusion", Data: "mnist", Seed: 4, Config: json.RawMessage(`{"T":200,"hidden":16,"depth":1,"batch":4}`)}
	tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: dSpec}, clk.tick)
	ps = progresses(run(tr, clk, clk.tick, 2*time.Second))
	if srv.count(a.File) != 1 {
		t.Errorf("the data set was fetched %d times", srv.count(a.File))
	}
	var got protocol.Progress
	for _, p := range ps {
		if p.Points != nil {
			got = p
			break
		}
	}
	if got.Sampler != "DDIM (η = 1), 100 steps" || len(got.Points) != 4*784 || got.Step == 0 {
		t.Errorf("diffusion on images: sampler %q, %d values at step %d", got.Sampler, len(got.Points), got.Step)
	}

	// Loading an image model needs nothing but its weights now.
	msgs = tr.Handle(load(e.Name), clk.tick)
	if p, ok = msgs[0].(protocol.Progress); !ok {
		t.Fatalf("load = %+v", msgs)
	}
	if p.Model != "vae-mnist" || p.Step != 2 || p.Rows != 28 {
		t.Errorf("Progress after loading an image model: %+v", p)
	}
	if ls := loadings(rec.take()); len(ls) == 0 || ls[0].What != "the weights of VAE on MNIST" {
		t.Errorf("Loading reports %+v, want only the weights", ls)
	}
}

// TestLoadingReportsThrottled checks that a download reports at its start,
// at most every reportEvery while bytes arrive, and at its end.
func TestLoadingReportsThrottled(t *testing.T) {
	clk := newClock()
	srv := newServer(clk)
	spec := models.Spec{Family: "gan", Data: "moons", Seed: 2, Steps: 1}
	b, _ := trained(spec)
	srv.chunk, srv.perChunk = 64, 10*time.Millisecond // 1000 chunks in 10 s would be too many
	srv.chunk = len(b)/100 + 1                        // 100 chunks, 1 s
	e := srv.addModel("gan-moons", "GAN on moons", spec, b)
	rec := &recorder{}
	tr := newTrainer(defaults(), srv.fetch, rec.emit)
	tr.Handle(load(e.Name), clk.now)
	ls := loadings(rec.take())
	// 1 s of download: a first report, about 10 in between and a last one.
	if len(ls) < 10 || len(ls) > 13 {
		t.Errorf("%d Loading reports for a 1 s download, want about 12", len(ls))
	}
	for i := 1; i < len(ls); i++ {
		if ls[i].Done < ls[i-1].Done {
			t.Errorf("report %d goes back from %d to %d bytes", i, ls[i-1].Done, ls[i].Done)
		}
	}
	if ls[0].Done != 0 || ls[len(ls)-1].Done != len(b) {
		t.Errorf("reports from %d to %d bytes, want 0 to %d", ls[0].Done, ls[len(ls)-1].Done, len(b))
	}
}

// TestManifest checks the manifest message, and that a manifest the server
// lacked at first is read when it appears.
func TestManifest(t *testing.T) {
	clk := newClock()
	srv := newServer(clk)
	delete(srv.files, registry.ManifestPath)
	tr := newTrainer(fakeSettings(clk, 0, 100), srv.fetch, func(protocol.Message) {})
	if m := tr.Manifest(); m.Manifest != nil || !strings.Contains(m.Problem, "404") {
		t.Errorf("Manifest without a file = %+v", m)
	}
	spec := models.Spec{Family: "gan", Data: "moons", Seed: 2, Steps: 1}
	b, _ := trained(spec)
	srv.addModel("gan-moons", "GAN on moons", spec, b)
	m := tr.Manifest()
	if m.Problem != "" || len(m.Manifest.Models) != 1 || m.Manifest.Models[0].Title != "GAN on moons" {
		t.Errorf("Manifest = %+v", m)
	}
	// Encodable as it is.
	if _, err := protocol.Decode(protocol.Encode(m)); err != nil {
		t.Error(err)
	}
}

// TestEveryFamilyTrainsAndSamples plays every family of the registry on a
// 2D set until it has trained 20 steps and posted a sample.
func TestEveryFamilyTrainsAndSamples(t *testing.T) {
	for _, f := range registry.Families() {
		t.Run(f.Name, func(t *testing.T) {
			clk := newClock()
			cfg := defaults()
			cfg.points = 32
			cfg.every = 50 * time.Millisecond // posts the first sample early
			tr := newTrainer(cfg, newServer(clk).fetch, func(protocol.Message) {})
			spec := models.Spec{Family: f.Name, Data: "moons", Seed: 1}
			if f.Name == "diffusion" {
				spec.Config = json.RawMessage(`{"T":100}`)
			}
			tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: spec}, clk.tick)
			var points []float32
			for (tr.s.step < 20 || points == nil) && tr.Busy() && clk.since(time.Unix(1e9, 0)) < 10 {
				msgs := tr.Tick(clk.tick)
				if es := errorsIn(msgs); len(es) > 0 {
					t.Fatalf("errors: %+v", es)
				}
				for _, p := range progresses(msgs) {
					if p.Points != nil {
						points = p.Points
					}
				}
			}
			if tr.s.step < 20 || len(points) != 64 {
				t.Errorf("after %.1f s: step %d, %d samples, last with %d values", clk.since(time.Unix(1e9, 0)), tr.s.step, tr.s.samples, len(points))
			}
		})
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
	tr := newTrainer(cfg, newServer(clk).fetch, func(protocol.Message) {})
	tr.Handle(play(seed), clk.tick)
	for tr.s.samples == 0 || tr.s.step < 30 {
		for _, m := range tr.Tick(clk.tick) {
			if p, ok := m.(protocol.Progress); ok {
				losses = append(losses, p.Losses...)
			}
		}
		if !tr.Busy() {
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
