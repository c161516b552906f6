package vae

import (
	"testing"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/modeltest"
	"genplay/tensor/rng"
)

// lookup returns the named 2D set.
func lookup(t *testing.T, name string) data.Set { return modeltest.Lookup(t, name) }

// train builds a model with cfg on set from seed and takes steps training
// steps, failing on a non-finite loss. It returns the model, the
// generator in the state a worker would have, and every step's loss.
func train(t *testing.T, cfg Config, set data.Set, seed uint64, steps int) (*Model, *rng.PCG, []float32) {
	t.Helper()
	r := rng.New(seed)
	m, err := New(cfg, set.Dim(), r)
	if err != nil {
		t.Fatal(err)
	}
	var src models.Source = set // convert once: a Set in an interface is a heap copy
	return m, r, modeltest.Train(t, m, src, r, steps)
}

// weightsHash returns the hash the golden determinism test pins.
func weightsHash(m *Model) string { return modeltest.WeightsHash(m.Weights()) }

// score scores generated points against real ones.
func score(set data.Set, real, fake []float32) modeltest.Scores {
	return modeltest.Score(set, real, fake)
}
