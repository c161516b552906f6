package ae

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
	cfgs := []struct {
		dim int
		cfg Config
	}{
		{2, Default()},
		{2, Config{Latent: 2, Hidden: 256, Depth: 4, LearningRate: 1e-3, Batch: 512}},
		{784, Config{Latent: 2, Hidden: 256, Depth: 2, LearningRate: 1e-3, Batch: 128}},
		{784, Config{Latent: 16, Hidden: 64, Depth: 1, LearningRate: 1e-3, Batch: 32}},
	}
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
			},
		})
	}
}
