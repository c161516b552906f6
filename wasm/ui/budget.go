package ui

import (
	"fmt"

	"genplay/models"
	"genplay/models/registry"
)

// fitParam returns x, the new value of the int Param p, or the largest
// value below it with which the page's Spec fits the memory budget the
// worker builds under, with a sentence that says so ("" if x fits). A
// setting that fits with no value is left to the worker, which refuses the
// Spec and keeps the current model.
func (s *Session) fitParam(p registry.Param, x float64) (float64, string) {
	y, err := registry.FitSetting(s.spec, p.Key, x, models.DefaultBudget)
	if err != nil || y == x {
		return x, ""
	}
	return y, fmt.Sprintf(" %s %g would need more than the page's memory budget of %s; %g is the largest that fits with the other settings.",
		p.Label, x, models.Size(models.DefaultBudget), y)
}
