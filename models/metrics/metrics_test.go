package metrics

import (
	"math"
	"testing"

	"genplay/models/data"
	"genplay/tensor/rng"
)

// Three samplers with known answers on FFJORD's 8 Gaussians: the true
// distribution, a collapsed one (modes 0, 1, 2 only), and a shifted one.
func samplers(t *testing.T) (set data.Set, truth, collapsed, shifted func(n int, seed uint64) []float32) {
	set, err := data.Lookup("8gaussians")
	if err != nil {
		t.Fatal(err)
	}
	truth = func(n int, seed uint64) []float32 {
		p := make([]float32, 2*n)
		set.Sample(p, rng.New(seed))
		return p
	}
	collapsed = func(n int, seed uint64) []float32 {
		r := rng.New(seed)
		p := make([]float32, 2*n)
		for i := 0; i < len(p); i += 2 {
			k := r.Intn(3)
			p[i] = set.Centers[2*k] + set.Std*r.Normal()
			p[i+1] = set.Centers[2*k+1] + set.Std*r.Normal()
		}
		return p
	}
	shifted = func(n int, seed uint64) []float32 {
		p := truth(n, seed)
		for i := range p {
			p[i] += 10 // far off the ring: no real point nearby
		}
		return p
	}
	return
}

func TestModes(t *testing.T) {
	set, truth, collapsed, shifted := samplers(t)
	st := Modes(truth(2500, 1), set.Centers, 2, set.Std)
	// 1 − e^−4.5 = 0.9889 of an isotropic 2D Gaussian lies within 3σ.
	if st.Captured != 8 || math.Abs(st.HighQuality-0.9889) > 0.01 || st.ReverseKL > 0.01 {
		t.Errorf("true sampler: %+v", st)
	}
	// The protocol counts a mode as captured with a single high-quality
	// point, so a far tail point of mode 2 can capture mode 3 too
	// (P ≈ 1e-3 per point): allow it, but nearly all points must sit on the
	// three modes drawn from.
	st = Modes(collapsed(2500, 2), set.Centers, 2, set.Std)
	onThree := st.PerMode[0] + st.PerMode[1] + st.PerMode[2]
	if st.Captured < 3 || st.Captured > 4 || float64(onThree) < 0.99*st.HighQuality*2500 || math.Abs(st.ReverseKL-math.Log(8.0/3)) > 0.01 {
		t.Errorf("collapsed sampler: %+v, want 3 modes and reverse KL ln(8/3)", st)
	}
	st = Modes(shifted(2500, 3), set.Centers, 2, set.Std)
	if st.HighQuality > 0.05 {
		t.Errorf("shifted sampler: %+v, want almost no high-quality points", st)
	}
	st = Modes(nil, set.Centers, 2, set.Std)
	if st.Captured != 0 || !math.IsInf(st.ReverseKL, 1) {
		t.Errorf("no points: %+v", st)
	}
}

func TestPrecisionRecallDensityCoverage(t *testing.T) {
	_, truth, collapsed, shifted := samplers(t)
	real := truth(1000, 10)
	cases := []struct {
		name               string
		fake               []float32
		pLo, pHi, rLo, rHi float64
		dLo, dHi, cLo, cHi float64
	}{
		// Oracle values for N = 1000 (metrics-literature §2.4): P 0.961, R 0.973 at k = 3;
		// D 1.008, C 0.973 at k = 5.
		{"truth", truth(1000, 11), 0.93, 1, 0.93, 1, 0.9, 1.1, 0.94, 1},
		{"collapsed", collapsed(1000, 12), 0.93, 1, 0.3, 0.45, 0.8, 1.3, 0.3, 0.45},
		{"shifted", shifted(1000, 13), 0, 0, 0, 0, 0, 0, 0, 0},
	}
	for _, c := range cases {
		p, r := PrecisionRecall(real, c.fake, 2, 3)
		d, cv := DensityCoverage(real, c.fake, 2, 5)
		t.Logf("%-9s precision %.3f recall %.3f density %.3f coverage %.3f", c.name, p, r, d, cv)
		if p < c.pLo || p > c.pHi || r < c.rLo || r > c.rHi || d < c.dLo || d > c.dHi || cv < c.cLo || cv > c.cHi {
			t.Errorf("%s: P %.3f R %.3f D %.3f C %.3f outside the expected ranges", c.name, p, r, d, cv)
		}
	}
}

// TestKthRadii checks the neighbour search on points of a line, where the
// answer is known: at 0, 1, 3, 6 the 2nd-nearest distances are 3, 2, 3, 5.
func TestKthRadii(t *testing.T) {
	got := kthRadii([]float32{0, 1, 3, 6}, 1, 2)
	want := []float64{9, 4, 9, 25}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("radius %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestMMD(t *testing.T) {
	_, truth, collapsed, shifted := samplers(t)
	real := truth(800, 20)
	bw := Bandwidths(real, 2)
	same := MMD(real, truth(800, 21), 2, bw)
	col := MMD(real, collapsed(800, 22), 2, bw)
	shf := MMD(real, shifted(800, 23), 2, bw)
	t.Logf("MMD² truth %.2e collapsed %.2e shifted %.2e (bandwidths %.3v)", same, col, shf, bw)
	if math.Abs(same) > 0.01 || col < 0.2 || shf < 0.2 {
		t.Errorf("MMD² truth %v, collapsed %v, shifted %v", same, col, shf)
	}
	// A single kernel of bandwidth σ between point masses at 0 and d:
	// 2 − 2·exp(−d²/2σ²) with the within-set sums over identical points,
	// to float32's precision (the kernel's terms are float32).
	a, b := []float32{0, 0, 0, 0}, []float32{1, 1}
	if got, want := MMD(a, b, 1, []float64{1}), 2-2*math.Exp(-0.5); math.Abs(got-want) > 1e-6 {
		t.Errorf("MMD² of point masses = %v, want %v", got, want)
	}
}

func TestMedianDistance(t *testing.T) {
	// Pairwise distances of 0, 1, 3 on a line are 1, 2, 3.
	if got := MedianDistance([]float32{0, 1, 3}, 1); got != 2 {
		t.Errorf("median %v, want 2", got)
	}
}
