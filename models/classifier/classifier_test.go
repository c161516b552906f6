package classifier

import (
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/modeltest"
	"genplay/tensor"
	"genplay/tensor/rng"
)

// shortAccuracy is the test accuracy shortConfig's run must reach, a check
// that training works rather than of the shipped accuracy: it reaches
// 91.76 % after a twentieth of the shipped run's digits (600 steps of 128
// reached 96.45 %, and the full Default run 98.68 %, TestFull, which
// requires 98 %). Training is deterministic, so noise eats no margin.
const shortAccuracy = 0.91

func TestAccuracy(t *testing.T) {
	c, train, test := trained(t)
	acc, trainAcc := c.Accuracy(test), c.Accuracy(train)
	t.Logf("after %d steps: test accuracy %.4f, training accuracy %.4f", c.Steps(), acc, trainAcc)
	if acc < shortAccuracy {
		t.Errorf("test accuracy %.4f after %d steps, want >= %g", acc, c.Steps(), shortAccuracy)
	}
}

// TestInference checks that Logits, Predict and Features agree with each
// other and do not depend on how images are batched into passes.
func TestInference(t *testing.T) {
	c, _, test := trained(t)
	const n = chunk + 37 // one full pass and a partial one
	x := images(test, 0, n)
	k, f := c.Classes(), c.FeatureDim()
	logits, feats, pred := make([]float32, n*k), make([]float32, n*f), make([]uint8, n)
	c.Logits(logits, x)
	c.Features(feats, x)
	c.Predict(pred, x)
	one, onef := make([]float32, k), make([]float32, f)
	w, b := c.net.Layers[len(c.net.Layers)-1].W.Data, c.net.Layers[len(c.net.Layers)-1].B.Data
	for i := range n {
		if p := argmax(logits[i*k : (i+1)*k]); int(pred[i]) != p {
			t.Fatalf("image %d: Predict %d, argmax of Logits %d", i, pred[i], p)
		}
		if i%50 != 0 {
			continue
		}
		c.Logits(one, x[i*c.Dim():(i+1)*c.Dim()])
		c.Features(onef, x[i*c.Dim():(i+1)*c.Dim()])
		for j := range k {
			// The logits are the last layer applied to the features,
			// up to summation order.
			z := b[j]
			for h := range f {
				z += onef[h] * w[h*k+j]
			}
			if one[j] != logits[i*k+j] || abs(z-one[j]) > 1e-4*max(1, abs(z)) {
				t.Fatalf("image %d logit %d: alone %v, batched %v, from the features %v", i, j, one[j], logits[i*k+j], z)
			}
		}
		for h := range f {
			if onef[h] != feats[i*f+h] || onef[h] < 0 {
				t.Fatalf("image %d feature %d: alone %v, batched %v", i, h, onef[h], feats[i*f+h])
			}
		}
	}
}

func abs(x float32) float32 { return max(x, -x) }

func TestAllocs(t *testing.T) {
	train, _ := modeltest.MNIST(t)
	r := rng.New(1)
	c, err := New(Default(), 28, 28, 10, r)
	if err != nil {
		t.Fatal(err)
	}
	c.TrainStep(train, r) // the first step allocates the tape and Adam's moments
	if a := testing.AllocsPerRun(5, func() { c.TrainStep(train, r) }); a != 0 {
		t.Errorf("TrainStep allocates %v times per step, want 0", a)
	}
	x := images(train, 0, 300)
	feats, pred := make([]float32, 300*c.FeatureDim()), make([]uint8, 300)
	c.Features(feats, x)
	if a := testing.AllocsPerRun(5, func() { c.Features(feats, x); c.Predict(pred, x) }); a != 0 {
		t.Errorf("Features and Predict allocate %v times, want 0", a)
	}
}

// goldenWeights is the SHA-256 of the weights after 20 steps of the Default
// configuration on the MNIST training digits from DefaultSeed. The same
// value must come out natively and under GOOS=js GOARCH=wasm.
const goldenWeights = "251e6378583ca505a30b18ccfdf52765ba17f248a890db5e197fb3fdf1c81577"

// goldenFeatures is the SHA-256 of the features and the logits of the
// first 300 test digits (a full inference chunk and a partial one) after
// those 20 steps: the forward pass of the metrics, also the same bits on
// both targets.
const goldenFeatures = "91ad61f9326b67cf752b0261b7519234118280b2220972e5a4744ec7ab75dccb"

