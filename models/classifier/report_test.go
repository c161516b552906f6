package classifier

import (
	"bytes"
	"math"
	"os"
	"strconv"
	"testing"
	"time"

	"genplay/models/data"
	"genplay/models/modeltest"
	"genplay/tensor/rng"
)

// contrast returns n images of each kind that no generator should be
// confused with real digits: uniform noise, blank images, and one test
// digit repeated (the extreme of mode collapse).
func contrast(test *data.Images, n int) (noise, blank, repeated []float32) {
	d := test.Dim()
	noise, blank, repeated = make([]float32, n*d), make([]float32, n*d), make([]float32, n*d)
	r := rng.New(5)
	for i := range noise {
		noise[i] = r.Float32()
	}
	for i := range n {
		test.Image(repeated[i*d:(i+1)*d], 0)
	}
	return
}

// TestScores checks the image report's zero point against images that are
// clearly not digits. The bounds are loose multiples of what the short run
// measures (logged): an FD of 14.7 for real digits at N = 1000, against 952
// for one repeated digit, 1088 for blank images and 5725 for noise.
func TestScores(t *testing.T) {
	c, _, test := trained(t)
	const n = 1000
	floor, err := c.Floor(test, n)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("real test digits: %v", floor)
	noise, blank, repeated := contrast(test, n)
	score := func(name string, x []float32) Report {
		rep, err := c.Score(x, test)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Logf("%s: %v", name, rep)
		return rep
	}
	rn, rb, rr := score("uniform noise", noise), score("blank", blank), score("one repeated digit", repeated)

	if floor.N != n || floor.FD > 40 || floor.ClassCoverage < 0.99 || floor.Precision < 0.6 || floor.Recall < 0.6 {
		t.Errorf("real test digits score %v; want FD <= 40, class coverage >= 0.99, precision and recall >= 0.6", floor)
	}
	for _, c := range []struct {
		name string
		rep  Report
	}{{"noise", rn}, {"blank", rb}, {"repeated", rr}} {
		if c.rep.FD < 20*floor.FD || c.rep.Recall > 0.05 {
			t.Errorf("%s: FD %.3f, recall %.3f; want FD >= 20 × the floor's %.3f and recall <= 0.05", c.name, c.rep.FD, c.rep.Recall, floor.FD)
		}
	}
	// Identical images get one label: entropy exactly 0.
	if rr.LabelEntropy != 0 || rr.ClassCoverage != 0 || rr.Histogram[test.Labels[0]] != n {
		t.Errorf("one repeated digit: entropy %v, class coverage %v, histogram %v; want 0, 0, all on %d",
			rr.LabelEntropy, rr.ClassCoverage, rr.Histogram, test.Labels[0])
	}
	if math.Abs(floor.LabelEntropy-floor.ClassCoverage*math.Log(10)) > 1e-12 {
		t.Errorf("class coverage %v is not the entropy %v over ln 10", floor.ClassCoverage, floor.LabelEntropy)
	}
}

// TestScoreClamps checks that out-of-range and NaN pixels are clamped
// (NaN to background) before scoring.
func TestScoreClamps(t *testing.T) {
	c, _, test := trained(t)
	const n = 50
	x := images(test, 0, n)
	wild := make([]float32, len(x))
	for i, v := range x {
		switch {
		case v < 0.1 && i%3 == 0:
			wild[i] = float32(math.NaN())
		case v < 0.1:
			wild[i] = -3
		default:
			wild[i] = 1 + 40*v
		}
	}
	for i, v := range x {
		if v < 0.1 {
			x[i] = 0
		} else {
			x[i] = 1
		}
	}
	a, err := c.Score(x, test)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Score(wild, test)
	if err != nil {
		t.Fatal(err)
	}
	if a.FD != b.FD || a.Precision != b.Precision || a.Recall != b.Recall || a.LabelEntropy != b.LabelEntropy {
		t.Errorf("clamped %v, wild %v; want equal", a, b)
	}
}

// TestFull trains the shipped classifier (Pretrain with Default and
// DefaultSeed, 12.5 minutes on a loaded 2-core machine) and measures the figures doc.go quotes. It runs
// only with CLASSIFIER_FULL=1; with CLASSIFIER_OUT=path it also writes the
// classifier file there.
func TestFull(t *testing.T) {
	if os.Getenv("CLASSIFIER_FULL") == "" {
		t.Skip("set CLASSIFIER_FULL=1 to train the full classifier (minutes)")
	}
	train, test := modeltest.MNIST(t)
	start := time.Now()
	c, err := Pretrain(Default(), train, DefaultSeed, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Pretrain: %v (%d steps and the reference over %d images)", time.Since(start), c.Steps(), train.Len())
	acc := c.Accuracy(test)
	t.Logf("test accuracy %.4f, training accuracy %.4f", acc, c.Accuracy(train))
	if acc < 0.98 {
		t.Errorf("test accuracy %.4f, want >= 0.98", acc)
	}
	for _, n := range []int{1000, 2000} {
		floor, err := c.Floor(test, n)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("floor: %v", floor)
		noise, blank, repeated := contrast(test, n)
		for _, x := range []struct {
			name string
			x    []float32
		}{{"uniform noise", noise}, {"blank", blank}, {"one repeated digit", repeated}} {
			rep, err := c.Score(x.x, test)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %v", x.name, rep)
		}
	}
	if out := os.Getenv("CLASSIFIER_OUT"); out != "" {
		var buf bytes.Buffer
		meta := map[string]string{"seed": strconv.Itoa(DefaultSeed), "test_accuracy": strconv.FormatFloat(acc, 'f', 4, 64)}
		if err := Save(&buf, c, meta); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", out, buf.Len())
	}
}
