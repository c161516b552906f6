package protocol

import (
	"math"
	"strconv"
)

// The knobs of the panels: the View's fields that a panel lets a person
// turn, with their ranges. View.Validate, the link (package urlstate) and
// the page's controls all read the ranges here.

// KnobKind is the kind of a knob's value.
type KnobKind int

const (
	KnobFloat KnobKind = iota // a number in [Min, Max]
	KnobInt                   // a whole number in [Min, Max]
	KnobEnum                  // one of Options
)

// Option is a choice of an enum knob.
type Option struct {
	Name, Label string
}

// Knob is a field of View that a panel shows a control for.
type Knob struct {
	// Key is the knob's key in a link: "psi", "smp".
	Key string
	// ID is the element id of its control; the control's value is shown
	// in the element ID+"-value".
	ID string
	// Label names it for people; Help says what it does.
	Label, Help string
	Kind        KnobKind
	// Min, Max and Default are its range and its value in DefaultView;
	// Step is the control's resolution.
	Min, Max, Default, Step float64
	// Scale maps a value to the control's position: a slider moves over
	// [Scale·Min, Scale·Max] by Scale·Step (100 for a fraction shown as a
	// percentage slider, 1 otherwise).
	Scale float64
	// Digits is the number of decimals the value is shown with.
	Digits int
	// Options are an enum knob's choices, its default first.
	Options []Option
	// Live reports whether the figure follows the control as it moves
	// (an input event) rather than when it is let go (a change event).
	Live bool
	// Needs lists the capabilities a model needs for the knob to show
	// (η: the DDIM sampler).
	Needs []Capability
	// ModelMax reports whether the model may have a smaller maximum than
	// Max (t: the model's number of steps T).
	ModelMax bool
	// Float, Int and Enum return the View's field of a knob of that kind.
	Float func(*View) *float64
	Int   func(*View) *int
	Enum  func(*View) *string
}

// The knobs' keys.
const (
	KnobPsi      = "psi"
	KnobSampler  = "smp"
	KnobK        = "k"
	KnobEta      = "eta"
	KnobT        = "t"
	KnobStrength = "str"
)

// The samplers a View can ask a step-wise sampler for; a model offers
// some of them (see SamplerCap).
const (
	SamplerDDPM  = "ddpm"
	SamplerDDIM  = "ddim"
	SamplerEuler = "euler"
	SamplerHeun  = "heun"
)

// Knobs lists every knob in the order a link writes them.
var Knobs = []Knob{
	{Key: KnobPsi, ID: "psi", Label: "Truncation ψ", Help: "Truncation: pull the latent codes towards their mean",
		Kind: KnobFloat, Min: 0, Max: 1, Default: 1, Step: 0.05, Scale: 100, Digits: 2, Live: true,
		Float: func(v *View) *float64 { return &v.Psi }},
	{Key: KnobSampler, ID: "sampler", Label: "Sampler", Help: "How the sample is drawn",
		Kind: KnobEnum, Options: []Option{{SamplerDDPM, "DDPM, all T steps"}, {SamplerDDIM, "DDIM, k steps"},
			{SamplerEuler, "Euler, k steps"}, {SamplerHeun, "Heun, k steps (2 evaluations each)"}},
		Enum: func(v *View) *string { return &v.Sampler }},
	{Key: KnobK, ID: "ddim-k", Label: "Steps k", Help: "The number of steps of a k-step sampler",
		Kind: KnobInt, Min: 1, Max: 200, Default: 50, Step: 1, Scale: 1,
		Int: func(v *View) *int { return &v.K }},
	{Key: KnobEta, ID: "eta", Label: "DDIM η", Help: "0 is deterministic; 1 adds as much noise as DDPM",
		Kind: KnobFloat, Min: 0, Max: 1, Default: 0, Step: 0.05, Scale: 100, Digits: 2,
		Needs: []Capability{SamplerCap(SamplerDDIM)},
		Float: func(v *View) *float64 { return &v.Eta }},
	{Key: KnobT, ID: "t", Label: "Step t", Help: "How far the data are carried towards noise",
		Kind: KnobInt, Min: 0, Max: 1000, Default: 250, Step: 1, Scale: 1, Live: true, ModelMax: true,
		Int: func(v *View) *int { return &v.T }},
	{Key: KnobStrength, ID: "strength", Label: "Strength", Help: "How far the input is noised before it is denoised",
		Kind: KnobFloat, Min: 0, Max: 1, Default: 0.5, Step: 0.05, Scale: 100, Digits: 2,
		Float: func(v *View) *float64 { return &v.Strength }},
}

// KnobOf returns the knob with the key.
func KnobOf(key string) (Knob, bool) {
	for _, k := range Knobs {
		if k.Key == key {
			return k, true
		}
	}
	return Knob{}, false
}

// Value returns the knob's value in v as a number (an enum's: the index
// of its option).
func (k Knob) Value(v *View) float64 {
	switch k.Kind {
	case KnobFloat:
		return *k.Float(v)
	case KnobInt:
		return float64(*k.Int(v))
	}
	for i, o := range k.Options {
		if o.Name == *k.Enum(v) {
			return float64(i)
		}
	}
	return -1
}

// Text returns the knob's value in v for people: "0.50", "20", "ddim".
func (k Knob) Text(v *View) string {
	switch k.Kind {
	case KnobFloat:
		return strconv.FormatFloat(*k.Float(v), 'f', k.Digits, 64)
	case KnobInt:
		return strconv.Itoa(*k.Int(v))
	}
	return *k.Enum(v)
}

// Position returns the control's position for the knob's value in v: the
// value times Scale, rounded, or an enum's option name.
func (k Knob) Position(v *View) string {
	if k.Kind == KnobEnum {
		return *k.Enum(v)
	}
	return strconv.Itoa(int(math.Round(k.Scale * k.Value(v))))
}

// Set sets the knob's field of v from a control's position (see
// Position), clamped to the range, and reports whether it was one.
func (k Knob) Set(v *View, pos string) bool {
	if k.Kind == KnobEnum {
		for _, o := range k.Options {
			if o.Name == pos {
				*k.Enum(v) = pos
				return true
			}
		}
		return false
	}
	x, err := strconv.ParseFloat(pos, 64)
	if err != nil || math.IsNaN(x) {
		return false
	}
	x = math.Max(k.Min, math.Min(k.Max, x/k.Scale))
	if k.Kind == KnobInt {
		*k.Int(v) = int(math.Round(x))
	} else {
		*k.Float(v) = x
	}
	return true
}

// OptionNames returns the names of an enum knob's options.
func (k Knob) OptionNames() []string {
	out := make([]string, len(k.Options))
	for i, o := range k.Options {
		out[i] = o.Name
	}
	return out
}
