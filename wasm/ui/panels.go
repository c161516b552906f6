package ui

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/vugu/vugu"

	"genplay/models/diffusion"
	"genplay/models/registry"
	"genplay/wasm/protocol"
)

// The main view's panels: which panels each family has, their knobs and
// their captions. Painting is in figures.go.

// tab is a panel as the template's tab bar shows it.
type tab struct {
	Panel, Label, Title string
	Active              bool
}

// panelTabs lists each family's panels with their labels and tooltips, the
// first being the one a family opens with.
var panelTabs = map[string][]tab{
	"ae": {
		{Panel: protocol.PanelRecon, Label: "Reconstructions", Title: "Inputs beside what the autoencoder rebuilds from their codes"},
		{Panel: protocol.PanelLatent, Label: "Latent space", Title: "The codes of the data"},
		{Panel: protocol.PanelPrior, Label: "Sample from the prior", Title: "Decode codes drawn from N(0, I): an autoencoder never learned which codes are likely"},
	},
	"vae": {
		{Panel: protocol.PanelSamples, Label: "Samples", Title: "Decodings of codes drawn from the prior"},
		{Panel: protocol.PanelManifold, Label: "Latent grid", Title: "Decodings of a grid over two latent dimensions"},
		{Panel: protocol.PanelInterp, Label: "Interpolation", Title: "Decodings along the line between two encoded inputs"},
		{Panel: protocol.PanelLatent, Label: "Encoder", Title: "The codes of the data, and of what you draw"},
		{Panel: protocol.PanelRecon, Label: "Reconstructions", Title: "Inputs beside their reconstructions"},
	},
	"gan": {
		{Panel: protocol.PanelSamples, Label: "Samples & discriminator", Title: "Generated points over the discriminator's output D(x)"},
	},
	"flow": {
		{Panel: protocol.PanelSamples, Label: "Density & samples", Title: "The exact log-density log p(x) and samples"},
		{Panel: protocol.PanelLatent, Label: "Data in latent space", Title: "The data pushed through the flow: it should look like N(0, I)"},
	},
	"diffusion": {
		{Panel: protocol.PanelSamples, Label: "Samples", Title: "Samples of the chosen sampler"},
		{Panel: protocol.PanelForward, Label: "Forward process", Title: "The data noised to step t"},
		{Panel: protocol.PanelReverse, Label: "Reverse process", Title: "Noise turned into a sample, step by step"},
		{Panel: protocol.PanelSamplers, Label: "DDPM vs DDIM", Title: "Time per sample and quality of two samplers"},
		{Panel: protocol.PanelInpaint, Label: "Inpainting", Title: "Fill in the unknown part of an input"},
		{Panel: protocol.PanelSDEdit, Label: "SDEdit", Title: "Noise an input part way, then denoise it"},
	},
}

// supports reports whether family has panel.
func supports(family, panel string, images bool) bool {
	for _, t := range panelTabs[family] {
		if t.Panel == panel {
			return true
		}
	}
	return false
}

func (r *Root) tabs() []tab {
	ts := append([]tab(nil), panelTabs[r.spec.Family]...)
	for i := range ts {
		ts[i].Active = ts[i].Panel == r.view.Panel
	}
	return ts
}

// SetPanel shows panel.
func (r *Root) SetPanel(panel string) {
	if !supports(r.spec.Family, panel, r.isImages()) || panel == r.view.Panel {
		return
	}
	r.view.Panel = panel
	r.fig, r.figOK, r.frame = protocol.Figure{}, false, lastFrame
	r.paintMain()
	r.sendView()
}

// fixPanel makes the view's panel one the family has.
func (r *Root) fixPanel() {
	if !supports(r.spec.Family, r.view.Panel, r.isImages()) {
		r.view.Panel = panelTabs[r.spec.Family][0].Panel
		r.fig, r.figOK = protocol.Figure{}, false
		r.sendView()
	}
}

// sendView tells the worker what the main panel shows.
func (r *Root) sendView() {
	r.do(protocol.Command{Op: protocol.KindView, View: r.viewCommand()})
	r.syncURL()
}

