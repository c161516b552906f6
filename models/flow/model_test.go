package flow

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"testing"

	"genplay/models"
	"genplay/models/modeltest"
	"genplay/tensor/rng"
)

func TestConfigValidate(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatalf("Default() is invalid: %v", err)
	}
	bad := []func(*Config){
		func(c *Config) { c.Couplings = 1 },
		func(c *Config) { c.Hidden = 0 },
		func(c *Config) { c.Depth = 0 },
		func(c *Config) { c.LearningRate = float32(math.NaN()) },
		func(c *Config) { c.LearningRate = 0 },
		func(c *Config) { c.WeightDecay = -1 },
		func(c *Config) { c.Clip = float32(math.Inf(1)) },
		func(c *Config) { c.Batch = 0 },
		func(c *Config) { c.ScaleInit = -1 },
		func(c *Config) { c.Logit = -0.01 },
		func(c *Config) { c.Logit = 0.5 },
		func(c *Config) { c.Logit = float32(math.NaN()) },
		func(c *Config) { c.Mask = "stripes" },
		func(c *Config) { c.HalfLife = -1 },
	}
	for i, mutate := range bad {
		c := Default()
		mutate(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("case %d: Validate accepted %+v", i, c)
		}
		if _, err := New(c, 2, rng.New(1)); err == nil {
			t.Errorf("case %d: New accepted %+v", i, c)
		}
	}
	if _, err := New(Default(), 1, rng.New(1)); err == nil {
		t.Error("New accepted dim 1")
	}
	cb := Default()
	cb.Mask = MaskCheckerboard
	for _, dim := range []int{2, 5, 783} {
		if _, err := New(cb, dim, rng.New(1)); err == nil {
			t.Errorf("New accepted checkerboard masks on dim %d, not a square of side >= 2", dim)
		}
	}
	if _, err := New(cb, 784, rng.New(1)); err != nil {
		t.Errorf("checkerboard masks on 28×28: %v", err)
	}
}

func TestWeightNames(t *testing.T) {
	m, err := New(Default(), 2, rng.New(1))
	if err != nil {
		t.Fatal(err)
	}
	ws := m.Weights()
	// Per coupling: Depth+1 linear layers (w, b) and the scale factor.
	if want := Default().Couplings * (2*(Default().Depth+1) + 1); len(ws) != want {
		t.Fatalf("%d weights, want %d", len(ws), want)
	}
	seen := map[string]bool{}
	for _, w := range ws {
		if seen[w.Name] {
			t.Errorf("duplicate weight name %q", w.Name)
		}
		seen[w.Name] = true
	}
	for _, name := range []string{"coupling.0.net.0.w", "coupling.0.net.2.b", "coupling.7.scale"} {
		if !seen[name] {
			t.Errorf("no weight named %q", name)
		}
	}
}

// TestDensityIntegratesToOne sums p(x) of a trained flow over a fine grid
// covering [−6, 6]² (moons lie in [−3.6, 3.6] × [−1.8, 2.4]), where the
// density outside is negligible: the midpoint Riemann sum must be 1 within
// 2%.
func TestDensityIntegratesToOne(t *testing.T) {
	m := moonsModel(t)
	const side, half = 300, 6.0
	cell := 2 * half / side
	grid := make([]float32, 2*side*side)
	for i := range side {
		for j := range side {
			k := 2 * (i*side + j)
			grid[k] = float32(-half + (float64(j)+0.5)*cell)
			grid[k+1] = float32(-half + (float64(i)+0.5)*cell)
		}
	}
	lp := make([]float32, side*side)
	m.FieldAt(lp, grid)
	var mass float64
	for _, v := range lp {
		mass += math.Exp(float64(v)) * cell * cell
	}
	t.Logf("∫p over [−6, 6]² ≈ %.4f (%d×%d grid)", mass, side, side)
	if math.Abs(mass-1) > 0.02 {
		t.Errorf("density integrates to %.4f, want 1 ± 0.02", mass)
	}
	// The density that integrates to one is what LogProbKind calls exact.
	if k := m.LogProbKind(); !k.Exact() || k.Evals != 1 || k.Discrete {
		t.Errorf("LogProbKind() = %+v, want exact at one pass", k)
	}
}

