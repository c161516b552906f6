package protocol

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// The panels of the page, one per thing a family is known for. A View names
// one; the worker computes its Figure with every sample.
const (
	PanelSamples  = "samples"  // samples over the data; a field (D(x), log p(x)) under them where the family has one
	PanelRecon    = "recon"    // inputs beside their reconstructions (AE, VAE)
	PanelLatent   = "latent"   // the data's codes (AE, VAE) or the data pushed through the flow
	PanelPrior    = "prior"    // decodings of codes drawn from N(0, I) (AE)
	PanelManifold = "manifold" // decodings of a grid over a 2D latent slice (VAE)
	PanelInterp   = "interp"   // decodings along the line between two encoded inputs (VAE)
	PanelForward  = "forward"  // the data noised to step T of the forward process (diffusion)
	PanelReverse  = "reverse"  // frames of the reverse process, noise to sample (diffusion)
	PanelSamplers = "samplers" // DDPM against DDIM: time per sample and quality (diffusion)
	PanelInpaint  = "inpaint"  // completions of an input that keep its known part (diffusion)
	PanelSDEdit   = "sdedit"   // samples started from a noised input (diffusion)
)

// Panels lists every panel.
var Panels = []string{PanelSamples, PanelRecon, PanelLatent, PanelPrior, PanelManifold, PanelInterp,
	PanelForward, PanelReverse, PanelSamplers, PanelInpaint, PanelSDEdit}

// The samplers a View can ask diffusion for.
const (
	SamplerDDPM = "ddpm"
	SamplerDDIM = "ddim"
)

// MaxViewInput bounds the values of a View's Input and Mask: 16 MNIST
// digits, or 6272 2D points.
const MaxViewInput = 16 * 784

// View is what the page shows and the knobs that shape it. Knobs that a
// family does not have are ignored.
type View struct {
	// Panel is one of Panels.
	Panel string `json:"panel"`
	// Psi is the GAN's truncation ψ in [0, 1]: 1 samples plainly, 0 gives
	// the image of the latent mean only.
	Psi float64 `json:"psi"`
	// Sampler is SamplerDDPM or SamplerDDIM, how diffusion samples.
	Sampler string `json:"sampler"`
	// K is the number of DDIM steps, in [1, 1000].
	K int `json:"k"`
	// Eta is DDIM's η in [0, 1]: 0 is deterministic, 1 adds DDPM's noise.
	Eta float64 `json:"eta"`
	// T is the forward process's step shown by PanelForward, in [0, 1000].
	T int `json:"t"`
	// Strength is SDEdit's strength in [0, 1]: how far the input is
	// noised before it is denoised.
	Strength float64 `json:"strength"`
	// Input is a drawing of the user: one or more points of the session's
	// dimension (a digit drawn on the 28×28 pad, or 2D points), or empty
	// for inputs the worker picks from the data.
	Input []float32 `json:"input,omitempty"`
	// Mask marks the known values of Input for PanelInpaint: 1 known, 0
	// to fill in; empty for the panel's default mask.
	Mask []float32 `json:"mask,omitempty"`
	// Score asks for the metrics of an image model, which cost hundreds of
	// samples: the worker scores once per View with Score set.
	Score bool `json:"score,omitempty"`
}

// DefaultView is the view the page starts with.
func DefaultView() View {
	return View{Panel: PanelSamples, Psi: 1, Sampler: SamplerDDPM, K: 50, Eta: 0, T: 250, Strength: 0.5}
}

// Validate reports the first field of v out of its range.
func (v View) Validate() error {
	unit := func(name string, x float64) error {
		if !(x >= 0 && x <= 1) {
			return fmt.Errorf("protocol: view %s %v is outside [0, 1]", name, x)
		}
		return nil
	}
	switch {
	case !slices.Contains(Panels, v.Panel):
		return fmt.Errorf("protocol: view panel %q is not one of %v", v.Panel, Panels)
	case v.Sampler != SamplerDDPM && v.Sampler != SamplerDDIM:
		return fmt.Errorf("protocol: view sampler %q is not %q or %q", v.Sampler, SamplerDDPM, SamplerDDIM)
	case v.K < 1 || v.K > 1000:
		return fmt.Errorf("protocol: view k %d is outside [1, 1000]", v.K)
	case v.T < 0 || v.T > 1000:
		return fmt.Errorf("protocol: view t %d is outside [0, 1000]", v.T)
	case len(v.Input) > MaxViewInput:
		return fmt.Errorf("protocol: view input has %d values, over %d", len(v.Input), MaxViewInput)
	case len(v.Mask) != 0 && len(v.Mask) != len(v.Input):
		return fmt.Errorf("protocol: view mask has %d values for %d inputs", len(v.Mask), len(v.Input))
	}
	for _, e := range []error{unit("psi", v.Psi), unit("eta", v.Eta), unit("strength", v.Strength)} {
		if e != nil {
			return e
		}
	}
	for _, x := range v.Input {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return errors.New("protocol: view input holds a value that is not finite")
		}
	}
	for _, x := range v.Mask {
		if x != 0 && x != 1 {
			return fmt.Errorf("protocol: view mask holds %v, not 0 or 1", x)
		}
	}
	return nil
}
