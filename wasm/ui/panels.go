package ui

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/vugu/vugu"

	"genplay/models/registry"
	"genplay/wasm/paint"
	"genplay/wasm/protocol"
)

// The main view's panels as protocol.PanelTable describes them: the tabs,
// the knobs, the captions, legends and stats of the session's panels,
// which the worker's capabilities select. Painting is in figures.go.

// tab is a panel as the template's tab bar shows it.
type tab struct {
	Panel, Label, Title string
	Active              bool
}

// setPanels takes the model's capabilities and finds its panels. When the
// view's panel is not one of them the view moves to the first, with a
// notice if a link asked for it.
func (s *Session) setPanels(caps []protocol.Capability) {
	s.caps = caps
	s.panels = protocol.PanelsFor(caps, s.isImages())
	if smp := protocol.SamplersOf(caps); len(smp) > 0 && !slices.Contains(smp, s.view.Sampler) {
		// A sampler the model does not offer: its default.
		s.view.Sampler = smp[0]
		s.sendView()
	}
	if len(s.panels) == 0 || s.hasPanel(s.view.Panel) {
		s.linkPanel = ""
		return
	}
	first := s.panels[0]
	if s.linkPanel != "" && s.linkPanel == s.view.Panel && s.noticed != nil {
		s.noticed(fmt.Sprintf("The %s has no panel %q; showing %s.", s.familyName(), s.linkPanel, first.Label))
	}
	s.linkPanel = ""
	s.view.Panel = first.Name
	s.fig, s.figOK, s.frame = protocol.Figure{}, false, lastFrame
	s.paintMain()
	s.paintPad()
	s.sendView()
}

// hasPanel reports whether the session's model has the panel name.
func (s *Session) hasPanel(name string) bool {
	return slices.ContainsFunc(s.panels, func(p protocol.Panel) bool { return p.Name == name })
}

// has reports whether the session's model has the capability c.
func (s *Session) has(c protocol.Capability) bool { return slices.Contains(s.caps, c) }

// row is the table's row of the panel shown, and whether the model has it.
func (s *Session) row() (protocol.Panel, bool) {
	for _, p := range s.panels {
		if p.Name == s.view.Panel {
			return p, true
		}
	}
	return protocol.Panel{Name: s.view.Panel}, false
}

func (s *Session) tabs() []tab {
	var ts []tab
	for _, p := range s.panels {
		ts = append(ts, tab{Panel: p.Name, Label: p.Label, Title: p.Title, Active: p.Name == s.view.Panel})
	}
	return ts
}

// SetPanel shows panel.
func (s *Session) SetPanel(panel string) {
	if !s.hasPanel(panel) || panel == s.view.Panel {
		return
	}
	s.view.Panel = panel
	s.fig, s.figOK, s.frame = protocol.Figure{}, false, lastFrame
	s.paintMain()
	s.paintPad()
	s.sendView()
}

// forgetPanels forgets the model's panels when another model is on its
// way: the worker's next Progress brings its capabilities.
func (s *Session) forgetPanels() {
	s.caps, s.panels = nil, nil
}

// sendView tells the worker what the main panel shows.
func (s *Session) sendView() {
	s.dropWork() // the worker drops the figure under way
	s.do(protocol.Command{Op: protocol.KindView, View: s.viewCommand()})
	s.syncURL()
}

// viewCommand is the view with what the user drew: a digit on the
// panel's pad, an inpainting mask, points on the plot.
func (s *Session) viewCommand() protocol.View {
	v := s.view
	p, _ := s.row()
	switch {
	case s.isImages() || s.isImageData():
		if p.Pad {
			v.Input, v.Mask = s.padInput()
		}
	case p.Draws && len(s.drawing) >= 2:
		v.Input = append([]float32(nil), s.drawing...)
	}
	return v
}

// The panel knobs.

// lastFrame stands for the reverse process's final frame.
const lastFrame = -1

