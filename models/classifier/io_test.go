package classifier

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"testing"

	"genplay/models/data"
	"genplay/tensor/rng"
	"genplay/tensor/safetensors"
)

// tiny returns a small classifier of 4×5 images into 3 classes, trained
// for a few steps on random images, with its reference statistics.
func tiny(t *testing.T) (*Classifier, *data.Images) {
	t.Helper()
	r := rng.New(3)
	set := &data.Images{Name: "tiny", Rows: 4, Cols: 5, Classes: 3, Pixels: make([]uint8, 40*20), Labels: make([]uint8, 40)}
	for i := range set.Pixels {
		set.Pixels[i] = uint8(r.Intn(256))
	}
	for i := range set.Labels {
		set.Labels[i] = uint8(i % 3)
	}
	c, err := New(Config{Hidden: []int{7, 6}, LearningRate: 1e-2, Batch: 8, Steps: 10, Shift: 1}, 4, 5, 3, r)
	if err != nil {
		t.Fatal(err)
	}
	c.Train(set, 10, r, nil)
	c.ComputeReference(set)
	return c, set
}

func save(t *testing.T, c *Classifier, meta map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Save(&buf, c, meta); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSaveLoad(t *testing.T) {
	c, set := tiny(t)
	b := save(t, c, map[string]string{"seed": "3"})
	got, meta, err := Load(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(meta) != 1 || meta["seed"] != "3" {
		t.Errorf("metadata %v, want map[seed:3]", meta)
	}
	if !slices.Equal(got.Config().Hidden, c.Config().Hidden) || got.Config().LearningRate != c.Config().LearningRate || got.Classes() != 3 || got.Dim() != 20 {
		t.Errorf("loaded config %+v, %d classes, dim %d; saved %+v", got.Config(), got.Classes(), got.Dim(), c.Config())
	}
	x := images(set, 0, set.Len())
	want, have := make([]float32, set.Len()*c.Classes()), make([]float32, set.Len()*c.Classes())
	c.Logits(want, x)
	got.Logits(have, x)
	if !slices.Equal(want, have) {
		t.Errorf("logits differ after the round trip")
	}
	mu1, cov1 := c.Reference()
	mu2, cov2 := got.Reference()
	if !slices.Equal(mu1, mu2) || !slices.Equal(cov1.RawSymmetric().Data, cov2.RawSymmetric().Data) {
		t.Errorf("reference statistics differ after the round trip")
	}
	// Save is deterministic: the loaded classifier writes the same bytes.
	if again := save(t, got, meta); !bytes.Equal(again, b) {
		t.Errorf("saving the loaded classifier gives different bytes")
	}
}

func TestSaveErrors(t *testing.T) {
	c, _ := tiny(t)
	if err := Save(&bytes.Buffer{}, c, map[string]string{MetaConfig: "{}"}); err == nil || !strings.Contains(err.Error(), "reserved") {
		t.Errorf("reserved key: %v", err)
	}
	fresh, err := New(c.Config(), 4, 5, 3, rng.New(1))
	if err != nil {
		t.Fatal(err)
	}
	if err := Save(&bytes.Buffer{}, fresh, nil); err == nil || !strings.Contains(err.Error(), "reference") {
		t.Errorf("no reference: %v", err)
	}
}

// TestLoadRejects feeds Load malformed files: broken containers, wrong
// metadata, and well-formed safetensors whose tensors do not match the
// configuration. Each must fail with an error naming the problem.
func TestLoadRejects(t *testing.T) {
	c, _ := tiny(t)
	good := save(t, c, nil)
	parsed := func() *safetensors.File {
		f, err := safetensors.Parse(good)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	// edit returns good with f changed by fn, re-encoded.
	edit := func(fn func(f *safetensors.File)) []byte {
		f := parsed()
		fn(f)
		var buf bytes.Buffer
		if err := safetensors.Write(&buf, f); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	find := func(f *safetensors.File, name string) *safetensors.Tensor {
		tt := f.Find(name)
		if tt == nil {
			t.Fatalf("no tensor %q in the saved file", name)
		}
		return tt
	}
	headerLen := int(binary.LittleEndian.Uint64(good))
	garbled := slices.Clone(good)
	copy(garbled[8+headerLen/2:], "\x00\xff{]")
	for _, tc := range []struct {
		name string
		file []byte
		msg  string
	}{
		{"empty", nil, "shorter than the 8-byte header"},
		{"truncated in the length", good[:5], "shorter than the 8-byte header"},
		{"truncated in the header", good[:8+headerLen/2], "header length larger than the file"},
		{"truncated in the data", good[:len(good)-9], "safetensors"},
		{"garbled header", garbled, "safetensors"},
		{"not safetensors", []byte("GPIM this is an image asset, not weights"), "safetensors"},
		{"no format", edit(func(f *safetensors.File) { delete(f.Metadata, MetaFormat) }), "file format \"\""},
		{"other format", edit(func(f *safetensors.File) { f.Metadata[MetaFormat] = "genplay/1" }), "file format \"genplay/1\""},
		{"no config", edit(func(f *safetensors.File) { delete(f.Metadata, MetaConfig) }), "config metadata"},
		{"unknown config key", edit(func(f *safetensors.File) {
			f.Metadata[MetaConfig] = strings.Replace(f.Metadata[MetaConfig], "{", `{"dropout":0.5,`, 1)
		}), "unknown field \"dropout\""},
		{"invalid config", edit(func(f *safetensors.File) {
			f.Metadata[MetaConfig] = strings.Replace(f.Metadata[MetaConfig], `"batch":8`, `"batch":0`, 1)
		}), "batch must be"},
		{"oversized network", edit(func(f *safetensors.File) {
			f.Metadata[MetaConfig] = strings.Replace(f.Metadata[MetaConfig], `"hidden":[7,6]`, `"hidden":[4096,4096,4096]`, 1)
		}), "more than the"},
		{"bad images", edit(func(f *safetensors.File) { f.Metadata[MetaImages] = `{"rows":4,"cols":5}` }), "classes outside"},
		{"missing tensor", edit(func(f *safetensors.File) {
			f.Tensors = slices.DeleteFunc(f.Tensors, func(t safetensors.Tensor) bool { return t.Name == "ref.cov" })
		}), "lacks tensor \"ref.cov\""},
		{"renamed tensor", edit(func(f *safetensors.File) { find(f, "net.1.b").Name = "net.1.bias" }), "lacks tensor \"net.1.b\""},
		{"extra tensor", edit(func(f *safetensors.File) {
			f.Tensors = append(f.Tensors, safetensors.Tensor{Name: "extra", Shape: []int{1}, Data: []float32{0}})
		}), "file has tensor \"extra\", which the configuration does not use"},
		{"wrong shape", edit(func(f *safetensors.File) { find(f, "net.0.w").Shape = []int{7, 20} }), "\"net.0.w\" has shape [7 20], want [20 7]"},
		{"wrong feature size", edit(func(f *safetensors.File) {
			mu := find(f, "ref.mu")
			mu.Shape, mu.Data = []int{7}, append(mu.Data, 0)
		}), "\"ref.mu\" has shape [7], want [6]"},
		{"NaN weight", edit(func(f *safetensors.File) { find(f, "net.2.w").Data[3] = float32(math.NaN()) }), "\"net.2.w\" has a non-finite value"},
		{"asymmetric covariance", edit(func(f *safetensors.File) { find(f, "ref.cov").Data[1] += 1 }), "not symmetric"},
	} {
		got, _, err := Load(bytes.NewReader(tc.file))
		if err == nil || got != nil || !strings.Contains(err.Error(), tc.msg) || !strings.HasPrefix(err.Error(), "classifier: ") {
			t.Errorf("%s: error %v, want a \"classifier: \" error containing %q", tc.name, err, tc.msg)
		}
	}
}

// TestSaveLoadConv round-trips a convolutional classifier: the file holds
// the convolutions' tensors, Load rebuilds the same network (the same
// logits and features), and a file whose convolution is missing or whose
// images the poolings do not divide is refused.
func TestSaveLoadConv(t *testing.T) {
	r := rng.New(4)
	set := &data.Images{Name: "tiny", Rows: 4, Cols: 8, Classes: 3, Pixels: make([]uint8, 24*32), Labels: make([]uint8, 24)}
	for i := range set.Pixels {
		set.Pixels[i] = uint8(r.Intn(256))
	}
	for i := range set.Labels {
		set.Labels[i] = uint8(i % 3)
	}
	cfg := Config{Conv: []int{3, 2}, Hidden: []int{5}, LearningRate: 1e-2, Batch: 6, Steps: 5, Shift: 1}
	c, err := New(cfg, 4, 8, 3, r)
	if err != nil {
		t.Fatal(err)
	}
	c.Train(set, 5, r, nil)
	c.ComputeReference(set)
	b := save(t, c, nil)
	got, _, err := Load(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Config().Conv, []int{3, 2}) || got.FeatureDim() != 5 {
		t.Errorf("loaded config %+v", got.Config())
	}
	x := images(set, 0, set.Len())
	for _, width := range []int{c.Classes(), c.FeatureDim()} {
		want, have := make([]float32, set.Len()*width), make([]float32, set.Len()*width)
		if width == c.Classes() {
			c.Logits(want, x)
			got.Logits(have, x)
		} else {
			c.Features(want, x)
			got.Features(have, x)
		}
		if !slices.Equal(want, have) {
			t.Errorf("outputs of width %d differ after Save and Load", width)
		}
	}
	f, err := safetensors.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if w := f.Find("conv.1.w"); w == nil || !slices.Equal(w.Shape, []int{2, 3, 3, 3}) {
		t.Errorf("conv.1.w: %+v, want shape [2 3 3 3]", w)
	}
	f.Tensors = slices.DeleteFunc(f.Tensors, func(t safetensors.Tensor) bool { return t.Name == "conv.0.b" })
	var buf bytes.Buffer
	if err := safetensors.Write(&buf, f); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(&buf); err == nil || !strings.Contains(err.Error(), `lacks tensor "conv.0.b"`) {
		t.Errorf("file without conv.0.b: %v", err)
	}
	if _, err := New(cfg, 6, 8, 3, r); err == nil || !strings.Contains(err.Error(), "not divisible by 4") {
		t.Errorf("New of 6×8 images with two poolings: %v", err)
	}
}