func TestTrainStepAllocates0(t *testing.T) {
	var src models.Source = lookup(t, "moons")
	r := rng.New(1)
	m, err := New(Default(), 2, r)
	if err != nil {
		t.Fatal(err)
	}
	m.TrainStep(src, r)
	if n := testing.AllocsPerRun(5, func() { m.TrainStep(src, r) }); n != 0 {
		t.Errorf("TrainStep allocates %v times per step, want 0", n)
	}
	x, lp := make([]float32, 2*600), make([]float32, 600)
	m.Sample(x, r)
	if n := testing.AllocsPerRun(5, func() { m.Sample(x, r); m.LogProb(lp, x, nil) }); n != 0 {
		t.Errorf("Sample and LogProb allocate %v times, want 0", n)
	}

	// The image path: checkerboard masks (a permutation and split
	// couplings) and the logit layer, on random 4×4 images.
	img := noiseImages(r)
	cfg := Default()
	cfg.Mask, cfg.Logit, cfg.Batch = MaskCheckerboard, 1e-6, 32
	if m, err = New(cfg, 16, r); err != nil {
		t.Fatal(err)
	}
	m.TrainStep(img, r)
	if n := testing.AllocsPerRun(5, func() { m.TrainStep(img, r) }); n != 0 {
		t.Errorf("checkerboard + logit: TrainStep allocates %v times per step, want 0", n)
	}
	x, lp = make([]float32, 16*300), make([]float32, 300)
	m.Sample(x, r)
	if n := testing.AllocsPerRun(5, func() { m.Sample(x, r); m.LogProb(lp, x, nil) }); n != 0 {
		t.Errorf("checkerboard + logit: Sample and LogProb allocate %v times, want 0", n)
	}
}

// goldenWeights is the SHA-256 of the little-endian weights, in Weights
// order, after 50 steps on moons from seed 42. The same value must come out
// natively and under GOOS=js GOARCH=wasm: the browser and the command line
// train the same model.
const goldenWeights = "725a0f8b66368dfe9fc2a9f81903d4cce9eb0d1cd87f1145d31aefad84c177bc"

func TestDeterministicWeights(t *testing.T) {
	m, _ := train(t, Default(), "moons", 42, 50)
	h := sha256.New()
	for _, w := range m.Weights() {
		h.Write([]byte(w.Name))
		for _, v := range w.T.Data {
			binary.Write(h, binary.LittleEndian, math.Float32bits(v))
		}
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != goldenWeights {
		t.Errorf("weights hash %s, want %s", got, goldenWeights)
	}
}

// goldenImageWeights is modeltest.WeightsHash of an image flow (checkerboard
// masks, the logit layer, a decaying step size) after 30 steps on random
// 4×4 images from seed 42: the MNIST path, pinned natively and under wasm
// like goldenWeights.
const goldenImageWeights = "81715cca41ca76e741e16c2651935a4c1ae373aede673889916a2d03f87dee25"

func TestDeterministicImageWeights(t *testing.T) {
	r := rng.New(42)
	img := noiseImages(r)
	cfg := Default()
	cfg.Mask, cfg.Logit, cfg.HalfLife, cfg.Batch = MaskCheckerboard, 1e-6, 10, 16
	m, err := New(cfg, img.Dim(), r)
	if err != nil {
		t.Fatal(err)
	}
	modeltest.Train(t, m, img, r, 30)
	if got := modeltest.WeightsHash(m.Weights()); got != goldenImageWeights {
		t.Errorf("weights hash %s, want %s", got, goldenImageWeights)
	}
}

// learnSteps is the number of training steps of the learning tests: about
// 2 s natively, 5 s under wasm.
const learnSteps = 600

// TestLearnsMoons is the acceptance test: the flow's test NLL on two
// moons comes within 0.3 nats of the data's entropy (2.390 nats, the lowest
// NLL any model can reach; notes/metrics-literature.md §4.1).
func TestLearnsMoons(t *testing.T) {
	set := lookup(t, "moons")
	m, _ := train(t, Default(), "moons", 1, learnSteps)
	nll := testNLL(m, set, 2000, 1)
	gap := nll - set.Entropy
	t.Logf("moons after %d steps: test NLL %.3f nats, entropy %.3f, gap %.3f", learnSteps, nll, set.Entropy, gap)
	if gap > 0.3 {
		t.Errorf("test NLL %.3f is %.3f nats above the entropy, want <= 0.3", nll, gap)
	}
	// A test NLL below the entropy, beyond sampling error (~0.02 nats for
	// 2000 points), means a density that does not integrate to 1.
	if gap < -0.1 {
		t.Errorf("test NLL %.3f is below the entropy %.3f: density bug", nll, set.Entropy)
	}
}

// TestEightGaussians reports the gap on FFJORD's 8 Gaussians, a harder
// target for affine couplings (eight separated modes from one Gaussian); it
// fails only on a density bug or no learning at all.
func TestEightGaussians(t *testing.T) {
	set := lookup(t, "8gaussians")
	m, _ := train(t, Default(), "8gaussians", 1, learnSteps)
	nll := testNLL(m, set, 2000, 1)
	gap := nll - set.Entropy
	t.Logf("8gaussians after %d steps: test NLL %.3f nats, entropy %.3f, gap %.3f", learnSteps, nll, set.Entropy, gap)
	if gap < -0.1 || gap > 1.5 {
		t.Errorf("test NLL %.3f, gap %.3f nats, want in [−0.1, 1.5]", nll, gap)
	}
}
