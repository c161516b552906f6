package ae

import (
	"fmt"
	"reflect"
	"strings"
)

// Retune applies c to the model from its next TrainStep. c may differ from
// the model's configuration only in the fields that can change while the
// model trains: the learning rate. Retune returns an error, and leaves the
// model unchanged, if c is invalid or differs in any other field; such a
// change needs a new model.
func (m *Model) Retune(c Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	frozen := c
	frozen.LearningRate = m.cfg.LearningRate
	if key := firstChange(m.cfg, frozen); key != "" {
		return fmt.Errorf("ae: %s cannot change while training; reset the model", key)
	}
	m.cfg = c
	m.opt.LR = c.LearningRate
	return nil
}

// firstChange returns the JSON key of the first field in which a and b
// differ, or "" if they are equal. It reads the fields by reflection so that
// a field added to Config is frozen until Retune is taught otherwise.
func firstChange(a, b Config) string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := range va.NumField() {
		if va.Field(i).Interface() != vb.Field(i).Interface() {
			key, _, _ := strings.Cut(va.Type().Field(i).Tag.Get("json"), ",")
			return key
		}
	}
	return ""
}
