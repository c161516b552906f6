package registry

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"testing"

	"genplay/models/diffusion"
	"genplay/tensor/rng"
)

// emptyMeans lists the enums whose Config field may be empty, with the
// option an empty value stands for; omitempty leaves such a field out of
// the default JSON.
var emptyMeans = map[string]string{
	"diffusion/predict": diffusion.PredictEps,
}

// paramDefaults returns the family's default config as a JSON object and,
// for each Param, its default value. A key absent from the default JSON
// (an omitempty field) defaults to its kind's zero value.
func paramDefaults(t *testing.T, f Family) (map[string]any, map[string]any) {
	t.Helper()
	var obj map[string]any
	if err := json.Unmarshal(f.Default(), &obj); err != nil {
		t.Fatalf("%s: default config: %v", f.Name, err)
	}
	defs := map[string]any{}
	for _, p := range Params(f.Name) {
		v, ok := obj[p.Key]
		if !ok {
			v = map[string]any{KindFloat: 0.0, KindInt: 0.0, KindEnum: "", KindBool: false}[p.Kind]
		}
		defs[p.Key] = v
	}
	return obj, defs
}

// checkValue reports whether v, a decoded JSON value, is of p's kind and
// within its range or options.
func checkValue(family string, p Param, v any) error {
	switch p.Kind {
	case KindFloat, KindInt:
		x, ok := v.(float64)
		if !ok {
			return fmt.Errorf("%s %v is %T, want a number", p.Key, v, v)
		}
		if p.Kind == KindInt && x != math.Trunc(x) {
			return fmt.Errorf("%s %v is not an integer", p.Key, x)
		}
		if x < p.Min || x > p.Max {
			return fmt.Errorf("%s %v is outside [%v, %v]", p.Key, x, p.Min, p.Max)
		}
		if p.Step > 0 && math.Mod(x-p.Min, p.Step) != 0 {
			return fmt.Errorf("%s %v is not Min + a multiple of Step %v", p.Key, x, p.Step)
		}
	case KindEnum:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s %v is %T, want a string", p.Key, v, v)
		}
		if s == "" {
			s = emptyMeans[family+"/"+p.Key]
		}
		if !slices.Contains(p.Options, s) {
			return fmt.Errorf("%s %q is not one of %q", p.Key, s, p.Options)
		}
	case KindBool:
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s %v is %T, want a bool", p.Key, v, v)
		}
	default:
		return fmt.Errorf("%s has unknown kind %q", p.Key, p.Kind)
	}
	return nil
}

func TestParamsDescribeDefaults(t *testing.T) {
	for _, f := range Families() {
		ps := Params(f.Name)
		if len(ps) == 0 {
			t.Errorf("%s has no params", f.Name)
			continue
		}
		_, defs := paramDefaults(t, f)
		seen := map[string]bool{}
		for _, p := range ps {
			if seen[p.Key] {
				t.Errorf("%s: key %q repeats", f.Name, p.Key)
			}
			seen[p.Key] = true
			if p.Label == "" || p.Help == "" {
				t.Errorf("%s/%s: missing label or help", f.Name, p.Key)
			}
			if !slices.Contains([]string{GroupOptimizer, GroupArchitecture, GroupFamily}, p.Group) {
				t.Errorf("%s/%s: unknown group %q", f.Name, p.Key, p.Group)
			}
			if p.Kind == KindFloat || p.Kind == KindInt {
				if !(p.Min <= p.Max) || (p.Log && !(p.Min > 0)) {
					t.Errorf("%s/%s: bad range [%v, %v] (log %v)", f.Name, p.Key, p.Min, p.Max, p.Log)
				}
			}
			if p.Log && p.Kind != KindFloat {
				t.Errorf("%s/%s: a log scale needs a float", f.Name, p.Key)
			}
			if (p.Kind == KindEnum) != (len(p.Options) > 0) {
				t.Errorf("%s/%s: kind %s with %d options", f.Name, p.Key, p.Kind, len(p.Options))
			}
			if err := checkValue(f.Name, p, defs[p.Key]); err != nil {
				t.Errorf("%s default: %v", f.Name, err)
			}
			// The key must be a field of the Config: a strict decode
			// rejects unknown keys.
			val, _ := json.Marshal(defs[p.Key])
			if _, err := f.New(json.RawMessage(fmt.Sprintf(`{%q:%s}`, p.Key, val)), 4, rng.New(1)); err != nil {
				t.Errorf("%s/%s: the default value does not build: %v", f.Name, p.Key, err)
			}
			// An int field must reject a fraction, so it is really an int.
			if p.Kind == KindInt {
				if _, err := f.New(json.RawMessage(fmt.Sprintf(`{%q:%v}`, p.Key, p.Min+0.5)), 4, rng.New(1)); err == nil {
					t.Errorf("%s/%s: kind int, but the field takes %v", f.Name, p.Key, p.Min+0.5)
				}
			}
		}
	}
	if Params("transformer") != nil {
		t.Error("Params of an unknown family is not nil")
	}
}

func TestParamsHoldPresets(t *testing.T) {
	for _, pr := range Presets() {
		f, err := Lookup(pr.Spec.Family)
		if err != nil {
			t.Fatal(err)
		}
		obj, defs := paramDefaults(t, f)
		if len(pr.Spec.Config) > 0 {
			if err := json.Unmarshal(pr.Spec.Config, &obj); err != nil {
				t.Fatalf("preset %s: %v", pr.Name, err)
			}
		}
		for _, p := range Params(f.Name) {
			v, ok := obj[p.Key]
			if !ok {
				v = defs[p.Key]
			}
			if err := checkValue(f.Name, p, v); err != nil {
				t.Errorf("preset %s: %v", pr.Name, err)
			}
		}
	}
}

// TestParamBoundsValidate builds every family with each param at each end
// of its range, and at each option, the rest at the defaults. The data
// dimension is 4, the smallest a checkerboard flow accepts.
func TestParamBoundsValidate(t *testing.T) {
	for _, f := range Families() {
		for _, p := range Params(f.Name) {
			var vals []any
			switch p.Kind {
			case KindFloat, KindInt:
				vals = []any{p.Min, p.Max}
			case KindEnum:
				for _, o := range p.Options {
					vals = append(vals, o)
				}
			case KindBool:
				vals = []any{false, true}
			}
			for _, v := range vals {
				cfg, _ := json.Marshal(map[string]any{p.Key: v})
				if _, err := f.New(cfg, 4, rng.New(1)); err != nil {
					t.Errorf("%s with %s: %v", f.Name, cfg, err)
				}
			}
		}
	}
}

func TestParamClamp(t *testing.T) {
	get := func(family, key string) Param {
		for _, p := range Params(family) {
			if p.Key == key {
				return p
			}
		}
		t.Fatalf("%s has no param %s", family, key)
		return Param{}
	}
	embed, lr, depth := get("diffusion", "embed_dim"), get("ae", "lr"), get("ae", "depth")
	for _, tt := range []struct {
		p    Param
		x    float64
		want float64
	}{
		{embed, 7, 8}, {embed, 9.9, 10}, {embed, 1, 2}, {embed, 1000, 128}, {embed, 64, 64},
		{depth, 2.4, 2}, {depth, -3, 1}, {depth, 99, 6},
		{lr, 5, lr.Max}, {lr, 0, lr.Min}, {lr, 3e-3, 3e-3},
	} {
		if got := tt.p.Clamp(tt.x); got != tt.want {
			t.Errorf("%s.Clamp(%g) = %g, want %g", tt.p.Key, tt.x, got, tt.want)
		}
	}
}
