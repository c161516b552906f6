package urlstate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"genplay/models"
	"genplay/models/registry"
)

// fitBudget lowers the settings of s's Spec until its memory Cost is within
// models.DefaultBudget, the budget the worker builds under (registry.Fit
// keeps the largest settings that fit), writing the lowered values into
// config and s.Spec.Config, and returns the notice that says so, or nil if
// the Spec fits. A link whose settings each lie in their ranges may still
// need gigabytes together.
func fitBudget(s *State, params []registry.Param, defs, config []string) []Notice {
	c, err := registry.Cost(s.Spec)
	if err != nil || c.Bytes() <= models.DefaultBudget {
		return nil
	}
	set, err := registry.Fit(s.Spec, models.DefaultBudget)
	if err != nil {
		clear(config)
		s.Spec.Config = nil
		return []Notice{{Key: configPrefix, Message: fmt.Sprintf("The link's settings need %s, over the page's memory budget of %s; using the defaults.",
			models.Size(c.Bytes()), models.Size(models.DefaultBudget))}}
	}
	var was, now []string
	for _, st := range set {
		i := slices.IndexFunc(params, func(p registry.Param) bool { return p.Key == st.Key })
		if i < 0 {
			continue
		}
		config[i] = strconv.FormatFloat(st.To, 'f', -1, 64)
		was = append(was, fmt.Sprintf("%s%s=%g", configPrefix, st.Key, st.From))
		now = append(now, fmt.Sprintf("%s%s=%g", configPrefix, st.Key, st.To))
	}
	s.Spec.Config = configJSON(params, defs, config)
	return []Notice{{Key: configPrefix, Message: fmt.Sprintf("With %s the model needs %s, over the page's memory budget of %s; using %s, the largest that fit.",
		strings.Join(was, ", "), models.Size(c.Bytes()), models.Size(models.DefaultBudget), strings.Join(now, ", "))}}
}
