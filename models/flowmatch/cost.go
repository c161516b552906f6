package flowmatch

import (
	"genplay/models"
)

// Cost returns the memory of a flow-matching model of c on points of
// dimension dim, computed without building it (see models.Cost). The
// training tape holds, per point of a batch, the network's recorded outputs
// (with TimeEvery, the embedding's slice and each layer's concatenation
// too) and the loss's terms, each with a gradient; the batch, its network
// input, its target and (predicting x₀) xₜ and 1/t come with it. Buffers
// are a chain of models.SampleRows points: its tape without gradients, its
// input, its points, their x₀ preview and a second-order solver's velocity
// and midpoint. c must be valid.
func (c Config) Cost(dim int) models.Cost {
	params, row := models.TimeMLPCost(dim, c.EmbedDim, c.Hidden, c.Depth, c.TimeEvery)
	e, d := int64(c.EmbedDim), int64(dim)
	cost := models.AdamCost(params)
	n := int64(c.Batch)
	loss := 3 * d // the difference (two terms) and its square
	extra := int64(0)
	if c.Predict == PredictX0 {
		loss += 2 * d // xₜ − x̂₀ and its product with 1/t
		extra = d + 1 // xₜ and 1/t
	}
	// The batch, the input [xₜ, emb(t)], the target and the loss, then
	// every output and its gradient.
	cost.Activations = models.Float * n * (d + (d + e) + d + extra + 1 + 2*(row+loss))
	cost.Buffers = models.Float * models.SampleRows * (row + (d + e) + 4*d)
	return cost
}

// Tensors returns the names and shapes of the weights of a flow-matching
// model of c on points of dimension dim, as Weights lists them, without
// building it.
func (c Config) Tensors(dim int) []models.TensorShape {
	return models.TimeMLPShapes("v", dim, c.EmbedDim, c.Hidden, c.Depth, c.TimeEvery)
}
