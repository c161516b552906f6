package flowmatch

import (
	"testing"

	"genplay/models"
	"genplay/models/metrics"
	"genplay/tensor/rng"
)

// TestPredictX0 trains the network to output x̂₀ instead of the velocity,
// with the time embedding fed to every layer (the MNIST preset's network),
// and checks that the velocity made from it, v = (xₜ − x̂₀)/max(t, 0.05),
// still finds every mode of 8 Gaussians with 20 Euler steps. A wrong
// conversion sends the samples astray and fails the precision bar.
//
// On 2D data an x₀ network is the weaker choice, as diffusion's is: near
// t = 0 it must learn the identity, and errors there reach the velocity
// divided by t (measured after 1500 steps from seed 1: precision 0.828 and
// recall 0.963 with Euler-20, 0.879 and 0.970 with Heun-10, against
// 0.917 and 0.962 for the velocity network), so its precision bar is
// lower.
func TestPredictX0(t *testing.T) {
	cfg := Default()
	cfg.Predict, cfg.TimeEvery = PredictX0, true
	m, r, set := train(t, cfg, "8gaussians", 1, 1500)
	const n = 1000
	real, fake := make([]float32, 2*n), make([]float32, 2*n)
	set.Sample(real, rng.New(99))
	for _, opts := range []models.SampleOpts{{Sampler: SamplerEuler, Steps: 20}, {Sampler: SamplerHeun, Steps: 10}} {
		c, err := m.NewChain(n, opts, r)
		if err != nil {
			t.Fatal(err)
		}
		c.Advance(c.Len(), r)
		copy(fake, c.X())
		st := metrics.Modes(fake, set.Centers, 2, set.Std)
		p, rc := metrics.PrecisionRecall(real, fake, 2, 3)
		t.Logf("%s-%d: modes %d/8, high quality %.1f%%, precision %.3f, recall %.3f", opts.Sampler, opts.Steps, st.Captured, 100*st.HighQuality, p, rc)
		if st.Captured != 8 || p < 0.8 || rc < 0.9 {
			t.Errorf("%s-%d: modes %d, precision %.3f, recall %.3f; want 8, >= 0.8, >= 0.9", opts.Sampler, opts.Steps, st.Captured, p, rc)
		}
	}
}
