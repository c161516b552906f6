package registry

import (
	"bytes"
	"fmt"
	"io"
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

// Load reads a weights file written by Save: it parses the Spec from the
// metadata, builds the model it names (on an image set from im) and fills
// in every weight, checking that the file holds exactly the model's tensors
// with the model's shapes. Anything else is an error; nothing is half-loaded.
func Load(r io.Reader, im Images) (*Loaded, error) {
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
	m, src, _, err := Build(spec, im)
	if err != nil {
		return nil, err
	}
	ws := m.Weights()
	if len(ws) != len(f.Tensors) {
		return nil, fmt.Errorf("registry: weights file has %d tensors, the %s model has %d", len(f.Tensors), spec.Family, len(ws))
	}
	for _, w := range ws {
		t := f.Find(w.Name)
		if t == nil {
			return nil, fmt.Errorf("registry: weights file lacks tensor %q", w.Name)
		}
		if !slices.Equal(t.Shape, w.T.Shape) {
			return nil, fmt.Errorf("registry: tensor %q has shape %v, the model wants %v", w.Name, t.Shape, w.T.Shape)
		}
	}
	for _, w := range ws {
		copy(w.T.Data, f.Find(w.Name).Data)
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
