package ui

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/vugu/vugu"

	"genplay/models/registry"
	"genplay/wasm/protocol"
)

// The controls panel: one control per registry.Param of the family, built
// from the table, grouped as the table groups them.

// sliderSteps is the resolution of a float slider.
const sliderSteps = 1000

// control is one row of the controls panel, ready for the template.
type control struct {
	registry.Param
	ID    string // the input's element id: "param-lr"
	Value string // the value for people: "3e-3"
	// Slider position and range for floats and ints.
	Pos, Min, Max, Step string
	Checked             bool
	Options             []option
}

// group is a titled list of controls.
type group struct {
	Title    string
	Note     string
	Controls []control
}

// configValues returns the family's default config overlaid with spec's.
func (s *Session) configValues() map[string]any {
	vals := map[string]any{}
	f, err := registry.Lookup(s.spec.Family)
	if err != nil {
		return vals
	}
	json.Unmarshal(f.Default(), &vals)
	if len(s.spec.Config) > 0 {
		json.Unmarshal(s.spec.Config, &vals)
	}
	return vals
}

// groups returns the controls of the family, grouped.
func (s *Session) groups() []group {
	vals := s.configValues()
	titles := map[string]string{
		registry.GroupOptimizer:    "Optimizer",
		registry.GroupArchitecture: "Architecture",
		registry.GroupFamily:       familyTitle(s.spec.Family),
	}
	notes := map[string]string{
		registry.GroupOptimizer:    "Learning rates and Adam's β apply at the next step; a new batch size builds a new model.",
		registry.GroupArchitecture: "A change builds a new model from step 0.",
	}
	var gs []group
	for _, name := range []string{registry.GroupOptimizer, registry.GroupFamily, registry.GroupArchitecture} {
		g := group{Title: titles[name], Note: notes[name]}
		for _, p := range registry.Params(s.spec.Family) {
			if p.Group == name {
				g.Controls = append(g.Controls, s.control(p, vals[p.Key]))
			}
		}
		if len(g.Controls) > 0 {
			gs = append(gs, g)
		}
	}
	return gs
}

func (s *Session) control(p registry.Param, v any) control {
	c := control{Param: p, ID: "param-" + p.Key}
	switch p.Kind {
	case registry.KindFloat:
		x, _ := v.(float64)
		c.Value = short(float32(x))
		c.Min, c.Max, c.Step = "0", strconv.Itoa(sliderSteps), "1"
		c.Pos = strconv.Itoa(int(math.Round(sliderPos(p, x))))
	case registry.KindInt:
		x, _ := v.(float64)
		c.Value = strconv.Itoa(int(x))
		c.Pos = c.Value
		step := max(p.Step, 1)
		c.Min, c.Max, c.Step = strconv.Itoa(int(p.Min)), strconv.Itoa(int(p.Max)), strconv.Itoa(int(step))
	case registry.KindBool:
		b, _ := v.(bool)
		c.Checked = b
		c.Value = map[bool]string{true: "on", false: "off"}[b]
	case registry.KindEnum:
		str, _ := v.(string)
		if !slices.Contains(p.Options, str) && len(p.Options) > 0 {
			str = p.Options[0] // a field left out of the config: its default
		}
		c.Value = str
		for _, o := range p.Options {
			label := o
			if o == "" {
				label = "default"
			}
			c.Options = append(c.Options, option{Name: o, Label: label, Selected: o == str})
		}
	}
	return c
}

// sliderPos maps a float to its slider position in [0, sliderSteps].
func sliderPos(p registry.Param, x float64) float64 {
	var t float64
	if p.Log && p.Min > 0 {
		t = math.Log(x/p.Min) / math.Log(p.Max/p.Min)
	} else if p.Max > p.Min {
		t = (x - p.Min) / (p.Max - p.Min)
	}
	return sliderSteps * math.Max(0, math.Min(1, t))
}

// sliderValue is sliderPos's inverse, rounded to three significant digits.
func sliderValue(p registry.Param, pos float64) float64 {
	t := math.Max(0, math.Min(1, pos/sliderSteps))
	var x float64
	if p.Log && p.Min > 0 {
		x = p.Min * math.Pow(p.Max/p.Min, t)
	} else {
		x = p.Min + t*(p.Max-p.Min)
	}
	x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
	return p.Clamp(x)
}

// param returns the family's Param named key.
func (s *Session) param(key string) (registry.Param, bool) {
	for _, p := range registry.Params(s.spec.Family) {
		if p.Key == key {
			return p, true
		}
	}
	return registry.Param{}, false
}