// viewCommand is the view with what the user drew: a digit on the pad,
// an inpainting mask, SDEdit's points.
func (r *Root) viewCommand() protocol.View {
	v := r.view
	if r.isImages() || r.isImageData() {
		switch v.Panel {
		case protocol.PanelLatent, protocol.PanelInterp:
			if r.padUsed() {
				v.Input = append([]float32(nil), r.pad...)
			}
		case protocol.PanelSDEdit:
			if r.padUsed() {
				v.Input = append([]float32(nil), r.pad...)
			}
		case protocol.PanelInpaint:
			if r.padUsed() || r.maskUsed() {
				v.Input = append([]float32(nil), r.pad...)
				v.Mask = make([]float32, len(r.mask))
				for i, m := range r.mask {
					v.Mask[i] = 1 - m // the brush marks what to fill in
				}
			}
		}
	} else if v.Panel == protocol.PanelSDEdit && len(r.drawing) >= 2 {
		v.Input = append([]float32(nil), r.drawing...)
	}
	return v
}

// The panel knobs.

// lastFrame stands for the reverse process's final frame.
const lastFrame = -1

// SetPsi sets the GAN's truncation ψ from the slider's 0–100.
func (r *Root) SetPsi(raw string) {
	if v, err := strconv.ParseFloat(raw, 64); err == nil {
		r.view.Psi = math.Max(0, math.Min(1, v/100))
		r.sendView()
	}
}

// SetSampler picks DDPM or DDIM.
func (r *Root) SetSampler(s string) {
	if s == protocol.SamplerDDPM || s == protocol.SamplerDDIM {
		r.view.Sampler = s
		r.sendView()
	}
}

// SetK sets DDIM's number of steps.
func (r *Root) SetK(raw string) {
	if k, err := strconv.Atoi(raw); err == nil {
		r.view.K = max(1, min(1000, k))
		r.sendView()
	}
}

// SetEta sets DDIM's η from the slider's 0–100.
func (r *Root) SetEta(raw string) {
	if v, err := strconv.ParseFloat(raw, 64); err == nil {
		r.view.Eta = math.Max(0, math.Min(1, v/100))
		r.sendView()
	}
}

// SetT sets the forward process's step.
func (r *Root) SetT(raw string) {
	if t, err := strconv.Atoi(raw); err == nil {
		r.view.T = max(0, min(r.diffusionT(), t))
		r.sendView()
	}
}

// SetStrength sets SDEdit's strength from the slider's 0–100.
func (r *Root) SetStrength(raw string) {
	if v, err := strconv.ParseFloat(raw, 64); err == nil {
		r.view.Strength = math.Max(0, math.Min(1, v/100))
		r.sendView()
	}
}

// SetFrame shows frame i of the reverse process.
func (r *Root) SetFrame(raw string) {
	if i, err := strconv.Atoi(raw); err == nil {
		r.frame = i
		r.paintMain()
	}
}

// Score asks the worker for the image metrics of the current model.
func (r *Root) Score() {
	v := r.viewCommand()
	v.Score = true
	r.do(protocol.Command{Op: protocol.KindView, View: v})
	r.info = "Scoring 256 samples with the digit classifier…"
}

// Animate plays the reverse process's frames from noise to sample.
func (r *Root) Animate() {
	n := r.frames()
	if n == 0 || r.host == nil {
		return
	}
	r.frame = 0
	r.paintMain()
	if a, ok := r.host.(Animator); ok {
		a.Every(80, func() bool {
			if r.view.Panel != protocol.PanelReverse || r.frame == lastFrame || r.frame >= r.frames()-1 {
				r.frame = lastFrame
				r.paintMain()
				return false
			}
			r.frame++
			r.paintMain()
			return true
		})
	}
}

// Animator is a Host that can call f every ms milliseconds, with the
// EventEnv lock held, until f returns false.
type Animator interface {
	Every(ms int, f func() bool)
}

// diffusionT is the number of steps of the diffusion model's process.
func (r *Root) diffusionT() int {
	c := diffusion.Default()
	if len(r.spec.Config) > 0 {
		json.Unmarshal(r.spec.Config, &c)
	}
	return c.T
}

// The knobs' values for the template.

func (r *Root) psiPos() string      { return strconv.Itoa(int(math.Round(100 * r.view.Psi))) }
func (r *Root) psiText() string     { return strconv.FormatFloat(r.view.Psi, 'f', 2, 64) }
func (r *Root) etaPos() string      { return strconv.Itoa(int(math.Round(100 * r.view.Eta))) }
func (r *Root) etaText() string     { return strconv.FormatFloat(r.view.Eta, 'f', 2, 64) }
func (r *Root) kText() string       { return strconv.Itoa(r.view.K) }
func (r *Root) tText() string       { return strconv.Itoa(r.view.T) }
func (r *Root) tMax() string        { return strconv.Itoa(r.diffusionT()) }
func (r *Root) strengthPos() string { return strconv.Itoa(int(math.Round(100 * r.view.Strength))) }
func (r *Root) strengthText() string {
	return strconv.FormatFloat(r.view.Strength, 'f', 2, 64)
}
func (r *Root) frameMax() string { return strconv.Itoa(max(0, r.frames()-1)) }
func (r *Root) framePos() string {
	if r.frame == lastFrame {
		return r.frameMax()
	}
	return strconv.Itoa(r.frame)
}

