package protocol

import (
	"slices"
	"strings"

	"genplay/models"
)

// The panel table: every panel of the page, what a model needs to have it,
// what its figure holds and how the page shows it. The worker sends the
// session's capabilities (Progress.Caps); the page gets the session's
// panels from them with PanelsFor. Adding a panel is adding a row here, its
// figure in the worker and, if no painter fits, a painter in the page.

// The panels, one per thing a family is known for. A View names one; the
// worker computes its Figure with every sample.
const (
	PanelSamples  = "samples"  // samples over the data; a field (D(x), log p(x)) under them where the model has one
	PanelRecon    = "recon"    // inputs beside their reconstructions
	PanelLatent   = "latent"   // the data's codes, or the data pushed through a bijection
	PanelPrior    = "prior"    // decodings of codes drawn from N(0, I)
	PanelManifold = "manifold" // decodings of a grid over a 2D latent slice
	PanelInterp   = "interp"   // decodings along the line between two encoded inputs
	PanelForward  = "forward"  // the data carried towards noise to step t
	PanelReverse  = "reverse"  // frames of a step-wise sampler, noise to sample
	PanelSamplers = "samplers" // two samplers against each other: time per sample and quality
	PanelInpaint  = "inpaint"  // completions of an input that keep its known part
	PanelSDEdit   = "sdedit"   // samples started from a noised input
	PanelPaths    = "paths"    // single points followed from noise to data, as curves
)

// Panels lists every panel name. Its order numbers the figures' random
// streams (wasm/worker), so a new panel goes at the end.
var Panels = []string{PanelSamples, PanelRecon, PanelLatent, PanelPrior, PanelManifold, PanelInterp,
	PanelForward, PanelReverse, PanelSamplers, PanelInpaint, PanelSDEdit, PanelPaths}

// Capability names what a model can do, as one of the optional interfaces
// of package models says.
type Capability string

const (
	CapEncode      Capability = "encode"      // models.Encoder
	CapReconstruct Capability = "reconstruct" // models.Reconstructor
	CapLikelihood  Capability = "likelihood"  // models.Likelihood
	CapBijection   Capability = "bijection"   // models.Bijection: an invertible map to the base space
	CapField       Capability = "field"       // models.Field
	CapTruncate    Capability = "truncate"    // models.Truncator
	CapChain       Capability = "chain"       // models.Stepper: sampling step by step
	CapNoise       Capability = "noise"       // models.Noiser: a forward process to noise
	CapInpaint     Capability = "inpaint"     // models.Inpainter
	CapTranslate   Capability = "translate"   // models.Translator
)

// samplerPrefix starts the capability of a Stepper's sampler.
const samplerPrefix = "sampler:"

// SamplerCap is the capability of a Stepper that offers the sampler name
// ("sampler:ddim"); a model has one per sampler, its default first.
func SamplerCap(name string) Capability { return Capability(samplerPrefix + name) }

// SamplersOf returns the samplers among caps, the default first.
func SamplersOf(caps []Capability) []string {
	var out []string
	for _, c := range caps {
		if name, ok := strings.CutPrefix(string(c), samplerPrefix); ok {
			out = append(out, name)
		}
	}
	return out
}

// CapabilitiesOf returns the capabilities of m, in the order of the
// constants, with a Stepper's samplers after CapChain.
func CapabilitiesOf(m models.Model) []Capability {
	var cs []Capability
	add := func(c Capability, ok bool) {
		if ok {
			cs = append(cs, c)
		}
	}
	_, enc := m.(models.Encoder)
	_, rec := m.(models.Reconstructor)
	_, lik := m.(models.Likelihood)
	_, bij := m.(models.Bijection)
	_, fld := m.(models.Field)
	_, trn := m.(models.Truncator)
	_, stp := m.(models.Stepper)
	_, noi := m.(models.Noiser)
	_, inp := m.(models.Inpainter)
	_, tra := m.(models.Translator)
	add(CapEncode, enc)
	add(CapReconstruct, rec)
	add(CapLikelihood, lik)
	add(CapBijection, bij)
	add(CapField, fld)
	add(CapTruncate, trn)
	add(CapChain, stp)
	if st, ok := m.(models.Stepper); ok {
		for _, info := range st.Samplers() {
			cs = append(cs, SamplerCap(info.Name))
		}
	}
	add(CapNoise, noi)
	add(CapInpaint, inp)
	add(CapTranslate, tra)
	return cs
}

