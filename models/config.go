package models

import (
	"reflect"
	"strings"
)

// FirstChange returns the JSON key of the first field in which the structs
// a and b, of the same type, differ, or "" if they are equal. The families'
// Retune methods use it to refuse a change to any field that cannot change
// while a model trains: it reads every field by reflection, so that a field
// added to a Config stays frozen until Retune is taught otherwise. It
// panics if a and b are not structs of one type with comparable fields.
func FirstChange(a, b any) string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Type() != vb.Type() || va.Kind() != reflect.Struct {
		panic("models: FirstChange of " + va.Type().String() + " and " + vb.Type().String())
	}
	for i := range va.NumField() {
		if va.Field(i).Interface() != vb.Field(i).Interface() {
			key, _, _ := strings.Cut(va.Type().Field(i).Tag.Get("json"), ",")
			return key
		}
	}
	return ""
}