// usesSampler reports whether the panel's figure depends on the sampler.
func (r *Root) usesSampler() bool {
	if r.spec.Family != "diffusion" {
		return false
	}
	switch r.view.Panel {
	case protocol.PanelSamples, protocol.PanelReverse, protocol.PanelSamplers:
		return true
	}
	return false
}

func (r *Root) isPanel(p string) bool { return r.view.Panel == p }

// panelCaption explains the panel under it.
func (r *Root) panelCaption() string {
	f := r.spec.Family
	img := r.isImages()
	switch r.view.Panel {
	case protocol.PanelSamples:
		switch f {
		case "gan":
			if img {
				return "Generated digits. Lower ψ pulls the latent codes towards their mean: cleaner, but fewer kinds of digit."
			}
			return "Generated points (orange dots) over the discriminator's output D(x): blue where D believes a point is real, orange where it believes it is generated. Lower ψ trades diversity for fidelity."
		case "flow":
			if img {
				return "Samples of the flow, in one pass through the inverse layers."
			}
			return "The flow's exact log-density log p(x) (yellow = high) with its samples (orange) over the data (blue)."
		case "diffusion":
			return "Samples of the reverse process. DDIM skips steps: with k = 20 it needs 50 times fewer network evaluations than DDPM's 1000."
		case "vae":
			return "Decodings of codes drawn from the prior N(0, I). The VAE's KL term keeps the codes near the prior, so every region decodes to something plausible, if blurred."
		}
	case protocol.PanelRecon:
		if img {
			return "Rows alternate inputs (outlined) and their reconstructions."
		}
		return "Each data point (blue) is joined to its reconstruction (orange)."
	case protocol.PanelLatent:
		if f == "flow" {
			return "The data pushed through the flow into its latent space, with circles at 1, 2 and 3 standard deviations of N(0, I)."
		}
		if img {
			return "The codes of 1000 digits, coloured by their class. Draw a digit on the pad to see where it lands."
		}
		return "The codes of the data, each coloured by where its point lies in the data (see the small plot)."
	case protocol.PanelPrior:
		return "Decodings of codes drawn from N(0, I) (orange) over the data (blue). Nothing taught the autoencoder which codes are likely: its codes (small plot) sit wherever they landed, so random codes decode to poor samples."
	case protocol.PanelManifold:
		return "Decodings of a grid of codes over latent dimensions 1 and 2, from −3 to 3: the manifold the decoder has learned."
	case protocol.PanelInterp:
		return "The two inputs at the ends are encoded; the tiles between decode evenly spaced codes on the line joining their codes."
	case protocol.PanelForward:
		return "The data with noise added up to step t of the forward process: at t = T it is pure Gaussian noise."
	case protocol.PanelReverse:
		return "The reverse process from pure noise (frame 0) to samples. Press “Animate” to play it."
	case protocol.PanelSamplers:
		return "The same model sampled by DDPM over all T steps (left) and by DDIM with k steps (right)."
	case protocol.PanelInpaint:
		if img {
			return "The first tile is the input with the part to fill in shaded; the others are completions. Paint on the pad to choose what to fill in."
		}
		return "Each completion keeps the known x coordinate (grey lines) and generates y."
	case protocol.PanelSDEdit:
		if img {
			return "Your drawing (first tile), noised to the chosen strength and denoised: small strengths stay close to it."
		}
		return "The input points (blue), noised to the chosen strength and denoised (orange)."
	}
	return ""
}

// noteText is the figure's note, if any.
func (r *Root) noteText() string {
	if strings.HasPrefix(r.fig.Note, "field: ") {
		return "" // the legend names the field
	}
	return r.fig.Note
}

// familyTitle is the family's name for people.
func familyTitle(name string) string {
	if f, err := registry.Lookup(name); err == nil {
		return f.Title
	}
	return name
}

// onPanel and the knobs' event handlers.

