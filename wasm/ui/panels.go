package ui

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/vugu/vugu"

	"genplay/models/registry"
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
	s.sendView()
}

// forgetPanels forgets the model's panels when another model is on its
// way: the worker's next Progress brings its capabilities.
func (s *Session) forgetPanels() {
	s.caps, s.panels = nil, nil
}

// sendView tells the worker what the main panel shows.
func (s *Session) sendView() {
	s.do(protocol.Command{Op: protocol.KindView, View: s.viewCommand()})
	s.syncURL()
}

// viewCommand is the view with what the user drew: a digit on the pad,
// an inpainting mask, points on the plot.
func (s *Session) viewCommand() protocol.View {
	v := s.view
	p, _ := s.row()
	switch {
	case s.isImages() || s.isImageData():
		if p.Mask && (s.padUsed() || s.maskUsed()) {
			v.Input = append([]float32(nil), s.pad...)
			v.Mask = make([]float32, len(s.mask))
			for i, m := range s.mask {
				v.Mask[i] = 1 - m // the brush marks what to fill in
			}
		} else if p.Pad && s.padUsed() {
			v.Input = append([]float32(nil), s.pad...)
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
	Options         []option
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
		if !ok || slices.ContainsFunc(k.Needs, func(c protocol.Capability) bool { return !s.has(c) }) {
			continue
		}
		kv := knobView{Knob: k, ElemID: s.elemID(k.ID), ValueID: s.elemID(k.ID + "-value"),
			Text: k.Text(&s.view), Pos: k.Position(&s.view)}
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

// frameTime returns the diffusion step t of the frame shown, as the
// forward process counts it (t = 0 is the data), for its label: " · t = 840";
// "" when the figure does not say.
func (s *Session) frameTime() string {
	n, ts := s.frames(), s.get(s.fig, protocol.ArrFrameT)
	if n == 0 || len(ts) != n {
		return ""
	}
	i := s.frame
	if i == lastFrame || i >= n {
		i = n - 1
	}
	return " · t = " + strconv.Itoa(int(ts[i]))
}

func (s *Session) frameMax() string { return strconv.Itoa(max(0, s.frames()-1)) }
func (s *Session) framePos() string {
	if s.frame == lastFrame {
		return s.frameMax()
	}
	return strconv.Itoa(s.frame)
}

func (s *Session) isPanel(p string) bool { return s.view.Panel == p }

// panelCaption explains the panel under it.
func (s *Session) panelCaption() string {
	p, _ := s.row()
	return p.CaptionFor(s.isImages())
}

// legend is the panel's colour key beyond data and model, on 2D sets.
func (s *Session) legend() []protocol.Legend {
	if s.isImages() {
		return nil
	}
	p, _ := s.row()
	return p.Legend
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
