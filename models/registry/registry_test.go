package registry

import (
	"encoding/json"
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/modeltest"
	"genplay/tensor/rng"
)

func TestEveryFamilyBuildsAndTrains(t *testing.T) {
	for _, f := range Families() {
		var cfg map[string]any
		if err := json.Unmarshal(f.Default(), &cfg); err != nil {
			t.Fatalf("%s: default config is not a JSON object: %v", f.Name, err)
		}
		m, src, r, err := Build(models.Spec{Family: f.Name, Data: "moons", Seed: 3, Steps: 2}, nil)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		for range 2 {
			losses := m.TrainStep(src, r)
			if len(losses) == 0 || losses[0].Value != losses[0].Value {
				t.Fatalf("%s: bad losses %v", f.Name, losses)
			}
		}
		if m.Steps() != 2 || len(m.Weights()) == 0 {
			t.Errorf("%s: %d steps, %d weights", f.Name, m.Steps(), len(m.Weights()))
		}
	}
}

// TestBuildDeterministic checks that a Spec alone fixes the weights.
func TestBuildDeterministic(t *testing.T) {
	for _, f := range Families() {
		spec := models.Spec{Family: f.Name, Data: "8gaussians", Seed: 11, Steps: 3}
		a, _, _, _ := Build(spec, nil)
		b, _, _, _ := Build(spec, nil)
		wa, wb := a.Weights(), b.Weights()
		for i := range wa {
			if wa[i].Name != wb[i].Name {
				t.Fatalf("%s: weight %d named %q and %q", f.Name, i, wa[i].Name, wb[i].Name)
			}
			for j, v := range wa[i].T.Data {
				if v != wb[i].T.Data[j] {
					t.Fatalf("%s: %s differs between two builds", f.Name, wa[i].Name)
				}
			}
		}
	}
}

func TestBuildRejects(t *testing.T) {
	for _, c := range []struct {
		spec models.Spec
		err  string
	}{
		{models.Spec{Family: "transformer", Data: "moons", Steps: 1}, "unknown family"},
		{models.Spec{Family: "diffusion", Data: "mnist3d", Steps: 1}, "unknown 2D data set"},
		{models.Spec{Family: "diffusion", Data: "moons", Steps: 1, Config: json.RawMessage(`{"hidden": 0}`)}, "hidden must be"},
		{models.Spec{Family: "diffusion", Data: "moons", Steps: 1, Config: json.RawMessage(`{"hiden": 32}`)}, "unknown field"},
		{models.Spec{Family: "diffusion", Data: "moons", Steps: -1}, "steps"},
		{models.Spec{Family: "vae", Data: "mnist", Steps: 1}, `data set "mnist" is not loaded`},
	} {
		_, _, _, err := Build(c.spec, nil)
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("Build(%+v) error %v, want one containing %q", c.spec, err, c.err)
		}
	}
}

func TestPresets(t *testing.T) {
	train, _ := modeltest.MNIST(t)
	im := Images{train}
	seen := map[string]bool{}
	for _, p := range Presets() {
		if seen[p.Name] {
			t.Fatalf("preset %q repeats", p.Name)
		}
		seen[p.Name] = true
		if _, err := Lookup(p.Spec.Family); err != nil {
			t.Errorf("preset %s: %v", p.Name, err)
		}
		if _, _, _, err := Build(p.Spec, im); err != nil {
			t.Errorf("preset %s: %v", p.Name, err)
		}
		if p.Spec.Steps <= 0 {
			t.Errorf("preset %s has no step budget", p.Name)
		}
	}
	for _, name := range []string{"diffusion-moons", "gan-8gaussians", "diffusion-mnist", "flow-mnist"} {
		if _, ok := LookupPreset(name); !ok {
			t.Errorf("preset %s missing", name)
		}
	}
}

func rngFor(seed uint64) *rng.PCG { return rng.New(seed) }

// TestFamilyRows checks that every family's row is complete: a title, a
// description, controls, and training runs on both kinds of data set whose
// configs build, named as the presets are.
func TestFamilyRows(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Families() {
		if seen[f.Name] || f.Name == "" || f.Title == "" || len(f.About) < 40 || len(f.Params) == 0 {
			t.Errorf("family row %q: title %q, about %q, %d params", f.Name, f.Title, f.About, len(f.Params))
		}
		seen[f.Name] = true
		if f.Train2D.Steps <= 0 || f.TrainMNIST.Steps <= 0 {
			t.Errorf("%s: training runs of %d and %d steps", f.Name, f.Train2D.Steps, f.TrainMNIST.Steps)
		}
		for _, run := range []Run{f.Train2D, f.TrainMNIST} {
			if _, err := f.New(run.Config, 784, rng.New(1)); err != nil {
				t.Errorf("%s: config %s: %v", f.Name, run.Config, err)
			}
		}
		p, ok := LookupPreset(f.Name + "-mnist")
		if !ok || p.Spec.Steps != f.TrainMNIST.Steps || string(p.Spec.Config) != string(f.TrainMNIST.Config) {
			t.Errorf("%s: the MNIST preset %+v does not follow the row", f.Name, p)
		}
		if p, ok := LookupPreset(f.Name + "-moons"); !ok || p.Spec.Steps != f.Train2D.Steps {
			t.Errorf("%s: the moons preset %+v does not follow the row", f.Name, p)
		}
	}
	if n := len(Presets()); n != len(Families())*(1+len(data.Names())) {
		t.Errorf("%d presets for %d families", n, len(Families()))
	}
}

// TestImagesLookup checks that image sets come from the value passed in:
// the last of a name wins, and an unknown name is refused.
func TestImagesLookup(t *testing.T) {
	a, b := &data.Images{Name: "mnist", Rows: 1}, &data.Images{Name: "mnist", Rows: 2}
	if got, err := (Images{a, nil, b}).Lookup("mnist"); err != nil || got != b {
		t.Errorf("Lookup = %p, %v; want the last set %p", got, err, b)
	}
	if _, err := (Images{a}).Lookup("cifar"); err == nil || !strings.Contains(err.Error(), "unknown image set") {
		t.Errorf("Lookup(cifar) error %v", err)
	}
	if _, err := Images(nil).Lookup("mnist"); err == nil || !strings.Contains(err.Error(), "not loaded") {
		t.Errorf("Lookup in no sets: %v", err)
	}
}