// knobView is a knob of the panel shown, ready for the template.
type knobView struct {
	protocol.Knob
	ElemID, ValueID string
	Text, Pos       string // the value for people, the control's position
	Lo, Hi, By      string // the slider's range and step
	Of              string // the model's maximum, when it has its own
	Range, Enum     bool
	// Disabled: the knob changes nothing now (the samples panel while
	// training shows the worker's live samples); Help then says so.
	Disabled bool
	Options  []option
}

// knobs are the knobs of the panel shown.
func (s *Session) knobs() []knobView {
	p, ok := s.row()
	if !ok {
		return nil
	}
	var out []knobView
	for _, key := range p.Knobs {
		k, ok := protocol.KnobOf(key)
		if !ok || slices.ContainsFunc(k.Needs, func(c protocol.Capability) bool { return !s.has(c) }) || !s.knobApplies(p, key) {
			continue
		}
		kv := knobView{Knob: k, ElemID: s.elemID(k.ID), ValueID: s.elemID(k.ID + "-value"),
			Text: k.Text(&s.view), Pos: k.Position(&s.view)}
		if s.running && p.Name == protocol.PanelSamples {
			kv.Disabled = true
			kv.Help = "While training, the plot shows the live samples (see the line under it); pause to draw them with this setting."
		}
		if k.Kind == protocol.KnobEnum {
			kv.Enum = true
			offered := protocol.SamplersOf(s.caps)
			for _, o := range k.Options {
				if key == protocol.KnobSampler && len(offered) > 0 && !slices.Contains(offered, o.Name) {
					continue // a sampler the model does not offer
				}
				kv.Options = append(kv.Options, option{Name: o.Name, Label: o.Label, Selected: o.Name == *k.Enum(&s.view)})
			}
		} else {
			kv.Range = true
			hi := s.knobMax(k)
			kv.Lo = strconv.FormatFloat(k.Scale*k.Min, 'f', -1, 64)
			kv.Hi = strconv.FormatFloat(k.Scale*hi, 'f', -1, 64)
			kv.By = strconv.FormatFloat(k.Scale*k.Step, 'f', -1, 64)
			if k.ModelMax {
				kv.Of = strconv.FormatFloat(hi, 'f', -1, 64)
			}
		}
		out = append(out, kv)
	}
	return out
}

// knobApplies reports whether the knob key changes the figure of panel p
// with the View's sampler: a panel that picks its sampler shows k only
// for a sampler that takes a step count (not DDPM, which runs all T
// steps) and η only for DDIM. The samplers panel's k and η are its second
// sampler's, which takes both.
func (s *Session) knobApplies(p protocol.Panel, key string) bool {
	if !slices.Contains(p.Knobs, protocol.KnobSampler) {
		return true
	}
	switch key {
	case protocol.KnobK:
		return s.view.Sampler != protocol.SamplerDDPM
	case protocol.KnobEta:
		return s.view.Sampler == protocol.SamplerDDIM
	}
	return true
}

// modelT is the model's number of steps T (its config's "T"), or 0 when
// it has none.
func (s *Session) modelT() int {
	if t, ok := s.configValues()["T"].(float64); ok && t >= 1 {
		return int(t)
	}
	return 0
}

// viewSampler says how the View's sampler draws a sample, for people:
// "DDIM, k = 50 of T = 1000 steps, η = 0.00"; "" for a model that does not
// sample step by step.
func (s *Session) viewSampler() string {
	if !s.has(protocol.CapChain) {
		return ""
	}
	k := s.view.K
	T := s.modelT()
	if T > 0 {
		k = min(k, T) // the worker takes at most T steps
	}
	switch s.view.Sampler {
	case protocol.SamplerDDPM:
		if T > 0 {
			return fmt.Sprintf("DDPM, all T = %d steps (%d network evaluations per sample)", T, T)
		}
		return "DDPM, all T steps"
	case protocol.SamplerDDIM:
		eta, _ := protocol.KnobOf(protocol.KnobEta)
		if T > 0 {
			return fmt.Sprintf("DDIM, k = %d of T = %d steps, η = %s", k, T, eta.Text(&s.view))
		}
		return fmt.Sprintf("DDIM, k = %d steps, η = %s", k, eta.Text(&s.view))
	case protocol.SamplerEuler:
		return fmt.Sprintf("Euler, k = %d steps (%d network evaluations per sample)", k, k)
	case protocol.SamplerHeun:
		return fmt.Sprintf("Heun, k = %d steps (%d network evaluations per sample)", k, 2*k)
	}
	return s.view.Sampler
}

