package diffusion

import (
	"math"
	"testing"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/metrics"
	"genplay/models/modeltest"
	"genplay/tensor/rng"
)

func TestConfigValidate(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatalf("Default() is invalid: %v", err)
	}
	bad := []func(*Config){
		func(c *Config) { c.T = 1 },
		func(c *Config) { c.Schedule = "quadratic" },
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
		if _, err := New(c, 2, rng.New(1)); err == nil {
			t.Errorf("case %d: New accepted %+v", i, c)
		}
	}
	if _, err := New(Default(), 0, rng.New(1)); err == nil {
		t.Error("New accepted dimension 0")
	}
}

// train runs steps training steps on the named 2D set from seed and returns
// the model, the generator and the set.
func train(t *testing.T, name string, seed uint64, steps int) (*Model, *rng.PCG, data.Set) {
	t.Helper()
	set := modeltest.Lookup(t, name)
	r := rng.New(seed)
	m, err := New(Default(), set.Dim(), r)
	if err != nil {
		t.Fatal(err)
	}
	var src models.Source = set
	modeltest.Train(t, m, src, r, steps)
	return m, r, set
}

// TestLearnsEightGaussians is the bar for diffusion: all 8 modes
// captured, precision and recall at least 0.9 against fresh data, from a
// short training run. DDIM with 50 steps is measured on the same model.
func TestLearnsEightGaussians(t *testing.T) {
	m, r, set := train(t, "8gaussians", 1, 1500)
	const n = 1000
	real, fake := make([]float32, 2*n), make([]float32, 2*n)
	set.Sample(real, rng.New(99))
	m.Sample(fake, r)
	st := metrics.Modes(fake, set.Centers, 2, set.Std)
	p, rc := metrics.PrecisionRecall(real, fake, 2, 3)
	t.Logf("DDPM-1000: modes %d/8, high quality %.1f%%, precision %.3f, recall %.3f", st.Captured, 100*st.HighQuality, p, rc)
	if st.Captured != 8 || p < 0.9 || rc < 0.9 {
		t.Errorf("modes %d, precision %.3f, recall %.3f; want 8, >= 0.9, >= 0.9", st.Captured, p, rc)
	}
	if err := m.SampleDDIM(fake, 50, 0, r); err != nil {
		t.Fatal(err)
	}
	st = metrics.Modes(fake, set.Centers, 2, set.Std)
	p, rc = metrics.PrecisionRecall(real, fake, 2, 3)
	t.Logf("DDIM-50:   modes %d/8, high quality %.1f%%, precision %.3f, recall %.3f", st.Captured, 100*st.HighQuality, p, rc)
	if st.Captured != 8 || p < 0.8 || rc < 0.8 {
		t.Errorf("DDIM-50: modes %d, precision %.3f, recall %.3f; want 8, >= 0.8, >= 0.8", st.Captured, p, rc)
	}
}

// TestLearnsMoons checks the same model on two moons, and that the
// variational bound on its NLL is finite and above the data's entropy.
func TestLearnsMoons(t *testing.T) {
	m, r, set := train(t, "moons", 2, 1500)
	const n = 1000
	real, fake := make([]float32, 2*n), make([]float32, 2*n)
	set.Sample(real, rng.New(98))
	m.Sample(fake, r)
	p, rc := metrics.PrecisionRecall(real, fake, 2, 3)
	lp := make([]float32, 200)
	m.LogProb(lp, real[:400], r)
	var nll float64
	for _, v := range lp {
		nll -= float64(v) / float64(len(lp))
	}
	t.Logf("moons: precision %.3f, recall %.3f, NLL bound %.3f nats (entropy %.3f)", p, rc, nll, set.Entropy)
	if p < 0.85 || rc < 0.85 {
		t.Errorf("precision %.3f, recall %.3f; want >= 0.85", p, rc)
	}
	if math.IsNaN(nll) || nll < set.Entropy-0.1 || nll > set.Entropy+3 {
		t.Errorf("NLL bound %.3f nats implausible against the entropy %.3f", nll, set.Entropy)
	}
}

// TestInpaintAndTranslateKeepStructure uses a trained model: inpainting the
// y coordinate of points with x fixed at a mode's x keeps x exactly, and
// SDEdit at a small strength stays near its inputs.
func TestInpaintAndTranslateKeepStructure(t *testing.T) {
	m, r, set := train(t, "8gaussians", 3, 400)
	const n = 64
	x := make([]float32, 2*n)
	known := make([]bool, 2*n)
	for i := range n {
		x[2*i], known[2*i] = set.Centers[0], true // the mode at angle 0: (2.83, 0)
	}
	out := make([]float32, 2*n)
	m.Inpaint(out, x, known, r)
	for i := range n {
		if out[2*i] != x[2*i] {
			t.Fatalf("inpainting changed a known coordinate: %v", out[2*i])
		}
	}
	src := make([]float32, 2*n)
	set.Sample(src, r)
	m.Translate(out, src, 0.05, r)
	var d float64
	for i := range out {
		d += math.Abs(float64(out[i] - src[i]))
	}
	if d /= float64(len(out)); d > 0.3 {
		t.Errorf("SDEdit at strength 0.05 moved points by %.3f on average", d)
	}
}

// goldenWeights is the SHA-256 of the little-endian weights after 200
// steps from seed 42. The same value must come out natively and under
// GOOS=js GOARCH=wasm: the browser and the command line train the same model.
const goldenWeights = "48f483eb72b3b9824c216d5205a02ae4a358520a49d387badb3dddac6dd75ba6"

func TestDeterministicWeights(t *testing.T) {
	m, _, _ := train(t, "8gaussians", 42, 200)
	if got := modeltest.WeightsHash(m.Weights()); got != goldenWeights {
		t.Errorf("weights hash %s, want %s", got, goldenWeights)
	}
}

func TestTrainStepAllocatesNothing(t *testing.T) {
	set, _ := data.Lookup("8gaussians")
	var src models.Source = set // boxed once, as a caller holding a Source does
	r := rng.New(5)
	m, _ := New(Default(), 2, r)
	m.TrainStep(src, r)
	if a := testing.AllocsPerRun(10, func() { m.TrainStep(src, r) }); a != 0 {
		t.Errorf("TrainStep allocates %v times, want 0", a)
	}
}

// TestChainMatchesSample checks that advancing a chain in slices gives the
// same points as one full run from the same generator state.
func TestChainMatchesSample(t *testing.T) {
	m, _, _ := train(t, "8gaussians", 3, 20)
	full := make([]float32, 2*16)
	m.Sample(full, rng.New(9))
	r := rng.New(9)
	c, err := m.NewChain(16, models.SampleOpts{}, r)
	if err != nil {
		t.Fatal(err)
	}
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
	names := map[string]bool{}
	for _, w := range m.Weights() {
		if names[w.Name] {
			t.Fatalf("weight name %q repeats", w.Name)
		}
		names[w.Name] = true
	}
	if len(names) != 2*(Default().Depth+1) {
		t.Errorf("%d named weights, want %d", len(names), 2*(Default().Depth+1))
	}
}
