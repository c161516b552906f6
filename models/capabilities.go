package models

import (
	"fmt"

	"genplay/tensor"
	"genplay/tensor/rng"
)

// Source is a data set a model trains on: it draws points of dimension Dim.
type Source interface {
	// Dim returns the dimension of one point (2 for the toy sets, 784 for
	// MNIST).
	Dim() int
	// Sample fills dst with len(dst)/Dim() points drawn with r.
	Sample(dst []float32, r *rng.PCG)
}

// Loss is one named term of a training step's objective, such as
// {"recon", 0.12} or {"kl", 1.3}. The first term of a step's losses is the
// total that was optimised.
type Loss struct {
	Name  string
	Value float32
}

// Weight is a named parameter tensor, the unit of a weights file. Names are
// stable across runs and versions ("enc.0.w").
type Weight struct {
	Name string
	T    *tensor.Tensor
}

// Model is what every family offers.
type Model interface {
	// TrainStep takes one optimisation step (for a GAN, one generator step
	// and its discriminator steps), drawing its batches from src, and
	// returns the step's loss terms. The slice belongs to the model and is
	// overwritten by the next call. A non-finite total means training has
	// diverged; the caller stops.
	TrainStep(src Source, r *rng.PCG) []Loss
	// Sample fills dst with len(dst)/Dim() generated points.
	Sample(dst []float32, r *rng.PCG)
	// Steps returns the number of training steps taken.
	Steps() int
	// Weights returns the model's parameters in a fixed order with stable
	// names.
	Weights() []Weight
}

// Resumer is a model that can go on training from saved weights. A
// weights file holds the weights and the step count, not the optimizer's
// moments: Resume(step) sets the model's step count, so that its
// schedules (a decaying step size) go on from there, and ramps its
// optimizers' step sizes up over ResumeWarmup steps, since fresh moments
// would move every weight by the full step size at once. Every family
// implements it; registry.Load calls it.
type Resumer interface {
	Resume(step int)
}

// ResumeWarmup is the number of steps over which a resumed model's step
// sizes ramp up linearly (optim.Adam.Warmup).
const ResumeWarmup = 100

// Reconstructor is a model that maps a point through its bottleneck and
// back (AE, VAE).
type Reconstructor interface {
	// Reconstruct writes the reconstructions of the points x into dst (for
	// a VAE, the decoding of the posterior mean).
	Reconstruct(dst, x []float32)
}

// Encoder is a model with a latent code for any input (AE, VAE).
type Encoder interface {
	// LatentDim returns the dimension of the code.
	LatentDim() int
	// Encode writes the codes of the points x into dst (for a VAE, the
	// posterior mean).
	Encode(dst, x []float32)
	// Decode writes the points decoded from the codes z into dst.
	Decode(dst, z []float32)
}

// Likelihood is a model that scores points by their log-density.
type Likelihood interface {
	// LogProb writes log p(x) (or a lower bound of it, see LogProbKind) of
	// each point of x into dst, in nats. Drawing (for bounds estimated by
	// sampling) uses r.
	LogProb(dst, x []float32, r *rng.PCG)
	// LogProbKind says what LogProb computes and what it costs.
	LogProbKind() LogProbKind
}

// PausingLikelihood is a Likelihood whose LogProb takes many network
// evaluations of the whole batch (diffusion's bound, T of them), which a
// caller may interleave with other work.
type PausingLikelihood interface {
	Likelihood
	// LogProbEach is LogProb calling each after every network evaluation
	// of all of x. When each returns false it stops, and dst is undefined.
	LogProbEach(dst, x []float32, r *rng.PCG, each func() bool)
}

