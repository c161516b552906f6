// Package registry is the one place that knows every model family: one row
// per family (families.go) holds its name, description, constructor and
// default configuration, its controls and its training runs; from them
// registry builds a model and its data from a Spec, and names the presets. The UI, the
// command-line tool and the server all ask it what exists.
package registry

import (
	"encoding/json"
	"fmt"
	"slices"

	"genplay/models"
	"genplay/models/data"
	"genplay/tensor/rng"
)

// Family describes one model family.
type Family struct {
	// Name is the family's identifier in specs and links.
	Name string
	// Title is the family's name for people.
	Title string
	// About says what the family does and what it is known for, for
	// people: a few sentences under the page's loss chart.
	About string
	// Params are the controls of the family's Config, in display order
	// (see Param).
	Params []Param
	// Train2D and TrainMNIST are the family's training runs on the 2D
	// sets and on MNIST: the presets that make weights trains (its
	// pretrained models, named by Preset.Name) and make eval scores.
	Train2D, TrainMNIST Run
	// PageMNIST, when set, is the config the page starts the family with
	// on MNIST instead of TrainMNIST's: tuned for the few hundred steps a
	// browser tab on two cores trains in its first two minutes, while the
	// pretrained model keeps TrainMNIST's Spec (see DataConfig).
	PageMNIST json.RawMessage
	// SlowOnMNIST says that the family's MNIST preset, trained from
	// scratch in a browser tab on two cores, draws no recognisable digits
	// within the first two minutes (README, "The first two minutes on
	// MNIST"): the page says so and offers its pretrained model.
	SlowOnMNIST bool
	// Default returns the family's default configuration as JSON.
	Default func() json.RawMessage
	// New builds a model from a configuration (JSON, decoded strictly over
	// the defaults), the data dimension and a generator.
	New func(config json.RawMessage, dim int, r *rng.PCG) (models.Model, error)

	// tune retunes a model of the family; see Tune.
	tune func(m models.Model, config json.RawMessage) error
	// plan decodes and validates a configuration of the family: what its
	// memory cost and tensor table come from, before anything is built.
	plan func(config json.RawMessage) (plan, error)
}

// Run is a family's training run on a kind of data set: its Config, as
// JSON over the family's defaults (empty for the defaults), and its number
// of steps.
type Run struct {
	Config json.RawMessage
	Steps  int
}

// retuner is a family's model type: a Model that can take a new Config of
// the family while it trains.
type retuner[C any] interface {
	models.Model
	Retune(C) error
}

// family builds a Family from a family package's Config type, its Default
// and its constructor.
func family[C plan, M retuner[C]](f Family, def func() C, build func(C, int, *rng.PCG) (M, error)) Family {
	name := f.Name
	return Family{
		Name:        name,
		Title:       f.Title,
		About:       f.About,
		Params:      f.Params,
		Train2D:     f.Train2D,
		TrainMNIST:  f.TrainMNIST,
		SlowOnMNIST: f.SlowOnMNIST,
		PageMNIST:   f.PageMNIST,
		Default: func() json.RawMessage {
			b, err := json.Marshal(def())
			if err != nil {
				panic(err) // a Config is plain data; this cannot fail
			}
			return b
		},
		New: func(config json.RawMessage, dim int, r *rng.PCG) (models.Model, error) {
			cfg := def()
			if len(config) > 0 {
				if err := models.DecodeStrict(config, &cfg); err != nil {
					return nil, fmt.Errorf("%s: config: %w", name, err)
				}
			}
			return build(cfg, dim, r)
		},
		plan: func(config json.RawMessage) (plan, error) { return planOf(name, def, config) },
		tune: func(m models.Model, config json.RawMessage) error {
			t, ok := m.(M)
			if !ok {
				return fmt.Errorf("registry: a %T is not a %s model", m, name)
			}
			cfg := def()
			if len(config) > 0 {
				if err := models.DecodeStrict(config, &cfg); err != nil {
					return fmt.Errorf("%s: config: %w", name, err)
				}
			}
			return t.Retune(cfg)
		},
	}
}

// Families returns every family in display order: one row per family
// (families.go).
func Families() []Family { return families() }

// Lookup returns the family with the given name.
func Lookup(name string) (Family, error) {
	var names []string
	for _, f := range Families() {
		if f.Name == name {
			return f, nil
		}
		names = append(names, f.Name)
	}
	return Family{}, fmt.Errorf("registry: unknown family %q (known: %v)", name, names)
}

// Tune applies config, decoded strictly over the family's defaults as Build
// decodes a Spec's, to m, a model of that family, from its next training
// step. config may differ from m's configuration only in the Params marked
// Live; any other difference is an error naming the field, and leaves m
// unchanged.
func Tune(m models.Model, family string, config json.RawMessage) error {
	f, err := Lookup(family)
	if err != nil {
		return err
	}
	return f.tune(m, config)
}

// ImageSets lists the image data sets a Spec may name. Their pixels are not
// built in: the caller loads them (natively from the asset the build writes,
// in the browser from the server) and hands them to Build, Load and Dataset
// as Images.
var ImageSets = []string{"mnist"}

// ImagesSet reports whether name is an image data set.
func ImagesSet(name string) bool { return slices.Contains(ImageSets, name) }

// Images are the image data sets a caller has loaded. The zero value holds
// none, which is all the 2D sets need.
type Images []*data.Images

// Lookup returns the loaded image set of the given name (the last one of
// that name).
func (im Images) Lookup(name string) (*data.Images, error) {
	for i := len(im) - 1; i >= 0; i-- {
		if im[i] != nil && im[i].Name == name {
			return im[i], nil
		}
	}
	if slices.Contains(ImageSets, name) {
		return nil, fmt.Errorf("registry: data set %q is not loaded", name)
	}
	return nil, fmt.Errorf("registry: unknown image set %q", name)
}

// Dataset returns the data set a Spec names, as a Source and, for the 2D
// sets, as a data.Set (ok is false for other sets); image sets are looked
// up in im.
func Dataset(name string, im Images) (src models.Source, set data.Set, ok bool, err error) {
	if slices.Contains(ImageSets, name) {
		s, err := im.Lookup(name)
		if err != nil {
			return nil, data.Set{}, false, err
		}
		return s, data.Set{}, false, nil
	}
	set, err = data.Lookup(name)
	if err != nil {
		return nil, data.Set{}, false, fmt.Errorf("registry: %w", err)
	}
	return set, set, true, nil
}

// build validates spec and returns a freshly initialised model, its data
// source (an image set from im) and the generator for the rest of the run,
// all derived from spec.Seed: the model's weights from one split stream,
// training and evaluation from the returned one.
func build(spec models.Spec, im Images) (models.Model, models.Source, *rng.PCG, error) {
	if err := spec.Validate(); err != nil {
		return nil, nil, nil, err
	}
	f, err := Lookup(spec.Family)
	if err != nil {
		return nil, nil, nil, err
	}
	src, _, _, err := Dataset(spec.Data, im)
	if err != nil {
		return nil, nil, nil, err
	}
	r := rng.New(spec.Seed)
	m, err := f.New(spec.Config, src.Dim(), r.Split())
	if err != nil {
		return nil, nil, nil, err
	}
	return m, src, r, nil
}
