package flowmatch

import (
	"fmt"

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
	params, row := models.MLPCost(models.Widths(dim+c.EmbedDim, c.Hidden, c.Depth, dim)...)
	e, d := int64(c.EmbedDim), int64(dim)
	if c.TimeEvery {
		// Every layer after the first reads the embedding too.
		params += e * (int64(c.Depth-1)*int64(c.Hidden) + d)
		row += e + int64(c.Depth)*(int64(c.Hidden)+e)
	}
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
	sizes := models.Widths(dim+c.EmbedDim, c.Hidden, c.Depth, dim)
	if !c.TimeEvery {
		return models.LinearShapes(nil, "v", sizes...)
	}
	var t []models.TensorShape
	for i := 1; i < len(sizes); i++ {
		in := sizes[i-1]
		if i > 1 {
			in += c.EmbedDim
		}
		t = append(t,
			models.TensorShape{Name: fmt.Sprintf("v.%d.w", i-1), Shape: []int{in, sizes[i]}},
			models.TensorShape{Name: fmt.Sprintf("v.%d.b", i-1), Shape: []int{sizes[i]}})
	}
	return t
}
