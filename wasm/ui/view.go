package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"genplay/models"
	"genplay/models/diffusion"
	"genplay/models/registry"
)

// The template's helpers: text and styles computed from Root's state.

func (r *Root) status() string {
	switch {
	case !r.ready:
		return "starting"
	case r.running:
		return "training"
	case r.stopped:
		return "stopped"
	case r.step == 0:
		return "ready"
	}
	return "paused"
}

func (r *Root) stepText() string { return strconv.Itoa(r.step) }

func (r *Root) rateText() string {
	if !r.running || r.rate == 0 {
		return "–"
	}
	return strconv.FormatFloat(r.rate, 'f', 0, 64)
}

func (r *Root) seedText() string { return strconv.FormatUint(r.spec.Seed, 10) }

// modelTitle is the family's name for people.
func (r *Root) modelTitle() string {
	if f, err := registry.Lookup(r.spec.Family); err == nil {
		return f.Title
	}
	return r.spec.Family
}

// pretrainedTitle says which pretrained model the session was loaded from,
// or "" when it was built.
func (r *Root) pretrainedTitle() string {
	if e, ok := r.loaded(); ok {
		return "Pretrained: " + e.Title
	}
	return ""
}

// dataTitle is the data set's name for people.
func (r *Root) dataTitle() string {
	switch {
	case r.set.Name != "":
		return r.set.Title
	case r.spec.Data == "mnist":
		return "MNIST digits"
	}
	return r.spec.Data
}

func (r *Root) dataCaption() string {
	if r.isImages() {
		return fmt.Sprintf("%d×%d greyscale images", r.rows, r.cols)
	}
	return "2D points"
}

// samplesKind says what the samples plot shows: "points" or "images".
func (r *Root) samplesKind() string {
	if r.isImages() {
		return "images"
	}
	return "points"
}

// samplesUnit names what a sample consists of, and how many points lie
// outside the plot.
func (r *Root) samplesUnit(n int) string {
	if r.isImages() {
		return fmt.Sprintf("%d images", n)
	}
	if r.outside > 0 {
		return fmt.Sprintf("%d points (%d outside the plot)", n, r.outside)
	}
	return fmt.Sprintf("%d points", n)
}

func (r *Root) samplingText() string {
	pct := int(100 * r.sampling)
	n := 0
	if r.dim > 0 {
		n = len(r.points) / r.dim
	}
	how := ""
	if r.sampler != "" {
		how = " (" + r.sampler + ")"
	}
	switch {
	case r.samples == 0 && r.sampling == 0 && !r.running:
		return "Samples appear as soon as the model trains; or load a pretrained model."
	case r.samples == 0:
		return fmt.Sprintf("First sample: %d%%%s.", pct, how)
	case r.sampler == "one pass":
		return fmt.Sprintf("Sample %d shown, %s, drawn in one pass.", r.samples, r.samplesUnit(n))
	case !r.running && r.sampling == 0:
		return fmt.Sprintf("Sample %d shown, %s%s.", r.samples, r.samplesUnit(n), how)
	}
	return fmt.Sprintf("Sample %d shown, %s. Next: %d%%%s.", r.samples, r.samplesUnit(n), pct, how)
}

func (r *Root) samplingStyle() string {
	return fmt.Sprintf("width: %.1f%%", 100*r.sampling)
}

// lossHints says what each family's first loss term is.
var lossHints = map[string]string{
	"ae":        "reconstruction MSE",
	"vae":       "negative ELBO",
	"gan":       "discriminator + generator loss",
	"flow":      "negative log-likelihood",
	"diffusion": "MSE of the noise prediction",
}

func (r *Root) lossHint() string {
	h, ok := lossHints[r.spec.Family]
	if !ok {
		h = "loss"
	}
	return h + ", log scale"
}

// abouts explains what each family does, for the panel under the loss.
var abouts = map[string]string{
	"ae": "An autoencoder squeezes each point through a small code and learns to rebuild it. " +
		"It reconstructs well but was never taught what codes are likely, so decoding random codes gives poor samples.",
	"vae": "A variational autoencoder learns a code distribution as well as the decoder: it maximises a lower bound " +
		"on the likelihood (the ELBO), so decoding random codes gives samples that cover every mode, often blurred.",
	"gan": "A generative adversarial network trains a generator against a discriminator that tells real points from generated ones. " +
		"Samples are sharp and come in one pass, but training is a duel that can collapse onto a few modes.",
	"flow": "A normalizing flow (RealNVP) maps the data to Gaussian noise by invertible layers, " +
		"so it gives exact likelihoods and samples in one pass, at the price of layers that must stay invertible.",
	"diffusion": "A denoising diffusion model learns to undo Gaussian noise added to the data over many small steps. " +
		"Training teaches a network to predict that noise; sampling starts from pure noise and removes it step by step, " +
		"one network evaluation per step.",
}

func (r *Root) aboutText() string {
	return abouts[r.spec.Family] + " Training and sampling share a Web Worker, so the page stays smooth."
}

func (r *Root) lossCaption() string {
	if r.losses.steps() == 0 {
		if r.step > 0 {
			return fmt.Sprintf("No steps since step %d.", r.step)
		}
		return "No steps yet."
	}
	return fmt.Sprintf("Steps %d to %d; the line is a moving average.", r.losses.first+1, r.losses.first+r.losses.steps())
}

// tick is a label of the loss plot's vertical axis.
type tick struct {
	Label string
	Style string
}

func (r *Root) lossTicks() []tick {
	if !r.lossOK {
		return nil
	}
	var ts []tick
	for _, v := range r.lossAxis.Ticks() {
		top := 100 * r.lossAxis.Y(v) / float64(r.lossAxis.H)
		ts = append(ts, tick{Label: strconv.FormatFloat(v, 'g', 3, 64), Style: fmt.Sprintf("top: %.2f%%", top)})
	}
	return ts
}

