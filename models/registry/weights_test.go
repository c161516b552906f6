package registry

import (
	"bytes"
	"strings"
	"testing"

	"genplay/models"
	"genplay/tensor/safetensors"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	for _, f := range Families() {
		spec := models.Spec{Family: f.Name, Data: "moons", Seed: 5, Steps: 3}
		m, src, r, err := Build(spec, nil)
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			m.TrainStep(src, r)
		}
		b, err := SaveBytes(spec, m, []byte(`{"precision":0.9}`))
		if err != nil {
			t.Fatal(err)
		}
		l, err := Load(bytes.NewReader(b), nil)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if l.Spec.Family != spec.Family || string(l.Metrics) != `{"precision":0.9}` {
			t.Errorf("%s: loaded spec %+v metrics %s", f.Name, l.Spec, l.Metrics)
		}
		if _, ok := l.Model.(models.Resumer); !ok || l.Model.Steps() != 3 {
			t.Errorf("%s: loaded at step %d (resumable %v), want it resumed at 3", f.Name, l.Model.Steps(), ok)
		}
		want, got := m.Weights(), l.Model.Weights()
		for i := range want {
			for j, v := range want[i].T.Data {
				if got[i].T.Data[j] != v {
					t.Fatalf("%s: %s[%d] = %v after loading, want %v", f.Name, want[i].Name, j, got[i].T.Data[j], v)
				}
			}
		}
		// Same weights, same samples.
		a, c := make([]float32, 20), make([]float32, 20)
		m.Sample(a, rngFor(1))
		l.Model.Sample(c, rngFor(1))
		for i := range a {
			if a[i] != c[i] {
				t.Fatalf("%s: samples differ after loading", f.Name)
			}
		}
	}
}

func TestLoadRejects(t *testing.T) {
	spec := models.Spec{Family: "diffusion", Data: "moons", Seed: 1, Steps: 1}
	m, _, _, _ := Build(spec, nil)
	good, _ := SaveBytes(spec, m, nil)
	parsed, _ := safetensors.Parse(good)
	rewrite := func(edit func(f *safetensors.File)) []byte {
		f, _ := safetensors.Parse(good)
		edit(f)
		var buf bytes.Buffer
		if err := safetensors.Write(&buf, f); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, c := range []struct {
		name string
		file []byte
		err  string
	}{
		{"truncated", good[:len(good)/2], "safetensors:"},
		{"not safetensors", []byte("hello, world"), "safetensors:"},
		{"no format", rewrite(func(f *safetensors.File) { delete(f.Metadata, MetaFormat) }), "format"},
		{"bad spec", rewrite(func(f *safetensors.File) { f.Metadata[MetaSpec] = `{"family":"diffusion"` }), "spec"},
		{"unknown family", rewrite(func(f *safetensors.File) {
			f.Metadata[MetaSpec] = `{"family":"gpt","data":"moons","seed":1,"steps":1}`
		}), "unknown family"},
		{"missing tensor", rewrite(func(f *safetensors.File) { f.Tensors = f.Tensors[1:] }), "tensors"},
		{"renamed tensor", rewrite(func(f *safetensors.File) { f.Tensors[0].Name = "eps.9.w" }), "lacks tensor"},
		{"wrong shape", rewrite(func(f *safetensors.File) {
			for i := range f.Tensors {
				if len(f.Tensors[i].Shape) == 2 {
					f.Tensors[i].Shape = []int{len(f.Tensors[i].Data)} // flattened
					return
				}
			}
			t.Fatal("no 2D tensor to flatten")
		}), "shape"},
	} {
		_, err := Load(bytes.NewReader(c.file), nil)
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.err)
		}
	}
	if len(parsed.Tensors) == 0 {
		t.Fatal("saved file has no tensors")
	}
}
