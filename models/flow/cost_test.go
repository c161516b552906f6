package flow

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
	mnist.Couplings, mnist.Hidden, mnist.Depth, mnist.Batch, mnist.Logit, mnist.Mask = 8, 128, 2, 64, 1e-6, MaskCheckerboard
	wide := Default()
	wide.Couplings, wide.Hidden, wide.Depth, wide.Batch, wide.TanhScale = 4, 256, 3, 512, false
	alt := Default() // alternating masks on images: every coupling moves all 784
	alt.Couplings, alt.Hidden, alt.Batch = 2, 64, 64
	odd := mnist
	odd.Couplings, odd.Hidden, odd.Batch = 3, 32, 16
	cfgs := []struct {
		dim int
		cfg Config
	}{{2, Default()}, {2, wide}, {784, mnist}, {25, odd}, {784, alt}}
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
				func(m models.Model, r *rng.PCG) { m.(*Model).Forward(x, nil, x) },
				func(m models.Model, r *rng.PCG) { m.(*Model).LogProb(make([]float32, models.SampleRows), x, r) },
			},
		})
	}
}
