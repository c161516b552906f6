package worker

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"reflect"
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/classifier"
	"genplay/models/data"
	"genplay/models/metrics"
	"genplay/models/registry"
	"genplay/tensor/rng"
	"genplay/wasm/protocol"
)

// metricNames are the live metrics of a 2D sample, in order.
var metricNames = []string{metrics.Precision, metrics.Recall, metrics.ModesCaptured, metrics.ModesTotal, metrics.HighQuality, metrics.MMD2, metrics.NLLGap, metrics.MsPerSample}

// nllName returns the name of the NLL among the stats: nll (exact),
// nll_bound, or "" if neither is there.
func nllName(stats []protocol.Stat) string {
	for _, s := range stats {
		if s.Name == metrics.NLL || s.Name == metrics.NLLBound {
			return s.Name
		}
	}
	return ""
}

// TestPanelsOfEveryFamily computes every panel of every family on a 2D set
// at step 3 and checks the arrays' lengths, or the note of a panel the
// family lacks.
func TestPanelsOfEveryFamily(t *testing.T) {
	const n = 64 // realTrainer's points per sample
	enc := map[string][]int{
		protocol.PanelRecon:    {2 * reconPoints, 2 * reconPoints},
		protocol.PanelPrior:    {2 * n, 2 * latentPoints},
		protocol.PanelManifold: {2 * manifold2D * manifold2D},
		protocol.PanelInterp:   {4, 2 * interpSteps},
		protocol.PanelLatent:   {2 * latentPoints, 2 * latentPoints},
	}
	arrays := map[string][]string{
		protocol.PanelSamples:  {"points"},
		protocol.PanelRecon:    {"inputs", "recons"},
		protocol.PanelLatent:   {"codes", "inputs"},
		protocol.PanelPrior:    {"points", "codes"},
		protocol.PanelManifold: {"grid"},
		protocol.PanelInterp:   {"ends", "path"},
		protocol.PanelForward:  {"points"},
		protocol.PanelReverse:  {"frames", "frame_t"},
		protocol.PanelSamplers: {protocol.ArrFirst, protocol.ArrSecond},
		protocol.PanelInpaint:  {"input", "mask", "points"},
		protocol.PanelSDEdit:   {"input", "points"},
		protocol.PanelPaths:    {protocol.ArrPaths},
	}
	diff := map[string][]int{
		protocol.PanelForward:  {2 * forward2D},
		protocol.PanelReverse:  {reverseShots * 2 * reverse2D, reverseShots},
		protocol.PanelSamplers: {2 * samplers2D, 2 * samplers2D},
		protocol.PanelInpaint:  {2 * inpaint2D, 2 * inpaint2D, 2 * inpaint2D},
		protocol.PanelSDEdit:   {2 * edit2D, 2 * edit2D},
		protocol.PanelPaths:    {-2 * paths2D}, // positions before, between and after the steps
	}
	// Flow matching's chain has every diffusion panel but SDEdit.
	fm := maps.Clone(diff)
	delete(fm, protocol.PanelSDEdit)
	want := map[string]map[string][]int{
		"ae": enc, "vae": enc, "diffusion": diff, "flowmatch": fm,
		"gan":  {},
		"flow": {protocol.PanelLatent: {2 * latentPoints, 2 * latentPoints}},
	}
	for _, f := range registry.Families() {
		t.Run(f.Name, func(t *testing.T) {
			tr, clk, _ := realTrainer()
			tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: small(f.Name, "8gaussians", 1), Until: 3}, clk.tick)
			idle(t, tr, clk)
			for _, panel := range protocol.Panels {
				fig := figure(t, tr, clk, view(panel))
				if fig.Panel != panel || fig.Step != 3 {
					t.Errorf("%s: figure of panel %q at step %d", panel, fig.Panel, fig.Step)
				}
				lens, ok := want[f.Name][panel]
				if panel == protocol.PanelSamples {
					lens, ok = []int{2 * n}, true
				}
				if !ok {
					if len(fig.Arrays) != 0 || !strings.HasPrefix(fig.Note, "The ") || !strings.Contains(fig.Note, " has no ") {
						t.Errorf("%s: %d arrays, note %q; want none and a note", panel, len(fig.Arrays), fig.Note)
					}
					continue
				}
				for i, name := range arrays[panel] {
					if got := len(fig.Get(name)); lens[i] < 0 && (got%-lens[i] != 0 || got < -2*lens[i]) {
						t.Errorf("%s: array %q has %d values, want a multiple of %d, at least two", panel, name, got, -lens[i])
					} else if lens[i] >= 0 && got != lens[i] {
						t.Errorf("%s: array %q has %d values, want %d", panel, name, got, lens[i])
					}
				}
			}
			samples := figure(t, tr, clk, view(protocol.PanelSamples))
			for _, name := range metricNames {
				if _, ok := samples.Stat(name); !ok {
					t.Errorf("samples figure lacks stat %q: %+v", name, samples.Stats)
				}
			}
			_, hasField := tr.s.m.(models.Field)
			if got := len(samples.Get("field")); hasField != (got == fieldCells*fieldCells) {
				t.Errorf("field of %d values", got)
			}
			name := nllName(samples.Stats)
			lik, hasLik := tr.s.m.(models.Likelihood)
			if nll, _ := samples.Stat(name); hasLik && math.IsNaN(nll) {
				t.Error("paused NLL is NaN")
			}
			if want := metrics.NLL; hasLik && !lik.LogProbKind().Exact() && name != metrics.NLLBound || (!hasLik || lik.LogProbKind().Exact()) && name != want {
				t.Errorf("the NLL is named %q", name)
			}
			if v, _ := samples.Stat("modes_total"); v != 8 {
				t.Errorf("modes_total %v, want 8", v)
			}
		})
	}
}