// SetParam sets the config field key from a control's raw value: a slider
// position for floats, a number for ints, "true"/"false" for bools, an
// option for enums. Live fields apply to the running model; others build a
// new one.
func (s *Session) SetParam(key, raw string) {
	p, ok := s.param(key)
	if !ok {
		return
	}
	var v any
	var note string // why an int was lowered
	switch p.Kind {
	case registry.KindFloat:
		pos, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return
		}
		v = sliderValue(p, pos)
	case registry.KindInt:
		n, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return
		}
		v, note = s.fitParam(p, p.Clamp(n))
	case registry.KindBool:
		v = raw == "true"
	case registry.KindEnum:
		if !slices.Contains(p.Options, raw) {
			return
		}
		v = raw
	}
	s.setConfig(key, v)
	if p.Live && (s.step > 0 || s.running) {
		s.do(protocol.Command{Op: protocol.KindTune, Spec: s.spec})
		s.info = fmt.Sprintf("%s is now %s, from step %d on.", p.Label, s.control(p, v).Value, s.step)
		s.syncURL()
		return
	}
	if p.Live {
		s.Reset()
		return
	}
	s.rebuild(fmt.Sprintf("%s changed to %s: a new model starts from step 0.%s", p.Label, s.control(p, v).Value, note))
}

// setConfig sets key to v in spec's config, keeping only the values that
// differ from the family's defaults.
func (s *Session) setConfig(key string, v any) {
	f, err := registry.Lookup(s.spec.Family)
	if err != nil {
		return
	}
	def := map[string]any{}
	json.Unmarshal(f.Default(), &def)
	vals := s.configValues()
	vals[key] = v
	out := map[string]any{}
	for k, x := range vals {
		if d, ok := def[k]; !ok || fmt.Sprint(d) != fmt.Sprint(x) {
			out[k] = x
		}
	}
	if len(out) == 0 {
		s.spec.Config = nil
		return
	}
	b, err := json.Marshal(out)
	if err != nil {
		return
	}
	s.spec.Config = b
}

// onParam handles a control's input or change event.
func (s *Session) onParam(key string, e vugu.DOMEvent) {
	if p, ok := s.param(key); ok && p.Kind == registry.KindBool {
		s.SetParam(key, strconv.FormatBool(e.PropBool("target", "checked")))
		return
	}
	s.SetParam(key, e.PropString("target", "value"))
}

// presetConfig returns the config the family starts with on the data set
// named data: its registry preset for that kind of data set (on MNIST the
// preset its pretrained model was trained from; on 2D sets the defaults).
func presetConfig(family, data string) json.RawMessage {
	f, err := registry.Lookup(family)
	if err != nil {
		return nil
	}
	return slices.Clone(f.DataConfig(data))
}

// usePreset gives spec the config of its family's preset for its data set,
// and returns a sentence that says so when that is not the defaults.
func (s *Session) usePreset() string {
	s.spec.Config = presetConfig(s.spec.Family, s.spec.Data)
	if len(s.spec.Config) == 0 {
		return ""
	}
	return fmt.Sprintf(" The %s starts from its settings for %s.", familyTitle(s.spec.Family), s.dataTitle())
}

// slowPretrained returns the pretrained model to start from when the
// session trains, from scratch, a family that draws no digits on its image
// set within a couple of minutes (registry.Family.SlowOnMNIST), if the
// server offers one for the family and data set.
func (s *Session) slowPretrained() (registry.ManifestModel, bool) {
	f, err := registry.Lookup(s.spec.Family)
	if err != nil || !f.SlowOnMNIST || !s.isImageData() || s.model != "" || s.manifest == nil || s.loading() {
		return registry.ManifestModel{}, false
	}
	for _, e := range s.manifest.Models {
		if e.Family == s.spec.Family && e.Data == s.spec.Data {
			return e, true
		}
	}
	return registry.ManifestModel{}, false
}

// slowNote says that the family needs longer than a couple of minutes in
// this tab to draw digits from scratch, and how long its pretrained model
// trained; "" when the session is not such a model.
func (s *Session) slowNote() string {
	e, ok := s.slowPretrained()
	if !ok {
		return ""
	}
	note := fmt.Sprintf("The %s needs more than a couple of minutes of training in this tab to draw digits from scratch: its pretrained model trained %d steps", familyTitle(s.spec.Family), e.Spec.Steps)
	if s.rate > 0 && s.step < e.Spec.Steps {
		note += fmt.Sprintf(", about %s at this tab's %.0f steps a second", minutes(float64(e.Spec.Steps-s.step)/s.rate), s.rate)
	}
	return note + "."
}

// minutes formats a duration in seconds for people: "about 3 minutes".
func minutes(sec float64) string {
	if m := math.Round(sec / 60); m >= 2 {
		return fmt.Sprintf("%.0f more minutes", m)
	}
	return "a minute or two more"
}

// StartPretrained loads the pretrained model that slowNote offers, to
// train on from it.
func (s *Session) StartPretrained() {
	e, ok := s.slowPretrained()
	if !ok {
		return
	}
	s.choice = e.Name
	s.startLoad(e.Name)
}