// specRows describes the model's configuration: diffusion in words, the
// other families as their config's fields.
func (r *Root) specRows() [][2]string {
	if r.spec.Family == "diffusion" {
		c := diffusion.Default()
		if len(r.spec.Config) == 0 || models.DecodeStrict(r.spec.Config, &c) == nil {
			return [][2]string{
				{"Process", fmt.Sprintf("DDPM, T = %d", c.T)},
				{"Schedule", fmt.Sprintf("%s β %s → %s", c.Schedule, short(c.BetaStart), short(c.BetaEnd))},
				{"Network", fmt.Sprintf("MLP %d × %d, ReLU", c.Depth, c.Hidden)},
				{"Time input", fmt.Sprintf("sinusoidal, %d", c.EmbedDim)},
				{"Optimizer", fmt.Sprintf("Adam, lr %s", short(c.LearningRate))},
				{"Batch", strconv.Itoa(c.Batch)},
			}
		}
	}
	return configRows(r.spec)
}

// configRows lists the fields of spec's config over its family's
// defaults, in the order of the family's Config.
func configRows(spec models.Spec) [][2]string {
	f, err := registry.Lookup(spec.Family)
	if err != nil {
		return nil
	}
	def := f.Default()
	keys := objectKeys(def)
	vals := map[string]json.RawMessage{}
	json.Unmarshal(def, &vals)
	if len(spec.Config) > 0 {
		json.Unmarshal(spec.Config, &vals)
	}
	var rows [][2]string
	for _, k := range keys {
		v := string(vals[k])
		if f, err := strconv.ParseFloat(v, 32); err == nil {
			v = short(float32(f))
		}
		rows = append(rows, [2]string{k, strings.Trim(v, `"`)})
	}
	return rows
}

// objectKeys returns the keys of the JSON object b in their order.
func objectKeys(b []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return keys
		}
		keys = append(keys, t.(string))
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return keys
		}
	}
	return keys
}

// short formats a hyperparameter briefly: 0.02, 1e-4, 3e-3.
func short(v float32) string {
	if v != 0 && v < 0.01 {
		s := strconv.FormatFloat(float64(v), 'e', -1, 32) // "1e-04"
		return strings.Replace(s, "e-0", "e-", 1)
	}
	return strconv.FormatFloat(float64(v), 'g', -1, 32)
}

func (r *Root) realSwatch() string {
	c := r.theme.Real
	c.A = 0xff
	return swatch(c)
}

func (r *Root) genSwatch() string { return swatch(r.theme.Generated) }

// option is an entry of the pretrained models' select.
type option struct {
	Name, Label string
	Selected    bool
}

func (r *Root) options() []option {
	if r.manifest == nil {
		return nil
	}
	var os []option
	for _, e := range r.manifest.Models {
		os = append(os, option{
			Name:     e.Name,
			Label:    fmt.Sprintf("%s — %s · %s, %s", e.Title, e.Family, e.Data, mb(int(e.Bytes))),
			Selected: e.Name == r.choice,
		})
	}
	return os
}

func (r *Root) pretrainedNote() string {
	switch {
	case r.manifestProblem != "":
		return "No pretrained models: " + r.manifestProblem
	case r.manifest == nil:
		return "Reading the list of pretrained models…"
	case len(r.manifest.Models) == 0:
		return "The server offers no pretrained models."
	}
	return ""
}

// mb formats a byte count in megabytes: "15.7 MB", "0.04 MB".
func mb(n int) string {
	v := float64(n) / 1e6
	if v < 0.1 {
		return strconv.FormatFloat(v, 'f', 2, 64) + " MB"
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " MB"
}

// mbLike formats n in megabytes with as many decimals as mb(total) has.
func mbLike(n, total int) string {
	if float64(total)/1e6 < 0.1 {
		return strconv.FormatFloat(float64(n)/1e6, 'f', 2, 64) + " MB"
	}
	return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
}

// loadPercent is the download's progress in whole percent, 100 once the
// model is loaded.
func (r *Root) loadPercent() int {
	l := r.load
	switch {
	case l == nil:
		return 0
	case l.finished:
		return 100
	case l.total <= 0:
		return 0
	}
	return min(100, 100*l.done/l.total)
}

// loadDone is the load's data-done attribute: "true" once the model is
// loaded, else "false".
func (r *Root) loadDone() string { return strconv.FormatBool(r.load != nil && r.load.finished) }

func (r *Root) loadStyle() string { return fmt.Sprintf("width: %d%%", r.loadPercent()) }

func (r *Root) loadText() string {
	l := r.load
	switch {
	case l == nil:
		return ""
	case l.finished:
		return fmt.Sprintf("Loaded %s at step %d.", l.title, l.step)
	case l.what == "":
		return "Asking for " + l.title + "…"
	case l.done == l.total:
		return fmt.Sprintf("Checking %s…", l.what)
	}
	return fmt.Sprintf("Downloading %s: %s of %s", l.what, strings.TrimSuffix(mbLike(l.done, l.total), " MB"), mb(l.total))
}

// metricRows are the recorded metrics of the loaded pretrained model, by
// name.
func (r *Root) metricRows() [][2]string {
	e, ok := r.loaded()
	if !ok {
		return nil
	}
	var rows [][2]string
	for _, k := range slices.Sorted(maps.Keys(e.Metrics)) {
		rows = append(rows, [2]string{k, strconv.FormatFloat(e.Metrics[k], 'g', 4, 64)})
	}
	return rows
}
