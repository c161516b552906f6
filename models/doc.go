// Package models is the vocabulary that genplay's model families share: the
// Model interface every family implements, the optional capabilities a
// family may add (encoding, likelihood, density on a grid, truncation,
// inpainting), the data Source they train on, and the Spec that names one
// reproducible training run.
//
// The families live in sub-packages (ae, vae, gan, flow, diffusion) and never
// import one another; registry is the one place that knows them all. The UI
// asks a Model which capability interfaces it implements and shows only
// those.
package models
