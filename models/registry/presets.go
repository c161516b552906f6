package registry

import "genplay/models"

// Preset is a named Spec: a training run worth a link of its own.
type Preset struct {
	Name  string
	Title string
	Spec  models.Spec
}

// Presets returns the named Specs, one per family and 2D data set with the
// family's defaults, in display order. The step budgets are what make eval
// and the pretrained weights use.
func Presets() []Preset {
	var ps []Preset
	for _, f := range Families() {
		for _, d := range []string{"8gaussians", "25gaussians", "swissroll", "moons", "checkerboard", "rings", "spiral"} {
			ps = append(ps, Preset{
				Name:  f.Name + "-" + d,
				Title: f.Title + " on " + d,
				Spec:  models.Spec{Family: f.Name, Data: d, Seed: 1, Steps: Steps2D(f.Name)},
			})
		}
	}
	return ps
}

// Steps2D returns a family's training budget on the 2D sets: what eval and
// the pretrained weights use.
func Steps2D(family string) int {
	switch family {
	case "gan":
		return 4000
	default:
		return 3000
	}
}

// LookupPreset returns the preset with the given name.
func LookupPreset(name string) (Preset, bool) {
	for _, p := range Presets() {
		if p.Name == name {
			return p, true
		}
	}
	return Preset{}, false
}
