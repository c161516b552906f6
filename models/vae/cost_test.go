package vae

import (
	"fmt"
	"testing"

	"genplay/models"
	"genplay/models/modeltest"
	"genplay/tensor/rng"
)

// TestCost compares the Cost of a few configurations with what the built
// models hold after training and inference.
func TestCost(t *testing.T) {
	mnist := Config{Latent: 2, Hidden: 256, Depth: 2, Decoder: Bernoulli, Beta: 1, Samples: 10, LearningRate: 1e-3, Batch: 128}
	wide := Default()
	wide.Hidden, wide.Depth, wide.Batch, wide.Latent = 256, 3, 512, 8
	fixed := Default()
	fixed.ObsStd, fixed.Samples = 0.1, 1
	cfgs := []struct {
		dim int
		cfg Config
	}{{2, Default()}, {2, wide}, {2, fixed}, {784, mnist}}
	for _, tc := range cfgs {
		x := make([]float32, models.SampleRows*tc.dim)
		modeltest.CheckCost(t, modeltest.CostCase{
			Name:    fmt.Sprintf("dim %d %+v", tc.dim, tc.cfg),
			Cost:    tc.cfg.Cost(tc.dim),
			Tensors: tc.cfg.Tensors(tc.dim),
			Build:   func() (models.Model, error) { return New(tc.cfg, tc.dim, rng.New(1)) },
			Src:     modeltest.Uniform{D: tc.dim},
			Infer: []func(models.Model, *rng.PCG){
				func(m models.Model, r *rng.PCG) { m.(*Model).Reconstruct(x, x) },
				func(m models.Model, r *rng.PCG) { m.Sample(x, r) },
				func(m models.Model, r *rng.PCG) {
					// One chunk of the bound, the largest.
					n := max(1, models.SampleRows/tc.cfg.Samples)
					m.(*Model).LogProb(make([]float32, n), x[:n*tc.dim], r)
				},
			},
		})
	}
}
