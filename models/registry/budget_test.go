package registry

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/flowmatch"
	"genplay/models/modeltest"
	"genplay/tensor/safetensors"
)

// maxima are the largest values each family's Validate accepts for its int
// settings: what a weights file may hold, beyond the page's ranges.
var maxima = map[string]map[string]int{
	"ae":        {"latent": 1024, "hidden": 4096, "depth": 16, "batch": 65536},
	"vae":       {"latent": 1024, "hidden": 4096, "depth": 16, "batch": 65536, "iw_samples": 5000},
	"gan":       {"latent_dim": 1024, "hidden": 4096, "depth": 16, "batch": 65536, "d_steps": 100},
	"flow":      {"couplings": 64, "hidden": 4096, "depth": 16, "batch": 65536},
	"diffusion": {"hidden": 4096, "depth": 16, "batch": 65536, "embed_dim": 512, "T": 10000},
	"flowmatch": {"hidden": 4096, "depth": 16, "batch": 65536, "embed_dim": 512, "sample_steps": flowmatch.MaxSteps},
}

// maxSpec returns a Spec of family on data with the settings of set at
// their maxima and the others at their defaults.
func maxSpec(family, data string, set ...string) models.Spec {
	cfg := map[string]int{}
	for _, k := range set {
		cfg[k] = maxima[family][k]
	}
	b, _ := json.Marshal(cfg)
	return models.Spec{Family: family, Data: data, Config: b, Seed: 1, Steps: 1}
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// refusalBytes bounds what refusing an over-budget Spec may allocate.
const refusalBytes = 1 << 20

// specFile returns a weights file of spec holding the given tensors.
func specFile(t *testing.T, spec models.Spec, tensors []safetensors.Tensor) []byte {
	t.Helper()
	sj, err := spec.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	f := &safetensors.File{Tensors: tensors, Metadata: map[string]string{MetaSpec: string(sj), MetaFormat: FormatVersion}}
	if err := safetensors.Write(&buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// checkRefused checks that Build and Load refuse spec over the budget,
// with a message naming a setting to lower, allocating less than
// refusalBytes.
func checkRefused(t *testing.T, spec models.Spec) {
	t.Helper()
	var err error
	n := allocated(func() { _, _, _, err = Build(spec, nil) })
	var ob *models.OverBudget
	if !errors.As(err, &ob) {
		t.Errorf("Build(%s %s %s) = %v, want an over-budget error", spec.Family, spec.Data, spec.Config, err)
		return
	}
	if n > refusalBytes {
		t.Errorf("Build(%s %s %s) allocated %d bytes to refuse it", spec.Family, spec.Data, spec.Config, n)
	}
	if len(ob.Lower) == 0 || !strings.Contains(err.Error(), "lower "+ob.Lower[0].Key) {
		t.Errorf("Build(%s %s): %v names no setting to lower", spec.Family, spec.Config, err)
	}
	file := specFile(t, spec, []safetensors.Tensor{{Name: "x", Shape: []int{1}, Data: []float32{0}}})
	n = allocated(func() { _, err = Load(bytes.NewReader(file), nil) })
	if !errors.As(err, &ob) || n > refusalBytes {
		t.Errorf("Load of a %s file with %s: %v, %d bytes allocated", spec.Family, spec.Config, err, n)
	}
}

// TestMaximaRefused builds every family at the maxima of all its int
// settings, and of every pair of them, on 2D points and on MNIST: each
// Spec over the budget is refused by Build and Load, with a setting to
// lower, without allocating its model; each within it has a Cost within
// it.
func TestMaximaRefused(t *testing.T) {
	for _, f := range Families() {
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range maxima[f.Name] {
				if !yield(k) {
					return
				}
			}
		})
		if len(keys) == 0 {
			t.Errorf("%s: no maxima listed", f.Name)
		}
		for _, data := range []string{"moons", "mnist"} {
			checkRefused(t, maxSpec(f.Name, data, keys...))
			for i, a := range keys {
				for _, b := range keys[i+1:] {
					spec := maxSpec(f.Name, data, a, b)
					c, err := Check(spec, DefaultBudget)
					switch {
					case err == nil && c.Bytes() > DefaultBudget:
						t.Errorf("%s %s: Check passed a cost of %d", f.Name, spec.Config, c.Bytes())
					case err != nil:
						checkRefused(t, spec)
					}
				}
			}
		}
	}
}

// TestBudgetLink fits the link of a flow on MNIST with 32 couplings of
// 512-wide, 6-deep networks and batches of 1024 (gigabytes) into the
// budget: the lowered Spec costs at most the budget, and raising any
// lowered setting by one step of its Param would not.
func TestBudgetLink(t *testing.T) {
	spec := models.Spec{Family: "flow", Data: "mnist", Seed: 1,
		Config: json.RawMessage(`{"couplings":32,"hidden":512,"depth":6,"batch":1024}`)}
	c, err := Check(spec, DefaultBudget)
	if err == nil {
		t.Fatalf("the link's Spec costs %s and passes", models.Size(c.Bytes()))
	}
	t.Logf("refused: %v", err)
	set, err := Fit(spec, DefaultBudget)
	if err != nil || len(set) == 0 {
		t.Fatalf("Fit = %v, %v", set, err)
	}
	vals, _ := settingsOf(spec)
	apply := func(ss []Setting) models.Spec {
		for _, s := range ss {
			vals[s.Key] = json.RawMessage(strconv.FormatFloat(s.To, 'f', -1, 64))
		}
		b, _ := json.Marshal(vals)
		out := spec
		out.Config = b
		return out
	}
	fitted := apply(set)
	c, err = Check(fitted, DefaultBudget)
	if err != nil {
		t.Fatalf("the fitted Spec %s: %v", fitted.Config, err)
	}
	t.Logf("fitted %v: %s", set, models.Size(c.Bytes()))
	for _, s := range set {
		p := paramOf(t, "flow", s.Key)
		if s.To >= s.From || s.To < p.Min {
			t.Errorf("%s lowered from %g to %g", s.Key, s.From, s.To)
		}
		step := max(p.Step, 1)
		up := apply([]Setting{{Key: s.Key, To: s.To + step}})
		if c, err := Check(up, DefaultBudget); err == nil {
			t.Errorf("%s = %g + %g still fits (%s): Fit did not keep the largest setting", s.Key, s.To, step, models.Size(c.Bytes()))
		}
		apply([]Setting{s})
	}
	// A Spec that fits needs no change.
	if set, err := Fit(fitted, DefaultBudget); err != nil || len(set) != 0 {
		t.Errorf("Fit of a fitting Spec = %v, %v", set, err)
	}
}

func paramOf(t *testing.T, family, key string) Param {
	t.Helper()
	for _, p := range Params(family) {
		if p.Key == key {
			return p
		}
	}
	t.Fatalf("%s has no param %s", family, key)
	return Param{}
}

// TestTensorsMatchModels checks that the table Tensors derives from a Spec
// is the built model's for every preset, and that the image sets'
// dimensions known before loading are those of the loaded sets.
func TestTensorsMatchModels(t *testing.T) {
	train, _ := modeltest.MNIST(t)
	im := Images{train}
	if imageDims[train.Name] != train.Dim() {
		t.Errorf("imageDims[%q] = %d, the set has %d", train.Name, imageDims[train.Name], train.Dim())
	}
	for _, name := range ImageSets {
		if _, ok := imageDims[name]; !ok {
			t.Errorf("image set %q has no dimension in imageDims", name)
		}
	}
	for _, p := range Presets() {
		want, err := Tensors(p.Spec)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		m, _, _, err := Build(p.Spec, im)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		var got []models.TensorShape
		for _, w := range m.Weights() {
			got = append(got, models.TensorShape{Name: w.Name, Shape: w.T.Shape})
		}
		if d := models.SameTable(got, want); d != "" {
			t.Errorf("%s: %s", p.Name, d)
		}
	}
}

// TestLoadCrafted loads crafted weights files: a table that does not match
// the Spec is refused before the model is built, and a non-finite value is
// refused naming its tensor and index.
func TestLoadCrafted(t *testing.T) {
	spec := models.Spec{Family: "diffusion", Data: "moons", Seed: 1, Steps: 1}
	m, _, _, err := Build(spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	tensors := func() []safetensors.Tensor {
		var ts []safetensors.Tensor
		for _, w := range m.Weights() {
			ts = append(ts, safetensors.Tensor{Name: w.Name, Shape: slices.Clone(w.T.Shape), Data: slices.Clone(w.T.Data)})
		}
		return ts
	}
	for _, bad := range []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))} {
		ts := tensors()
		ts[2].Data[5] = bad
		_, err := Load(bytes.NewReader(specFile(t, spec, ts)), nil)
		want := fmt.Sprintf("tensor %q holds %v at index 5", ts[2].Name, bad)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load with %v in %s: %v, want an error containing %q", bad, ts[2].Name, err, want)
		}
	}
	// A large Spec within the budget whose file holds the tensors of a
	// small one: refused from the table, allocating far less than the
	// model would.
	big := models.Spec{Family: "diffusion", Data: "mnist", Seed: 1, Steps: 1,
		Config: json.RawMessage(`{"hidden":1024,"depth":6,"batch":64}`)}
	c, err := Check(big, DefaultBudget)
	if err != nil {
		t.Fatal(err)
	}
	file := specFile(t, big, tensors())
	var lerr error
	n := allocated(func() { _, lerr = Load(bytes.NewReader(file), nil) })
	if lerr == nil || !strings.Contains(lerr.Error(), "tensor") {
		t.Errorf("Load of a mismatched table: %v", lerr)
	}
	if int64(n) > c.Bytes()/10 {
		t.Errorf("refusing a mismatched table allocated %d bytes, the model costs %d", n, c.Bytes())
	}
}