// Legend is an entry of a panel's colour key beyond data and model: a CSS
// swatch class and what it stands for.
type Legend struct {
	Swatch, Label string
}

// StatView shows a stat of a panel's figure beside the plot.
type StatView struct {
	Name, Label, Unit string
	// Digits is the number of decimals; -1 shows three significant
	// digits.
	Digits int
}

// Panel is a row of the panel table.
type Panel struct {
	// Name is the View's panel; several rows may share one, each for
	// models of other capabilities, and a model gets the first that fits.
	Name string
	// Needs lists the capabilities a model must have, Lacks those it must
	// not have; Only2D keeps the panel off image sets.
	Needs, Lacks []Capability
	Only2D       bool
	// Label is the tab's text, Title its tooltip. MainTitle names the main
	// plot ("" means Label) and SideTitle the side plot, if any.
	Label, Title         string
	MainTitle, SideTitle string
	// Caption explains the panel under it on 2D sets, ImageCaption on
	// image sets ("" means Caption).
	Caption, ImageCaption string
	// Knobs are the keys of the panel's knobs, in the order shown.
	Knobs []string
	// Arrays are the arrays every figure of the panel holds; Optional
	// those it holds on some data or with some input. Stats are the stats
	// every figure holds.
	Arrays, Optional, Stats []string
	// Show are the stats shown beside the plot, Legend the colour key of
	// a 2D plot's field (the page keys its points itself).
	Show   []StatView
	Legend []Legend
	// FieldColors colours the samples' field: "diverging" over [0, 1] (a
	// scale whose hues are neither the data's nor the samples'), or
	// "viridis" over the field's own range.
	FieldColors string
	// Pad: on image sets the panel takes a digit drawn on the pad (and
	// Mask: a mask painted on it). Draws: on 2D sets it takes points
	// drawn on the plot.
	Pad, Mask, Draws bool
	// Frames: the figure is a sequence of frames to scrub, animate and
	// export as a GIF.
	Frames bool
	// Score: on image sets the panel offers the image metrics.
	Score bool
}

// Fits reports whether a model with the capabilities caps, on an image
// set or not, has the panel of row p.
func (p Panel) Fits(caps []Capability, images bool) bool {
	if images && p.Only2D {
		return false
	}
	for _, c := range p.Needs {
		if !slices.Contains(caps, c) {
			return false
		}
	}
	for _, c := range p.Lacks {
		if slices.Contains(caps, c) {
			return false
		}
	}
	return true
}

// CaptionFor returns the panel's caption on images or on 2D sets.
func (p Panel) CaptionFor(images bool) string {
	if images && p.ImageCaption != "" {
		return p.ImageCaption
	}
	return p.Caption
}

// Reads reports whether the panel's figure may hold the array name.
func (p Panel) Reads(name string) bool {
	return slices.Contains(p.Arrays, name) || slices.Contains(p.Optional, name)
}