func TestUnsupportedPanelNote(t *testing.T) {
	tr, clk, _ := realTrainer()
	tr.Handle(protocol.Command{Op: protocol.KindReset, Spec: small("gan", "moons", 1)}, clk.tick)
	idle(t, tr, clk)
	if fig := figure(t, tr, clk, view(protocol.PanelLatent)); fig.Note != "The GAN has no encoder." || fig.Arrays != nil {
		t.Errorf("GAN latent: %+v", fig)
	}
}

// pausedFigures trains spec's model until step 10 in a fresh trainer and
// returns the figures of the views.
func pausedFigures(t *testing.T, spec models.Spec, views ...protocol.View) []protocol.Figure {
	tr, clk, _ := realTrainer()
	tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: spec, Until: 10}, clk.tick)
	idle(t, tr, clk)
	var figs []protocol.Figure
	for _, v := range views {
		f := figure(t, tr, clk, v)
		// Timings are of the wall clock, not of the run.
		var st []protocol.Stat
		for _, s := range f.Stats {
			if !strings.Contains(s.Name, "ms") && s.Name != "speedup" {
				st = append(st, s)
			}
		}
		f.Stats = st
		figs = append(figs, f)
	}
	return figs
}

// TestPausedFiguresAreDeterministic computes figures twice, in fresh
// trainers at the same step, and wants the same bits.
func TestPausedFiguresAreDeterministic(t *testing.T) {
	ddim := view(protocol.PanelSamples)
	ddim.Sampler, ddim.K = protocol.SamplerDDIM, 10
	cases := []struct {
		family string
		views  []protocol.View
	}{
		{"gan", []protocol.View{view(protocol.PanelSamples)}},
		{"vae", []protocol.View{view(protocol.PanelSamples), view(protocol.PanelInterp), view(protocol.PanelPrior)}},
		{"diffusion", []protocol.View{ddim, view(protocol.PanelReverse), view(protocol.PanelInpaint)}},
	}
	for _, c := range cases {
		spec := small(c.family, "8gaussians", 5)
		a, b := pausedFigures(t, spec, c.views...), pausedFigures(t, spec, c.views...)
		// %v prints a float exactly (the shortest form that reads back as
		// the same value), and NaN as NaN, which DeepEqual would refuse.
		if fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", b) {
			t.Errorf("%s: two paused figures differ:\n%+v\n%+v", c.family, a[0].Stats, b[0].Stats)
		}
	}
}

