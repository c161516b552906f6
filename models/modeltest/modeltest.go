// Package modeltest holds test helpers shared by genplay's model families:
// data lookup, a training loop that fails the test on a non-finite loss, the
// weights hash behind the golden determinism tests, and the 2D scores.
package modeltest

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

// Lookup returns the named 2D set, failing t if there is none.
func Lookup(t testing.TB, name string) data.Set {
	t.Helper()
	set, err := data.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// Train takes steps training steps of m on src with r, failing t on a
// non-finite total loss, and returns every step's total loss.
func Train(t testing.TB, m models.Model, src models.Source, r *rng.PCG, steps int) []float32 {
	t.Helper()
	losses := make([]float32, steps)
	for i := range steps {
		l := m.TrainStep(src, r)[0].Value
		if math.IsNaN(float64(l)) || math.IsInf(float64(l), 0) {
			t.Fatalf("step %d: loss %v", i, l)
		}
		losses[i] = l
	}
	return losses
}

// WeightsHash returns the SHA-256 of the weights' little-endian float32
// bits, in order: the value the golden determinism tests pin, natively and
// under wasm.
func WeightsHash(ws []models.Weight) string {
	h := sha256.New()
	var b [4]byte
	for _, w := range ws {
		for _, v := range w.T.Data {
			binary.LittleEndian.PutUint32(b[:], math.Float32bits(v))
			h.Write(b[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Scores are the 2D metrics of generated points against real ones: k-NN
// precision and recall (k = 3), and on a mixture the modes captured and the
// high-quality rate.
type Scores struct {
	Precision, Recall float64
	Modes             metrics.ModeStats
}

// Score scores fake against real on set.
func Score(set data.Set, real, fake []float32) Scores {
	var s Scores
	s.Precision, s.Recall = metrics.PrecisionRecall(real, fake, 2, 3)
	if set.Centers != nil {
		s.Modes = metrics.Modes(fake, set.Centers, 2, set.Std)
	}
	return s
}

func (s Scores) String() string {
	return fmt.Sprintf("precision %.3f, recall %.3f, modes %d/%d, high-quality %.3f",
		s.Precision, s.Recall, s.Modes.Captured, len(s.Modes.PerMode), s.Modes.HighQuality)
}
