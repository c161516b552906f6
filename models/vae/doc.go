// Package vae is genplay's variational autoencoder (Kingma & Welling 2014,
// "Auto-Encoding Variational Bayes"), with the β weight of Higgins et al.
// (2017) and the importance-weighted log-likelihood bound of Burda, Grosse &
// Salakhutdinov (2016).
//
// An encoder MLP maps x to the mean and log-variance of a diagonal Gaussian
// q(z|x); a decoder MLP maps z to the parameters of p(x|z); the prior p(z) is
// N(0, I). Training maximises the ELBO with the reparameterisation trick
// (elbo.go holds the objective and the bound, with a notation table).
//
// # Decoders
//
// Config.Decoder selects the observation model:
//
//   - "gaussian", for real-valued data such as the 2D sets: p(x|z) =
//     N(μ(z), diag σ²). With Config.ObsStd = 0 (the default) σ² is one
//     learned variance per data dimension, weights "dec.logvar", so the
//     ELBO and LogProb are bounds on a proper density and Sample draws from
//     the model whose likelihood is reported. σ starts at 1 and Adam moves
//     log σ² by about the learning rate per step, so samples sharpen over
//     the first two thousand steps or so. (Setting σ² to the batch's
//     squared error in closed form, the σ-VAE of Rybkin et al. 2021, starts
//     σ at the data's spread and collapsed q(z|x) onto the prior on 8
//     Gaussians in two of three seeds tried.) A fixed ObsStd > 0 instead
//     sets the ratio of reconstruction to KL, and shows both ways a VAE
//     blurs: with a large σ the samples are smeared by the observation
//     noise while the decoded means crowd the mode centres; with a small σ
//     the codes fill the prior, and its mass between two modes' codes
//     decodes to bridges between the modes.
//   - "bernoulli", for data in [0, 1] such as MNIST: p(x|z) =
//     Bernoulli(sigmoid(l(z))) over each pixel, the loss BCEWithLogits.
//     Decode, Reconstruct and Sample give the pixel probabilities, the
//     image every VAE paper shows, not binary draws.
//
// # Capabilities
//
// Model implements models.Model, models.Encoder (the code of x is the
// posterior mean), models.Reconstructor (the decoding of that mean) and
// models.Likelihood (LogProb is the K-sample importance-weighted bound, K =
// Config.Samples; Exact is false). Interpolate decodes the straight line
// between two points' codes.
//
// Weights are named "enc.i.w", "enc.i.b", "dec.i.w", "dec.i.b" for the i-th
// Linear layer of each network, and "dec.logvar" for a learned observation
// variance. The encoder's last layer has 2·Latent outputs: the means, then
// the log-variances.
package vae