// LogProbKind describes a Likelihood's LogProb: the exact log-density (a
// flow) or which lower bound of it (the ELBO or importance-weighted bound of
// a VAE, the variational bound of diffusion), and its cost.
type LogProbKind struct {
	// Bound names the lower bound LogProb computes, "" when it is exact:
	// "ELBO", "IWAE-50" (Burda et al.'s bound with K = 50), "VLB" (the
	// variational bound of Ho et al. eq. 5).
	Bound string
	// Evals is the number of network evaluations per point: 1 for a flow,
	// 1 + K for a K-sample bound (one encoding, K decodings), T for
	// diffusion's bound.
	Evals int
	// Discrete reports that LogProb is the probability of binary data (a
	// Bernoulli decoder), not a density of continuous values, so that bits
	// per dimension of pixels do not apply.
	Discrete bool
}

// Exact reports whether LogProb is the exact log-density.
func (k LogProbKind) Exact() bool { return k.Bound == "" }

// String describes the kind for people: "exact, 1 evaluation per point",
// "IWAE-50 bound, 51 evaluations per point".
func (k LogProbKind) String() string {
	what := "exact"
	if !k.Exact() {
		what = k.Bound + " bound"
	}
	unit := "evaluations"
	if k.Evals == 1 {
		unit = "evaluation"
	}
	return fmt.Sprintf("%s, %d %s per point", what, k.Evals, unit)
}

// Field is a model with a scalar field over its input space worth drawing
// as a heatmap: a flow's log-density, a GAN discriminator's output.
type Field interface {
	// FieldName says what the field is, for a legend: "log p(x)" or "D(x)".
	FieldName() string
	// FieldAt writes the field's value at each point of x into dst.
	FieldAt(dst, x []float32)
}

// Truncator is a model whose samples can trade diversity for fidelity
// (the GAN's truncation trick).
type Truncator interface {
	// SampleTruncated is Sample with the latent pulled towards its mean:
	// psi = 1 is plain sampling, psi = 0 gives the mean's image only.
	SampleTruncated(dst []float32, psi float32, r *rng.PCG)
}

// Inpainter is a model that fills in the missing coordinates of points
// (diffusion).
type Inpainter interface {
	// Inpaint writes into dst completions of x that keep the coordinates
	// where known is true and generate the rest.
	Inpaint(dst, x []float32, known []bool, r *rng.PCG)
}

// Translator is a model that turns a given point into a nearby sample
// (diffusion's SDEdit).
type Translator interface {
	// Translate writes into dst samples started from x noised to strength
	// in (0, 1]: small strengths stay close to x, 1 ignores it.
	Translate(dst, x []float32, strength float32, r *rng.PCG)
}

// Stepper is a model that samples by integrating or denoising over a chain
// of network evaluations which the caller can advance a few steps at a time,
// to interleave sampling with training or drawing (diffusion, flow
// matching).
type Stepper interface {
	// Samplers lists the samplers the model offers, its default first.
	Samplers() []SamplerInfo
	// NewChain starts n points from noise with the sampler and knobs of
	// opts. It fails on an unknown sampler or knobs out of range.
	NewChain(n int, opts SampleOpts, r *rng.PCG) (Chain, error)
}

// SamplerInfo describes one sampler of a Stepper.
type SamplerInfo struct {
	// Name identifies the sampler in SampleOpts and links: "ddpm", "ddim",
	// "euler", "heun".
	Name string
	// Title is its name for people: "DDPM", "DDIM", "Euler", "Heun".
	Title string
	// FixedSteps is the number of steps of a sampler that takes no step
	// count (DDPM: T); 0 when SampleOpts.Steps chooses it.
	FixedSteps int
	// DefaultSteps is the number of steps the sampler takes when
	// SampleOpts.Steps is 0, for a sampler without FixedSteps (flow
	// matching: its Config's); 0 when it needs a step count.
	DefaultSteps int
	// EvalsPerStep is the number of network evaluations per step (Heun: 2).
	EvalsPerStep int
	// Stochastic reports whether the sampler draws noise at each step
	// (DDPM, DDIM with η > 0).
	Stochastic bool
}

