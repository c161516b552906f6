package flow

import (
	"math"
	"testing"

	"genplay/tensor/rng"
)

func TestBitsPerDim(t *testing.T) {
	for _, c := range []struct {
		logProb     float64
		dim, levels int
		want        float64
	}{
		// The uniform density on the cube: no better than storing the bits.
		{0, 784, 256, 8},
		{0, 3, 2, 1},
		// Density levels^dim: all the mass in one cell of the grid, 0 bits.
		{784 * 8 * math.Ln2, 784, 256, 0},
		// Density 2^−dim on the cube is impossible but converts all the same:
		// one bit per dimension more than uniform.
		{-10 * math.Ln2, 10, 256, 9},
	} {
		if got := BitsPerDim(c.logProb, c.dim, c.levels); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("BitsPerDim(%g, %d, %d) = %v, want %v", c.logProb, c.dim, c.levels, got, c.want)
		}
	}
}

// identity zeroes the last layer of every coupling's network, so that s = t
// = 0 and each coupling is the identity.
func identity(m *Model) {
	for _, c := range m.layers {
		l := c.net.Layers[len(c.net.Layers)-1]
		clear(l.W.Data)
		clear(l.B.Data)
	}
}

// TestBitsPerDimUniform scores uniform data under a flow that is the logit
// layer alone (identity couplings), a case with a closed form: with α → 0,
// y = logit(x) of x ~ U(0, 1) is standard logistic, of variance π²/3, and
// E[−ln x − ln(1 − x)] = 2, so per dimension
//
//	E[log p(x)] = E[log N(y; 0, 1)] + E[−ln x − ln(1 − x)]
//	            = −π²/6 − ½ ln 2π + 2 = −0.56387 nats,
//
// which is 8 + 0.56387/ln 2 = 8.81350 bits/dim. α = 10⁻⁶ moves this by
// O(α ln α), far below the Monte Carlo error of 512 points × 784 dimensions
// (about 0.002 bits).
func TestBitsPerDimUniform(t *testing.T) {
	cfg := Default()
	cfg.Couplings, cfg.Hidden, cfg.Mask, cfg.Logit, cfg.Batch = 2, 8, MaskCheckerboard, 1e-6, 1
	const n, dim = 512, 784
	r := rng.New(2)
	m, err := New(cfg, dim, r)
	if err != nil {
		t.Fatal(err)
	}
	identity(m)
	x, lp := make([]float32, n*dim), make([]float32, n)
	for i := range x {
		x[i] = r.Float32()
	}
	m.LogProb(lp, x, nil)
	var mean float64
	for _, v := range lp {
		mean += float64(v) / n
	}
	want := 8 + (math.Pi*math.Pi/6+0.5*math.Log(2*math.Pi)-2)/math.Ln2
	got := BitsPerDim(mean, dim, 256)
	t.Logf("identity + logit flow on uniform data: %.5f bits/dim, closed form %.5f", got, want)
	if math.Abs(got-want) > 0.01 {
		t.Errorf("%.5f bits/dim, want %.5f ± 0.01", got, want)
	}
}

// TestLogitDensityIntegratesToOne sums p(x) of an untrained 2D flow with the
// logit layer (α = 0.1) and random scale factors over a fine grid covering
// the layer's whole domain, (−α/(1−2α), 1 + α/(1−2α))², which it maps onto
// the plane: the midpoint Riemann sum must be 1 within 2%, and the mass
// inside the unit square at most that.
func TestLogitDensityIntegratesToOne(t *testing.T) {
	cfg := Default()
	cfg.Logit = 0.1
	r := rng.New(4)
	m, err := New(cfg, 2, r)
	if err != nil {
		t.Fatal(err)
	}
	randomizeScales(m, r)
	const side = 400
	lo := -0.1 / 0.8
	cell := (1 - 2*lo) / side
	grid := make([]float32, 2*side*side)
	for i := range side {
		for j := range side {
			k := 2 * (i*side + j)
			grid[k] = float32(lo + (float64(j)+0.5)*cell)
			grid[k+1] = float32(lo + (float64(i)+0.5)*cell)
		}
	}
	lp := make([]float32, side*side)
	m.LogProb(lp, grid, nil)
	var mass, inside float64
	for k, v := range lp {
		p := math.Exp(float64(v)) * cell * cell
		mass += p
		if x, y := grid[2*k], grid[2*k+1]; x >= 0 && x <= 1 && y >= 0 && y <= 1 {
			inside += p
		}
	}
	t.Logf("∫p over the logit's domain ≈ %.4f, over [0, 1]² %.4f (%d×%d grid)", mass, inside, side, side)
	if math.Abs(mass-1) > 0.02 {
		t.Errorf("density integrates to %.4f, want 1 ± 0.02", mass)
	}
	if inside > mass {
		t.Errorf("mass %.4f inside [0, 1]² exceeds the total %.4f", inside, mass)
	}
}
