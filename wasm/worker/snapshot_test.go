package worker

import (
	"errors"
	"math"
	"testing"

	"genplay/models"
	"genplay/models/registry"
	"genplay/tensor"
	"genplay/tensor/rng"
)

// weightsModel is a model with one weight tensor and no training.
type weightsModel struct{ w *tensor.Tensor }

func (m *weightsModel) TrainStep(models.Source, *rng.PCG) []models.Loss { return nil }
func (m *weightsModel) Sample(dst []float32, r *rng.PCG)                { clear(dst) }
func (m *weightsModel) Steps() int                                      { return 0 }
func (m *weightsModel) Weights() []models.Weight {
	return []models.Weight{{Name: "w", T: m.w}}
}

// newWeightsModel returns a weightsModel whose weight holds vs.
func newWeightsModel(vs ...float32) *weightsModel {
	w := tensor.New(len(vs))
	copy(w.Data, vs)
	return &weightsModel{w: w}
}

// TestRestoreEmptySnapshot restores a session whose snapshot was never
// taken, its weights not finite from the start: restore used to index the
// empty snapshot ("index out of range [0] with length 0"). With a Spec that
// builds, the session gets the fresh model of its Spec at step 0; without,
// it keeps its model and step.
func TestRestoreEmptySnapshot(t *testing.T) {
	nan := float32(math.NaN())
	for _, builds := range []bool{true, false} {
		s := &session{m: newWeightsModel(1, nan), step: 7}
		s.snap.take(s)
		if len(s.snap.data) != 0 {
			t.Fatalf("a snapshot of non-finite weights was taken: %v", s.snap.data)
		}
		fresh := newWeightsModel(0.5, 0.25)
		cfg := defaults()
		cfg.chains = func(models.Model, int) (chainStart, string) { return nil, "one pass" }
		cfg.build = func(models.Spec, registry.Images) (models.Model, models.Source, *rng.PCG, error) {
			if !builds {
				return nil, nil, nil, errors.New("no build")
			}
			return fresh, nil, rng.New(1), nil
		}
		tr := &trainer{cfg: cfg, s: s}
		tr.restore()
		switch {
		case builds && (s.m != fresh || s.step != 0):
			t.Errorf("restore with a build: model %p step %d, want the fresh model at step 0", s.m, s.step)
		case !builds && s.step != 7:
			t.Errorf("restore without a build: step %d, want 7 kept", s.step)
		}
	}
	// A snapshot that was taken is put back.
	s := &session{m: newWeightsModel(1, 2), step: 3}
	s.snap.take(s)
	s.m.Weights()[0].T.Data[1] = nan
	s.step = 9
	cfg := defaults()
	cfg.chains = func(models.Model, int) (chainStart, string) { return nil, "one pass" }
	cfg.build = func(models.Spec, registry.Images) (models.Model, models.Source, *rng.PCG, error) {
		return newWeightsModel(0, 0), nil, rng.New(1), nil
	}
	tr := &trainer{cfg: cfg, s: s}
	tr.restore()
	if w := s.m.Weights()[0].T.Data; w[0] != 1 || w[1] != 2 || s.step != 3 {
		t.Errorf("restored %v at step %d, want [1 2] at step 3", w, s.step)
	}
}
