package ae

import "genplay/models"

// Cost returns the memory of an autoencoder of c on data of dimension dim,
// computed without building it (see models.Cost). The training tape holds,
// per point of a batch, the encoder's and the decoder's recorded outputs
// and the mean squared error's three terms over the dim coordinates, each
// with a gradient; the inference tape holds the encoder and the decoder on
// models.SampleRows points, without gradients. c must be valid.
func (c Config) Cost(dim int) models.Cost {
	encP, encRow := models.MLPCost(models.Widths(dim, c.Hidden, c.Depth, c.Latent)...)
	decP, decRow := models.MLPCost(models.Widths(c.Latent, c.Hidden, c.Depth, dim)...)
	cost := models.AdamCost(encP + decP)
	n, d := int64(c.Batch), int64(dim)
	// The batch, then every output and its gradient.
	cost.Activations = models.Float * n * (d + 2*(encRow+decRow+3*d))
	// Inference on SampleRows points: the inputs, the encoder's and the
	// decoder's outputs, and the decoder's last two again where a decoding
	// alone records them over the encoder's (the tape reuses a position's
	// buffer only for the same shape).
	cost.Buffers = models.Float * models.SampleRows * (encRow + decRow + 3*d + int64(c.Latent))
	return cost
}

// Tensors returns the names and shapes of the weights of an autoencoder of
// c on data of dimension dim, as Weights lists them, without building it.
func (c Config) Tensors(dim int) []models.TensorShape {
	t := models.LinearShapes(nil, "enc", models.Widths(dim, c.Hidden, c.Depth, c.Latent)...)
	return models.LinearShapes(t, "dec", models.Widths(c.Latent, c.Hidden, c.Depth, dim)...)
}
