package ui

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"genplay/models/registry"
	"genplay/wasm/protocol"
	"genplay/wasm/urlstate"
)

// configOf decodes a Spec's config over the family's defaults, so that
// configs that differ only in keys left at their defaults compare equal.
func configOf(t *testing.T, family string, config json.RawMessage) map[string]any {
	t.Helper()
	f, err := registry.Lookup(family)
	if err != nil {
		t.Fatal(err)
	}
	vals := map[string]any{}
	if err := json.Unmarshal(f.Default(), &vals); err != nil {
		t.Fatal(err)
	}
	if len(config) > 0 {
		if err := json.Unmarshal(config, &vals); err != nil {
			t.Fatalf("%s config %s: %v", family, config, err)
		}
	}
	return vals
}

// TestDataChoosesPreset switches data sets and families as a user does and
// checks that every new model starts from the registry's preset for its
// kind of data set, and that a link to it rebuilds the same model.
func TestDataChoosesPreset(t *testing.T) {
	r, sent, _ := newTestRoot(t, "")
	last := func() protocol.Command { return (*sent)[len(*sent)-1] }
	want := func(what, family, data string) {
		t.Helper()
		c := last()
		if c.Op != protocol.KindReset || c.Spec.Family != family || c.Spec.Data != data {
			t.Fatalf("%s: sent %s %s/%s, want reset of %s/%s", what, c.Op, c.Spec.Family, c.Spec.Data, family, data)
		}
		f, _ := registry.Lookup(family)
		preset := f.Train2D.Config
		if registry.ImagesSet(data) {
			preset = f.TrainMNIST.Config
			if f.PageMNIST != nil {
				preset = f.PageMNIST // the GAN's, tuned for a tab's first minutes
			}
		}
		if got, exp := configOf(t, family, c.Spec.Config), configOf(t, family, preset); !reflect.DeepEqual(got, exp) {
			t.Errorf("%s: config %v, want the preset's %v", what, got, exp)
		}
		// The link of the page rebuilds the same Spec.
		link := urlstate.Encode(r.state())
		st, notices := urlstate.Decode(link)
		if len(notices) > 0 {
			t.Errorf("%s: the page's link %q has notices %v", what, link, notices)
		}
		if got, exp := configOf(t, family, st.Spec.Config), configOf(t, family, c.Spec.Config); !reflect.DeepEqual(got, exp) || st.Spec.Family != family || st.Spec.Data != data {
			t.Errorf("%s: the link %q opens %s/%s with %v, want %v", what, link, st.Spec.Family, st.Spec.Data, got, exp)
		}
	}
	r.SetData("mnist")
	want("diffusion on MNIST", "diffusion", "mnist")
	if !strings.Contains(r.info, "settings for MNIST") {
		t.Errorf("info %q does not say the MNIST settings were taken", r.info)
	}
	for _, fam := range []string{"vae", "gan", "ae", "flow", "flowmatch", "diffusion"} {
		r.SetFamily(fam)
		want(fam+" on MNIST", fam, "mnist")
	}
	// The VAE's MNIST preset decodes Bernoulli pixels at width 256, not
	// the 2D defaults' Gaussian at width 64.
	r.SetFamily("vae")
	if cfg := configOf(t, "vae", last().Spec.Config); cfg["decoder"] != "bernoulli" || cfg["hidden"] != 256.0 {
		t.Errorf("VAE on MNIST: decoder %v, width %v", cfg["decoder"], cfg["hidden"])
	}
	// A setting changed by hand stays while the data set keeps its kind...
	r.SetParam("hidden", "128")
	r.SetData("mnist")
	if cfg := configOf(t, "vae", last().Spec.Config); cfg["hidden"] != 128.0 || cfg["decoder"] != "bernoulli" {
		t.Errorf("VAE after choosing MNIST again: width %v, decoder %v; want 128, bernoulli", cfg["hidden"], cfg["decoder"])
	}
	// ... and back on a 2D set the family has its 2D preset.
	r.SetData("moons")
	want("VAE back on moons", "vae", "moons")
	r.SetData("8gaussians")
	r.SetParam("hidden", "32")
	r.SetData("moons")
	if cfg := configOf(t, "vae", last().Spec.Config); cfg["hidden"] != 32.0 {
		t.Errorf("VAE from one 2D set to another: width %v, want the 32 set by hand", cfg["hidden"])
	}
}

