package protocol

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/registry"
)

// Fixtures shared by the tests.
var (
	spec8 = models.Spec{Family: "diffusion", Data: "8gaussians", Seed: 1}
	// specFull has every field set; its config is compact JSON, as Spec.Marshal
	// writes it, so that it survives a round trip byte for byte.
	specFull = models.Spec{Family: "gan", Data: "mnist", Config: json.RawMessage(`{"hidden":128,"lr_g":0.0002}`), Seed: math.MaxUint64, Steps: 12000}
)

func testManifest() *registry.Manifest {
	return &registry.Manifest{
		Format: registry.ManifestFormat,
		Models: []registry.ManifestModel{{
			Asset:   registry.Asset{Name: "gan-mnist", File: "weights/gan-mnist.0123456789abcdef.safetensors", Bytes: 1234, SHA256: strings.Repeat("ab", 32)},
			Title:   "GAN on MNIST",
			Family:  specFull.Family,
			Data:    specFull.Data,
			Spec:    specFull,
			Metrics: map[string]float64{"fd": 12.5},
		}},
		Data: []registry.Asset{{Name: "mnist", File: "data/mnist.gpim", Bytes: 15_680_028, SHA256: strings.Repeat("0f", 32)}},
	}
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		m    Message
	}{
		{"play", Command{Op: KindPlay, Spec: spec8}},
		{"pause", Command{Op: KindPause}},
		{"reset with config and max seed", Command{Op: KindReset, Spec: specFull}},
		{"load", Command{Op: KindLoad, Model: "diffusion-mnist"}},
		{"ready", Ready{}},
		{"manifest", Manifest{Manifest: testManifest()}},
		{"manifest problem", Manifest{Problem: "404 Not Found: no file /weights/manifest.json"}},
		{"loading", Loading{What: "MNIST images", Done: 65536, Total: 15_680_028}},
		{"loading empty file", Loading{What: "x"}},
		{"progress empty", Progress{}},
		{"progress full", Progress{
			Spec: spec8, Dim: 2, Sampler: "DDPM, 1000 steps",
			Step: 1234, Losses: []float32{0.9, 0.5, float32(math.Inf(1))},
			Points: []float32{0, 0, -1.5, 2.25}, Samples: 3, Sampling: 0.25,
			StepsPerSec: 187.5, Running: true, Caps: []Capability{CapLikelihood, CapChain},
		}},
		{"progress of a loaded image model", Progress{
			Spec: specFull, Model: "gan-mnist", Dim: 784, Rows: 28, Cols: 28, Sampler: "one pass",
			Step: 12000, Points: make([]float32, 16*784), Samples: 1,
		}},
		{"progress empty non-nil slices", Progress{Losses: []float32{}, Points: []float32{}}},
		{"progress largest step", Progress{Step: 1 << 53}},
		{"progress of a figure's work", Progress{Spec: spec8, Dim: 2, WorkPanel: PanelReverse, Work: "sampling", WorkDone: 51200, WorkTotal: 512000, WorkLeft: 5.5}},
		{"progress of work not yet measured", Progress{Spec: spec8, Dim: 2, WorkPanel: PanelSamples, WorkTotal: 10, WorkLeft: -1}},
		{"play until", Command{Op: KindPlay, Spec: spec8, Until: 1500, Seq: 12}},
		{"step", Command{Op: KindStep, Spec: spec8}},
		{"tune", Command{Op: KindTune, Spec: specFull}},
		{"view", Command{Op: KindView, View: DefaultView()}},
		{"view with input and mask", Command{Op: KindView, View: View{Panel: PanelInpaint, Psi: 0.3, Sampler: SamplerDDIM, K: 20, Eta: 1, T: 999, Strength: 0.25,
			Input: []float32{0.5, -1, 2}, Mask: []float32{1, 0, 1}, Score: true}}},
		{"import", Command{Op: KindImport, Weights: []byte("safetensors bytes")}},
		{"export", Command{Op: KindExport}},
		{"progress with terms and metrics", Progress{Spec: spec8, Dim: 2, Step: 2, Terms: []string{"total", "d_loss", "g_loss"},
			Losses: []float32{1, 2, 3, 4, 5, 6}, Until: 10, Tuned: 1, Seq: 3,
			Metrics: []Stat{{"precision", 0.5}, {"nll", math.Inf(1)}, {"modes", 8}}}},
		{"figure", Figure{Panel: PanelSamples, Step: 3, Arrays: []Array{{"points", []float32{1, 2, 3, 4}}, {"empty", []float32{}}, {"field", []float32{9}}},
			Stats: []Stat{{"precision", 0.9}}, Note: "ψ = 0.3"}},
		{"figure without arrays", Figure{Panel: PanelForward}},
		{"weights", Weights{Name: "gan.safetensors", Bytes: []byte{1, 2, 3}}},
		{"error", Error{Step: 7, Message: "loss is NaN", Stopped: true}},
		{"error that keeps training", Error{Step: 7, Message: "weights corrupt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Encode(tt.m)
			if got := p[KindKey]; got != string(tt.m.Kind()) {
				t.Errorf("Encode: kind = %v, want %q", got, tt.m.Kind())
			}
			for k, v := range p {
				switch v.(type) {
				case string, float64, bool, []float32, []byte:
				default:
					t.Errorf("Encode: key %q has a %T, not a plain value", k, v)
				}
			}
			got, err := Decode(p)
			if err != nil {
				t.Fatalf("Decode(Encode(m)): %v", err)
			}
			if !reflect.DeepEqual(got, tt.m) {
				t.Errorf("Decode(Encode(m)) = %#v, want %#v", got, tt.m)
			}
		})
	}
}

