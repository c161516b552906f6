package metrics

import (
	"math"
	"testing"

	"genplay/tensor/rng"
)

// mmdFloat64 is MMD's formula in float64 with math.Exp and every term
// evaluated: the reference MMD is held to.
func mmdFloat64(x, y []float32, dim int, sigmas []float64) float64 {
	nx, ny := len(x)/dim, len(y)/dim
	kern := func(a, b []float32) float64 {
		d := sqDist(a, b)
		var s float64
		for _, sg := range sigmas {
			s += math.Exp(-d / (2 * sg * sg))
		}
		return s
	}
	within := func(z []float32, n int) float64 {
		var s float64
		for i := range n {
			for j := range n {
				if i != j {
					s += kern(z[i*dim:(i+1)*dim], z[j*dim:(j+1)*dim])
				}
			}
		}
		return s / float64(n*(n-1))
	}
	var cross float64
	for i := range nx {
		for j := range ny {
			cross += kern(x[i*dim:(i+1)*dim], y[j*dim:(j+1)*dim])
		}
	}
	return within(x, nx) + within(y, ny) - 2*cross/float64(nx*ny)
}

// TestMMDMatchesFloat64 holds MMD, with its float32 kernel and its early
// stop, to the float64 formula on matching, collapsed and shifted samples,
// on far apart clusters (where most terms underflow) and in 3D, with the
// live metrics' bandwidths and with a single wide one.
func TestMMDMatchesFloat64(t *testing.T) {
	_, truth, collapsed, shifted := samplers(t)
	real := truth(300, 30)
	r := rng.New(31)
	far := make([]float32, 2*200)
	r.FillNormal(far)
	for i := range far {
		far[i] = 0.01*far[i] + float32(10*(i/2%5)) // five clusters 10 apart, σ = 0.01
	}
	in3 := make([]float32, 3*150)
	r.FillNormal(in3)
	cases := []struct {
		name string
		x, y []float32
		dim  int
	}{
		{"truth", real, truth(250, 32), 2},
		{"collapsed", real, collapsed(250, 33), 2},
		{"shifted", real, shifted(250, 34), 2},
		{"far clusters", far, truth(200, 35), 2},
		{"3D", in3[:3*70], in3[3*70:], 3},
	}
	for _, c := range cases {
		for _, bw := range [][]float64{Bandwidths(c.x, c.dim), {0.01, 30}} {
			got, want := MMD(c.x, c.y, c.dim, bw), mmdFloat64(c.x, c.y, c.dim, bw)
			if math.Abs(got-want) > 2e-6 {
				t.Errorf("%s, bandwidths %.3g: MMD² = %.9g, the float64 formula %.9g", c.name, bw, got, want)
			}
		}
	}
}

// TestMMDBandwidthOrder checks that the bandwidths' order does not
// matter.
func TestMMDBandwidthOrder(t *testing.T) {
	_, truth, _, shifted := samplers(t)
	x, y := truth(100, 40), shifted(100, 41)
	bw := Bandwidths(x, 2)
	rev := make([]float64, len(bw))
	for i, v := range bw {
		rev[len(bw)-1-i] = v
	}
	if a, b := MMD(x, y, 2, bw), MMD(x, y, 2, rev); a != b {
		t.Errorf("MMD² %v with the bandwidths in order, %v reversed", a, b)
	}
}

// TestMMDSumInPieces checks that MMD computed a few rows at a time, in
// pieces of every size from one row to all of them, gives MMD's bits, and
// that Advance reports done exactly at the last row.
func TestMMDSumInPieces(t *testing.T) {
	_, truth, _, shifted := samplers(t)
	x, y := truth(120, 50), shifted(90, 51)
	bw := Bandwidths(x, 2)
	want := MMD(x, y, 2, bw)
	for _, k := range []int{1, 7, 89, 120, 209, 210, 1000} {
		m := NewMMDSum(x, y, 2, bw)
		if m.Rows() != 210 {
			t.Fatalf("Rows() = %d, want 210", m.Rows())
		}
		calls := 1
		for !m.Advance(k) {
			calls++
		}
		if got := m.Value(); got != want {
			t.Errorf("in pieces of %d rows: MMD² = %v, MMD gives %v", k, got, want)
		}
		if wantCalls := (210 + k - 1) / k; calls != wantCalls {
			t.Errorf("in pieces of %d rows: done after %d calls, want %d", k, calls, wantCalls)
		}
		if !m.Advance(1) || m.Value() != want {
			t.Errorf("in pieces of %d rows: an Advance after the end changed the sum", k)
		}
	}
}
