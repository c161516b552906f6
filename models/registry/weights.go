package registry

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"

	"genplay/models"
	"genplay/tensor/safetensors"
)

// Metadata keys of a weights file.
const (
	MetaSpec    = "spec"    // the models.Spec as JSON
	MetaMetrics = "metrics" // the measured metrics as JSON, if any
	MetaFormat  = "format"  // FormatVersion
)

// FormatVersion identifies the layout of genplay weights files.
const FormatVersion = "genplay/1"

// MaxWeightsBytes bounds the size of a weights file Load accepts.
const MaxWeightsBytes = 64 << 20

// Save writes m's weights to w as safetensors, with spec and the metrics
// JSON (may be nil) in the metadata.
func Save(w io.Writer, spec models.Spec, m models.Model, metricsJSON []byte) error {
	specJSON, err := spec.Marshal()
	if err != nil {
		return err
	}
	f := &safetensors.File{Metadata: map[string]string{MetaSpec: string(specJSON), MetaFormat: FormatVersion}}
	if metricsJSON != nil {
		f.Metadata[MetaMetrics] = string(metricsJSON)
	}
	for _, wt := range m.Weights() {
		f.Tensors = append(f.Tensors, safetensors.Tensor{Name: wt.Name, Shape: slices.Clone(wt.T.Shape), Data: wt.T.Data})
	}
	return safetensors.Write(w, f)
}

// Loaded is a model read back from a weights file.
type Loaded struct {
	Spec    models.Spec
	Model   models.Model
	Source  models.Source
	Metrics []byte // the metrics JSON of the file, or nil
}

// Load is LoadWithin with DefaultBudget.
func Load(r io.Reader, im Images) (*Loaded, error) { return LoadWithin(r, im, DefaultBudget) }

// LoadWithin reads a weights file written by Save: it parses the Spec from
// the metadata, checks its Cost against budget bytes (0 or less: none),
// checks that the file holds exactly the tensors the Spec's model has, with
// its shapes, and that every value is finite, and only then builds the
// model (on an image set from im) and fills in its weights. Anything else
// is an error that names the setting, tensor or value at fault; nothing is
// half-loaded, and a file whose Spec is over the budget allocates nothing
// of its model.
func LoadWithin(r io.Reader, im Images, budget int64) (*Loaded, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxWeightsBytes+1))
	if err != nil {
		return nil, fmt.Errorf("registry: reading weights: %w", err)
	}
	if len(b) > MaxWeightsBytes {
		return nil, fmt.Errorf("registry: weights file over the %d-byte limit", MaxWeightsBytes)
	}
	f, err := safetensors.Parse(b)
	if err != nil {
		return nil, err
	}
	if v := f.Metadata[MetaFormat]; v != FormatVersion {
		return nil, fmt.Errorf("registry: weights format %q, want %q", v, FormatVersion)
	}
	spec, err := models.ParseSpec([]byte(f.Metadata[MetaSpec]))
	if err != nil {
		return nil, fmt.Errorf("registry: weights metadata: %w", err)
	}
	if _, err := Check(spec, budget); err != nil {
		return nil, err
	}
	want, err := Tensors(spec)
	if err != nil {
		return nil, err
	}
	table := make([]models.TensorShape, len(f.Tensors))
	for i, t := range f.Tensors {
		table[i] = models.TensorShape{Name: t.Name, Shape: t.Shape}
	}
	if diff := models.SameTable(table, want); diff != "" {
		return nil, fmt.Errorf("registry: %s; the %s model of the file's spec does not match", diff, spec.Family)
	}
	for _, t := range f.Tensors {
		for i, v := range t.Data {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return nil, fmt.Errorf("registry: tensor %q holds %v at index %d (shape %v): weights must be finite", t.Name, v, i, t.Shape)
			}
		}
	}
	m, src, _, err := BuildWithin(spec, im, budget)
	if err != nil {
		return nil, err
	}
	ws := m.Weights()
	for _, w := range ws {
		t := f.Find(w.Name)
		if t == nil || !slices.Equal(t.Shape, w.T.Shape) {
			// Tensors and the model disagree: a bug, not a bad file.
			return nil, fmt.Errorf("registry: the %s model's tensor %q does not match its expected table", spec.Family, w.Name)
		}
	}
	for _, w := range ws {
		copy(w.T.Data, f.Find(w.Name).Data)
	}
	if r, ok := m.(models.Resumer); ok && spec.Steps > 0 {
		r.Resume(spec.Steps)
	}
	l := &Loaded{Spec: spec, Model: m, Source: src}
	if s, ok := f.Metadata[MetaMetrics]; ok {
		l.Metrics = []byte(s)
	}
	return l, nil
}

// SaveBytes is Save into a byte slice.
func SaveBytes(spec models.Spec, m models.Model, metricsJSON []byte) ([]byte, error) {
	var buf bytes.Buffer
	if err := Save(&buf, spec, m, metricsJSON); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
