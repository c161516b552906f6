package registry

import (
	"encoding/json"
	"testing"

	"genplay/models"
)

// TestDataConfig checks the config each family starts with in the page on
// MNIST and on a 2D set: MNIST's is PageMNIST where a family has one, else
// its pretrained run's; every value with a control lies in the control's
// range (so that a link holds it exactly), and the Spec plans within the
// page's budget.
func TestDataConfig(t *testing.T) {
	for _, f := range Families() {
		for _, data := range []string{"mnist", "moons"} {
			cfg := f.DataConfig(data)
			want := f.Train2D.Config
			if data == "mnist" {
				want = f.TrainMNIST.Config
				if f.PageMNIST != nil {
					want = f.PageMNIST
				}
			}
			if string(cfg) != string(want) {
				t.Errorf("%s on %s: config %s, want %s", f.Name, data, cfg, want)
			}
			vals := map[string]any{}
			if len(cfg) > 0 {
				if err := json.Unmarshal(cfg, &vals); err != nil {
					t.Fatalf("%s on %s: %v", f.Name, data, err)
				}
			}
			for _, p := range f.Params {
				x, ok := vals[p.Key].(float64)
				if ok && (p.Kind == KindFloat || p.Kind == KindInt) && p.Clamp(x) != x {
					t.Errorf("%s on %s: %s = %v lies outside its control's range [%v, %v]", f.Name, data, p.Key, x, p.Min, p.Max)
				}
			}
			spec := models.Spec{Family: f.Name, Data: data, Config: cfg, Seed: 1}
			if set, err := Fit(spec, models.DefaultBudget); err != nil || len(set) > 0 {
				t.Errorf("%s on %s: over the page's budget (lower %v) or invalid (%v)", f.Name, data, set, err)
			}
		}
	}
}
