package gan

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
	mnist := Default()
	mnist.LatentDim, mnist.Hidden, mnist.Depth, mnist.Batch = 32, 256, 2, 64
	wide := DefaultWGANGP()
	wide.Hidden, wide.Depth, wide.Batch = 128, 4, 512
	cfgs := []struct {
		dim int
		cfg Config
	}{{2, Default()}, {2, wide}, {784, mnist}}
	for _, tc := range cfgs {
		x := make([]float32, models.SampleRows*tc.dim)
		modeltest.CheckCost(t, modeltest.CostCase{
			Name:    fmt.Sprintf("dim %d %+v", tc.dim, tc.cfg),
			Cost:    tc.cfg.Cost(tc.dim),
			Tensors: tc.cfg.Tensors(tc.dim),
			Build:   func() (models.Model, error) { return New(tc.cfg, tc.dim, rng.New(1)) },
			Src:     modeltest.Uniform{D: tc.dim},
			Infer: []func(models.Model, *rng.PCG){
				func(m models.Model, r *rng.PCG) { m.Sample(x, r) },
				func(m models.Model, r *rng.PCG) { m.(*Model).FieldAt(make([]float32, models.SampleRows), x) },
			},
		})
	}
}