// knobMax is the knob's maximum for the session's model: the model's own
// (its config's T) for a knob with ModelMax, else the table's.
func (s *Session) knobMax(k protocol.Knob) float64 {
	if k.ModelMax {
		if t, ok := s.configValues()["T"].(float64); ok && t >= k.Min && t <= k.Max {
			return t
		}
	}
	return k.Max
}

// SetKnob sets the knob key from its control's position and tells the
// worker.
func (s *Session) SetKnob(key, pos string) {
	k, ok := protocol.KnobOf(key)
	if !ok || !k.Set(&s.view, pos) {
		return
	}
	if hi := s.knobMax(k); k.Value(&s.view) > hi {
		k.Set(&s.view, strconv.FormatFloat(k.Scale*hi, 'f', -1, 64))
	}
	s.sendView()
}

// SetFrame shows frame i of the reverse process.
func (s *Session) SetFrame(raw string) {
	if i, err := strconv.Atoi(raw); err == nil {
		s.frame = i
		s.paintMain()
	}
}

// Score asks the worker for the image metrics of the current model.
func (s *Session) Score() {
	v := s.viewCommand()
	v.Score = true
	s.dropWork()
	s.do(protocol.Command{Op: protocol.KindView, View: v})
	s.info = "Scoring 256 samples with the digit classifier…"
}

// Animate plays the reverse process's frames from noise to sample.
func (s *Session) Animate() {
	n := s.frames()
	if n == 0 || s.host == nil {
		return
	}
	s.frame = 0
	s.paintMain()
	panel := s.view.Panel
	if a, ok := s.host.(Animator); ok {
		a.Every(80, func() bool {
			if s.view.Panel != panel || s.frame == lastFrame || s.frame >= s.frames()-1 {
				s.frame = lastFrame
				s.paintMain()
				return false
			}
			s.frame++
			s.paintMain()
			return true
		})
	}
}

// Animator is a Host that can call f every ms milliseconds, with the
// EventEnv lock held, until f returns false.
type Animator interface {
	Every(ms int, f func() bool)
}

// The panel's flags for the template.

func (s *Session) showsFrames() bool { p, _ := s.row(); return p.Frames }
func (s *Session) showsScore() bool  { p, _ := s.row(); return p.Score && s.isImages() }

func (s *Session) frameMax() string { return strconv.Itoa(max(0, s.frames()-1)) }
func (s *Session) framePos() string {
	if s.frame == lastFrame {
		return s.frameMax()
	}
	return strconv.Itoa(s.frame)
}

// frameT is the step t of the reverse process's frame shown, as "t = 430"
// ("t = 0" is the sample), or "" before the frames arrive.
func (s *Session) frameT() string {
	n := s.frames()
	ts := s.fig.Get(protocol.ArrFrameT)
	if n == 0 || len(ts) != n {
		return ""
	}
	i := s.frame
	if i == lastFrame || i >= n {
		i = n - 1
	}
	if i < 0 {
		return ""
	}
	of := ""
	if k, ok := protocol.KnobOf(protocol.KnobT); ok {
		of = " of " + strconv.FormatFloat(s.knobMax(k), 'f', -1, 64)
	}
	return "t = " + strconv.FormatFloat(float64(ts[i]), 'f', -1, 32) + of
}

func (s *Session) isPanel(p string) bool { return s.view.Panel == p }

// panelCaption explains the panel under it: the row's caption with the
// settings in place of its {T}, {k}, {2k} and {eta}, then, for a panel
// that picks its sampler, what that sampler does, and for the GAN's
// samples what ψ did to this model.
func (s *Session) panelCaption() string {
	p, _ := s.row()
	c := p.CaptionFor(s.isImages())
	eta, _ := protocol.KnobOf(protocol.KnobEta)
	k, T := s.view.K, s.modelT()
	if T > 0 {
		k = min(k, T)
	}
	Ts := "T"
	if T > 0 {
		Ts = strconv.Itoa(T)
	}
	c = strings.NewReplacer("{T}", Ts, "{k}", strconv.Itoa(k), "{2k}", strconv.Itoa(2*k), "{eta}", eta.Text(&s.view)).Replace(c)
	if slices.Contains(p.Knobs, protocol.KnobSampler) && s.has(protocol.CapChain) {
		c += " " + s.samplerSentence(k, T)
	}
	if n := s.psiNote(); n != "" {
		c += " " + n
	}
	return c
}

