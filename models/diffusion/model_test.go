package diffusion

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"testing"

	"genplay/models/data"
	"genplay/tensor/rng"
)

func TestConfigValidate(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatalf("Default() is invalid: %v", err)
	}
	bad := []func(*Config){
		func(c *Config) { c.T = 1 },
		func(c *Config) { c.BetaEnd = 0 },
		func(c *Config) { c.Hidden = 0 },
		func(c *Config) { c.Depth = 0 },
		func(c *Config) { c.EmbedDim = 15 },
		func(c *Config) { c.LearningRate = float32(math.NaN()) },
		func(c *Config) { c.Batch = 0 },
	}
	for i, mutate := range bad {
		c := Default()
		mutate(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("case %d: Validate accepted %+v", i, c)
		}
		if _, err := New(c, rng.New(1)); err == nil {
			t.Errorf("case %d: New accepted %+v", i, c)
		}
	}
}

// train runs steps training steps on 8 Gaussians from seed and returns the
// model and the generator, in the state a worker would have.
func train(t *testing.T, seed uint64, steps int) (*Model, *rng.PCG, data.Set) {
	t.Helper()
	set, err := data.Lookup("8gaussians")
	if err != nil {
		t.Fatal(err)
	}
	r := rng.New(seed)
	m, err := New(Default(), r)
	if err != nil {
		t.Fatal(err)
	}
	batch := make([]float32, 2*m.Config().Batch)
	for range steps {
		set.Sample(batch, r)
		if loss := m.TrainStep(batch, r); math.IsNaN(float64(loss)) {
			t.Fatal("loss is NaN")
		}
	}
	return m, r, set
}

// TestLearnsEightGaussians trains briefly and samples: nearly every sample
// must land within 3σ of a mode centre, and every mode must be hit.
func TestLearnsEightGaussians(t *testing.T) {
	m, r, set := train(t, 1, 800)
	const n = 400
	pts := make([]float32, 2*n)
	m.Sample(pts, r)
	near := 0
	var hits [8]int
	for i := 0; i < len(pts); i += 2 {
		for k := range 8 {
			dx, dy := float64(pts[i]-set.Centers[2*k]), float64(pts[i+1]-set.Centers[2*k+1])
			if math.Hypot(dx, dy) < 3*float64(set.Std) {
				near++
				hits[k]++
			}
		}
	}
	frac := float64(near) / n
	t.Logf("after 800 steps: %.1f%% of samples within 3σ of a mode; per mode %v", 100*frac, hits)
	if frac < 0.8 {
		t.Errorf("%.1f%% of samples near a mode, want >= 80%%", 100*frac)
	}
	for k, h := range hits {
		if h < n/8/3 {
			t.Errorf("mode %d has %d samples, want >= %d", k, h, n/8/3)
		}
	}
}

// goldenWeights is the SHA-256 of the little-endian weights after 200
// steps from seed 42. The same value must come out natively and under
// GOOS=js GOARCH=wasm: the browser and the command line train the same model.
const goldenWeights = "48f483eb72b3b9824c216d5205a02ae4a358520a49d387badb3dddac6dd75ba6"

func TestDeterministicWeights(t *testing.T) {
	m, _, _ := train(t, 42, 200)
	h := sha256.New()
	for _, p := range m.Params() {
		for _, v := range p.Data {
			binary.Write(h, binary.LittleEndian, math.Float32bits(v))
		}
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != goldenWeights {
		t.Errorf("weights hash %s, want %s", got, goldenWeights)
	}
}

// TestChainMatchesSample checks that advancing a chain in slices gives the
// same points as one full run from the same generator state.
func TestChainMatchesSample(t *testing.T) {
	m, _, _ := train(t, 3, 20)
	full := make([]float32, 2*16)
	m.Sample(full, rng.New(9))
	r := rng.New(9)
	c := m.NewChain(16, r)
	for !c.Advance(37, r) {
	}
	if c.Remaining() != 0 {
		t.Fatalf("Remaining = %d after done", c.Remaining())
	}
	for i, v := range c.X() {
		if v != full[i] {
			t.Fatalf("point coordinate %d: chain %v, Sample %v", i, v, full[i])
		}
	}
}