// TestLinkKeepsSettings opens links to MNIST models: their explicit
// settings stay, and keys they leave out keep the defaults, as before.
func TestLinkKeepsSettings(t *testing.T) {
	r, sent, _ := newTestRoot(t, "?v=1&f=vae&d=mnist&c.hidden=100")
	r.Start()
	c := (*sent)[len(*sent)-1]
	cfg := configOf(t, "vae", c.Spec.Config)
	if cfg["hidden"] != 100.0 || cfg["decoder"] != "gaussian" {
		t.Errorf("link's VAE: width %v, decoder %v; want the link's 100 and the default gaussian", cfg["hidden"], cfg["decoder"])
	}
	if r.spec.Data != "mnist" {
		t.Errorf("data %q, want mnist", r.spec.Data)
	}
}

// TestSlowFamilyOffersPretrained picks MNIST with diffusion, which draws no
// digits in a couple of minutes of a browser tab: the page says so, with
// the pretrained model's steps and, once training, the time at the tab's
// speed, and one click loads the pretrained model. The VAE, which does
// draw digits, and diffusion on a 2D set get no such note.
func TestSlowFamilyOffersPretrained(t *testing.T) {
	r, sent, _ := newTestRoot(t, "")
	man := &registry.Manifest{Format: registry.ManifestFormat}
	for _, name := range []string{"diffusion-mnist", "vae-mnist", "diffusion-8gaussians"} {
		p, ok := registry.LookupPreset(name)
		if !ok {
			t.Fatalf("no preset %s", name)
		}
		man.Models = append(man.Models, registry.ManifestModel{Asset: registry.Asset{Name: name}, Title: p.Title, Family: p.Spec.Family, Data: p.Spec.Data, Spec: p.Spec})
	}
	r.Apply(protocol.Manifest{Manifest: man})
	if n := r.slowNote(); n != "" {
		t.Errorf("diffusion on 8 Gaussians: note %q, want none", n)
	}
	r.SetData("mnist")
	note := r.slowNote()
	if !strings.Contains(note, "3000 steps") || !strings.Contains(note, "Diffusion") {
		t.Errorf("diffusion on MNIST: note %q, want one that names the pretrained model's 3000 steps", note)
	}
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 784, Rows: 28, Cols: 28, Step: 200, Running: true, StepsPerSec: 5, Caps: capsDiffusion})
	if note := r.slowNote(); !strings.Contains(note, "9 more minutes") {
		t.Errorf("diffusion on MNIST at 5 steps a second from step 200: note %q, want the 2800 steps left in about 9 minutes", note)
	}
	r.StartPretrained()
	if c := (*sent)[len(*sent)-1]; c.Op != protocol.KindLoad || c.Model != "diffusion-mnist" {
		t.Errorf("start from the pretrained model sent %+v, want a load of diffusion-mnist", c)
	}
	if n := r.slowNote(); n != "" {
		t.Errorf("note %q while the pretrained model loads", n)
	}
	r.SetFamily("vae")
	if n := r.slowNote(); n != "" {
		t.Errorf("VAE on MNIST: note %q, want none", n)
	}
}

// TestFrameShowsItsT checks that the reverse process's frame label names
// the frame's diffusion step t from the figure.
func TestFrameShowsItsT(t *testing.T) {
	r, _, _ := newTestRoot(t, "?v=1&f=diffusion&p=reverse")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Caps: capsDiffusion})
	if r.view.Panel != protocol.PanelReverse {
		t.Fatalf("panel %s", r.view.Panel)
	}
	r.Apply(protocol.Figure{Panel: protocol.PanelReverse, Step: 1,
		Arrays: []protocol.Array{{Name: protocol.ArrFrames, Data: make([]float32, 4*2*3)}, {Name: protocol.ArrFrameT, Data: []float32{1000, 600, 250, 0}}},
		Stats:  []protocol.Stat{{Name: protocol.StatFrames, Value: 4}, {Name: protocol.StatSteps, Value: 1000}}})
	for i, want := range []string{"t = 1000 of 1000", "t = 600 of 1000", "t = 250 of 1000", "t = 0 of 1000"} {
		r.SetFrame(strconv.Itoa(i))
		if got := r.frameT(); got != want || r.framePos() != strconv.Itoa(i) {
			t.Errorf("frame %s: %q, want %q", r.framePos(), got, want)
		}
	}
}
