package gan

import (
	"os"
	"strconv"
	"testing"
	"time"

	"genplay/models/data"
	"genplay/models/metrics"
	"genplay/tensor/rng"
)

// TestCompareLosses trains both objectives with their defaults on 8 and 25
// Gaussians from three seeds and logs the metrics of models/metrics on 1000
// real and 1000 generated points (k = 3 for precision and recall, 5 for
// density and coverage). It is a measurement, not a check, and takes
// minutes, so it runs only when asked:
//
//	GAN_COMPARE=1 go test -run CompareLosses -v ./models/gan
//
// GAN_COMPARE_STEPS sets the number of generator steps (default 2000).
func TestCompareLosses(t *testing.T) {
	if os.Getenv("GAN_COMPARE") == "" {
		t.Skip("set GAN_COMPARE=1 to measure")
	}
	steps := 2000
	if s, err := strconv.Atoi(os.Getenv("GAN_COMPARE_STEPS")); err == nil && s > 0 {
		steps = s
	}
	for _, name := range []string{"8gaussians", "25gaussians"} {
		set, err := data.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, cfg := range []Config{Default(), DefaultWGANGP()} {
			for seed := uint64(1); seed <= 3; seed++ {
				start := time.Now()
				m, _ := train(t, cfg, set, seed, steps)
				perStep := time.Since(start) / time.Duration(steps)
				ev := rng.New(1000 + seed)
				real, fake := make([]float32, 2*evalPoints), make([]float32, 2*evalPoints)
				set.Sample(real, ev)
				m.Sample(fake, ev)
				st := metrics.Modes(fake, set.Centers, 2, set.Std)
				p, rc := metrics.PrecisionRecall(real, fake, 2, 3)
				d, c := metrics.DensityCoverage(real, fake, 2, 5)
				mmd := metrics.MMD(real, fake, 2, metrics.Bandwidths(real, 2))
				t.Logf("%s %s seed %d, %d steps (%v/step): modes %d/%d, HQ %.1f%%, P %.3f, R %.3f, density %.3f, coverage %.3f, MMD² %.2g",
					name, cfg.Loss, seed, steps, perStep.Round(10*time.Microsecond), st.Captured, len(set.Centers)/2,
					100*st.HighQuality, p, rc, d, c, mmd)
			}
		}
	}
}