// TestGANTruncation draws the samples of a trained GAN with ψ = 1 and ψ = 0
// from the same z: ψ = 0 gives the image of the mean latent only.
//
// The set is 25gaussians: the mean latent maps near the data's centre,
// which it has a mode on; on 8gaussians or rings, whose centre is empty,
// truncation to ψ = 0 lands off the data (precision 0), as it does for
// multimodal data in Brock et al.'s discussion of the trick.
func TestGANTruncation(t *testing.T) {
	const ganSet = "25gaussians"
	tr, clk, _ := realTrainer()
	tr.cfg.points = 256
	tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: small("gan", ganSet, 1), Until: 400}, clk.tick)
	idle(t, tr, clk)
	v := view(protocol.PanelSamples)
	plain := figure(t, tr, clk, v)
	v.Psi = 0
	trunc := figure(t, tr, clk, v)
	v.Psi = 1
	if again := figure(t, tr, clk, v); !reflect.DeepEqual(again.Get("points"), plain.Get("points")) {
		t.Error("ψ = 1 twice at one step gave other points")
	}
	spread := func(x []float32) float64 {
		var mx, my, s float64
		n := float64(len(x) / 2)
		for i := 0; i < len(x); i += 2 {
			mx, my = mx+float64(x[i])/n, my+float64(x[i+1])/n
		}
		for i := 0; i < len(x); i += 2 {
			dx, dy := float64(x[i])-mx, float64(x[i+1])-my
			s += (dx*dx + dy*dy) / n
		}
		return math.Sqrt(s)
	}
	sp, st := spread(plain.Get("points")), spread(trunc.Get("points"))
	pp, _ := plain.Stat("precision")
	pt, _ := trunc.Stat("precision")
	psi, _ := trunc.Stat("psi")
	t.Logf("spread %.3f → %.3f, precision %.3f → %.3f", sp, st, pp, pt)
	if psi != 0 || st > sp/10 {
		t.Errorf("ψ = %v: spread %.3f, plain %.3f", psi, st, sp)
	}
	if pt <= pp {
		t.Errorf("precision %.3f with ψ = 0, %.3f with ψ = 1", pt, pp)
	}
}

