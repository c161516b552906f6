package registry

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"genplay/models"
	"genplay/models/data"
	"genplay/tensor/rng"
)

// The memory budget of a Spec: Build and Load compute the Spec's Cost from
// its configuration and refuse it over the budget before they allocate
// anything; Fit lowers a Spec's settings until it fits, for the page's
// links and controls.

// DefaultBudget is the budget of Build and Load, in bytes.
const DefaultBudget = models.DefaultBudget

// plan is a family's decoded Config: what its cost and tensor table come
// from.
type plan interface {
	Validate() error
	Cost(dim int) models.Cost
	Tensors(dim int) []models.TensorShape
}

// planOf decodes config strictly over def() and validates it.
func planOf[C plan](family string, def func() C, config json.RawMessage) (plan, error) {
	cfg := def()
	if len(config) > 0 {
		if err := models.DecodeStrict(config, &cfg); err != nil {
			return nil, fmt.Errorf("%s: config: %w", family, err)
		}
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// decodePlan returns the validated Config of family decoded from config.
func decodePlan(family string, config json.RawMessage) (plan, error) {
	f, err := Lookup(family)
	if err != nil {
		return nil, err
	}
	return f.plan(config)
}

// imageDims holds the dimension of each image set, known before its pixels
// are loaded (MNIST's 28×28 digits); registry_test checks it against
// ImageSets.
var imageDims = map[string]int{"mnist": 28 * 28}

// DataDim returns the dimension of the points of the data set name without
// loading its pixels.
func DataDim(name string) (int, error) {
	if ImagesSet(name) {
		if d, ok := imageDims[name]; ok {
			return d, nil
		}
		return 0, fmt.Errorf("registry: the image set %q has no dimension in imageDims", name)
	}
	set, err := data.Lookup(name)
	if err != nil {
		return 0, fmt.Errorf("registry: %w", err)
	}
	return set.Dim(), nil
}

// specPlan validates spec and returns its Config and data dimension.
func specPlan(spec models.Spec) (plan, int, error) {
	if err := spec.Validate(); err != nil {
		return nil, 0, err
	}
	p, err := decodePlan(spec.Family, spec.Config)
	if err != nil {
		return nil, 0, err
	}
	dim, err := DataDim(spec.Data)
	if err != nil {
		return nil, 0, err
	}
	return p, dim, nil
}

// Cost validates spec and returns the memory a model of it takes, computed
// from its configuration without building it.
func Cost(spec models.Spec) (models.Cost, error) {
	p, dim, err := specPlan(spec)
	if err != nil {
		return models.Cost{}, err
	}
	return p.Cost(dim), nil
}

// Tensors validates spec and returns the names and shapes of the weights of
// a model of it, in the order of its Weights, without building it.
func Tensors(spec models.Spec) ([]models.TensorShape, error) {
	p, dim, err := specPlan(spec)
	if err != nil {
		return nil, err
	}
	return p.Tensors(dim), nil
}

// Check validates spec and returns its Cost, or a *models.OverBudget error
// if the Cost is over budget bytes (0 or less: no budget). The error lists
// the family's int settings whose lowering saves the most, each with the
// largest value that fits on its own, if any. Check allocates a few
// kilobytes whatever the Spec.
func Check(spec models.Spec, budget int64) (models.Cost, error) {
	c, err := Cost(spec)
	if err != nil {
		return c, err
	}
	if err := models.CheckBudget(spec.Family, c, budget); err != nil {
		var ob *models.OverBudget
		errors.As(err, &ob)
		ob.Lower = lowerings(spec, c, budget)
		return c, ob
	}
	return c, nil
}

// BuildWithin is Build with a budget of its own (0 or less: none).
func BuildWithin(spec models.Spec, im Images, budget int64) (models.Model, models.Source, *rng.PCG, error) {
	if _, err := Check(spec, budget); err != nil {
		return nil, nil, nil, err
	}
	return build(spec, im)
}

// Setting is a setting of a Config that Fit changed.
type Setting struct {
	Key      string
	From, To float64
}

// settingsOf returns spec's config overlaid on the family's defaults, as
// raw JSON values by key.
func settingsOf(spec models.Spec) (map[string]json.RawMessage, error) {
	f, err := Lookup(spec.Family)
	if err != nil {
		return nil, err
	}
	vals := map[string]json.RawMessage{}
	if err := json.Unmarshal(f.Default(), &vals); err != nil {
		return nil, err
	}
	if len(spec.Config) > 0 {
		over := map[string]json.RawMessage{}
		if err := json.Unmarshal(spec.Config, &over); err != nil {
			return nil, fmt.Errorf("%s: config: %w", spec.Family, err)
		}
		for k, v := range over {
			vals[k] = v
		}
	}
	return vals, nil
}

// knob is an int setting of a Spec that can lower its cost.
type knob struct {
	p     Param
	value float64
}

// knobs returns the int Params of spec's family with their values in spec.
func knobs(spec models.Spec, vals map[string]json.RawMessage) []knob {
	var ks []knob
	for _, p := range Params(spec.Family) {
		if p.Kind != KindInt {
			continue
		}
		v, err := strconv.ParseFloat(string(vals[p.Key]), 64)
		if err != nil {
			continue
		}
		ks = append(ks, knob{p, v})
	}
	return ks
}

// costWith returns the cost of spec with the settings of vals and key set
// to x, or an error if that is not a valid Spec.
func costWith(spec models.Spec, vals map[string]json.RawMessage, key string, x float64) (models.Cost, error) {
	old := vals[key]
	vals[key] = json.RawMessage(strconv.FormatFloat(x, 'f', -1, 64))
	b, err := json.Marshal(vals)
	vals[key] = old
	if err != nil {
		return models.Cost{}, err
	}
	spec.Config = b
	return Cost(spec)
}

// lower returns the next value below v of p (halving towards p.Min) and
// whether there is one.
func lower(p Param, v float64) (float64, bool) {
	x := SnapInt(min(v/2, v-1), p.Min, v, p.Step)
	return x, x < v
}

// largestFit returns the largest value of key in [p.Min, v) with which spec
// costs at most budget, and whether there is one, by bisection over the
// values p.Step apart.
func largestFit(spec models.Spec, vals map[string]json.RawMessage, k knob, budget int64) (float64, bool) {
	step := k.p.Step
	if step <= 0 {
		step = 1
	}
	fits := func(x float64) bool {
		c, err := costWith(spec, vals, k.p.Key, x)
		return err == nil && c.Bytes() <= budget
	}
	lo, hi := 0.0, (k.value-k.p.Min)/step // in steps from Min; lo may fit, hi does not
	if hi < 1 || !fits(k.p.Min) {
		return 0, false
	}
	for hi-lo > 1 {
		mid := lo + float64(int64((hi-lo)/2))
		if fits(k.p.Min + mid*step) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return k.p.Min + lo*step, true
}

// maxLowerings bounds the settings an OverBudget error names.
const maxLowerings = 3

// lowerings returns the settings of spec to lower, those whose halving
// saves the most first, for an OverBudget error.
func lowerings(spec models.Spec, c models.Cost, budget int64) []models.Lowering {
	vals, err := settingsOf(spec)
	if err != nil {
		return nil
	}
	type saving struct {
		l     models.Lowering
		bytes int64
	}
	var ss []saving
	for _, k := range knobs(spec, vals) {
		x, ok := lower(k.p, k.value)
		if !ok {
			continue
		}
		lc, err := costWith(spec, vals, k.p.Key, x)
		if err != nil || lc.Bytes() >= c.Bytes() {
			continue
		}
		l := models.Lowering{Key: k.p.Key, Value: k.value}
		if f, ok := largestFit(spec, vals, k, budget); ok {
			l.Fits = f
		}
		ss = append(ss, saving{l, c.Bytes() - lc.Bytes()})
	}
	// Most saved first; a plain insertion sort of a handful.
	for i := 1; i < len(ss); i++ {
		for j := i; j > 0 && ss[j].bytes > ss[j-1].bytes; j-- {
			ss[j], ss[j-1] = ss[j-1], ss[j]
		}
	}
	var out []models.Lowering
	for _, s := range ss[:min(len(ss), maxLowerings)] {
		out = append(out, s.l)
	}
	return out
}

// Fit returns the settings to change so that spec costs at most budget
// bytes: none if it does already. It lowers the family's int settings
// (Params of kind int), each time the one whose halving saves the most,
// until the Spec fits; then it raises the settings it lowered, the last
// first, as far as the budget allows, so that the result keeps the largest
// settings that fit. It returns an error if spec is not valid or if no
// lowering fits it.
func Fit(spec models.Spec, budget int64) ([]Setting, error) {
	c, err := Cost(spec)
	if err != nil || budget <= 0 || c.Bytes() <= budget {
		return nil, err
	}
	vals, err := settingsOf(spec)
	if err != nil {
		return nil, err
	}
	ks := knobs(spec, vals)
	from := map[string]float64{}
	var order []int // indices into ks, in the order first lowered
	for c.Bytes() > budget {
		best, bestX, bestCost := -1, 0.0, c
		for i, k := range ks {
			x, ok := lower(k.p, k.value)
			if !ok {
				continue
			}
			lc, err := costWith(spec, vals, k.p.Key, x)
			if err == nil && lc.Bytes() < bestCost.Bytes() {
				best, bestX, bestCost = i, x, lc
			}
		}
		if best < 0 {
			return nil, fmt.Errorf("%s: no lower settings fit the memory budget of %s (the least need %s)", spec.Family, models.Size(budget), models.Size(c.Bytes()))
		}
		k := &ks[best]
		if _, ok := from[k.p.Key]; !ok {
			from[k.p.Key] = k.value
			order = append(order, best)
		}
		k.value = bestX
		vals[k.p.Key] = json.RawMessage(strconv.FormatFloat(bestX, 'f', -1, 64))
		c = bestCost
	}
	// Raise again what fits, the last lowered first.
	for i := len(order) - 1; i >= 0; i-- {
		k := &ks[order[i]]
		up := knob{k.p, from[k.p.Key]}
		x, ok := up.value, false
		if c, err := costWith(spec, vals, k.p.Key, x); err == nil && c.Bytes() <= budget {
			ok = true
		} else {
			x, ok = largestFit(spec, vals, up, budget)
		}
		if ok && x > k.value {
			k.value = x
			vals[k.p.Key] = json.RawMessage(strconv.FormatFloat(x, 'f', -1, 64))
		}
	}
	var out []Setting
	for _, i := range order {
		if k := ks[i]; k.value != from[k.p.Key] {
			out = append(out, Setting{Key: k.p.Key, From: from[k.p.Key], To: k.value})
		}
	}
	return out, nil
}

// Build validates spec, refuses it if its Cost is over DefaultBudget, and
// returns a freshly initialised model, its data source and the generator
// for the rest of the run, all derived from spec.Seed: the model's weights
// from one split stream, training and evaluation from the returned one.
func Build(spec models.Spec, im Images) (models.Model, models.Source, *rng.PCG, error) {
	return BuildWithin(spec, im, DefaultBudget)
}

// FitSetting returns the largest value, at most x, of the int setting key of
// spec's family with which spec, its other settings kept, costs at most
// budget bytes: x itself if that fits. It returns an error if key is not an
// int Param of the family or no value fits.
func FitSetting(spec models.Spec, key string, x float64, budget int64) (float64, error) {
	vals, err := settingsOf(spec)
	if err != nil {
		return 0, err
	}
	var k *knob
	for _, p := range Params(spec.Family) {
		if p.Key == key && p.Kind == KindInt {
			k = &knob{p, x}
		}
	}
	if k == nil {
		return 0, fmt.Errorf("registry: %s has no int setting %q", spec.Family, key)
	}
	c, err := costWith(spec, vals, key, x)
	if err != nil {
		return 0, err
	}
	if budget <= 0 || c.Bytes() <= budget {
		return x, nil
	}
	if f, ok := largestFit(spec, vals, *k, budget); ok {
		return f, nil
	}
	return 0, fmt.Errorf("%s: no value of %s fits the memory budget of %s with the other settings", spec.Family, key, models.Size(budget))
}
