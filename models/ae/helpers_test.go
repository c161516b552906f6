package ae

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"testing"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/metrics"
	"genplay/tensor/rng"
)

// lookup returns the named 2D set.
func lookup(t *testing.T, name string) data.Set {
	t.Helper()
	set, err := data.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

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
	losses := make([]float32, steps)
	for i := range steps {
		l := m.TrainStep(src, r)[0].Value
		if math.IsNaN(float64(l)) || math.IsInf(float64(l), 0) {
			t.Fatalf("step %d: loss %v", i, l)
		}
		losses[i] = l
	}
	return m, r, losses
}

// weightsHash returns the SHA-256 of the weights' little-endian float32
// bits, in Weights order.
func weightsHash(m *Model) string {
	h := sha256.New()
	var b [4]byte
	for _, w := range m.Weights() {
		for _, v := range w.T.Data {
			binary.LittleEndian.PutUint32(b[:], math.Float32bits(v))
			h.Write(b[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// scores are the 2D metrics of one set of generated points against real
// ones: k-NN precision and recall (k = 3), and on a mixture the modes
// captured and the high-quality rate.
type scores struct {
	precision, recall float64
	modes             metrics.ModeStats
}

func score(set data.Set, real, fake []float32) scores {
	var s scores
	s.precision, s.recall = metrics.PrecisionRecall(real, fake, 2, 3)
	if set.Centers != nil {
		s.modes = metrics.Modes(fake, set.Centers, 2, set.Std)
	}
	return s
}

func (s scores) String() string {
	return fmt.Sprintf("precision %.3f, recall %.3f, modes %d/%d, high-quality %.3f",
		s.precision, s.recall, s.modes.Captured, len(s.modes.PerMode), s.modes.HighQuality)
}
