package registry

// The families, one row each: adding a family is its package, its row here
// and nothing else in registry.

import (
	"encoding/json"

	"genplay/models/ae"
	"genplay/models/diffusion"
	"genplay/models/flow"
	"genplay/models/flowmatch"
	"genplay/models/gan"
	"genplay/models/vae"
)

// families returns the rows in display order. The Params' keys and enum
// options follow the Config types of the family packages; params_test.go
// checks that every key exists, that every range holds the defaults and the
// presets, and that both ends of every range validate.
//
// The MNIST runs are MLPs sized to train natively in minutes and in a
// browser tab in tens of minutes; the AE and the VAE keep a 2D code so that
// the page can plot the latent space and decode a grid over it.
func families() []Family {
	return []Family{
		family(Family{
			Name:  "ae",
			Title: "Autoencoder",
			About: "An autoencoder squeezes each point through a small code and learns to rebuild it. " +
				"It reconstructs well but was never taught what codes are likely, so decoding random codes gives poor samples.",
			Params: []Param{
				lr("lr", "Learning rate", "Adam's step size."),
				batch(),
				{Key: "latent", Label: "Latent dimension", Group: GroupArchitecture, Kind: KindInt, Min: 1, Max: 16,
					Help: "Dimension of the code z; 2 lets the page plot it."},
				hidden("Width of every hidden layer of the encoder and decoder."),
				depth("Hidden layers in each of the encoder and decoder."),
			},
			Train2D:    Run{Steps: 3000},
			TrainMNIST: Run{Config: json.RawMessage(`{"latent":2,"hidden":256,"depth":2,"lr":0.001,"batch":128}`), Steps: 3000},
		}, ae.Default, ae.New),
		family(Family{
			Name:  "vae",
			Title: "VAE",
			About: "A variational autoencoder learns a code distribution as well as the decoder: it maximises a lower bound " +
				"on the likelihood (the ELBO), so decoding random codes gives samples that cover every mode, often blurred.",
			Params: []Param{
				lr("lr", "Learning rate", "Adam's step size."),
				batch(),
				{Key: "latent", Label: "Latent dimension", Group: GroupArchitecture, Kind: KindInt, Min: 1, Max: 16,
					Help: "Dimension of the code z; 2 lets the page plot it."},
				hidden("Width of every hidden layer of the encoder and decoder."),
				depth("Hidden layers in each of the encoder and decoder."),
				{Key: "beta", Label: "β (KL weight)", Group: GroupFamily, Kind: KindFloat, Min: 0, Max: 10, Live: true,
					Help: "Weight of the KL term: 1 is the ELBO, larger pulls the code towards the prior."},
				{Key: "decoder", Label: "Decoder", Group: GroupFamily, Kind: KindEnum, Options: []string{vae.Gaussian, vae.Bernoulli},
					Help: "Observation model: Gaussian for real values, Bernoulli for data in [0, 1]."},
				{Key: "iw_samples", Label: "Importance samples", Group: GroupFamily, Kind: KindInt, Min: 1, Max: 500,
					Help: "Samples per point in the log-likelihood bound; 1 is the ELBO."},
			},
			Train2D:    Run{Steps: 3000},
			TrainMNIST: Run{Config: json.RawMessage(`{"latent":2,"hidden":256,"depth":2,"decoder":"bernoulli","obs_std":0,"iw_samples":10,"lr":0.001,"batch":128}`), Steps: 3000},
		}, vae.Default, vae.New),
		family(Family{
			Name:  "gan",
			Title: "GAN",
			About: "A generative adversarial network trains a generator against a discriminator that tells real points from generated ones. " +
				"Samples are sharp and come in one pass, but training is a duel that can collapse onto a few modes.",
			Params: []Param{
				lr("lr_g", "Generator learning rate", "Adam's step size for the generator."),
				lr("lr_d", "Discriminator learning rate", "Adam's step size for the discriminator."),
				batch(),
				{Key: "beta1", Label: "Adam β₁", Group: GroupOptimizer, Kind: KindFloat, Min: 0, Max: 0.99, Live: true,
					Help: "Adam's momentum: 0.5 (DCGAN) or 0 (WGAN-GP) rather than Adam's 0.9."},
				{Key: "beta2", Label: "Adam β₂", Group: GroupOptimizer, Kind: KindFloat, Min: 0.9, Max: 0.999, Live: true,
					Help: "Adam's second-moment decay: 0.999 in Adam, 0.9 in WGAN-GP."},
				{Key: "latent_dim", Label: "Latent dimension", Group: GroupArchitecture, Kind: KindInt, Min: 1, Max: 64,
					Help: "Dimension of the noise z that the generator maps to a point."},
				hidden("Width of the hidden layers of the generator and the discriminator."),
				depth("Hidden layers of the generator and of the discriminator."),
				{Key: "loss", Label: "Loss", Group: GroupFamily, Kind: KindEnum, Options: []string{gan.NonSaturating, gan.WGANGP},
					Help: "Objective: the non-saturating GAN or the Wasserstein GAN with gradient penalty."},
				{Key: "d_steps", Label: "Discriminator steps (k)", Group: GroupFamily, Kind: KindInt, Min: 1, Max: 10, Live: true,
					Help: "Discriminator steps per generator step."},
				{Key: "penalty", Label: "Gradient penalty (λ)", Group: GroupFamily, Kind: KindFloat, Min: 0, Max: 100, Live: true,
					Help: "Weight of WGAN-GP's gradient penalty; the non-saturating loss ignores it."},
			},
			Train2D:    Run{Steps: 4000},
			TrainMNIST: Run{Config: json.RawMessage(`{"latent_dim":32,"hidden":256,"depth":2,"lr_g":0.0002,"lr_d":0.0002,"batch":64}`), Steps: 5000},
			// In the page the GAN starts at 5× the learning rates: the
			// 500–1500 steps of a tab's first two minutes then give digits
			// (natively, seed 1, 256 samples: FD 219 and 140 at steps 550
			// and 1200, against 257 and 252 at 2e-4); the 5000 steps of the
			// pretrained model keep the DCGAN rate.
			PageMNIST: json.RawMessage(`{"latent_dim":32,"hidden":256,"depth":2,"lr_g":0.001,"lr_d":0.001,"batch":64}`),
		}, gan.Default, gan.New),
		family(Family{
			Name:  "flow",
			Title: "Normalizing flow (RealNVP)",
			About: "A normalizing flow (RealNVP) maps the data to Gaussian noise by invertible layers, " +
				"so it gives exact likelihoods and samples in one pass, at the price of layers that must stay invertible.",
			Params: []Param{
				lr("lr", "Learning rate", "Adam's step size α at step 0."),
				{Key: "half_life", Label: "Learning-rate half-life", Group: GroupOptimizer, Kind: KindInt, Min: 0, Max: 20000, Live: true,
					Help: "Steps over which the learning rate halves; 0 keeps it constant."},
				batch(),
				{Key: "couplings", Label: "Couplings", Group: GroupArchitecture, Kind: KindInt, Min: 2, Max: 32,
					Help: "Affine coupling layers; each pair transforms every coordinate."},
				hidden("Width of the hidden layers of each coupling's scale and shift network."),
				depth("Hidden layers of each coupling's scale and shift network."),
				{Key: "tanh_scale", Label: "Bounded scales", Group: GroupArchitecture, Kind: KindBool,
					Help: "Bound each log-scale by a learned factor times tanh, so one large output cannot blow up."},
				{Key: "scale_init", Label: "Initial scale bound", Group: GroupArchitecture, Kind: KindFloat, Min: 0, Max: 10,
					Help: "Starting bound a of every log-scale: 0 starts each coupling as a translation (Real NVP's images), 1 lets it scale from the first step."},
				{Key: "logit", Label: "Logit α", Group: GroupArchitecture, Kind: KindFloat, Min: 0, Max: 0.1,
					Help: "α of the logit layer y = logit(α + (1 − 2α)x) for pixels in [0, 1]; 0 turns it off (2D sets)."},
				{Key: "mask", Label: "Masks", Group: GroupArchitecture, Kind: KindEnum, Options: []string{flow.MaskAlternate, flow.MaskCheckerboard},
					Help: "Which coordinates each coupling keeps: alternating halves, or a checkerboard for square images."},
			},
			Train2D:     Run{Steps: 3000},
			SlowOnMNIST: true,
			TrainMNIST:  Run{Config: json.RawMessage(`{"couplings":8,"hidden":128,"depth":2,"scale_init":0,"lr":0.003,"half_life":1000,"batch":64,"logit":0.000001,"mask":"checkerboard"}`), Steps: 3000},
		}, flow.Default, flow.New),
		family(Family{
			Name:  "diffusion",
			Title: "Diffusion (DDPM)",
			About: "A denoising diffusion model learns to undo Gaussian noise added to the data over many small steps. " +
				"Training teaches a network to predict that noise; sampling starts from pure noise and removes it step by step, " +
				"one network evaluation per step.",
			Params: []Param{
				lr("lr", "Learning rate", "Adam's step size."),
				batch(),
				hidden("Width of the noise-prediction network's hidden layers."),
				depth("Hidden layers of the noise-prediction network."),
				{Key: "embed_dim", Label: "Time embedding", Group: GroupArchitecture, Kind: KindInt, Min: 2, Max: 128, Step: 2,
					Help: "Width of the sinusoidal embedding of the time step; even."},
				{Key: "time_every", Label: "Time at every layer", Group: GroupArchitecture, Kind: KindBool,
					Help: "Feed the time embedding to every layer, not only the first."},
				{Key: "T", Label: "Diffusion steps (T)", Group: GroupFamily, Kind: KindInt, Min: 10, Max: 1000,
					Help: "Noise levels between the data and pure noise."},
				{Key: "schedule", Label: "Noise schedule", Group: GroupFamily, Kind: KindEnum, Options: []string{"linear", "cosine"},
					Help: "How the noise grows with t: linear in β (Ho et al.) or cosine in ᾱ (Nichol & Dhariwal)."},
				{Key: "predict", Label: "Network predicts", Group: GroupFamily, Kind: KindEnum, Options: []string{diffusion.PredictEps, diffusion.PredictV, diffusion.PredictX0},
					Help: "What the network outputs: the noise ε, the velocity v or the clean point x₀. An absent value means ε."},
			},
			Train2D:     Run{Steps: 3000},
			SlowOnMNIST: true,
			TrainMNIST:  Run{Config: json.RawMessage(`{"hidden":512,"depth":3,"embed_dim":32,"lr":0.0005,"batch":128,"predict":"x0","time_every":true,"schedule":"cosine"}`), Steps: 3000},
		}, diffusion.Default, diffusion.New),
		family(Family{
			Name:  "flowmatch",
			Title: "Flow matching",
			About: "Flow matching (rectified flow) learns the velocity that carries noise to the data along straight lines: " +
				"training regresses a network on ε − x₀ at points between a data point and its noise, " +
				"and sampling integrates that velocity from noise to data with an ODE solver in a few steps.",
			Params: []Param{
				lr("lr", "Learning rate", "Adam's step size."),
				batch(),
				hidden("Width of the velocity network's hidden layers."),
				depth("Hidden layers of the velocity network."),
				{Key: "embed_dim", Label: "Time embedding", Group: GroupArchitecture, Kind: KindInt, Min: 2, Max: 128, Step: 2,
					Help: "Width of the sinusoidal embedding of the time t; even."},
				{Key: "time_every", Label: "Time at every layer", Group: GroupArchitecture, Kind: KindBool,
					Help: "Feed the time embedding to every layer, not only the first."},
				{Key: "predict", Label: "Network predicts", Group: GroupFamily, Kind: KindEnum, Options: []string{flowmatch.PredictV, flowmatch.PredictX0},
					Help: "What the network outputs: the velocity v, or the clean point x₀ from which the velocity follows."},
				{Key: "sampler", Label: "Solver", Group: GroupFamily, Kind: KindEnum, Options: []string{flowmatch.SamplerEuler, flowmatch.SamplerHeun}, Live: true,
					Help: "How samples integrate the learned velocity from noise to data: Euler (one network evaluation per step) or Heun (two, second order)."},
				{Key: "sample_steps", Label: "Solver steps (k)", Group: GroupFamily, Kind: KindInt, Min: 1, Max: 200, Live: true,
					Help: "Steps from t = 1 (noise) to t = 0 (data); each costs one network evaluation with Euler, two with Heun."},
			},
			Train2D: Run{Steps: 3000},
			// Diffusion's MNIST network, predicting x₀ and trained on the
			// velocity; Heun with 25 steps is 50 evaluations, as DDIM-50.
			SlowOnMNIST: true,
			TrainMNIST:  Run{Config: json.RawMessage(`{"hidden":512,"depth":3,"embed_dim":32,"time_every":true,"predict":"x0","lr":0.0005,"batch":128,"sampler":"heun","sample_steps":25}`), Steps: 3000},
		}, flowmatch.Default, flowmatch.New),
	}
}
