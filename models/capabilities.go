package models

import (
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
	// LogProb writes log p(x) (or a lower bound of it, see Exact) of each
	// point of x into dst, in nats. Drawing (for bounds estimated by
	// sampling) uses r.
	LogProb(dst, x []float32, r *rng.PCG)
	// Exact reports whether LogProb is exact (a flow) or a lower bound (the
	// ELBO or importance-weighted bound of a VAE, the variational bound of
	// diffusion).
	Exact() bool
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
