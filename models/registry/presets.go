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
// with the configurations below, then every family on every 2D data set
// with the family's defaults. These are the runs make weights trains and
// make eval scores.
func Presets() []Preset {
	var ps []Preset
	for _, f := range Families() {
		ps = append(ps, Preset{
			Name:  f.Name + "-mnist",
			Title: f.Title + " on MNIST",
			Spec:  models.Spec{Family: f.Name, Data: "mnist", Config: mnistConfigs[f.Name], Seed: 1, Steps: mnistSteps[f.Name]},
		})
	}
	for _, f := range Families() {
		for _, d := range data.Names() {
			set, _ := data.Lookup(d)
			ps = append(ps, Preset{
				Name:  f.Name + "-" + d,
				Title: f.Title + " on " + set.Title,
				Spec:  models.Spec{Family: f.Name, Data: d, Seed: 1, Steps: Steps2D(f.Name)},
			})
		}
	}
	return ps
}

// Is2D reports whether the preset trains on a 2D set.
func (p Preset) Is2D() bool { return slices.Contains(data.Names(), p.Spec.Data) }

// mnistConfigs are the families' MNIST configurations, over their defaults:
// MLPs sized to train natively in minutes and in a browser tab in tens of
// minutes. The AE and the VAE keep a 2D code so that the page can plot the
// latent space and decode a grid over it.
var mnistConfigs = map[string]json.RawMessage{
	"ae":        json.RawMessage(`{"latent":2,"hidden":256,"depth":2,"lr":0.001,"batch":128}`),
	"vae":       json.RawMessage(`{"latent":2,"hidden":256,"depth":2,"decoder":"bernoulli","obs_std":0,"iw_samples":10,"lr":0.001,"batch":128}`),
	"gan":       json.RawMessage(`{"latent_dim":32,"hidden":256,"depth":2,"lr_g":0.0002,"lr_d":0.0002,"batch":64}`),
	"flow":      json.RawMessage(`{"couplings":8,"hidden":128,"depth":2,"scale_init":0,"lr":0.003,"half_life":1000,"batch":64,"logit":0.000001,"mask":"checkerboard"}`),
	"diffusion": json.RawMessage(`{"hidden":512,"depth":3,"embed_dim":32,"lr":0.0005,"batch":128,"predict":"x0","time_every":true}`),
}

// mnistSteps are the training budgets on MNIST.
var mnistSteps = map[string]int{"ae": 3000, "vae": 3000, "gan": 5000, "flow": 3000, "diffusion": 3000}

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