// samplerSentence says what the View's sampler costs: k steps of T.
func (s *Session) samplerSentence(k, T int) string {
	switch s.view.Sampler {
	case protocol.SamplerDDPM:
		if T > 0 {
			return fmt.Sprintf("DDPM runs all T = %d steps: %d network evaluations per sample.", T, T)
		}
		return "DDPM runs all T steps."
	case protocol.SamplerDDIM:
		if T > 0 && k > 0 {
			return fmt.Sprintf("DDIM skips steps: k = %d of T = %d, %s fewer network evaluations than DDPM; η = 0 is deterministic, η = 1 adds DDPM's noise.",
				k, T, times(float64(T)/float64(k)))
		}
		return "DDIM skips steps: k network evaluations instead of DDPM's T."
	case protocol.SamplerEuler:
		return fmt.Sprintf("Euler takes k = %d steps: %d network evaluations per sample.", k, k)
	case protocol.SamplerHeun:
		return fmt.Sprintf("Heun takes k = %d steps of two evaluations each: %d per sample.", k, 2*k)
	}
	return ""
}

// times formats a ratio: "20×", "6.7×".
func times(r float64) string {
	if r >= 10 || r == math.Trunc(r) {
		return strconv.FormatFloat(math.Round(r), 'f', 0, 64) + "×"
	}
	return strconv.FormatFloat(r, 'f', 1, 64) + "×"
}

// psiMeasure is a GAN's sample quality at ψ = 1 at a step, from the
// samples panel's figure.
type psiMeasure struct {
	step              int
	precision, recall float64
	ok                bool
}

// notePsi remembers the quality of a samples figure at ψ = 1, so that a
// figure at another ψ of the same step can be set beside it.
func (s *Session) notePsi(f protocol.Figure) {
	psi, ok := f.Stat(protocol.StatPsi)
	if !ok || psi != 1 {
		return
	}
	p, ok1 := f.Stat(protocol.StatPrecision)
	r, ok2 := f.Stat(protocol.StatRecall)
	if ok1 && ok2 && !math.IsNaN(p) && !math.IsNaN(r) {
		s.psiOne = psiMeasure{step: f.Step, precision: p, recall: r, ok: true}
	}
}

// psiNote says what truncation did to this model at this step, as
// measured: the precision and recall at ψ = 1 beside those at the ψ
// shown; "" until both are known.
func (s *Session) psiNote() string {
	if !s.figOK || s.fig.Panel != protocol.PanelSamples || !s.psiOne.ok || s.psiOne.step != s.fig.Step {
		return ""
	}
	psi, ok := s.fig.Stat(protocol.StatPsi)
	p, ok1 := s.fig.Stat(protocol.StatPrecision)
	r, ok2 := s.fig.Stat(protocol.StatRecall)
	if !ok || !ok1 || !ok2 || psi == 1 || math.IsNaN(p) || math.IsNaN(r) {
		return ""
	}
	verdict := "here lowering ψ raised precision"
	if p <= s.psiOne.precision {
		verdict = "here lowering ψ did not raise precision"
	}
	return fmt.Sprintf("Measured on this model at step %d: ψ = 1 gives precision %.3f and recall %.3f, ψ = %.2f gives %.3f and %.3f: %s.",
		s.fig.Step, s.psiOne.precision, s.psiOne.recall, psi, p, r, verdict)
}

// keyItem is an entry of the main plot's colour key: a swatch (a CSS
// class and style) and what it stands for.
type keyItem struct {
	Label, Class, Style string
}

