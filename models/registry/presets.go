package registry

import (
	"encoding/json"
	"slices"

	"genplay/models"
	"genplay/models/data"
)

// Preset is a named Spec: a training run worth a link of its own.
type Preset struct {
	Name  string
	Title string
	Spec  models.Spec
}

// Presets returns the named Specs in display order: every family on MNIST
// with its TrainMNIST run, then every family on every 2D data set with its
// Train2D run. These are the runs make weights trains, named as its
// pretrained models, and the runs make eval scores.
func Presets() []Preset {
	var ps []Preset
	for _, f := range Families() {
		ps = append(ps, f.preset("mnist", "MNIST", f.TrainMNIST))
	}
	for _, f := range Families() {
		for _, d := range data.Names() {
			set, _ := data.Lookup(d)
			ps = append(ps, f.preset(d, set.Title, f.Train2D))
		}
	}
	return ps
}

// preset returns the family's preset of run on the data set named data.
func (f Family) preset(data, title string, run Run) Preset {
	return Preset{
		Name:  f.Name + "-" + data,
		Title: f.Title + " on " + title,
		Spec:  models.Spec{Family: f.Name, Data: data, Config: run.Config, Seed: 1, Steps: run.Steps},
	}
}

// Is2D reports whether the preset trains on a 2D set.
func (p Preset) Is2D() bool { return slices.Contains(data.Names(), p.Spec.Data) }

// LookupPreset returns the preset with the given name.
func LookupPreset(name string) (Preset, bool) {
	for _, p := range Presets() {
		if p.Name == name {
			return p, true
		}
	}
	return Preset{}, false
}

// DataConfig returns the config the page starts the family with on the data
// set named data: on an image set PageMNIST if the family has one, else the
// MNIST run's; on any other the 2D run's (empty: the family's defaults).
// Choosing a family or a kind of data set in the page starts from it; a
// link keeps the settings it holds.
func (f Family) DataConfig(data string) json.RawMessage {
	if ImagesSet(data) {
		if len(f.PageMNIST) > 0 {
			return f.PageMNIST
		}
		return f.TrainMNIST.Config
	}
	return f.Train2D.Config
}
