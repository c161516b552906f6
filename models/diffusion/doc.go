// Package diffusion is genplay's denoising diffusion model (Ho, Jain &
// Abbeel 2020, "Denoising Diffusion Probabilistic Models").
//
// The process and the network are kept apart: a Schedule holds the noise
// levels as precomputed slices, DDPM is a sampler over a Schedule that takes
// the network's noise prediction as an argument, and Model owns the
// noise-prediction network, its optimizer and the training loss.
package diffusion
