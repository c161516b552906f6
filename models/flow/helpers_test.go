package flow

import (
	"math"
	"sync"
	"testing"

	"genplay/models/data"
	"genplay/models/modeltest"
	"genplay/tensor/rng"
)

// lookup returns the named 2D set or fails the test.
func lookup(t testing.TB, name string) data.Set { return modeltest.Lookup(t, name) }

// train returns a model with cfg trained for steps steps on the named set
// from seed, and the generator in the state training left it.
func train(t testing.TB, cfg Config, name string, seed uint64, steps int) (*Model, *rng.PCG) {
	t.Helper()
	set := lookup(t, name)
	r := rng.New(seed)
	m, err := New(cfg, set.Dim(), r)
	if err != nil {
		t.Fatal(err)
	}
	modeltest.Train(t, m, set, r, steps)
	return m, r
}

// moons holds a default flow trained for 300 steps on moons, shared by the
// tests that only read it.
var moons struct {
	once sync.Once
	m    *Model
}

// moonsModel returns the shared trained model, training it on first use.
func moonsModel(t testing.TB) *Model {
	t.Helper()
	moons.once.Do(func() { moons.m, _ = train(t, Default(), "moons", 7, 300) })
	if moons.m == nil {
		t.Fatal("training the shared moons model failed")
	}
	return moons.m
}

// testNLL returns the mean negative log-likelihood in nats of m on n fresh
// points of set drawn from seed (a seed training never used).
func testNLL(m *Model, set data.Set, n int, seed uint64) float64 {
	x := make([]float32, 2*n)
	set.Sample(x, rng.NewStream(seed, 12345))
	lp := make([]float32, n)
	m.LogProb(lp, x, nil)
	var s float64
	for _, v := range lp {
		s -= float64(v)
	}
	return s / float64(n)
}

// maxAbsDiff returns max |a[i] − b[i]|.
func maxAbsDiff(a, b []float32) float64 {
	var d float64
	for i := range a {
		d = math.Max(d, math.Abs(float64(a[i])-float64(b[i])))
	}
	return d
}

// randomizeScales sets every coupling's scale factor a to a uniform value in
// [−1, 1], so that an untrained flow scales as well as translates (New starts
// a at 0, a pure translation).
func randomizeScales(m *Model, r *rng.PCG) {
	for _, c := range m.layers {
		if c.scale != nil {
			for j := range c.scale.Data {
				c.scale.Data[j] = 2*r.Float32() - 1
			}
		}
	}
}

// dequantised returns the first n images of s dequantised as
// data.Images.Sample does, x = (p + u)/256, with u drawn from seed: a fixed
// evaluation set.
func dequantised(s *data.Images, n int, seed uint64) []float32 {
	r := rng.New(seed)
	d := s.Dim()
	x := make([]float32, n*d)
	for i, p := range s.Pixels[:n*d] {
		x[i] = (float32(p) + r.Float32()) * (1.0 / 256)
	}
	return x
}

// bitsPerDim returns m's mean bits per dimension on the dequantised images
// x.
func bitsPerDim(m *Model, x []float32) float64 {
	lp := make([]float32, len(x)/m.Dim())
	m.LogProb(lp, x, nil)
	var s float64
	for _, v := range lp {
		s += float64(v)
	}
	return BitsPerDim(s/float64(len(lp)), m.Dim(), 256)
}

// noiseImages returns ten 4×4 images of uniformly random pixels drawn with
// r: a cheap image source for the checkerboard path.
func noiseImages(r *rng.PCG) *data.Images {
	img := &data.Images{Name: "noise", Rows: 4, Cols: 4, Classes: 1, Pixels: make([]uint8, 16*10), Labels: make([]uint8, 10)}
	for i := range img.Pixels {
		img.Pixels[i] = uint8(r.Intn(256))
	}
	return img
}
