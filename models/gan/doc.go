// Package gan is genplay's generative adversarial network (Goodfellow et al.
// 2014, "Generative Adversarial Nets"): an MLP generator G that maps a latent
// z ~ N(0, I) to a point, trained against an MLP discriminator D.
//
// # Losses
//
// Two objectives are offered (loss.go):
//
//   - "nonsaturating": the original GAN with the generator maximising
//     log D(G(z)) instead of minimising log(1 − D(G(z))) (Goodfellow et al.
//     2014, section 3);
//   - "wgan-gp": the Wasserstein critic with a gradient penalty on random
//     interpolates between real and generated points (Gulrajani et al. 2017,
//     Algorithm 1).
//
// Each generator step follows k = Config.DSteps discriminator steps, each on
// a fresh real batch.
//
// # The gradient penalty without double backprop
//
// The penalty needs ∇ₓD(x), and the tape differentiates only once. D is
// therefore an MLP with LeakyReLU activations, which are piecewise linear:
// at a point x its input gradient is the product
//
//	∇ₓD(x)ᵀ = W₁·diag(m₁)·W₂·diag(m₂)·…·diag(m_L)·w_out
//
// of its weights and the activation slopes mₗ = act'(hₗ) ∈ {1, α}, which are
// constant almost everywhere. The forward pass records the slopes as
// constants; inputGrad (net.go) builds the product on the tape, so the
// penalty is an ordinary expression of the weights and Backward gives its
// exact gradient.
//
// # Capabilities
//
// A Model is a models.Model, a models.Field (the discriminator's output on
// any point, drawn as a heatmap) and a models.Truncator (the truncation
// trick: z is scaled by ψ towards the latent mean 0 before G).
package gan
