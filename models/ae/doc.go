// Package ae is genplay's plain autoencoder: an MLP encoder to a code z and
// an MLP decoder back, trained to minimise the mean squared reconstruction
// error (Hinton & Salakhutdinov 2006, "Reducing the Dimensionality of Data
// with Neural Networks").
//
// # Why it is no sampler
//
// Nothing in the loss says where the codes of the data should lie, so the
// encoder puts them wherever reconstruction is easiest. Sample nevertheless
// decodes z ~ N(0, I), as a VAE does: the prior and the codes of the data
// disagree, and the decoded points land between and beyond the data. The tests
// measure it on 8 Gaussians: reconstructions are nearly exact while the k-NN
// precision of prior samples is low. That is the claim "autoencoders
// reconstruct but cannot sample", which the VAE answers by training the codes
// towards the prior.
//
// # Layout
//
// Model implements models.Model, models.Reconstructor and models.Encoder.
// Its weights are named "enc.i.w", "enc.i.b", "dec.i.w" and "dec.i.b" for
// the i-th Linear layer of each network.
package ae
