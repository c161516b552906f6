package protocol

import (
	"errors"
	"fmt"
	"math"
	"slices"
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
	// K is the number of DDIM steps (see Knobs for the ranges).
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

// DefaultView is the view the page starts with: the first panel and
// every knob at its default.
func DefaultView() View {
	v := View{Panel: PanelSamples}
	for _, k := range Knobs {
		switch k.Kind {
		case KnobFloat:
			*k.Float(&v) = k.Default
		case KnobInt:
			*k.Int(&v) = int(k.Default)
		case KnobEnum:
			*k.Enum(&v) = k.Options[0].Name
		}
	}
	return v
}

// Validate reports the first field of v out of its range: a panel or a
// knob (see Knobs), the input or the mask.
func (v View) Validate() error {
	if !slices.Contains(Panels, v.Panel) {
		return fmt.Errorf("protocol: view panel %q is not one of %v", v.Panel, Panels)
	}
	for _, k := range Knobs {
		switch k.Kind {
		case KnobEnum:
			if s := *k.Enum(&v); !slices.Contains(k.OptionNames(), s) {
				return fmt.Errorf("protocol: view %s %q is not one of %q", k.Key, s, k.OptionNames())
			}
		default:
			if x := k.Value(&v); !(x >= k.Min && x <= k.Max) {
				return fmt.Errorf("protocol: view %s %v is outside [%v, %v]", k.Key, x, k.Min, k.Max)
			}
		}
	}
	switch {
	case len(v.Input) > MaxViewInput:
		return fmt.Errorf("protocol: view input has %d values, over %d", len(v.Input), MaxViewInput)
	case len(v.Mask) != 0 && len(v.Mask) != len(v.Input):
		return fmt.Errorf("protocol: view mask has %d values for %d inputs", len(v.Mask), len(v.Input))
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
