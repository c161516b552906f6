package vae

import "genplay/models"

// Cost returns the memory of a VAE of c on data of dimension dim, computed
// without building it (see models.Cost). The training tape holds, per point
// of a batch, the encoder's and the decoder's recorded outputs, the
// reparameterisation and the KL over the Latent coordinates and the
// observation model's terms over the dim coordinates, each with a gradient.
// The inference tape holds the larger of a pass of both networks over
// models.SampleRows points and a chunk of the importance-weighted bound.
// c must be valid.
func (c Config) Cost(dim int) models.Cost {
	encP, encRow := models.MLPCost(models.Widths(dim, c.Hidden, c.Depth, 2*c.Latent)...)
	decP, decRow := models.MLPCost(models.Widths(c.Latent, c.Hidden, c.Depth, dim)...)
	params := encP + decP
	// Terms per coordinate of the observation model (BCEWithLogits or
	// GaussianLogDensity, then the mean's operand).
	obs := int64(7)
	if c.Decoder == Bernoulli {
		obs = 13
	} else if c.ObsStd == 0 {
		params += int64(dim) // the learned log σ²
	}
	cost := models.AdamCost(params)
	n, d, l := int64(c.Batch), int64(dim), int64(c.Latent)
	// The batch and ε, then every output and its gradient: the slices,
	// σ, z and the KL's terms make about 14 values per latent coordinate.
	cost.Activations = models.Float * n * (d + l + 2*(encRow+decRow+obs*d+14*l))
	// Inference: the encoder and the decoder on SampleRows points (as the
	// autoencoder's Cost counts them), or a chunk of the bound, up to
	// max(SampleRows, Samples) codes through the decoder, whichever is
	// larger.
	pass := models.SampleRows * (encRow + decRow + 3*d + l)
	rows := max(int64(models.SampleRows), int64(c.Samples))
	bound := rows*(decRow+l+1) + int64(max(1, models.SampleRows/c.Samples))*(encRow+d)
	cost.Buffers = models.Float * (max(pass, bound) + 2*d)
	return cost
}

// Tensors returns the names and shapes of the weights of a VAE of c on data
// of dimension dim, as Weights lists them, without building it.
func (c Config) Tensors(dim int) []models.TensorShape {
	t := models.LinearShapes(nil, "enc", models.Widths(dim, c.Hidden, c.Depth, 2*c.Latent)...)
	t = models.LinearShapes(t, "dec", models.Widths(c.Latent, c.Hidden, c.Depth, dim)...)
	if c.Decoder == Gaussian && c.ObsStd == 0 {
		t = append(t, models.TensorShape{Name: "dec.logvar", Shape: []int{dim}})
	}
	return t
}
