package registry

import (
	"testing"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/modeltest"
)

// TestBuildDrawn checks that a Spec naming a drawing builds like a built-in
// set and that it alone fixes the weights.
func TestBuildDrawn(t *testing.T) {
	name, err := data.EncodeDrawn([]float32{-2, -2, -1, 0, 0, 1, 1, 0, 2, -2, 3.5, 1.25})
	if err != nil {
		t.Fatal(err)
	}
	spec := models.Spec{Family: "gan", Data: name, Seed: 1, Steps: 20}
	train := func() string {
		m, src, r, err := Build(spec, nil)
		if err != nil {
			t.Fatal(err)
		}
		modeltest.Train(t, m, src, r, spec.Steps)
		return modeltest.WeightsHash(m.Weights())
	}
	if a, b := train(), train(); a != b {
		t.Errorf("two builds of one drawn spec train to different weights: %s, %s", a, b)
	}
	_, set, ok, err := Dataset(name, nil)
	if err != nil || !ok || set.Name != name || set.Title != "Your drawing (6 points)" {
		t.Errorf("Dataset(%q) = %+v, %v, %v", name, set, ok, err)
	}
	if _, _, _, err := Build(models.Spec{Family: "gan", Data: data.DrawnPrefix + "AA", Seed: 1}, nil); err == nil {
		t.Error("Build accepted a malformed drawing")
	}
}