func TestEncodeShape(t *testing.T) {
	tests := []struct {
		name string
		m    Message
		want Plain
	}{
		{"play", Command{Op: KindPlay, Spec: models.Spec{Family: "diffusion", Data: "8gaussians", Seed: 18446744073709551615}},
			Plain{"kind": "play", "spec": `{"family":"diffusion","data":"8gaussians","seed":18446744073709551615,"steps":0}`}},
		{"pause", Command{Op: KindPause}, Plain{"kind": "pause"}},
		{"load", Command{Op: KindLoad, Model: "vae-mnist"}, Plain{"kind": "load", "model": "vae-mnist"}},
		{"ready", Ready{}, Plain{"kind": "ready"}},
		{"manifest problem", Manifest{Problem: "no manifest"}, Plain{"kind": "manifest", "problem": "no manifest"}},
		{"loading", Loading{What: "MNIST images", Done: 10, Total: 20}, Plain{"kind": "loading", "what": "MNIST images", "done": 10.0, "total": 20.0}},
		{"progress without points", Progress{Dim: 2, Step: 3, Losses: []float32{1, 2, 3}, Sampling: 0.5, StepsPerSec: 12, Running: true},
			Plain{"kind": "progress", "dim": 2.0, "rows": 0.0, "cols": 0.0, "step": 3.0, "losses": []float32{1, 2, 3}, "samples": 0.0,
				"sampling": 0.5, "stepsPerSec": 12.0, "running": true}},
		{"error", Error{Step: 2, Message: "boom", Stopped: true}, Plain{"kind": "error", "step": 2.0, "message": "boom", "stopped": true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Encode(tt.m); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Encode = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestDecodeNaN(t *testing.T) {
	m, err := Decode(Encode(Progress{StepsPerSec: math.NaN(), Losses: []float32{float32(math.NaN())}}))
	if err != nil {
		t.Fatal(err)
	}
	p := m.(Progress)
	if !math.IsNaN(p.StepsPerSec) || !math.IsNaN(float64(p.Losses[0])) {
		t.Errorf("NaN did not survive the round trip: %+v", p)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		p    Plain
		want string // part of the error message
	}{
		{"no kind", Plain{"spec": "{}"}, `without a "kind"`},
		{"kind not a string", Plain{"kind": 1.0}, `without a "kind"`},
		{"unknown kind", Plain{"kind": "explode"}, `unknown message kind "explode"`},
		{"play without spec", Plain{"kind": "play"}, `play command without a spec`},
		{"reset without spec", Plain{"kind": "reset"}, `reset command without a spec`},
		{"spec not a string", Plain{"kind": "play", "spec": 1.0}, `"spec": want a JSON string, have float64`},
		{"spec not JSON", Plain{"kind": "play", "spec": "{family"}, `"spec": models: spec:`},
		{"spec with unknown key", Plain{"kind": "play", "spec": `{"family":"gan","data":"moons","seed":1,"steps":0,"speed":2}`}, `unknown field "speed"`},
		{"spec without family", Plain{"kind": "reset", "spec": `{"data":"moons","seed":1,"steps":0}`}, `spec has no family`},
		{"spec seed negative", Plain{"kind": "reset", "spec": `{"family":"gan","data":"moons","seed":-1,"steps":0}`}, `"spec": models: spec:`},
		{"spec steps out of range", Plain{"kind": "reset", "spec": `{"family":"gan","data":"moons","seed":1,"steps":-3}`}, `steps -3 out of range`},
		{"play with model", Plain{"kind": "play", "spec": `{"family":"gan","data":"moons","seed":1,"steps":0}`, "model": "x"}, `play command with a model name`},
		{"load without model", Plain{"kind": "load"}, `load command without a model name`},
		{"load with empty model", Plain{"kind": "load", "model": ""}, `"model": empty string`},
		{"load with spec", Plain{"kind": "load", "model": "x", "spec": `{"family":"gan","data":"moons","seed":1,"steps":0}`}, `load command with a spec`},
		{"pause with spec", Plain{"kind": "pause", "spec": `{"family":"gan","data":"moons","seed":1,"steps":0}`}, `pause command with a spec`},
		{"unknown key", Plain{"kind": "pause", "speed": 2.0}, `unknown key "speed"`},
		{"old command with seed and data", Plain{"kind": "play", "seed": "1", "data": "8gaussians"}, `unknown key "data"`},
		{"ready with extra key", Plain{"kind": "ready", "step": 1.0}, `unknown key "step"`},
		{"manifest with neither", Plain{"kind": "manifest"}, `exactly one of "manifest" and "problem"`},
		{"manifest with both", Plain{"kind": "manifest", "manifest": manifestJSON(nil), "problem": "x"}, `exactly one of`},
		{"manifest not JSON", Plain{"kind": "manifest", "manifest": "[1, 2"}, `"manifest": registry: manifest:`},
		{"manifest of another format", Plain{"kind": "manifest", "manifest": manifestJSON(func(m *registry.Manifest) { m.Format = "v0" })}, `manifest format "v0"`},
		{"manifest with a bad hash", Plain{"kind": "manifest", "manifest": manifestJSON(func(m *registry.Manifest) { m.Models[0].SHA256 = "xyz" })}, `is not 64 hex digits`},
		{"manifest outside the root", Plain{"kind": "manifest", "manifest": manifestJSON(func(m *registry.Manifest) { m.Data[0].File = "../etc/passwd" })}, `not a plain name`},
		{"loading more than total", Plain{"kind": "loading", "what": "x", "done": 5.0, "total": 4.0}, `5 of 4 bytes done`},
		{"loading without total", Plain{"kind": "loading", "what": "x", "done": 5.0}, `without "total"`},
		{"loading negative", Plain{"kind": "loading", "what": "x", "done": -1.0, "total": 4.0}, `"done": -1 is not an integer`},
		{"progress spec bad", progressPlain("spec", `{"family":""}`), `"spec": models: spec has no family`},
		{"progress dim fractional", progressPlain("dim", 2.5), `"dim": 2.5 is not an integer`},
		{"progress sampler not a string", progressPlain("sampler", true), `"sampler": want a string`},
		{"error stopped missing", Plain{"kind": "error", "step": 1.0, "message": "x"}, `without "stopped"`},
		{"step fractional", progressPlain("step", 1.5), `"step": 1.5 is not an integer`},
		{"step negative", progressPlain("step", -1.0), `is not an integer`},
		{"step too big", progressPlain("step", float64(1<<53)*2), `is not an integer`},
		{"step NaN", progressPlain("step", math.NaN()), `is not an integer`},
		{"running not bool", progressPlain("running", "yes"), `"running": want a bool, have string`},
		{"losses wrong type", progressPlain("losses", []float64{1}), `"losses": want a []float32, have []float64`},
		{"message missing", Plain{"kind": "error", "step": 1.0, "stopped": false}, `without "message"`},
		{"until on reset", Plain{"kind": "reset", "spec": `{"family":"gan","data":"moons","seed":1,"steps":0}`, "until": 5.0}, `reset command with a step to stop at`},
		{"view without view", Plain{"kind": "view"}, `view command without one`},
		{"view with bad panel", Plain{"kind": "view", "view": `{"panel":"x","psi":1,"sampler":"ddpm","k":1,"eta":0,"t":0,"strength":0}`}, `view panel "x"`},
		{"view with psi out of range", Plain{"kind": "view", "view": `{"panel":"samples","psi":2,"sampler":"ddpm","k":1,"eta":0,"t":0,"strength":0}`}, `psi 2 is outside`},
		{"view with unknown key", Plain{"kind": "view", "view": `{"panel":"samples","zoom":2}`}, `unknown field "zoom"`},
		{"view mask mismatch", Plain{"kind": "view", "view": `{"panel":"inpaint","psi":1,"sampler":"ddim","k":5,"eta":0,"t":0,"strength":0,"input":[1,2],"mask":[1]}`}, `mask has 1 values for 2`},
		{"import without weights", Plain{"kind": "import"}, `an import without them`},
		{"weights not bytes", Plain{"kind": "import", "weights": "abc"}, `want a []byte`},
		{"figure data short", Plain{"kind": "figure", "panel": "samples", "step": 1.0, "arrays": "a=3", "data": []float32{1}}, `1 values for arrays of 3`},
		{"figure data without names", Plain{"kind": "figure", "panel": "samples", "step": 1.0, "data": []float32{1}}, `for arrays of 0`},
		{"figure names malformed", Plain{"kind": "figure", "panel": "samples", "step": 1.0, "arrays": "a3", "data": []float32{}}, `is not name=length`},
		{"figure huge", Plain{"kind": "figure", "panel": "samples", "step": 1.0, "arrays": "a=99999999", "data": []float32{}}, `is not name=length`},
		{"stats malformed", Plain{"kind": "figure", "panel": "samples", "step": 1.0, "stats": "a=x"}, `"x" is not a number`},
		{"terms empty name", progressPlain("terms", "total,,g"), `name "" is empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Decode(tt.p)
			if err == nil {
				t.Fatalf("Decode = %#v, want an error containing %q", m, tt.want)
			}
			if m != nil {
				t.Errorf("Decode returned %#v with its error, want nil", m)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "protocol: ") {
				t.Errorf("error %q, want it prefixed and containing %q", err, tt.want)
			}
		})
	}
}

// manifestJSON returns testManifest as JSON, edited by edit if not nil.
func manifestJSON(edit func(*registry.Manifest)) string {
	m := testManifest()
	if edit != nil {
		edit(m)
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// progressPlain returns a valid plain Progress with key set to v.
func progressPlain(key string, v any) Plain {
	p := Encode(Progress{Step: 1, Running: true})
	p[key] = v
	return p
}

func TestEncodePanics(t *testing.T) {
	tests := []struct {
		name string
		m    Message
	}{
		{"command with progress op", Command{Op: KindProgress}},
		{"command without op", Command{}},
		{"play without spec", Command{Op: KindPlay}},
		{"reset with invalid spec", Command{Op: KindReset, Spec: models.Spec{Family: "gan"}}},
		{"load without model", Command{Op: KindLoad}},
		{"load with spec", Command{Op: KindLoad, Model: "x", Spec: spec8}},
		{"pause with model", Command{Op: KindPause, Model: "x"}},
		{"manifest with neither", Manifest{}},
		{"manifest with both", Manifest{Manifest: testManifest(), Problem: "x"}},
		{"loading past total", Loading{What: "x", Done: 2, Total: 1}},
		{"spec config not JSON", Progress{Spec: models.Spec{Family: "gan", Data: "moons", Config: json.RawMessage("{")}}},
		{"negative step", Progress{Step: -1}},
		{"foreign message", foreign{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.HasPrefix(s, "protocol: ") {
					t.Errorf("recovered %v, want a panic prefixed with \"protocol: \"", r)
				}
			}()
			Encode(tt.m)
		})
	}
}

type foreign struct{}

func (foreign) Kind() Kind { return KindReady }

func TestSameRun(t *testing.T) {
	base := models.Spec{Family: "gan", Data: "moons", Seed: 3, Steps: 10, Config: json.RawMessage(`{"hidden":64,"lr_g":1e-3}`)}
	tests := []struct {
		name string
		edit func(s *models.Spec)
		want bool
	}{
		{"itself", func(s *models.Spec) {}, true},
		{"other steps", func(s *models.Spec) { s.Steps = 0 }, true},
		{"spelling of the config", func(s *models.Spec) { s.Config = json.RawMessage("{ \"lr_g\": 0.001,\n \"hidden\": 64.0 }") }, true},
		{"other config", func(s *models.Spec) { s.Config = json.RawMessage(`{"hidden":65,"lr_g":1e-3}`) }, false},
		{"no config", func(s *models.Spec) { s.Config = nil }, false},
		{"malformed config", func(s *models.Spec) { s.Config = json.RawMessage(`{"hidden":`) }, false},
		{"other seed", func(s *models.Spec) { s.Seed = 4 }, false},
		{"other data", func(s *models.Spec) { s.Data = "rings" }, false},
		{"other family", func(s *models.Spec) { s.Family = "vae" }, false},
	}
	for _, tt := range tests {
		b := base
		tt.edit(&b)
		if got := SameRun(base, b); got != tt.want {
			t.Errorf("%s: SameRun = %v, want %v", tt.name, got, tt.want)
		}
	}
	if !SameRun(models.Spec{Family: "ae", Data: "moons"}, models.Spec{Family: "ae", Data: "moons", Steps: 3}) {
		t.Error("two specs without configs differ")
	}
}
