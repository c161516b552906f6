// Package modeltest holds test helpers shared by genplay's model families:
// data lookup, a training loop that fails the test on a non-finite loss, the
// weights hash behind the golden determinism tests, and the 2D scores.
package modeltest

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
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

// CopyWeights returns a copy of the values of ws, to compare the weights
// after a training step with (see Moved).
func CopyWeights(ws []models.Weight) [][]float32 {
	out := make([][]float32, len(ws))
	for i, w := range ws {
		out[i] = append([]float32(nil), w.T.Data...)
	}
	return out
}

// Moved returns Σ|w − w₀| over the weights of ws whose names start with
// prefix, w₀ being their values in before, a CopyWeights of the same
// weights.
func Moved(ws []models.Weight, before [][]float32, prefix string) float64 {
	var s float64
	for i, w := range ws {
		if strings.HasPrefix(w.Name, prefix) {
			for j, v := range w.T.Data {
				s += math.Abs(float64(v - before[i][j]))
			}
		}
	}
	return s
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

// MNIST returns the MNIST training subset (data set "mnist") and the test
// images from the assets make writes into web/data, read once per test
// binary. It fails t when the assets are missing. (Tests that build from
// Specs hand the training set to registry.Build as registry.Images.)
func MNIST(t testing.TB) (train, test *data.Images) {
	t.Helper()
	mnistOnce.Do(func() {
		mnistTrain, mnistTest, mnistErr = LoadMNIST()
	})
	if mnistErr != nil {
		t.Fatal(mnistErr)
	}
	return mnistTrain, mnistTest
}

var (
	mnistOnce             sync.Once
	mnistTrain, mnistTest *data.Images
	mnistErr              error
)

// LoadMNIST reads web/data/mnist.gpim and mnist-test.gpim.
func LoadMNIST() (train, test *data.Images, err error) {
	dir, err := ModuleRoot()
	if err != nil {
		return nil, nil, err
	}
	read := func(name string) (*data.Images, error) {
		f, err := os.Open(filepath.Join(dir, "web", "data", name))
		if err != nil {
			return nil, fmt.Errorf("modeltest: %w (make mnist writes it)", err)
		}
		defer f.Close()
		return data.ReadImages(f)
	}
	if train, err = read("mnist.gpim"); err != nil {
		return nil, nil, err
	}
	if test, err = read("mnist-test.gpim"); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// ModuleRoot returns the folder of go.mod, walking up from the working
// directory (a test's package folder).
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("modeltest: no go.mod above the working directory")
		}
		dir = parent
	}
}