// PanelsFor returns the panels of a model with the capabilities caps, on
// an image set or not: for each panel name the first row that fits, in
// the table's order, which is the order of the tabs. The first is the
// panel a session opens with.
func PanelsFor(caps []Capability, images bool) []Panel {
	var out []Panel
	for _, p := range PanelTable {
		if !p.Fits(caps, images) || slices.ContainsFunc(out, func(q Panel) bool { return q.Name == p.Name }) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// PanelFor returns the row of the panel name for the capabilities caps.
func PanelFor(name string, caps []Capability, images bool) (Panel, bool) {
	for _, p := range PanelTable {
		if p.Name == name && p.Fits(caps, images) {
			return p, true
		}
	}
	return Panel{}, false
}

// The knobs of a step-wise sampler.
var chainKnobs = []string{KnobSampler, KnobK, KnobEta}

// PanelTable is the panel table, in the order of the tabs.
var PanelTable = []Panel{
	{
		Name: PanelSamples, Needs: []Capability{CapField, CapTruncate},
		Label: "Samples & discriminator", Title: "Generated points over the discriminator's output D(x)",
		Caption: "Generated points (orange) and data (blue) over the discriminator's output D(x): green where D believes a point is real, purple where it believes it is generated. " +
			"Lower ψ pulls the latent codes towards their mean. The literature's claim, that this trades diversity for fidelity, does not hold on these 2D sets: " +
			"the generator maps z = 0 between modes, so truncation moves samples there (make eval, ψ = 0.5 against 1: recall 0.837 → 0.670 and precision 0.954 → 0.955 on 8 Gaussians; " +
			"recall 0.984 → 0.796 on the rings). Move ψ while paused to measure it on this model.",
		ImageCaption: "Generated digits. Lower ψ pulls the latent codes towards their mean: cleaner digits of fewer kinds. On MNIST the claim holds in the classifier's features " +
			"(pretrained GAN, ψ = 1 against 0.3: precision 0.81 → 0.92, class coverage 0.78 → 0.26); Score samples measures it on this model.",
		Knobs:  []string{KnobPsi},
		Arrays: []string{ArrPoints}, Optional: []string{ArrField}, Stats: []string{StatPsi},
		Show:        []StatView{{StatPsi, "ψ", "", 2}, {StatPrecision, "precision", "", 3}, {StatRecall, "recall", "", 3}},
		Legend:      []Legend{{"swatch-realness", "D(x): 0 generated → 1 real"}},
		FieldColors: "diverging", Score: true,
	},
	{
		Name: PanelSamples, Needs: []Capability{CapField, CapBijection},
		Label: "Density & samples", Title: "The exact log-density log p(x) and samples",
		Caption:      "The flow's exact log-density log p(x) (yellow = high; the colours span the values it takes at the data, from the 2nd to the 90th percentile, so that every mode's top shows) with its samples (orange) over the data (blue).",
		ImageCaption: "Samples of the flow, in one pass through the inverse layers.",
		Arrays:       []string{ArrPoints}, Optional: []string{ArrField},
		Show:        []StatView{{StatPrecision, "precision", "", 3}, {StatRecall, "recall", "", 3}},
		Legend:      []Legend{{"swatch-viridis", "log p(x), low → high"}},
		FieldColors: "viridis", Score: true,
	},
	{
		Name: PanelSamples, Needs: []Capability{CapChain, SamplerCap(SamplerDDIM)},
		Label: "Samples", Title: "Samples of the chosen sampler",
		Caption: "Samples of the reverse process, drawn from noise by the sampler chosen above.",
		Knobs:   chainKnobs,
		Arrays:  []string{ArrPoints},
		Show:    []StatView{{StatPrecision, "precision", "", 3}, {StatRecall, "recall", "", 3}},
		Score:   true,
	},
	{
		Name: PanelSamples, Needs: []Capability{CapChain},
		Label: "Samples", Title: "Samples of the chosen sampler",
		Caption: "Samples drawn step by step from noise by the chosen sampler: fewer steps cost fewer network evaluations.",
		Knobs:   chainKnobs,
		Arrays:  []string{ArrPoints},
		Show:    []StatView{{StatPrecision, "precision", "", 3}, {StatRecall, "recall", "", 3}},
		Score:   true,
	},
	{
		Name: PanelSamples, Needs: []Capability{CapEncode, CapLikelihood},
		Label: "Samples", Title: "Decodings of codes drawn from the prior",
		Caption: "Decodings of codes drawn from the prior N(0, I). The VAE's KL term keeps the codes near the prior, so every region decodes to something plausible, if blurred.",
		Arrays:  []string{ArrPoints},
		Show:    []StatView{{StatPrecision, "precision", "", 3}, {StatRecall, "recall", "", 3}},
		Score:   true,
	},
	{
		Name: PanelSamples, Lacks: []Capability{CapEncode},
		Label: "Samples", Title: "Samples of the model",
		Caption: "Samples of the model (orange) over the data (blue).",
		Arrays:  []string{ArrPoints}, Optional: []string{ArrField},
		Show:  []StatView{{StatPrecision, "precision", "", 3}, {StatRecall, "recall", "", 3}},
		Score: true,
	},
	{
		Name: PanelManifold, Needs: []Capability{CapEncode, CapLikelihood},
		Label: "Latent grid", Title: "Decodings of a grid over two latent dimensions",
		Caption: "Decodings of a grid of codes over latent dimensions 1 and 2, from −3 to 3: the manifold the decoder has learned.",
		Arrays:  []string{ArrGrid}, Stats: []string{StatRows, StatCols, StatSpan},
	},
	{
		Name: PanelInterp, Needs: []Capability{CapEncode, CapLikelihood},
		Label: "Interpolation", Title: "Decodings along the line between two encoded inputs",
		Caption: "The two inputs at the ends are encoded; the tiles between decode evenly spaced codes on the line joining their codes.",
		Arrays:  []string{ArrEnds, ArrPath}, Stats: []string{StatSteps},
		Pad: true,
	},
	{
		Name: PanelRecon, Needs: []Capability{CapReconstruct},
		Label: "Reconstructions", Title: "Inputs beside what the model rebuilds from their codes",
		Caption:      "Each data point (blue) is joined to its reconstruction (orange).",
		ImageCaption: "Rows alternate inputs (outlined) and their reconstructions.",
		Arrays:       []string{ArrInputs, ArrRecons},
	},
	{
		Name: PanelLatent, Needs: []Capability{CapBijection},
		Label: "Data in latent space", Title: "The data pushed through the flow: it should look like N(0, I)",
		Caption: "The data pushed through the flow into its latent space, with circles at 1, 2 and 3 standard deviations of N(0, I).",
		Arrays:  []string{ArrCodes, ArrInputs}, Stats: []string{StatRoundTrip, StatNLL, StatEntropy, StatNLLGap},
		Show: []StatView{{StatRoundTrip, "round trip max |f⁻¹(f(x)) − x|", "", -1},
			{StatNLL, "NLL", "nats", 3}, {StatEntropy, "data entropy", "nats", 3}, {StatNLLGap, "gap", "nats", 3}},
	},
	{
		Name: PanelLatent, Needs: []Capability{CapEncode}, Lacks: []Capability{CapLikelihood},
		Label: "Latent space", Title: "The codes of the data",
		Caption:      "The codes of the data, each coloured by where its point lies in the data (see the small plot).",
		ImageCaption: "The codes of 1000 digits, coloured by their class. Draw a digit on the pad to see where it lands.",
		Arrays:       []string{ArrCodes}, Optional: []string{ArrInputs, ArrLabels, ArrInputCode, ArrInputRecon, ArrInputProbs},
		Stats: []string{StatLatentDim}, Pad: true,
	},
	{
		Name: PanelLatent, Needs: []Capability{CapEncode},
		Label: "Encoder", Title: "The codes of the data, and of what you draw",
		Caption:      "The codes of the data, each coloured by where its point lies in the data (see the small plot).",
		ImageCaption: "The codes of 1000 digits, coloured by their class. Draw a digit on the pad to see where it lands.",
		Arrays:       []string{ArrCodes}, Optional: []string{ArrInputs, ArrLabels, ArrInputCode, ArrInputRecon, ArrInputProbs},
		Stats: []string{StatLatentDim}, Pad: true,
	},
	{
		Name: PanelPrior, Needs: []Capability{CapEncode}, Lacks: []Capability{CapLikelihood},
		Label: "Sample from the prior", Title: "Decode codes drawn from N(0, I): an autoencoder never learned which codes are likely",
		SideTitle: "Codes of the data against N(0, I)",
		Caption:   "Decodings of codes drawn from N(0, I) (orange) over the data (blue). Nothing taught the autoencoder which codes are likely: its codes (small plot) sit wherever they landed, so random codes decode to poor samples.",
		Arrays:    []string{ArrPoints, ArrCodes}, Stats: []string{StatCodeStd, StatLatentDim},
		Show: []StatView{{StatCodeStd, "std of the data's codes", "", 2}},
	},
	{
		Name: PanelForward, Needs: []Capability{CapNoise, SamplerCap(SamplerDDPM)},
		Label: "Forward process", Title: "The data noised to step t",
		Caption: "The data (faint blue) with noise added up to step t of the forward process (orange: xₜ, the noised data, not samples of the model): at t = T it is pure Gaussian noise.",
		Knobs:   []string{KnobT},
		Arrays:  []string{ArrPoints}, Stats: []string{StatT, StatAlphaBar, StatSNR},
		Show: []StatView{{StatT, "t", "", 0}, {StatAlphaBar, "ᾱₜ (signal kept)", "", 4}, {StatSNR, "SNR", "", 3}},
	},
	{
		Name: PanelForward, Needs: []Capability{CapNoise},
		Label: "Probability path", Title: "The data carried along the straight path to noise, at time t",
		Caption: "xₜ = (1 − t)·x₀ + t·ε: each point moves on a straight line from the data (t = 0) to its Gaussian noise (t = 1). The network learns the velocity ε − x₀ along these lines.",
		Knobs:   []string{KnobT},
		Arrays:  []string{ArrPoints}, Stats: []string{StatT, StatAlphaBar, StatSNR},
		Show: []StatView{{StatT, "t (of T)", "", 0}, {StatSNR, "SNR", "", 3}},
	},
	{
		Name: PanelReverse, Needs: []Capability{CapChain},
		Label: "Reverse process", Title: "Noise turned into a sample, step by step",
		Caption: "The reverse process from pure noise (frame 0, t = T) to samples (the last frame, t = 0); each frame's t is shown beside it. Press “Animate” to play it.",
		Knobs:   chainKnobs,
		Arrays:  []string{ArrFrames, ArrFrameT}, Stats: []string{StatFrames, StatSteps, StatMsPerSample},
		Show:   []StatView{{StatSteps, "network evaluations", "", 0}, {StatMsPerSample, "time per sample", "ms", 3}},
		Frames: true,
	},
	{
		Name: PanelSamplers, Needs: []Capability{CapChain, SamplerCap(SamplerDDPM), SamplerCap(SamplerDDIM)},
		Label: "DDPM vs DDIM", Title: "Time per sample and quality of two samplers",
		MainTitle: "DDPM", SideTitle: "DDIM",
		Caption: "The same model sampled by DDPM over all T = {T} steps (left, {T} network evaluations) and by DDIM with k = {k} steps and η = {eta} (right, {k} evaluations).",
		Knobs:   []string{KnobK, KnobEta},
		Arrays:  []string{ArrFirst, ArrSecond},
		Stats:   []string{StatFirstMs, StatSecondMs, StatFirstEvals, StatSecondEvals, StatSpeedup, StatK},
	},
	{
		Name: PanelSamplers, Needs: []Capability{CapChain, SamplerCap(SamplerEuler), SamplerCap(SamplerHeun)},
		Label: "Euler vs Heun", Title: "Time per sample and quality of two ODE solvers",
		MainTitle: "Euler", SideTitle: "Heun",
		Caption: "The same model's ODE integrated from noise to data with k = {k} steps by Euler (left, {k} network evaluations) and by Heun's second-order method (right, {2k}).",
		Knobs:   []string{KnobK},
		Arrays:  []string{ArrFirst, ArrSecond},
		Stats:   []string{StatFirstMs, StatSecondMs, StatFirstEvals, StatSecondEvals, StatSpeedup, StatK},
	},
	{
		Name: PanelPaths, Needs: []Capability{CapChain}, Only2D: true,
		Label: "Trajectories", Title: "Single points carried from noise to data",
		Caption: "64 points followed through every step of the sampler, from their noise (blue dots) to where they land (orange), over the data (blue). An ODE solver of a straight-path model moves them on nearly straight lines, which is why a few steps suffice; DDPM's noisy steps make them wander.",
		Knobs:   chainKnobs,
		Arrays:  []string{ArrPaths}, Stats: []string{StatSteps},
		Show: []StatView{{StatSteps, "network evaluations", "", 0}},
	},
	{
		Name: PanelInpaint, Needs: []Capability{CapInpaint},
		Label: "Inpainting", Title: "Fill in the unknown part of an input",
		Caption:      "Each completion keeps the known x coordinate (grey lines) and generates y.",
		ImageCaption: "The first tile is the input with the part to fill in shaded; the others are completions. Paint on the pad to choose what to fill in.",
		Arrays:       []string{ArrInput, ArrMask, ArrPoints}, Stats: []string{StatKeptMaxDiff},
		Show: []StatView{{StatKeptMaxDiff, "largest change of a known value", "", -1}},
		Pad:  true, Mask: true,
	},
	{
		Name: PanelSDEdit, Needs: []Capability{CapTranslate},
		Label: "SDEdit", Title: "Noise an input part way, then denoise it",
		Caption:      "The input points (blue), noised to the chosen strength and denoised (orange).",
		ImageCaption: "Your drawing (first tile), noised to the chosen strength and denoised: small strengths stay close to it.",
		Knobs:        []string{KnobStrength},
		Arrays:       []string{ArrInput, ArrPoints}, Stats: []string{StatStrength},
		Show: []StatView{{StatStrength, "strength", "", 2}},
		Pad:  true, Draws: true,
	},
}
