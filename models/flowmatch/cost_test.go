package flowmatch

import (
	"fmt"
	"testing"

	"genplay/models"
	"genplay/models/modeltest"
	"genplay/tensor/rng"
)

// TestCost compares the Cost of a few configurations with what the built
// models hold after training and inference: a Heun chain of
// models.SampleRows points advanced by one step.
func TestCost(t *testing.T) {
	mnist := Default()
	mnist.Hidden, mnist.Depth, mnist.EmbedDim, mnist.Batch, mnist.Predict, mnist.TimeEvery = 512, 3, 32, 128, PredictX0, true
	wide := Default()
	wide.Hidden, wide.Depth, wide.Batch = 256, 4, 1024
	cfgs := []struct {
		dim int
		cfg Config
	}{{2, Default()}, {2, wide}, {784, mnist}}
	for _, tc := range cfgs {
		var ch models.Chain
		modeltest.CheckCost(t, modeltest.CostCase{
			Name:    fmt.Sprintf("dim %d %+v", tc.dim, tc.cfg),
			Cost:    tc.cfg.Cost(tc.dim),
			Tensors: tc.cfg.Tensors(tc.dim),
			Build:   func() (models.Model, error) { return New(tc.cfg, tc.dim, rng.New(1)) },
			Src:     modeltest.Uniform{D: tc.dim},
			Infer: []func(models.Model, *rng.PCG){
				func(m models.Model, r *rng.PCG) {
					ch, _ = m.(*Model).NewChain(models.SampleRows, models.SampleOpts{Sampler: SamplerHeun, Steps: 4}, r)
					ch.Advance(1, r)
				},
			},
		})
		_ = ch.Remaining()
	}
}