// keys is the main plot's colour key, for what the panel draws: the data
// and the samples where it draws those, the points of other kinds by
// their own names (codes coloured by position, the noised data of the
// forward process, a chain's start), the field of the row's Legend, and
// on images the classes of the codes coloured by class.
func (s *Session) keys() []keyItem {
	p, ok := s.row()
	if !ok || s.drawMode {
		return nil
	}
	th := s.theme
	dot := func(label string, c color.RGBA) keyItem {
		if c.A < 0x60 {
			c.A = 0x60
		} else {
			c.A = 0xff
		}
		return keyItem{Label: label, Style: swatch(c)}
	}
	line := func(label string, c color.RGBA) keyItem {
		c.A = 0xff
		return keyItem{Label: label, Class: "swatch-line", Style: swatch(c)}
	}
	position := keyItem{Class: "swatch-position"}
	blue := color.RGBA{0, 0x72, 0xb2, 0xff}
	faint := color.RGBA{0, 0x72, 0xb2, 0x30}
	grey := color.RGBA{0x99, 0x99, 0x99, 0xff}
	if s.isImages() {
		if s.view.Panel == protocol.PanelLatent && s.has(protocol.CapBijection) {
			return []keyItem{{Label: "each pixel's latent value, −3 (white) to 3 (black)", Class: "swatch-grey"}}
		}
		if s.view.Panel == protocol.PanelLatent {
			var out []keyItem
			for d := range 10 {
				out = append(out, dot("digit "+strconv.Itoa(d), paint.Okabe(d)))
			}
			return out
		}
		return nil
	}
	data, samples := dot("data", th.Real), dot("samples", th.Generated)
	var out []keyItem
	switch s.view.Panel {
	case protocol.PanelSamples, protocol.PanelSamplers:
		out = []keyItem{data, samples}
	case protocol.PanelRecon:
		out = []keyItem{dot("data", blue), dot("reconstructions", th.Generated), line("joins a point to its reconstruction", grey)}
	case protocol.PanelLatent:
		position.Label = "codes, coloured by their point's place in the data (key: the small plot)"
		if s.has(protocol.CapBijection) {
			position.Label = "the data pushed through the flow, coloured by place in the data (key: the small plot)"
			out = []keyItem{position, line("N(0, I) at 1, 2 and 3 standard deviations", color.RGBA{0x55, 0x55, 0x55, 0xff})}
		} else {
			out = []keyItem{position}
			if len(s.fig.Get(protocol.ArrInputCode)) > 0 {
				out = append(out, dot("the code of your drawn point", color.RGBA{0xf0, 0xe4, 0x42, 0xff}))
			}
		}
	case protocol.PanelPrior:
		out = []keyItem{data, dot("decodings of codes z ~ N(0, I)", th.Generated), dot("small plot: codes of the data", blue)}
	case protocol.PanelManifold:
		out = []keyItem{data, line("decodings of a grid of codes", th.Generated)}
	case protocol.PanelInterp:
		out = []keyItem{data, dot("the two encoded ends", blue), dot("decodings between them", th.Generated)}
	case protocol.PanelForward:
		out = []keyItem{dot("data", faint), dot("xₜ: the data noised to step t", th.Generated)}
	case protocol.PanelReverse:
		out = []keyItem{data, dot("the chain's points at this frame", th.Generated)}
	case protocol.PanelPaths:
		out = []keyItem{dot("data", faint), dot("start: noise", blue), line("paths", th.Generated), dot("end: samples", th.Generated)}
	case protocol.PanelInpaint:
		out = []keyItem{data, dot("completions", th.Generated), line("known x", color.RGBA{0xdd, 0xdd, 0xdd, 0xff})}
	case protocol.PanelSDEdit:
		out = []keyItem{dot("input points (drawn, or data)", blue), dot("edited", th.Generated)}
	default:
		out = []keyItem{data, samples}
	}
	for _, l := range p.Legend {
		item := keyItem{Label: l.Label, Class: l.Swatch}
		if l.Swatch == "swatch-realness" {
			item.Style = realnessCSS
		}
		out = append(out, item)
	}
	if s.outN > 0 {
		out = append(out, keyItem{Label: "samples outside the view, at its edge", Class: "swatch-outside"})
	}
	return out
}

