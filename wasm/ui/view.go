package ui

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/vugu/vugu/js"

	"genplay/models/data"
	"genplay/models/metrics/vocab"
	"genplay/models/registry"
	"genplay/wasm/protocol"
)

// The template's helpers: text and styles computed from Root's state.

func (s *Session) status() string {
	switch {
	case s.crashed != "":
		return "stopped"
	case !s.ready:
		return "starting"
	case s.running:
		return "training"
	case s.stopped:
		return "stopped"
	case s.step == 0:
		return "ready"
	}
	return "paused"
}

func (s *Session) stepText() string { return strconv.Itoa(s.step) }

func (s *Session) rateText() string {
	if !s.running || s.rate == 0 {
		return "–"
	}
	return strconv.FormatFloat(s.rate, 'f', 0, 64)
}

// rateWhy says why the rate shows "–", or what it is.
func (s *Session) rateWhy() string {
	if s.rateText() == "–" {
		return "Training steps per second: measured while training, so none while paused."
	}
	return "Training steps per second in this tab's worker."
}

func (s *Session) seedText() string { return strconv.FormatUint(s.spec.Seed, 10) }

// pretrainedTitle says which pretrained model the session was loaded from,
// or "" when it was built.
func (s *Session) pretrainedTitle() string {
	if e, ok := s.loaded(); ok {
		return "Pretrained: " + e.Title
	}
	return ""
}

// dataTitle is the data set's name for people.
func (s *Session) dataTitle() string {
	switch {
	case s.set.Name != "":
		return s.set.Title
	case s.spec.Data == "mnist":
		return "MNIST digits"
	}
	return s.spec.Data
}

func (s *Session) dataCaption() string {
	if s.isImages() {
		return fmt.Sprintf("%d×%d greyscale images", s.rows, s.cols)
	}
	return "2D points"
}