func TestDeterministicWeights(t *testing.T) {
	train, test := modeltest.MNIST(t)
	r := rng.New(DefaultSeed)
	c, err := New(Default(), 28, 28, 10, r)
	if err != nil {
		t.Fatal(err)
	}
	c.Train(train, 20, r, nil)
	if got := modeltest.WeightsHash(c.Weights()); got != goldenWeights {
		t.Errorf("weights hash %s, want %s", got, goldenWeights)
	}
	const n = 300
	x := images(test, 0, n)
	f, z := tensor.New(n, c.FeatureDim()), tensor.New(n, c.Classes())
	c.Features(f.Data, x)
	c.Logits(z.Data, x)
	if got := modeltest.WeightsHash([]models.Weight{{Name: "features", T: f}, {Name: "logits", T: z}}); got != goldenFeatures {
		t.Errorf("features hash %s, want %s", got, goldenFeatures)
	}
}

// TestAugment checks the translation on an image with one lit pixel: it
// lands within shift pixels of where it was, every offset in range occurs,
// and everything else is dequantised background, in [0, 1/256).
func TestAugment(t *testing.T) {
	s := &data.Images{Name: "dot", Rows: 7, Cols: 9, Classes: 1, Pixels: make([]uint8, 63), Labels: []uint8{0}}
	s.Pixels[3*9+4] = 255
	const shift = 2
	seen := map[[2]int]bool{}
	r := rng.New(1)
	dst := make([]float32, 63)
	for range 500 {
		augment(dst, s, 0, shift, r)
		lit := 0
		for i, v := range dst {
			switch {
			case v >= 255.0/256:
				lit++
				dy, dx := i/9-3, i%9-4
				if max(dy, -dy) > shift || max(dx, -dx) > shift {
					t.Fatalf("pixel moved by (%d, %d), more than %d", dy, dx, shift)
				}
				seen[[2]int{dy, dx}] = true
			case v < 0 || v >= 1.0/256:
				t.Fatalf("background pixel %d = %v, want in [0, 1/256)", i, v)
			}
		}
		if lit != 1 {
			t.Fatalf("%d lit pixels, want 1", lit)
		}
	}
	if len(seen) != (2*shift+1)*(2*shift+1) {
		t.Errorf("%d distinct offsets in 500 draws, want %d", len(seen), (2*shift+1)*(2*shift+1))
	}
}

func TestValidate(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatalf("Default: %v", err)
	}
	for _, c := range []struct {
		name string
		edit func(*Config)
		msg  string
	}{
		{"no hidden", func(c *Config) { c.Hidden = nil }, "hidden must list"},
		{"zero width", func(c *Config) { c.Hidden = []int{256, 0} }, "hidden[1]"},
		{"lr", func(c *Config) { c.LearningRate = 0 }, "lr must"},
		{"batch", func(c *Config) { c.Batch = 0 }, "batch must"},
		{"steps", func(c *Config) { c.Steps = 0 }, "steps must"},
		{"shift", func(c *Config) { c.Shift = -1 }, "shift must"},
	} {
		cfg := Default()
		c.edit(&cfg)
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: %v, want an error containing %q", c.name, err, c.msg)
		}
	}
	if _, err := New(Default(), 0, 28, 1, rng.New(1)); err == nil || !strings.Contains(err.Error(), "image size") || !strings.Contains(err.Error(), "classes") {
		t.Errorf("New of 0×28 images of 1 class: %v", err)
	}
}

func TestPanics(t *testing.T) {
	c, err := New(Config{Hidden: []int{8}, LearningRate: 1e-3, Batch: 4, Steps: 10}, 4, 4, 3, rng.New(1))
	if err != nil {
		t.Fatal(err)
	}
	big := &data.Images{Name: "big", Rows: 5, Cols: 4, Classes: 3, Pixels: make([]uint8, 20), Labels: []uint8{0}}
	for name, f := range map[string]func(){
		"partial image":  func() { c.Features(make([]float32, 8), make([]float32, 17)) },
		"short dst":      func() { c.Logits(make([]float32, 5), make([]float32, 32)) },
		"predict dst":    func() { c.Predict(make([]uint8, 1), make([]float32, 32)) },
		"wrong size":     func() { c.TrainStep(big, rng.New(1)) },
		"score 3 images": func() { c.Score(make([]float32, 48), big) },
	} {
		func() {
			defer func() {
				if e := recover(); e == nil || !strings.HasPrefix(e.(string), "classifier: ") {
					t.Errorf("%s: recovered %v, want a \"classifier: \" panic", name, e)
				}
			}()
			f()
		}()
	}
}