// noteText is the figure's note, if any.
func (s *Session) noteText() string {
	if strings.HasPrefix(s.fig.Note, protocol.FieldNotePrefix) {
		return "" // the legend names the field
	}
	return s.fig.Note
}

// familyTitle is the family's name for people.
func familyTitle(name string) string {
	if f, err := registry.Lookup(name); err == nil {
		return f.Title
	}
	return name
}

// The knobs' event handlers.

func (s *Session) onKnob(key string, e vugu.DOMEvent) {
	s.SetKnob(key, e.PropString("target", "value"))
}
func (s *Session) onFrame(e vugu.DOMEvent) { s.SetFrame(e.PropString("target", "value")) }

func (s *Session) statText(name string, digits int) string {
	v, ok := s.fig.Stat(name)
	if !ok || math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', digits, 64)
}

func (s *Session) samplersRows() [][3]string {
	if !s.figOK || s.fig.Panel != protocol.PanelSamplers {
		return nil
	}
	row, _ := s.row()
	k := s.statText(protocol.StatK, 0) // the figure's k, not the knob's
	second := fmt.Sprintf("%s, k = %s", row.SideTitle, k)
	if slices.Contains(row.Knobs, protocol.KnobEta) {
		eta, _ := protocol.KnobOf(protocol.KnobEta)
		second += ", η = " + eta.Text(&s.view)
	}
	first := row.MainTitle
	if !slices.Contains(row.Knobs, protocol.KnobEta) {
		first += ", k = " + k // both solvers take the k steps
	}
	rows := [][3]string{
		{"", first, second},
		{"network evaluations", s.statText(protocol.StatFirstEvals, 0), s.statText(protocol.StatSecondEvals, 0)},
		{"ms per sample", s.statText(protocol.StatFirstMs, 3), s.statText(protocol.StatSecondMs, 3)},
	}
	if !s.isImages() {
		rows = append(rows,
			[3]string{"precision", s.statText(protocol.StatFirstPrecision, 3), s.statText(protocol.StatSecondPrecision, 3)},
			[3]string{"recall", s.statText(protocol.StatFirstRecall, 3), s.statText(protocol.StatSecondRecall, 3)},
			[3]string{"MMD²", s.statText(protocol.StatFirstMMD, 4), s.statText(protocol.StatSecondMMD, 4)})
	}
	return rows
}

func (s *Session) speedupText() string {
	v, ok := s.fig.Stat(protocol.StatSpeedup)
	if !ok || math.IsNaN(v) {
		return ""
	}
	row, _ := s.row()
	if v >= 1 {
		return fmt.Sprintf("%s is %.0f× faster per sample than %s.", row.SideTitle, v, row.MainTitle)
	}
	return fmt.Sprintf("%s takes %.1f× the time per sample of %s.", row.SideTitle, 1/v, row.MainTitle)
}

// panelStat is a number of the figure shown beside the plot.
type panelStat struct {
	ID, Label, Value string
}

// panelStats are the figure's numbers for the panel shown, as its row
// lists them.
func (s *Session) panelStats() []panelStat {
	if !s.figOK || s.fig.Panel != s.view.Panel {
		return nil
	}
	p, _ := s.row()
	var out []panelStat
	for _, e := range p.Show {
		v, ok := s.fig.Stat(e.Name)
		if !ok || math.IsNaN(v) {
			continue
		}
		var text string
		switch {
		case math.IsInf(v, 0):
			text = "∞"
		case e.Digits < 0:
			text = strconv.FormatFloat(v, 'g', 3, 64)
		default:
			text = strconv.FormatFloat(v, 'f', e.Digits, 64)
		}
		if e.Unit != "" {
			text += " " + e.Unit
		}
		out = append(out, panelStat{ID: s.elemID("stat-" + e.Name), Label: e.Label, Value: text})
	}
	return out
}

// drawsInput reports whether clicks on the plot draw the input of a 2D
// panel, such as SDEdit's points.
func (s *Session) drawsInput() bool {
	p, _ := s.row()
	return !s.isImages() && p.Draws
}
