// Package models is the vocabulary that genplay's model families share: the
// Model interface every family implements, the optional capabilities a
// family may add, the data Source they train on, and the Spec that names one
// reproducible training run.
//
// The capabilities (capabilities.go), each checked in its family with a
// var _ models.X = (*Model)(nil) line:
//
//	Reconstructor, Encoder   ae, vae
//	Likelihood               vae (IWAE-K bound), flow (exact), diffusion (VLB);
//	                         LogProbKind says which and what it costs
//	PausingLikelihood        diffusion: its T evaluations can be interleaved
//	Field                    flow (log p(x)), gan (D(x))
//	Truncator                gan
//	Bijection                flow
//	Inpainter, Translator    diffusion, in one call
//	Stepper, Chain           diffusion: samplers ddpm and ddim, advanced a few
//	                         steps at a time with an x₀ preview
//	ChainInpainter,          diffusion: inpainting and SDEdit as chains
//	ChainTranslator
//	Predictor, Noiser        diffusion: the network's ε at (x, t) and the
//	                         forward process q(xₜ|x₀)
//
// The families live in sub-packages (ae, vae, gan, flow, diffusion) and never
// import one another; registry is the one place that knows them all. The
// worker, the command-line tool and package pretrained ask a Model which
// capability interfaces it implements, never its family.
package models
