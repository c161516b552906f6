package gobench

import (
	"testing"
	"time"
)

// The benchmarked steps must train: 50 Adam steps on the fixed batch lower
// the loss. Losses are compared over the first and last five steps, since
// the VAE's loss is noisy (ε is redrawn each step).
func TestTrainingStepsLowerTheLoss(t *testing.T) {
	for _, tt := range []struct {
		name string
		step func() float32
	}{
		{"ddpm", NewDDPM(1).Step},
		{"diffusion", NewPageDiffusion(1).Step},
		{"vae", NewVAE(1).Step},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var first, last float32
			for i := range 50 {
				l := tt.step()
				if l != l {
					t.Fatalf("step %d: loss is NaN", i)
				}
				switch {
				case i < 5:
					first += l
				case i >= 45:
					last += l
				}
			}
			if !(last < 0.9*first) {
				t.Errorf("mean loss of steps 1–5 = %g, of steps 46–50 = %g: want a drop of at least 10 %%", first/5, last/5)
			}
		})
	}
}

func TestTrainingStepsAllocateNothing(t *testing.T) {
	for _, tt := range []struct {
		name string
		step func() float32
	}{
		{"ddpm", NewDDPM(1).Step},
		{"diffusion", NewPageDiffusion(1).Step},
		{"vae", NewVAE(1).Step},
	} {
		tt.step()
		if n := testing.AllocsPerRun(3, func() { tt.step() }); n != 0 {
			t.Errorf("%s: %v allocations per step, want 0", tt.name, n)
		}
	}
}

func TestRunTrainingReportsLosses(t *testing.T) {
	c := &fakeClock{tick: time.Millisecond}
	res, err := Run(Spec{Bench: "ddpm", Impl: "genplay", MinWarmup: 2, WindowMS: 3, Windows: 3}, c.now)
	if err != nil {
		t.Fatal(err)
	}
	if res.Unit != "steps/s" || len(res.Samples) != 3 || res.Value != Median(res.Samples) {
		t.Errorf("Run = %+v, want 3 samples in steps/s and their median", res)
	}
	if res.LossFirst == 0 || res.LossLast == 0 || res.LossLast >= res.LossFirst {
		t.Errorf("losses %g → %g, want a drop from a nonzero first loss", res.LossFirst, res.LossLast)
	}
}

// goldenWeights is WeightsHash(1, 30). The same value must come out
// natively and under GOOS=js GOARCH=wasm, with and without -tags noasm:
// the SIMD kernels keep the loops' bits.
const goldenWeights = "0a5f220aba7239e5f3017616fc451ab6c3d807d60fbc7e3e5d8bae97d0358912"

func TestWeightsHash(t *testing.T) {
	if got := WeightsHash(1, 30); got != goldenWeights {
		t.Errorf("WeightsHash(1, 30) = %s, want %s", got, goldenWeights)
	}
	res, err := Run(Spec{Bench: "weights", Seed: 1, Windows: 30}, time.Now)
	if err != nil || res.Hash != goldenWeights {
		t.Errorf("Run weights = %+v, %v; want hash %s", res, err, goldenWeights)
	}
}