func TestSamplersFigure(t *testing.T) {
	tr, clk, _ := realTrainer()
	spec := models.Spec{Family: "diffusion", Data: "moons", Seed: 1, Config: json.RawMessage(`{"hidden":16,"depth":1,"T":1000}`)}
	tr.Handle(protocol.Command{Op: protocol.KindReset, Spec: spec}, clk.tick)
	idle(t, tr, clk)
	v := view(protocol.PanelSamplers)
	v.Sampler, v.K, v.Eta = protocol.SamplerDDIM, 20, 0.5
	fig := figure(t, tr, clk, v)
	for name, want := range map[string]float64{protocol.StatFirstEvals: 1000, protocol.StatSecondEvals: 20} {
		if got, _ := fig.Stat(name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	// Every network evaluation reads the fake clock twice, 1 ms each.
	if sp, _ := fig.Stat("speedup"); sp < 20 {
		t.Errorf("speedup %v", sp)
	}
	for _, name := range []string{protocol.StatFirstMs, protocol.StatSecondMs, protocol.StatFirstPrecision, protocol.StatFirstRecall, protocol.StatSecondPrecision, protocol.StatSecondRecall, protocol.StatFirstMMD, protocol.StatSecondMMD} {
		if v, ok := fig.Stat(name); !ok || math.IsNaN(v) {
			t.Errorf("stat %s = %v, %v", name, v, ok)
		}
	}
}

func TestForwardFigure(t *testing.T) {
	tr, clk, _ := realTrainer()
	tr.Handle(protocol.Command{Op: protocol.KindReset, Spec: small("diffusion", "moons", 1)}, clk.tick)
	idle(t, tr, clk)
	v := view(protocol.PanelForward)
	v.T = 0
	clean := figure(t, tr, clk, v)
	v.T = 1000 // clamped to T = 50
	noisy := figure(t, tr, clk, v)
	if ab, _ := clean.Stat("alpha_bar"); ab != 1 {
		t.Errorf("ᾱ at t = 0 is %v", ab)
	}
	if tt, _ := noisy.Stat("t"); tt != 50 {
		t.Errorf("t = %v, want 50", tt)
	}
	if ab, _ := noisy.Stat("alpha_bar"); !(ab > 0 && ab < 0.9) {
		t.Errorf("ᾱ at T = %v", ab)
	}
	if reflect.DeepEqual(clean.Get("points"), noisy.Get("points")) || len(noisy.Get("points")) != 2*forward2D {
		t.Error("noising changed nothing")
	}
}

// tinyImages returns an image asset named name of n side×side images.
func tinyImages(name string, n, side int) []byte {
	s := &data.Images{Name: name, Rows: side, Cols: side, Classes: 10, Pixels: make([]uint8, n*side*side), Labels: make([]uint8, n)}
	for i := range s.Pixels {
		s.Pixels[i] = uint8(i * 37 % 256)
	}
	for i := range s.Labels {
		s.Labels[i] = uint8(i % 10)
	}
	var buf bytes.Buffer
	if err := data.EncodeImages(&buf, s); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// TestImagePanels computes the panels of small models on a 4×4 image set:
// inpainting keeps the known pixels exactly.
func TestImagePanels(t *testing.T) {
	tr, clk, srv := realTrainer()
	srv.addData("mnist", tinyImages("mnist", 40, 4))
	spec := models.Spec{Family: "diffusion", Data: "mnist", Seed: 1, Config: json.RawMessage(`{"hidden":16,"T":50}`)}
	tr.Handle(protocol.Command{Op: protocol.KindReset, Spec: spec}, clk.tick)
	idle(t, tr, clk)
	fig := figure(t, tr, clk, view(protocol.PanelInpaint))
	if kept, ok := fig.Stat("kept_max_diff"); !ok || kept != 0 {
		t.Errorf("kept_max_diff = %v", kept)
	}
	if len(fig.Get("input")) != 16 || len(fig.Get("mask")) != 16 || len(fig.Get("points")) != editImages*16 {
		t.Errorf("inpaint arrays %d %d %d", len(fig.Get("input")), len(fig.Get("mask")), len(fig.Get("points")))
	}
	v := view(protocol.PanelSDEdit)
	v.Strength = 0
	v.Input = make([]float32, 16)
	v.Input[5] = 0.75
	if fig := figure(t, tr, clk, v); !reflect.DeepEqual(fig.Get("points"), bytes2(v.Input, editImages)) {
		t.Errorf("SDEdit at strength 0 changed its input: %v", fig.Get("points"))
	}
	if fig := figure(t, tr, clk, view(protocol.PanelReverse)); len(fig.Get("frames")) != reverseShots*figImages*16 {
		t.Errorf("reverse frames %d", len(fig.Get("frames")))
	}

	vae := models.Spec{Family: "vae", Data: "mnist", Seed: 1, Config: json.RawMessage(`{"hidden":16,"latent":3}`)}
	tr.Handle(protocol.Command{Op: protocol.KindReset, Spec: vae}, clk.tick)
	idle(t, tr, clk)
	lv := view(protocol.PanelLatent)
	lv.Input = make([]float32, 16)
	fig = figure(t, tr, clk, lv)
	if len(fig.Get("codes")) != 3*latentPoints || len(fig.Get("labels")) != latentPoints || len(fig.Get("input_code")) != 3 || len(fig.Get("input_recon")) != 16 {
		t.Errorf("latent of digits: %d codes, %d labels, %d input code", len(fig.Get("codes")), len(fig.Get("labels")), len(fig.Get("input_code")))
	}
	if d, _ := fig.Stat("latent_dim"); d != 3 {
		t.Errorf("latent_dim %v", d)
	}
	if fig := figure(t, tr, clk, view(protocol.PanelManifold)); len(fig.Get("grid")) != manifoldImgs*manifoldImgs*16 {
		t.Errorf("manifold of %d values", len(fig.Get("grid")))
	}
}

// bytes2 returns n copies of x.
func bytes2(x []float32, n int) []float32 {
	var out []float32
	for range n {
		out = append(out, x...)
	}
	return out
}

// TestLiveFiguresAndMetrics trains with a view set: every finished sample
// brings metrics and a samples figure.
func TestLiveFiguresAndMetrics(t *testing.T) {
	tr, clk, _ := realTrainer()
	tr.Handle(protocol.Command{Op: protocol.KindView, View: view(protocol.PanelSamples)}, clk.tick)
	tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: small("flow", "8gaussians", 1)}, clk.tick)
	var figs, withMetrics int
	for range 200 {
		for _, m := range tr.Tick(clk.tick) {
			switch m := m.(type) {
			case protocol.Figure:
				figs++
				if len(m.Get("points")) != 128 || len(m.Get("field")) != fieldCells*fieldCells {
					t.Fatalf("live figure %+v", m)
				}
			case protocol.Progress:
				if m.Metrics != nil {
					withMetrics++
					if len(m.Metrics) != len(metricNames)+1 || m.Metrics[6].Name != metrics.NLL || math.IsNaN(m.Metrics[6].Value) {
						t.Fatalf("metrics %+v", m.Metrics)
					}
				}
			}
		}
	}
	if figs < 3 || withMetrics < 3 || !tr.s.running {
		t.Errorf("%d live figures, %d Progress with metrics", figs, withMetrics)
	}
}

// serveScoring serves an image set "mnist" of 300 side×side images and a
// small classifier of its images, and returns the set.
func serveScoring(t *testing.T, srv *server, side int) *data.Images {
	t.Helper()
	imgs := tinyImages("mnist", 300, side)
	srv.addData("mnist", imgs)
	set, err := data.DecodeImages(imgs)
	if err != nil {
		t.Fatal(err)
	}
	serveClassifier(t, srv, set)
	return set
}

// TestImageScores serves a small classifier and a 4×4 image set of 300
// images; a view with Score scores a flow's images once.
func TestImageScores(t *testing.T) {
	tr, clk, srv := realTrainer()
	serveScoring(t, srv, 4)
	spec := models.Spec{Family: "flow", Data: "mnist", Seed: 1, Config: json.RawMessage(`{"hidden":8,"couplings":2}`)}
	tr.Handle(protocol.Command{Op: protocol.KindReset, Spec: spec}, clk.tick)
	idle(t, tr, clk)
	v := view(protocol.PanelSamples)
	v.Score = true
	fig := figure(t, tr, clk, v)
	for _, name := range []string{"fd", "class_coverage", "precision", "recall", "bpd", "ms_per_sample"} {
		if x, ok := fig.Stat(name); !ok || math.IsNaN(x) {
			t.Errorf("stat %s = %v, %v in %+v", name, x, ok, fig.Stats)
		}
	}
	ps := progresses(idle(t, tr, clk))
	if srv.count("weights/classifier.safetensors") != 1 || len(ps) > 0 && ps[len(ps)-1].Metrics == nil {
		t.Errorf("classifier fetched %d times", srv.count("weights/classifier.safetensors"))
	}
}

// serveClassifier serves a small untrained classifier of set's
// images, with its reference statistics, as the manifest's "classifier".
func serveClassifier(t *testing.T, srv *server, set *data.Images) *classifier.Classifier {
	t.Helper()
	c, err := classifier.New(classifier.Config{Hidden: []int{8}, LearningRate: 1e-3, Batch: 8, Steps: 1}, set.Rows, set.Cols, 10, rng.New(1))
	if err != nil {
		t.Fatal(err)
	}
	c.ComputeReference(set)
	var buf bytes.Buffer
	if err := classifier.Save(&buf, c, nil); err != nil {
		t.Fatal(err)
	}
	srv.man.Data = append(srv.man.Data, asset("classifier", "weights/classifier.safetensors", buf.Bytes()))
	srv.files["weights/classifier.safetensors"] = buf.Bytes()
	srv.writeManifest()
	return c
}

// TestInputReading: the encoder's panel on images gives the classifier's
// class probabilities of a drawn input (fetching the classifier for it
// while paused), and none without an input or on another panel.
func TestInputReading(t *testing.T) {
	tr, clk, srv := realTrainer()
	imgs := tinyImages("mnist", 300, 4)
	srv.addData("mnist", imgs)
	set, err := data.DecodeImages(imgs)
	if err != nil {
		t.Fatal(err)
	}
	c := serveClassifier(t, srv, set)
	vae := models.Spec{Family: "vae", Data: "mnist", Seed: 1, Config: json.RawMessage(`{"hidden":16,"latent":3}`)}
	tr.Handle(protocol.Command{Op: protocol.KindReset, Spec: vae}, clk.tick)
	idle(t, tr, clk)
	if fig := figure(t, tr, clk, view(protocol.PanelLatent)); fig.Get(protocol.ArrInputProbs) != nil {
		t.Errorf("a reading without an input: %v", fig.Get(protocol.ArrInputProbs))
	}
	if n := srv.count("weights/classifier.safetensors"); n != 0 {
		t.Errorf("the classifier was fetched %d times with nothing to read", n)
	}
	v := view(protocol.PanelLatent)
	v.Input = make([]float32, 16)
	for i := range v.Input {
		v.Input[i] = float32(i%5) / 4
	}
	p := figure(t, tr, clk, v).Get(protocol.ArrInputProbs)
	logits := make([]float32, 10)
	c.Logits(logits, v.Input)
	if len(p) != 10 {
		t.Fatalf("input_probs has %d values, want 10", len(p))
	}
	var sum float64
	for i, q := range p {
		sum += float64(q)
		// Softmax keeps the order of the logits: pᵢ/pⱼ = exp(lᵢ − lⱼ).
		if r, want := math.Log(float64(q/p[0])), float64(logits[i]-logits[0]); math.Abs(r-want) > 1e-4 {
			t.Errorf("class %d: log(p/p₀) = %.5f, logit difference %.5f", i, r, want)
		}
	}
	if math.Abs(sum-1) > 1e-5 {
		t.Errorf("the probabilities sum to %v", sum)
	}
	sd := view(protocol.PanelSDEdit)
	sd.Input = v.Input
	if fig := figure(t, tr, clk, sd); fig.Get(protocol.ArrInputProbs) != nil {
		t.Error("SDEdit's figure has a reading")
	}
	if n := srv.count("weights/classifier.safetensors"); n != 1 {
		t.Errorf("the classifier was fetched %d times, want once", n)
	}
}
