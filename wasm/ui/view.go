package ui

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/vugu/vugu/js"

	"genplay/models/data"
	"genplay/models/registry"
)

// The template's helpers: text and styles computed from Root's state.

func (r *Root) status() string {
	switch {
	case r.crashed != "":
		return "stopped"
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
	return abouts[r.spec.Family] + " Training and sampling run in a Web Worker, so the page stays smooth."
}

// tick is a label of the loss plot's vertical axis.
type tick struct {
	Label string
	Style string
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

// recordedLabels name the recorded metrics that the live metrics lack.
var recordedLabels = map[string]string{
	"coverage":    "Coverage",
	"density":     "Density",
	"mmd2":        "MMD²",
	"modes_total": "Modes in the data",
	"nll_bound":   "NLL bound (nats)",
	"sample_ms":   "Time per sample (ms)",
}

// recordedRows are the recorded metrics of the loaded pretrained model, by
// name.
func (r *Root) recordedRows() [][3]string {
	e, ok := r.loaded()
	if !ok {
		return nil
	}
	var rows [][3]string
	for _, k := range slices.Sorted(maps.Keys(e.Metrics)) {
		label, ok := recordedLabels[k]
		if !ok {
			label = k
		}
		for _, m := range metricTable {
			if m.Name == k {
				label = m.Label
			}
		}
		rows = append(rows, [3]string{label, strconv.FormatFloat(e.Metrics[k], 'g', 4, 64), k})
	}
	return rows
}

// samplingStyle is the width of the running sample's progress bar.
func (r *Root) samplingStyle() string {
	return fmt.Sprintf("width: %.1f%%", 100*r.sampling)
}

// samplingText says how the samples are drawn and how far the next is.
func (r *Root) samplingText() string {
	if r.sampler == "" {
		return ""
	}
	if r.sampling > 0 {
		return fmt.Sprintf("Sampler: %s · next sample %d%%", r.sampler, int(100*r.sampling))
	}
	return "Sampler: " + r.sampler
}

// familyOptions are the entries of the family picker.
func (r *Root) familyOptions() []option {
	var os []option
	for _, f := range registry.Families() {
		os = append(os, option{Name: f.Name, Label: f.Title, Selected: f.Name == r.spec.Family})
	}
	return os
}

// dataOptions are the entries of the data picker: the 2D sets, the image
// sets, and drawing one's own.
func (r *Root) dataOptions() []option {
	var os []option
	for _, name := range data.Names() {
		set, _ := data.Lookup(name)
		os = append(os, option{Name: name, Label: set.Title, Selected: name == r.spec.Data && !r.drawMode})
	}
	for _, name := range registry.ImageSets {
		os = append(os, option{Name: name, Label: imagesTitle(name), Selected: name == r.spec.Data && !r.drawMode})
	}
	label := "Draw your own…"
	drawn := strings.HasPrefix(r.spec.Data, data.DrawnPrefix)
	if drawn {
		label = r.set.Title
	}
	os = append(os, option{Name: dataDrawn, Label: label, Selected: r.drawMode || drawn})
	return os
}

func imagesTitle(name string) string {
	if name == "mnist" {
		return "MNIST digits (28×28)"
	}
	return name
}

// familyName is the family's title.
func (r *Root) familyName() string { return familyTitle(r.spec.Family) }

// tunedText says when the config last changed live.
func (r *Root) tunedText() string {
	if r.tuned == 0 {
		return ""
	}
	return fmt.Sprintf("Settings changed at step %d; the link replays the run with the new settings from step 0.", r.tuned)
}

// Classes and labels of the template.

func (r *Root) appClass() string {
	c := "app"
	if r.embed {
		c += " app-embed"
	}
	if r.rebuilt%2 == 1 {
		c += " flash-a"
	} else {
		c += " flash-b"
	}
	return c
}

func (r *Root) playClass() string {
	if r.running {
		return "is-running"
	}
	return ""
}

func (r *Root) playIcon() string {
	if r.running {
		return "icon-pause"
	}
	return "icon-play"
}

func (r *Root) playTitle() string {
	if r.running {
		return "Pause (space)"
	}
	return "Train (space)"
}

func (r *Root) activeClass(active bool) string {
	if active {
		return " tab-active"
	}
	return ""
}

func (r *Root) drawClass() string {
	if r.drawMode || r.drawsInput() {
		return " drawing"
	}
	return ""
}

func (r *Root) cellClass(row int) string {
	if row == 0 {
		return "head"
	}
	return ""
}

// syncSelect sets the value property of a select or input element to v. A
// form field the user has touched no longer follows its attributes, which
// Vugu sets, so that it would keep showing the user's last choice after
// the page changed it (another family's controls in the same places).
func (r *Root) syncSelect(el js.Value, v string) {
	if el.Truthy() && el.Get("value").String() != v {
		el.Set("value", v)
	}
}

// syncChecked sets the checked property of a checkbox, as syncSelect does
// the value.
func (r *Root) syncChecked(el js.Value, b bool) {
	if el.Truthy() && el.Get("checked").Bool() != b {
		el.Set("checked", b)
	}
}

// dataValue is the data picker's value.
func (r *Root) dataValue() string {
	if r.drawMode || strings.HasPrefix(r.spec.Data, data.DrawnPrefix) {
		return dataDrawn
	}
	return r.spec.Data
}

func (r *Root) runningText() string { return strconv.FormatBool(r.running) }

func (r *Root) boolText(b bool) string { return strconv.FormatBool(b) }
