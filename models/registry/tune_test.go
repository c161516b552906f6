package registry

import (
	"encoding/json"
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/ae"
)

func TestTune(t *testing.T) {
	spec := models.Spec{Family: "ae", Data: "moons", Config: json.RawMessage(`{"hidden":16}`), Seed: 1, Steps: 10}
	m, _, _, err := Build(spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := Tune(m, "ae", json.RawMessage(`{"hidden":16,"lr":0.01}`)); err != nil {
		t.Fatal(err)
	}
	if got := m.(*ae.Model).Config(); got.LearningRate != 0.01 || got.Hidden != 16 {
		t.Errorf("config after Tune: %+v", got)
	}
	for _, c := range []struct {
		family, config, err string
	}{
		{"ae", `{"lr":0.01}`, "hidden cannot change while training"}, // hidden back to its default
		{"ae", `{"hidden":16,"lr":2}`, "lr must be in"},
		{"ae", `{"hidden":16,"rate":0.1}`, "unknown field"},
		{"vae", `{}`, "not a vae model"},
		{"transformer", `{}`, "unknown family"},
	} {
		err := Tune(m, c.family, json.RawMessage(c.config))
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("Tune(%s, %s) error %v, want one containing %q", c.family, c.config, err, c.err)
		}
	}
	if got := m.(*ae.Model).Config(); got.LearningRate != 0.01 || got.Hidden != 16 {
		t.Errorf("a rejected Tune changed the config to %+v", got)
	}
}

// TestTuneFollowsParams checks the Live flags of the param table against
// the families' Retune: a new value of a Live param applies to a running
// model, and a new value of any other param is refused.
func TestTuneFollowsParams(t *testing.T) {
	for _, f := range Families() {
		_, defs := paramDefaults(t, f)
		for _, p := range Params(f.Name) {
			var v any
			switch p.Kind {
			case KindFloat, KindInt:
				v = p.Max
				if defs[p.Key] == p.Max {
					v = p.Min
				}
			case KindEnum:
				for _, o := range p.Options {
					if o != defs[p.Key] && !(defs[p.Key] == "" && o == emptyMeans[f.Name+"/"+p.Key]) {
						v = o
						break
					}
				}
			case KindBool:
				v = !defs[p.Key].(bool)
			}
			m, _, _, err := Build(models.Spec{Family: f.Name, Data: "moons", Seed: 1}, nil)
			if err != nil {
				t.Fatal(err)
			}
			cfg, _ := json.Marshal(map[string]any{p.Key: v})
			err = Tune(m, f.Name, cfg)
			if p.Live && err != nil {
				t.Errorf("%s: live %s: %v", f.Name, cfg, err)
			}
			if !p.Live && (err == nil || !strings.Contains(err.Error(), p.Key+" cannot change")) {
				t.Errorf("%s: %s is not live, Tune error %v", f.Name, cfg, err)
			}
		}
	}
}
