package gan

import "genplay/models"

// Cost returns the memory of a GAN of c on points of dimension dim,
// computed without building it (see models.Cost). Training keeps three
// tapes for a batch: G without gradients for the discriminator's step (and
// D at the interpolates for WGAN-GP), D on the real and the generated batch
// with gradients (and WGAN-GP's input gradient), and G then D with
// gradients for the generator's step; each hidden layer also keeps its
// LeakyReLU mask. Inference keeps G and D on models.SampleRows points each.
// c must be valid.
func (c Config) Cost(dim int) models.Cost {
	gP, gRow := models.MLPCost(models.Widths(c.LatentDim, c.Hidden, c.Depth, dim)...)
	dP, dRow := models.MLPCost(models.Widths(dim, c.Hidden, c.Depth, 1)...)
	cost := models.AdamCost(gP + dP)
	n, d, z := int64(c.Batch), int64(dim), int64(c.LatentDim)
	mask := int64(c.Depth) * int64(c.Hidden) // per row, per pass of a network
	// The discriminator's step: G(z) as a constant, D twice with gradients.
	perRow := (gRow + mask) + 2*(2*dRow+mask)
	if c.Loss == WGANGP {
		// D at x̂, then ∇ₓD(x̂): a product and a mask per layer, and the
		// penalty's terms.
		perRow += (dRow + mask) + 2*(2*mask+2*d+1)
	}
	// The generator's step: G and D with gradients.
	perRow += 2*(gRow+dRow) + 2*mask
	// z, the real batch and x̂.
	cost.Activations = models.Float * n * (perRow + z + 2*d)
	cost.Buffers = models.Float * models.SampleRows * (gRow + dRow + 2*mask + z + d)
	return cost
}

// Tensors returns the names and shapes of the weights of a GAN of c on
// points of dimension dim, as Weights lists them, without building it.
func (c Config) Tensors(dim int) []models.TensorShape {
	t := models.LinearShapes(nil, "g", models.Widths(c.LatentDim, c.Hidden, c.Depth, dim)...)
	return models.LinearShapes(t, "d", models.Widths(dim, c.Hidden, c.Depth, 1)...)
}