func (r *Root) onPsi(e vugu.DOMEvent)      { r.SetPsi(e.PropString("target", "value")) }
func (r *Root) onSampler(e vugu.DOMEvent)  { r.SetSampler(e.PropString("target", "value")) }
func (r *Root) onK(e vugu.DOMEvent)        { r.SetK(e.PropString("target", "value")) }
func (r *Root) onEta(e vugu.DOMEvent)      { r.SetEta(e.PropString("target", "value")) }
func (r *Root) onT(e vugu.DOMEvent)        { r.SetT(e.PropString("target", "value")) }
func (r *Root) onStrength(e vugu.DOMEvent) { r.SetStrength(e.PropString("target", "value")) }
func (r *Root) onFrame(e vugu.DOMEvent)    { r.SetFrame(e.PropString("target", "value")) }

func (r *Root) statText(name string, digits int) string {
	v, ok := r.fig.Stat(name)
	if !ok || math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', digits, 64)
}

func (r *Root) samplersRows() [][3]string {
	if !r.figOK || r.fig.Panel != protocol.PanelSamplers {
		return nil
	}
	rows := [][3]string{
		{"", "DDPM", fmt.Sprintf("DDIM, k = %s, η = %s", r.statText("ddim_evals", 0), r.etaText())},
		{"network evaluations", r.statText("ddpm_evals", 0), r.statText("ddim_evals", 0)},
		{"ms per sample", r.statText("ddpm_ms", 3), r.statText("ddim_ms", 3)},
	}
	if !r.isImages() {
		rows = append(rows,
			[3]string{"precision", r.statText("ddpm_precision", 3), r.statText("ddim_precision", 3)},
			[3]string{"recall", r.statText("ddpm_recall", 3), r.statText("ddim_recall", 3)},
			[3]string{"MMD²", r.statText("ddpm_mmd", 4), r.statText("ddim_mmd", 4)})
	}
	return rows
}

func (r *Root) speedupText() string {
	v, ok := r.fig.Stat("speedup")
	if !ok || math.IsNaN(v) {
		return ""
	}
	return fmt.Sprintf("DDIM is %.0f× faster per sample.", v)
}

// panelStat is a number of the figure shown beside the plot.
type panelStat struct {
	ID, Label, Value string
}

// panelStatTable lists, per panel, the figure's numbers worth reading and
// how to show them.
var panelStatTable = map[string][]struct {
	name, label, unit string
	digits            int
}{
	protocol.PanelLatent: {
		{"roundtrip", "round trip max |f⁻¹(f(x)) − x|", "", -1},
		{"nll", "NLL", "nats", 3}, {"entropy", "data entropy", "nats", 3}, {"nll_gap", "gap", "nats", 3},
	},
	protocol.PanelPrior:   {{"code_std", "std of the data's codes", "", 2}},
	protocol.PanelForward: {{"t", "t", "", 0}, {"alpha_bar", "ᾱₜ (signal kept)", "", 4}, {"snr", "SNR", "", 3}},
	protocol.PanelReverse: {{"steps", "network evaluations", "", 0}, {"ms_per_sample", "time per sample", "ms", 3}},
	protocol.PanelInpaint: {{"kept_max_diff", "largest change of a known value", "", -1}},
	protocol.PanelSDEdit:  {{"strength", "strength", "", 2}},
	protocol.PanelSamples: {{"psi", "ψ", "", 2}, {"precision", "precision", "", 3}, {"recall", "recall", "", 3}},
}

// panelStats are the figure's numbers for the panel shown.
func (r *Root) panelStats() []panelStat {
	if !r.figOK || r.fig.Panel != r.view.Panel {
		return nil
	}
	var out []panelStat
	for _, e := range panelStatTable[r.view.Panel] {
		v, ok := r.fig.Stat(e.name)
		if !ok || math.IsNaN(v) {
			continue
		}
		var text string
		switch {
		case math.IsInf(v, 0):
			text = "∞"
		case e.digits < 0:
			text = strconv.FormatFloat(v, 'g', 3, 64)
		default:
			text = strconv.FormatFloat(v, 'f', e.digits, 64)
		}
		if e.unit != "" {
			text += " " + e.unit
		}
		out = append(out, panelStat{ID: "stat-" + e.name, Label: e.label, Value: text})
	}
	return out
}

// drawsInput reports whether clicks on the plot draw the input of a 2D
// panel: SDEdit's points.
func (r *Root) drawsInput() bool {
	return !r.isImages() && r.spec.Family == "diffusion" && r.view.Panel == protocol.PanelSDEdit
}
