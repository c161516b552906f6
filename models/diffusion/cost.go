package diffusion

import (
	"genplay/models"
)

// Cost returns the memory of a diffusion model of c on points of dimension
// dim, computed without building it (see models.Cost). The training tape
// holds, per point of a batch, the network's recorded outputs (with
// TimeEvery, the embedding's slice and each layer's concatenation too) and
// the loss's terms, each with a gradient; the batch, its network input and
// its target come with it. Buffers are the table of time embeddings and a
// chain of models.SampleRows points: its tape without gradients, its input,
// its points and their x₀ prediction. c must be valid.
func (c Config) Cost(dim int) models.Cost {
	params, row := models.TimeMLPCost(dim, c.EmbedDim, c.Hidden, c.Depth, c.TimeEvery)
	e, d := int64(c.EmbedDim), int64(dim)
	cost := models.AdamCost(params)
	n := int64(c.Batch)
	loss := 3 * d // the difference (two terms) and its square
	if c.MinSNR > 0 {
		loss = 4*d + 1
	}
	// The batch, the input [xₜ, emb(t)], the target and the weights, then
	// every output and its gradient.
	cost.Activations = models.Float * n * (d + (d + e) + d + 1 + 2*(row+loss))
	cost.Buffers = models.Float * (int64(c.T)*e + models.SampleRows*(row+(d+e)+2*d))
	return cost
}

// Tensors returns the names and shapes of the weights of a diffusion model
// of c on points of dimension dim, as Weights lists them, without building
// it.
func (c Config) Tensors(dim int) []models.TensorShape {
	return models.TimeMLPShapes("eps", dim, c.EmbedDim, c.Hidden, c.Depth, c.TimeEvery)
}
