package worker

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"genplay/models"
	"genplay/models/registry"
	"genplay/tensor/rng"
	"genplay/wasm/protocol"
)

// resume makes the session one of spec for play and step: it keeps the
// session when it is the same run, retunes it when only live fields of the
// config differ, and builds a fresh model otherwise.
func (tr *trainer) resume(spec models.Spec, now func() time.Time) error {
	if tr.s != nil && protocol.SameRun(tr.s.spec, spec) {
		return nil
	}
	if tr.s != nil && tr.tune(spec) == nil {
		return nil
	}
	s, err := tr.build(spec, now)
	if err != nil {
		return err
	}
	tr.use(s)
	return nil
}

// tune applies the config of spec to the session's model, which must be of
// the same run but for the config's live fields; the session's Spec takes
// the new config, and a training stopped by a loss that was not finite may
// go on. On an error nothing changes.
func (tr *trainer) tune(spec models.Spec) error {
	s := tr.s
	switch {
	case s == nil:
		return errors.New("there is no model to change; press play first")
	case protocol.SameRun(s.spec, spec):
		return nil
	case s.spec.Family != spec.Family || s.spec.Data != spec.Data || s.spec.Seed != spec.Seed:
		return errors.New("only the learning rates and the family's live settings change while a model trains; the family, the data set and the seed need a new model (press reset)")
	}
	if err := tr.cfg.tune(s.m, spec.Family, spec.Config); err != nil {
		return fmt.Errorf("this change needs a new model (press reset): %v", err)
	}
	s.spec.Config = spec.Config
	s.tuned = s.step
	s.failure = ""
	return nil
}

// export returns the session's weights as a Weights message, its Spec
// counting the steps taken so far and its metadata the latest metrics.
func (tr *trainer) export() (protocol.Weights, error) {
	s := tr.s
	if s == nil {
		return protocol.Weights{}, errors.New("there is no model to export")
	}
	spec := s.spec
	spec.Steps = s.step
	b, err := registry.SaveBytes(spec, s.m, metricsJSON(s.lastMetrics()))
	if err != nil {
		return protocol.Weights{}, fmt.Errorf("the weights could not be written: %v", err)
	}
	set := spec.Data
	if strings.HasPrefix(set, drawnPrefix) {
		set = "drawn"
	}
	return protocol.Weights{Name: fmt.Sprintf("%s-%s-step%d.safetensors", spec.Family, set, s.step), Bytes: b}, nil
}

// drawnPrefix starts the names of data sets drawn by hand (data.Drawn),
// whose names hold their points: too long for a file name.
const drawnPrefix = "drawn:"

// metricsJSON returns stats as a JSON object, leaving out values that are
// not finite (JSON has no NaN), or nil for no stats.
func metricsJSON(stats []protocol.Stat) []byte {
	if len(stats) == 0 {
		return nil
	}
	m := map[string]float64{}
	for _, st := range stats {
		if !math.IsNaN(st.Value) && !math.IsInf(st.Value, 0) {
			m[st.Name] = st.Value
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic("worker: " + err.Error()) // finite float64s marshal
	}
	return b
}

// importWeights returns a paused session of the weights file b, as Export
// writes it, downloading its image set first if it has one.
func (tr *trainer) importWeights(b []byte, now func() time.Time) (*session, error) {
	if len(b) > registry.MaxWeightsBytes {
		return nil, fmt.Errorf("it is %d bytes, over the limit of %d", len(b), registry.MaxWeightsBytes)
	}
	if spec, ok := peekSpec(b); ok {
		if _, err := registry.Check(spec, registry.DefaultBudget); err != nil {
			return nil, err // before downloading the data set
		}
		if err := tr.ensureData(spec.Data, now); err != nil {
			return nil, err
		}
	}
	l, err := tr.cfg.load(b, tr.images)
	if err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "registry: "))
	}
	root := rng.NewStream(l.Spec.Seed, uint64(l.Spec.Steps)+1)
	return tr.newSession(l.Spec, "", l.Model, l.Source, root), nil
}

// peekSpec returns the Spec in the metadata of the safetensors file b, read
// from its header alone: the 8-byte little-endian header length, then the
// JSON header whose "__metadata__" holds it. ok is false for anything else;
// registry.Load then says what is wrong.
func peekSpec(b []byte) (spec models.Spec, ok bool) {
	if len(b) < 8 {
		return spec, false
	}
	n := binary.LittleEndian.Uint64(b)
	if n > uint64(len(b)-8) {
		return spec, false
	}
	var h struct {
		Meta map[string]string `json:"__metadata__"`
	}
	if json.Unmarshal(b[8:8+n], &h) != nil {
		return spec, false
	}
	spec, err := models.ParseSpec([]byte(h.Meta[registry.MetaSpec]))
	return spec, err == nil
}
