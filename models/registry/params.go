package registry

import (
	"math"

	"genplay/models/diffusion"
	"genplay/models/flow"
	"genplay/models/gan"
	"genplay/models/vae"
)

// Param describes one field of a family's Config for the page's controls
// and its link: the key in the Config's JSON, a label, its kind and range,
// and whether it may change while a model trains.
type Param struct {
	// Key is the field's JSON key in the family's Config.
	Key string
	// Label names the control for people: "Learning rate".
	Label string
	// Group is "optimizer", "architecture" or the family's knobs,
	// "family"; the page groups the controls by it.
	Group string
	// Kind is "float", "int", "enum" or "bool".
	Kind string
	// Min and Max bound a float or int; links clamp to them.
	Min, Max float64
	// Step is the spacing of an int's values counted from Min (2 for a
	// width that must be even); 0 means 1.
	Step float64
	// Log says a float is set on a log scale (learning rates).
	Log bool
	// Options are the values of an enum.
	Options []string
	// Live reports that a change applies to a running model at its next
	// step; any other change rebuilds the model from step 0.
	Live bool
	// Help says what the field does, for a tooltip.
	Help string
}

// The groups of Params.
const (
	GroupOptimizer    = "optimizer"
	GroupArchitecture = "architecture"
	GroupFamily       = "family"
)

// The kinds of Params.
const (
	KindFloat = "float"
	KindInt   = "int"
	KindEnum  = "enum"
	KindBool  = "bool"
)

// Params returns the controls of the family name, in display order, or nil
// for an unknown family. Every key is a key of the family's Config; keys
// not listed keep the value of the Spec or the default.
func Params(name string) []Param {
	return paramTable[name]
}

// Common ranges, sized for a browser tab: a 512-wide, 6-deep MLP still
// takes a step in tens of milliseconds on 2D points.
var (
	lrRange     = [2]float64{1e-5, 0.1}
	batchRange  = [2]float64{8, 1024}
	hiddenRange = [2]float64{4, 512}
	depthRange  = [2]float64{1, 6}
)

func lr(key, label, help string) Param {
	return Param{Key: key, Label: label, Group: GroupOptimizer, Kind: KindFloat, Min: lrRange[0], Max: lrRange[1], Log: true, Live: true, Help: help}
}

func batch() Param {
	return Param{Key: "batch", Label: "Batch size", Group: GroupOptimizer, Kind: KindInt, Min: batchRange[0], Max: batchRange[1],
		Help: "Points drawn for each training step."}
}

func hidden(help string) Param {
	return Param{Key: "hidden", Label: "Width", Group: GroupArchitecture, Kind: KindInt, Min: hiddenRange[0], Max: hiddenRange[1], Help: help}
}

func depth(help string) Param {
	return Param{Key: "depth", Label: "Depth", Group: GroupArchitecture, Kind: KindInt, Min: depthRange[0], Max: depthRange[1], Help: help}
}

// paramTable holds each family's controls. The keys and the enum options
// follow the Config types of the family packages; params_test.go checks that
// every key exists, that every range holds the defaults and the presets, and
// that both ends of every range validate.
var paramTable = map[string][]Param{
	"ae": {
		lr("lr", "Learning rate", "Adam's step size."),
		batch(),
		{Key: "latent", Label: "Latent dimension", Group: GroupArchitecture, Kind: KindInt, Min: 1, Max: 16,
			Help: "Dimension of the code z; 2 lets the page plot it."},
		hidden("Width of every hidden layer of the encoder and decoder."),
		depth("Hidden layers in each of the encoder and decoder."),
	},
	"vae": {
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
	"gan": {
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
	"flow": {
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
		{Key: "mask", Label: "Masks", Group: GroupArchitecture, Kind: KindEnum, Options: []string{flow.MaskAlternate, flow.MaskCheckerboard},
			Help: "Which coordinates each coupling keeps: alternating halves, or a checkerboard for square images."},
	},
	"diffusion": {
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
}

// Clamp returns x within [p.Min, p.Max]; an int is rounded to the nearest
// of its values, Min plus a multiple of Step.
func (p Param) Clamp(x float64) float64 {
	if p.Kind == KindInt {
		return SnapInt(x, p.Min, p.Max, p.Step)
	}
	return min(max(x, p.Min), p.Max)
}

// SnapInt returns the number lo + k·step (a step of 0 means 1) within
// [lo, hi] nearest to x.
func SnapInt(x, lo, hi, step float64) float64 {
	if step <= 0 {
		step = 1
	}
	x = min(max(x, lo), hi)
	k := math.Round((x - lo) / step)
	k = min(k, math.Floor((hi-lo)/step))
	return lo + k*step
}
