package vae

import (
	"fmt"
	"math"
	"testing"

	"genplay/tensor/rng"
)

// TestImportanceWeightedBound checks Burda et al.'s Theorem 1 on a trained
// model, averaged over 2000 points of 8 Gaussians: L_1 estimates the ELBO,
// L_1 ≤ L_5 ≤ L_50, and L_50 stays below −H, the data's negative entropy,
// which bounds the expected log-likelihood of any model.
func TestImportanceWeightedBound(t *testing.T) {
	set := lookup(t, "8gaussians")
	m, r, _ := train(t, Default(), set, 2, 300)
	const n = 2000
	x := make([]float32, 2*n)
	set.Sample(x, r)

	// The same seed for the ELBO and L_1 draws the same z for each point,
	// so the two differ only by the analytic against the sampled KL.
	elbo, l1 := make([]float32, n), make([]float32, n)
	m.ELBO(elbo, x, rng.New(7))
	m.Bound(l1, x, 1, rng.New(7))
	var d, d2 float64
	for i := range n {
		v := float64(l1[i] - elbo[i])
		d += v
		d2 += v * v
	}
	d /= n
	se := math.Sqrt((d2/n - d*d) / n)

	bounds := map[int]float64{}
	for _, k := range []int{5, 50} {
		lk := make([]float32, n)
		m.Bound(lk, x, k, rng.New(uint64(k)))
		bounds[k] = mean(lk)
	}
	t.Logf("ELBO %.4f, L_1 %.4f (difference %.4f ± %.4f), L_5 %.4f, L_50 %.4f, −H %.4f",
		mean(elbo), mean(l1), d, se, bounds[5], bounds[50], -set.Entropy)
	if math.Abs(d) > 4*se+1e-6 {
		t.Errorf("L_1 − ELBO = %.4f, more than 4 standard errors (%.4f) from 0", d, se)
	}
	if !(mean(elbo) < bounds[5] && bounds[5] < bounds[50]) {
		t.Errorf("want ELBO < L_5 < L_50, got %.4f, %.4f, %.4f", mean(elbo), bounds[5], bounds[50])
	}
	// The sample mean of −log p_data(x) over 2000 points has a standard
	// error of about 0.02 nats; 0.1 is five of them.
	if bounds[50] > -set.Entropy+0.1 {
		t.Errorf("L_50 = %.4f above −H = %.4f: not a lower bound", bounds[50], -set.Entropy)
	}

	// LogProb is Bound with Config.Samples.
	lp, lb := make([]float32, 10), make([]float32, 10)
	m.LogProb(lp, x[:20], rng.New(3))
	m.Bound(lb, x[:20], m.Config().Samples, rng.New(3))
	for i := range lp {
		if lp[i] != lb[i] {
			t.Fatalf("LogProb %v, Bound(K = Samples) %v", lp, lb)
		}
	}
	if k := m.LogProbKind(); k.Exact() || k.Bound != fmt.Sprintf("IWAE-%d", m.Config().Samples) || k.Evals != 1+m.Config().Samples {
		t.Errorf("LogProbKind() = %+v, want the IWAE-%d bound", k, m.Config().Samples)
	}
}
