package models

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Spec names one reproducible training run: the same Spec gives the same
// weights natively and in the browser. It is what goes into a weights file's
// metadata, the manifest and the page's link.
type Spec struct {
	// Family is the model family's registry name: "ae", "vae", "gan",
	// "flow" or "diffusion".
	Family string `json:"family"`
	// Data is the data set's name, such as "8gaussians" or "mnist".
	Data string `json:"data"`
	// Config is the family's Config as JSON; registry decodes and validates
	// it. Empty means the family's defaults.
	Config json.RawMessage `json:"config,omitempty"`
	// Seed seeds every random draw of the run.
	Seed uint64 `json:"seed"`
	// Steps is the number of training steps.
	Steps int `json:"steps"`
}

// MaxSpecBytes bounds the size of a serialised Spec that Parse accepts.
const MaxSpecBytes = 64 << 10

// Validate checks the fields Spec owns; registry checks Family, Data and
// Config against what exists.
func (s Spec) Validate() error {
	var errs []error
	if s.Family == "" {
		errs = append(errs, errors.New("models: spec has no family"))
	}
	if s.Data == "" {
		errs = append(errs, errors.New("models: spec has no data set"))
	}
	if s.Steps < 0 || s.Steps > 100_000_000 {
		errs = append(errs, fmt.Errorf("models: spec steps %d out of range [0, 1e8]", s.Steps))
	}
	return errors.Join(errs...)
}

// Marshal returns the Spec as compact JSON with its Config canonical (see
// CanonicalConfig), so that Specs of the same run at the same step
// serialise to the same bytes.
func (s Spec) Marshal() ([]byte, error) {
	c, err := CanonicalConfig(s.Config)
	if err != nil {
		return nil, fmt.Errorf("models: spec config: %w", err)
	}
	s.Config = c
	return json.Marshal(s)
}

// CanonicalConfig returns the JSON document config re-encoded from its
// values: compact, object keys sorted, numbers spelled as their float64
// values are (1.0, 1 and 1e0 all as 1). An empty config stays empty.
func CanonicalConfig(config json.RawMessage) (json.RawMessage, error) {
	if len(config) == 0 {
		return nil, nil
	}
	var v any
	if err := json.Unmarshal(config, &v); err != nil {
		return nil, err
	}
	return json.Marshal(v) // map keys come out sorted
}

// SameRun reports whether a and b name the same training run: the same
// family, data set and seed, and configs that hold the same values (as
// JSON: key order, spacing and the spelling of numbers aside), whatever
// their step counts. A config that is not JSON is the same run as nothing.
func SameRun(a, b Spec) bool {
	if a.Family != b.Family || a.Data != b.Data || a.Seed != b.Seed {
		return false
	}
	ca, errA := CanonicalConfig(a.Config)
	cb, errB := CanonicalConfig(b.Config)
	return errA == nil && errB == nil && bytes.Equal(ca, cb)
}

// ParseSpec decodes a Spec from JSON, rejecting unknown keys, trailing data
// and documents over MaxSpecBytes.
func ParseSpec(b []byte) (Spec, error) {
	var s Spec
	if len(b) > MaxSpecBytes {
		return s, fmt.Errorf("models: spec is %d bytes, over the %d-byte limit", len(b), MaxSpecBytes)
	}
	if err := DecodeStrict(b, &s); err != nil {
		return Spec{}, fmt.Errorf("models: spec: %w", err)
	}
	if err := s.Validate(); err != nil {
		return Spec{}, err
	}
	return s, nil
}

// DecodeStrict decodes the JSON document b into v, rejecting unknown keys and
// anything after the document. Families decode their Config with it.
func DecodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON document")
	}
	return nil
}
