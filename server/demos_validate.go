package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"genplay/models"
	"genplay/models/registry"
	"genplay/tensor/safetensors"
)

// Metadata keys a demo file may carry in its safetensors __metadata__,
// besides registry.MetaFormat, registry.MetaSpec and registry.MetaMetrics
// (what registry.Save writes). Any other key is refused.
const (
	// MetaStep is the training step the weights were saved at, in decimal:
	// the page opens the demo paused there. Optional: without it the step
	// is the Spec's Steps, as in the weights files the page exports.
	MetaStep = "step"
	// MetaView is the page's view state, the query string of its link
	// (such as "v=1&f=gan&d=8gaussians&psi=0.7"): panels, sliders and
	// sampler settings. The server checks only its size and characters.
	MetaView = "view"
)

// Limits on a demo's metadata.
const (
	maxViewBytes    = 4 << 10
	maxMetricsBytes = 64 << 10
	maxStep         = 100_000_000 // as models.Spec.Validate
)

// A demoError is an upload the server refuses because of what it holds; it
// is answered with 422 Unprocessable Entity and its message.
type demoError struct{ msg string }

func (e *demoError) Error() string { return e.msg }

// refuse returns a demoError with the formatted message.
func refuse(format string, args ...any) error {
	return &demoError{msg: fmt.Sprintf(format, args...)}
}

// demoInfo is what validateDemo learns from a valid demo.
type demoInfo struct {
	Spec models.Spec
	Step int
}

// validateDemo checks that b is a demo the server may store: a well-formed
// safetensors file (tensor/safetensors) of the genplay format, with a Spec
// that decodes strictly, whose family exists and whose Config values lie
// within the ranges of the family's registry.Params (enums among their
// options), whose data set exists, holding exactly the tensors of the model
// the Spec builds with their shapes (registry.Load), all values finite, a
// step in [0, 1e8] if one is given, a view of printable ASCII, metrics that
// are JSON, and no metadata but the known keys. Any failure is a
// *demoError; an image data set that is not loaded on this server is one
// too.
func validateDemo(b []byte, images registry.Images) (*demoInfo, error) {
	f, err := safetensors.Parse(b)
	if err != nil {
		return nil, refuse("not a valid safetensors file: %v", err)
	}
	for k := range f.Metadata {
		switch k {
		case registry.MetaFormat, registry.MetaSpec, registry.MetaMetrics, MetaStep, MetaView:
		default:
			return nil, refuse("unknown metadata key %q (known: %s, %s, %s, %s, %s)", k,
				registry.MetaFormat, registry.MetaSpec, registry.MetaMetrics, MetaStep, MetaView)
		}
	}
	if v := f.Metadata[registry.MetaFormat]; v != registry.FormatVersion {
		return nil, refuse("metadata %q is %q, want %q", registry.MetaFormat, v, registry.FormatVersion)
	}
	spec, err := models.ParseSpec([]byte(f.Metadata[registry.MetaSpec]))
	if err != nil {
		return nil, refuse("metadata %q: %v", registry.MetaSpec, err)
	}
	if err := checkRanges(spec); err != nil {
		return nil, err
	}
	if registry.ImagesSet(spec.Data) {
		if _, err := images.Lookup(spec.Data); err != nil {
			return nil, refuse("the data set %q is not loaded on this server, so its demos cannot be checked", spec.Data)
		}
	}
	step, err := parseStep(f.Metadata, spec.Steps)
	if err != nil {
		return nil, err
	}
	if err := checkView(f.Metadata[MetaView]); err != nil {
		return nil, err
	}
	if m, ok := f.Metadata[registry.MetaMetrics]; ok && (len(m) > maxMetricsBytes || !json.Valid([]byte(m))) {
		return nil, refuse("metadata %q is not a JSON document of at most %d bytes", registry.MetaMetrics, maxMetricsBytes)
	}
	for _, t := range f.Tensors {
		for i, v := range t.Data {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return nil, refuse("tensor %q has the non-finite value %v at index %d", t.Name, v, i)
			}
		}
	}
	// registry.Load builds the model the Spec describes and checks the
	// tensor table against it: names, count and shapes.
	if _, err := registry.Load(bytes.NewReader(b), images); err != nil {
		return nil, refuse("%v", err)
	}
	return &demoInfo{Spec: spec, Step: step}, nil
}

// checkRanges checks the family of spec and every Config value that has a
// registry.Param against the Param's range or options. Values without a
// Param are left to the family's own validation in registry.Load.
func checkRanges(spec models.Spec) error {
	if _, err := registry.Lookup(spec.Family); err != nil {
		return refuse("%v", err)
	}
	if len(spec.Config) == 0 {
		return nil
	}
	var cfg map[string]json.RawMessage
	if err := json.Unmarshal(spec.Config, &cfg); err != nil {
		return refuse("spec config is not a JSON object: %v", err)
	}
	// encoding/json matches keys without regard to case when it decodes the
	// Config ("HIDDEN" sets hidden), so keys are matched the same way here.
	params := registry.Params(spec.Family)
	for key, raw := range cfg {
		i := slices.IndexFunc(params, func(p registry.Param) bool { return strings.EqualFold(p.Key, key) })
		if i < 0 {
			continue
		}
		p := params[i]
		switch p.Kind {
		case registry.KindFloat, registry.KindInt:
			var x float64
			if err := json.Unmarshal(raw, &x); err != nil {
				return refuse("config %q: %s is not a number", p.Key, raw)
			}
			if !(x >= p.Min && x <= p.Max) {
				return refuse("config %q = %v is outside the range [%v, %v]", p.Key, x, p.Min, p.Max)
			}
			if p.Kind == registry.KindInt && registry.SnapInt(x, p.Min, p.Max, p.Step) != x {
				return refuse("config %q = %v is not one of the values %v, %v+%v, … up to %v", p.Key, x, p.Min, p.Min, max(p.Step, 1), p.Max)
			}
		case registry.KindEnum:
			var s string
			if err := json.Unmarshal(raw, &s); err != nil || !slices.Contains(p.Options, s) {
				return refuse("config %q = %s is not one of %q", p.Key, raw, p.Options)
			}
		case registry.KindBool:
			var v bool
			if err := json.Unmarshal(raw, &v); err != nil {
				return refuse("config %q = %s is not true or false", p.Key, raw)
			}
		}
	}
	return nil
}

// parseStep returns the MetaStep value of meta, a decimal integer in
// [0, maxStep] without sign or leading zeros, or def if meta has none.
func parseStep(meta map[string]string, def int) (int, error) {
	s, ok := meta[MetaStep]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > maxStep || strconv.Itoa(n) != s {
		return 0, refuse("metadata %q = %q is not an integer in [0, %d]", MetaStep, s, maxStep)
	}
	return n, nil
}

// checkView checks the MetaView value: at most maxViewBytes of printable
// ASCII, as a link's query string is.
func checkView(v string) error {
	if len(v) > maxViewBytes {
		return refuse("metadata %q is %d bytes, over the %d-byte limit", MetaView, len(v), maxViewBytes)
	}
	for i := 0; i < len(v); i++ {
		if v[i] < 0x21 || v[i] > 0x7e {
			return refuse("metadata %q has the byte %#02x; it must be a link's query string", MetaView, v[i])
		}
	}
	return nil
}

// isDemoError reports whether err is a refusal of the upload's content.
func isDemoError(err error) bool {
	var de *demoError
	return errors.As(err, &de)
}