// SampleOpts chooses a sampler of a Stepper and its knobs.
type SampleOpts struct {
	// Sampler names one of Samplers(); "" means the default.
	Sampler string
	// Steps is the number of steps k for samplers without FixedSteps.
	Steps int
	// Eta is DDIM's η: 0 deterministic, 1 as noisy as DDPM.
	Eta float32
}

// Chain is a sampling run in progress.
type Chain interface {
	// Advance performs up to k steps with the model's current weights and
	// reports whether the chain has finished.
	Advance(k int, r *rng.PCG) (done bool)
	// Remaining returns the number of steps left; Len the number in all.
	Remaining() int
	Len() int
	// Evals returns the network evaluations the whole chain costs.
	Evals() int
	// Time returns the chain's current position on the model's time axis,
	// 1 at pure noise and 0 at the data.
	Time() float32
	// X returns the current points, the samples once Advance has returned
	// true. The slice is the chain's own and changes as it advances.
	X() []float32
	// PredX0 returns the latest prediction of the clean points x₀, the
	// preview of where the chain is going (zeros before the first step).
	PredX0() []float32
}

// Predictor is a model whose network predicts a quantity at a point and a
// time: diffusion's noise ε, flow matching's velocity ε − x₀.
type Predictor interface {
	// PredictionName says what Predict returns, for a legend: "ε", "v".
	PredictionName() string
	// Predict writes the network's prediction at the points x and time t
	// (1 is noise, 0 is data; diffusion rounds t·T to its step k = 1…T)
	// into dst.
	Predict(dst, x []float32, t float32)
}

// Noiser is a model with a forward process from the data at t = 0 to noise
// at t = 1 (diffusion's q(xₜ|x₀), flow matching's probability path).
type Noiser interface {
	// Noise writes xₜ, the points x0 carried to time t with the noise eps
	// (as many values as x0), into dst.
	Noise(dst, x0, eps []float32, t float32)
}

// ChainInpainter is a Stepper that inpaints step by step: the chain keeps
// the known coordinates of x and generates the rest, with any of the
// model's samplers.
type ChainInpainter interface {
	// NewInpaintChain starts a chain that completes the points x, keeping
	// the coordinates where known is true. It fails as NewChain does, and
	// when known and x differ in length.
	NewInpaintChain(x []float32, known []bool, opts SampleOpts, r *rng.PCG) (Chain, error)
}

// ChainTranslator is a Stepper that translates step by step (SDEdit).
type ChainTranslator interface {
	// NewTranslateChain starts a chain from the points x noised to
	// strength in (0, 1]; it fails as NewChain does, and on a strength
	// outside (0, 1].
	NewTranslateChain(x []float32, strength float32, opts SampleOpts, r *rng.PCG) (Chain, error)
}

// Bijection is a model that is an invertible map between the data and its
// base distribution's space (a normalizing flow).
type Bijection interface {
	// Forward writes f(x), the points x mapped to the base space, into
	// dst, and log |det ∂f/∂x| of each point into logDet unless it is nil.
	Forward(dst, logDet, x []float32)
	// Inverse writes f⁻¹(z) into dst, and log |det ∂f⁻¹/∂z| of each point
	// into logDet unless it is nil.
	Inverse(dst, logDet, z []float32)
}

// StepOpts returns the options that sample s with k steps: its first
// sampler that takes a step count (DDIM, Euler), deterministic (η = 0), or
// its default sampler if none does.
func StepOpts(s Stepper, k int) SampleOpts {
	for _, info := range s.Samplers() {
		if info.FixedSteps == 0 {
			return SampleOpts{Sampler: info.Name, Steps: k}
		}
	}
	return SampleOpts{}
}

// SampleWith fills dst with len(dst)/dim points of s drawn with the
// sampler and knobs of opts: a chain run to its end.
func SampleWith(s Stepper, dst []float32, dim int, opts SampleOpts, r *rng.PCG) error {
	c, err := s.NewChain(len(dst)/dim, opts, r)
	if err != nil {
		return err
	}
	for !c.Advance(c.Remaining(), r) {
	}
	copy(dst, c.X())
	return nil
}