func (s *Session) aboutText() string {
	about := ""
	if f, err := registry.Lookup(s.spec.Family); err == nil {
		about = f.About + " "
	}
	return about + "Training and sampling run in a Web Worker, so the page stays smooth."
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

// option is an entry of the pretrained models' select.
type option struct {
	Name, Label string
	Selected    bool
}

func (s *Session) options() []option {
	if s.manifest == nil {
		return nil
	}
	var os []option
	for _, e := range s.manifest.Models {
		os = append(os, option{
			Name:     e.Name,
			Label:    fmt.Sprintf("%s — %s · %s, %s", e.Title, e.Family, e.Data, mb(int(e.Bytes))),
			Selected: e.Name == s.choice,
		})
	}
	return os
}

// choiceLabel is the full name of the pretrained model picked, which the
// narrow select may cut short: its tooltip.
func (s *Session) choiceLabel() string {
	for _, o := range s.options() {
		if o.Selected {
			return o.Label
		}
	}
	return "Pretrained model"
}

func (s *Session) pretrainedNote() string {
	switch {
	case s.manifestProblem != "":
		return "No pretrained models: " + s.manifestProblem
	case s.manifest == nil:
		return "Reading the list of pretrained models…"
	case len(s.manifest.Models) == 0:
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
func (s *Session) loadPercent() int {
	l := s.load
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
func (s *Session) loadDone() string { return strconv.FormatBool(s.load != nil && s.load.finished) }

func (s *Session) loadStyle() string { return fmt.Sprintf("width: %d%%", s.loadPercent()) }

func (s *Session) loadText() string {
	l := s.load
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

// recordedRows are the recorded metrics of the loaded pretrained model, by
// name.
func (s *Session) recordedRows() [][3]string {
	e, ok := s.loaded()
	if !ok {
		return nil
	}
	var rows [][3]string
	for _, k := range slices.Sorted(maps.Keys(e.Metrics)) {
		label := vocab.Label(k)
		if m, ok := vocab.Of(k); ok && m.Unit != "" {
			label += " (" + m.Unit + ")"
		}
		rows = append(rows, [3]string{label, strconv.FormatFloat(e.Metrics[k], 'g', 4, 64), k})
	}
	return rows
}

// samplingStyle is the width of the running sample's progress bar.
func (s *Session) samplingStyle() string {
	return fmt.Sprintf("width: %.1f%%", 100*s.sampling)
}

// samplingText says how the samples on the plot are drawn and how far the
// next is. On the samples panel while training they are the worker's live
// samples (a fast preview for a model that samples step by step, plain
// samples for a GAN); paused, the View's sampler (and ψ) draws them. A
// panel that picks its sampler names it; a panel that shows no samples
// has no such line.
func (s *Session) samplingText() string {
	if s.sampler == "" {
		return ""
	}
	p, _ := s.row()
	view := s.viewSampler()
	var text string
	switch {
	case p.Name == protocol.PanelSamples && view != "":
		if s.running {
			text = "Live samples while training: " + s.sampler + ". Paused, the plot shows " + view + "."
		} else {
			text = "Sampler: " + view
		}
	case p.Name == protocol.PanelSamples && s.has(protocol.CapTruncate):
		psi, _ := protocol.KnobOf(protocol.KnobPsi)
		if s.running && s.view.Psi != 1 {
			// The worker draws live samples plainly.
			text = "Sampler: " + s.sampler + ", ψ = 1 while training. Paused, the plot shows ψ = " + psi.Text(&s.view) + "."
		} else {
			text = "Sampler: " + s.sampler + ", ψ = " + psi.Text(&s.view)
		}
	case p.Name == protocol.PanelSamples || p.Name == protocol.PanelPrior:
		text = "Sampler: " + s.sampler
	case slices.Contains(p.Knobs, protocol.KnobSampler) && view != "":
		text = "Sampler: " + view
	default:
		return ""
	}
	if s.sampling > 0 && p.Name == protocol.PanelSamples {
		text += fmt.Sprintf(" · next sample %d%%", int(100*s.sampling))
	}
	return text
}

// familyOptions are the entries of the family picker.
func (s *Session) familyOptions() []option {
	var os []option
	for _, f := range registry.Families() {
		os = append(os, option{Name: f.Name, Label: f.Title, Selected: f.Name == s.spec.Family})
	}
	return os
}

// dataOptions are the entries of the data picker: the 2D sets, the image
// sets, and drawing one's own.
func (s *Session) dataOptions() []option {
	var os []option
	for _, name := range data.Names() {
		set, _ := data.Lookup(name)
		os = append(os, option{Name: name, Label: set.Title, Selected: name == s.spec.Data && !s.drawMode})
	}
	for _, name := range registry.ImageSets {
		os = append(os, option{Name: name, Label: imagesTitle(name), Selected: name == s.spec.Data && !s.drawMode})
	}
	label := "Draw your own…"
	drawn := strings.HasPrefix(s.spec.Data, data.DrawnPrefix)
	if drawn {
		label = s.set.Title
	}
	os = append(os, option{Name: dataDrawn, Label: label, Selected: s.drawMode || drawn})
	return os
}

func imagesTitle(name string) string {
	if name == "mnist" {
		return "MNIST digits (28×28)"
	}
	return name
}

// familyName is the family's title.
func (s *Session) familyName() string { return familyTitle(s.spec.Family) }

// tunedText says when the config last changed live.
func (s *Session) tunedText() string {
	if s.tuned == 0 {
		return ""
	}
	return fmt.Sprintf("Settings changed at step %d; the link replays the run with the new settings from step 0.", s.tuned)
}

// Classes and labels of the template.

func (s *Session) playClass() string {
	if s.running {
		return "is-running"
	}
	return ""
}

func (s *Session) playIcon() string {
	if s.running {
		return "icon-pause"
	}
	return "icon-play"
}

func (s *Session) playTitle() string {
	if s.running {
		return "Pause (space)"
	}
	return "Train (space)"
}

func (s *Session) activeClass(active bool) string {
	if active {
		return " tab-active"
	}
	return ""
}

func (s *Session) drawClass() string {
	if s.drawMode || s.drawsInput() {
		return " drawing"
	}
	return ""
}

func (s *Session) cellClass(row int) string {
	if row == 0 {
		return "head"
	}
	return ""
}

// samplersWhy says why a cell of the samplers table shows "–", for its
// hover title; "" when it shows a number.
func samplersWhy(text string) string {
	if text != "–" {
		return ""
	}
	return "Not a number: this sampler's points are not all finite, so they cannot be scored."
}

// syncSelect sets the value property of a select or input element to v. A
// form field the user has touched no longer follows its attributes, which
// Vugu sets, so that it would keep showing the user's last choice after
// the page changed it (another family's controls in the same places).
func (s *Session) syncSelect(el js.Value, v string) {
	if el.Truthy() && el.Get("value").String() != v {
		el.Set("value", v)
	}
}

// syncChecked sets the checked property of a checkbox, as syncSelect does
// the value.
func (s *Session) syncChecked(el js.Value, b bool) {
	if el.Truthy() && el.Get("checked").Bool() != b {
		el.Set("checked", b)
	}
}

// dataValue is the data picker's value.
func (s *Session) dataValue() string {
	if s.drawMode || strings.HasPrefix(s.spec.Data, data.DrawnPrefix) {
		return dataDrawn
	}
	return s.spec.Data
}

func (s *Session) runningText() string { return strconv.FormatBool(s.running) }

func (s *Session) boolText(b bool) string { return strconv.FormatBool(b) }

// wideClass widens a knob whose range is the model's own (t over T).
func (s *Session) wideClass(wide bool) string {
	if wide {
		return " knob-wide"
	}
	return ""
}