// FuzzLoad loads arbitrary bytes, starting from a valid file, one with a
// Spec over the budget and one with a NaN: Load never panics, and a file
// it accepts has finite weights and a Spec within the budget.
func FuzzLoad(f *testing.F) {
	spec := models.Spec{Family: "gan", Data: "moons", Seed: 1, Steps: 1}
	m, _, _, err := Build(spec, nil)
	if err != nil {
		f.Fatal(err)
	}
	good, err := SaveBytes(spec, m, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	m.Weights()[0].T.Data[0] = float32(math.NaN())
	nan, _ := SaveBytes(spec, m, nil)
	f.Add(nan)
	over := maxSpec("flow", "mnist", "hidden", "couplings")
	sj, _ := over.Marshal()
	var buf bytes.Buffer
	safetensors.Write(&buf, &safetensors.File{Tensors: []safetensors.Tensor{{Name: "x", Shape: []int{1}, Data: []float32{1}}},
		Metadata: map[string]string{MetaSpec: string(sj), MetaFormat: FormatVersion}})
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := Load(bytes.NewReader(b), nil)
		if err != nil {
			return
		}
		c, err := Check(l.Spec, DefaultBudget)
		if err != nil || c.Bytes() > DefaultBudget {
			t.Fatalf("loaded a Spec over the budget: %v", err)
		}
		for _, w := range l.Model.Weights() {
			for i, v := range w.T.Data {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					t.Fatalf("loaded %v at %s[%d]", v, w.Name, i)
				}
			}
		}
	})
}
