package registry

import (
	"math"
)

// Param describes one field of a family's Config for the page's controls
// and its link: the key in the Config's JSON, a label, its kind and range,
// and whether it may change while a model trains.
type Param struct {
	// Key is the field's JSON key in the family's Config.
	Key string
	// Label names the control for people: "Learning rate".
	Label string
	// Group is "optimizer", "architecture" or the family's knobs,
	// "family"; the page groups the controls by it.
	Group string
	// Kind is "float", "int", "enum" or "bool".
	Kind string
	// Min and Max bound a float or int; links clamp to them.
	Min, Max float64
	// Step is the spacing of an int's values counted from Min (2 for a
	// width that must be even); 0 means 1.
	Step float64
	// Log says a float is set on a log scale (learning rates).
	Log bool
	// Options are the values of an enum.
	Options []string
	// Live reports that a change applies to a running model at its next
	// step; any other change rebuilds the model from step 0.
	Live bool
	// Help says what the field does, for a tooltip.
	Help string
}

// The groups of Params.
const (
	GroupOptimizer    = "optimizer"
	GroupArchitecture = "architecture"
	GroupFamily       = "family"
)

// The kinds of Params.
const (
	KindFloat = "float"
	KindInt   = "int"
	KindEnum  = "enum"
	KindBool  = "bool"
)

// Params returns the controls of the family name, in display order, or nil
// for an unknown family. Every key is a key of the family's Config; keys
// not listed keep the value of the Spec or the default.
func Params(name string) []Param {
	f, err := Lookup(name)
	if err != nil {
		return nil
	}
	return f.Params
}

// Common ranges, sized for a browser tab: a 512-wide, 6-deep MLP still
// takes a step in tens of milliseconds on 2D points.
var (
	lrRange     = [2]float64{1e-5, 0.1}
	batchRange  = [2]float64{8, 1024}
	hiddenRange = [2]float64{4, 512}
	depthRange  = [2]float64{1, 6}
)

func lr(key, label, help string) Param {
	return Param{Key: key, Label: label, Group: GroupOptimizer, Kind: KindFloat, Min: lrRange[0], Max: lrRange[1], Log: true, Live: true, Help: help}
}

func batch() Param {
	return Param{Key: "batch", Label: "Batch size", Group: GroupOptimizer, Kind: KindInt, Min: batchRange[0], Max: batchRange[1],
		Help: "Points drawn for each training step."}
}

func hidden(help string) Param {
	return Param{Key: "hidden", Label: "Width", Group: GroupArchitecture, Kind: KindInt, Min: hiddenRange[0], Max: hiddenRange[1], Help: help}
}

func depth(help string) Param {
	return Param{Key: "depth", Label: "Depth", Group: GroupArchitecture, Kind: KindInt, Min: depthRange[0], Max: depthRange[1], Help: help}
}

// Clamp returns x within [p.Min, p.Max]; an int is rounded to the nearest
// of its values, Min plus a multiple of Step.
func (p Param) Clamp(x float64) float64 {
	if p.Kind == KindInt {
		return SnapInt(x, p.Min, p.Max, p.Step)
	}
	return min(max(x, p.Min), p.Max)
}

// SnapInt returns the number lo + k·step (a step of 0 means 1) within
// [lo, hi] nearest to x.
func SnapInt(x, lo, hi, step float64) float64 {
	if step <= 0 {
		step = 1
	}
	x = min(max(x, lo), hi)
	k := math.Round((x - lo) / step)
	k = min(k, math.Floor((hi-lo)/step))
	return lo + k*step
}
