package protocol

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"genplay/models"
	"genplay/models/registry"
)

// The kinds of fields of the field tables, and the encode and decode that
// the tables drive.

// field is one entry of a field table: a key and how to move the field of an
// M to and from its plain value.
type field[M any] struct {
	key string
	// optional fields may be absent from a Plain; enc reports absence with
	// ok == false.
	optional bool
	enc      func(m *M) (v any, ok bool)
	dec      func(m *M, v any) error
}

func encode[M any](kind Kind, m *M, fields []field[M]) Plain {
	p := Plain{KindKey: string(kind)}
	for _, f := range fields {
		if v, ok := f.enc(m); ok {
			p[f.key] = v
		}
	}
	return p
}

func decode[M any](p Plain, kind Kind, m *M, fields []field[M]) error {
	// Sorted, so that the error names the same key every time.
	for _, key := range slices.Sorted(maps.Keys(p)) {
		if key != KindKey && !slices.ContainsFunc(fields, func(f field[M]) bool { return f.key == key }) {
			return fmt.Errorf("protocol: %s message with unknown key %q", kind, key)
		}
	}
	for _, f := range fields {
		v, ok := p[f.key]
		if !ok {
			if f.optional {
				continue
			}
			return fmt.Errorf("protocol: %s message without %q", kind, f.key)
		}
		if err := f.dec(m, v); err != nil {
			return fmt.Errorf("protocol: %s message: %q: %w", kind, f.key, err)
		}
	}
	return nil
}

// plainField holds a value of one of the plain kinds that a Plain holds as
// itself; want names the kind in errors.
func plainField[M any, T string | bool | float64](key, want string, at func(*M) *T) field[M] {
	return field[M]{
		key: key,
		enc: func(m *M) (any, bool) { return *at(m), true },
		dec: func(m *M, v any) error {
			x, ok := v.(T)
			if !ok {
				return typeError(want, v)
			}
			*at(m) = x
			return nil
		},
	}
}

func stringField[M any](key string, at func(*M) *string) field[M] {
	return plainField(key, "string", at)
}

func boolField[M any](key string, at func(*M) *bool) field[M] {
	return plainField(key, "bool", at)
}

// float64Field holds any float64, NaN and infinities included.
func float64Field[M any](key string, at func(*M) *float64) field[M] {
	return plainField(key, "number", at)
}

// maxExactInt is 2⁵³, the largest integer up to which every integer is a
// float64 (and so a JavaScript number).
const maxExactInt = 1 << 53

// intField holds an int in [0, 2⁵³] as a float64, since a JavaScript number
// holds no more. Encode panics on a value outside that range.
func intField[M any](key string, at func(*M) *int) field[M] {
	return field[M]{
		key: key,
		enc: func(m *M) (any, bool) {
			n := *at(m)
			if n < 0 || n > maxExactInt {
				panic(fmt.Sprintf("protocol: %q = %d is outside [0, 2^53]", key, n))
			}
			return float64(n), true
		},
		dec: func(m *M, v any) error {
			x, ok := v.(float64)
			if !ok {
				return typeError("number", v)
			}
			if x != math.Trunc(x) || x < 0 || x > maxExactInt {
				return fmt.Errorf("%v is not an integer in [0, 2^53]", x)
			}
			*at(m) = int(x)
			return nil
		},
	}
}

// uint64Field holds a uint64 as a decimal string, since a JavaScript number
// cannot hold every uint64.
func uint64Field[M any](key string, at func(*M) *uint64) field[M] {
	return field[M]{
		key: key,
		enc: func(m *M) (any, bool) { return strconv.FormatUint(*at(m), 10), true },
		dec: func(m *M, v any) error {
			s, ok := v.(string)
			if !ok {
				return typeError("decimal string", v)
			}
			n, err := strconv.ParseUint(s, 10, 64)
			if err != nil {
				return fmt.Errorf("%q is not a uint64", s)
			}
			*at(m) = n
			return nil
		},
	}
}

// sliceField holds a []float32 or a []byte, absent from the Plain when
// nil: an absent key decodes to nil, and an empty non-nil slice stays empty
// and non-nil. want names the kind in errors.
func sliceField[M any, E float32 | byte](key, want string, at func(*M) *[]E) field[M] {
	return field[M]{
		key:      key,
		optional: true,
		enc: func(m *M) (any, bool) {
			x := *at(m)
			return x, x != nil
		},
		dec: func(m *M, v any) error {
			x, ok := v.([]E)
			if !ok {
				return typeError(want, v)
			}
			if x == nil {
				x = []E{}
			}
			*at(m) = x
			return nil
		},
	}
}

// floatsField holds a []float32 (see sliceField).
func floatsField[M any](key string, at func(*M) *[]float32) field[M] {
	return sliceField(key, "[]float32", at)
}

func typeError(want string, v any) error {
	return fmt.Errorf("want a %s, have %T", want, v)
}

// optStringField holds a string that is absent from the Plain when empty;
// a present key must hold a non-empty string.
func optStringField[M any](key string, at func(*M) *string) field[M] {
	f := stringField(key, at)
	f.optional = true
	f.enc = func(m *M) (any, bool) { return *at(m), *at(m) != "" }
	dec := f.dec
	f.dec = func(m *M, v any) error {
		if s, ok := v.(string); ok && s == "" {
			return errors.New("empty string; leave the key out instead")
		}
		return dec(m, v)
	}
	return f
}

// specField holds a models.Spec as its JSON (Spec.Marshal), absent from the
// Plain when the Spec has no family. Decoding parses it with
// models.ParseSpec: unknown keys and invalid fields are errors.
func specField[M any](key string, at func(*M) *models.Spec) field[M] {
	return field[M]{
		key:      key,
		optional: true,
		enc: func(m *M) (any, bool) {
			s := at(m)
			if s.Family == "" {
				return nil, false
			}
			b, err := s.Marshal()
			if err != nil {
				panic(fmt.Sprintf("protocol: %q: %v", key, err))
			}
			return string(b), true
		},
		dec: func(m *M, v any) error {
			s, ok := v.(string)
			if !ok {
				return typeError("JSON string", v)
			}
			spec, err := models.ParseSpec([]byte(s))
			if err != nil {
				return err
			}
			*at(m) = spec
			return nil
		},
	}
}

// manifestField holds a *registry.Manifest as its JSON, absent from the
// Plain when nil. Decoding parses it with registry.ParseManifest.
func manifestField[M any](key string, at func(*M) **registry.Manifest) field[M] {
	return field[M]{
		key:      key,
		optional: true,
		enc: func(m *M) (any, bool) {
			mf := *at(m)
			if mf == nil {
				return nil, false
			}
			b, err := json.Marshal(mf)
			if err != nil {
				panic(fmt.Sprintf("protocol: %q: %v", key, err))
			}
			return string(b), true
		},
		dec: func(m *M, v any) error {
			s, ok := v.(string)
			if !ok {
				return typeError("JSON string", v)
			}
			mf, err := registry.ParseManifest([]byte(s))
			if err != nil {
				return err
			}
			*at(m) = mf
			return nil
		},
	}
}

// optIntField is intField absent from the Plain when 0.
func optIntField[M any](key string, at func(*M) *int) field[M] {
	f := intField(key, at)
	f.optional = true
	enc := f.enc
	f.enc = func(m *M) (any, bool) {
		if *at(m) == 0 {
			return nil, false
		}
		return enc(m)
	}
	return f
}

// optFloat64Field is float64Field absent from the Plain when 0.
func optFloat64Field[M any](key string, at func(*M) *float64) field[M] {
	f := float64Field(key, at)
	f.optional = true
	f.enc = func(m *M) (any, bool) { return *at(m), *at(m) != 0 }
	return f
}

// bytesField holds a []byte (see sliceField).
func bytesField[M any](key string, at func(*M) *[]byte) field[M] {
	return sliceField(key, "[]byte", at)
}

// viewField holds a View as its JSON, absent from the Plain when the View
// has no panel. Decoding rejects unknown keys; Command.check validates.
func viewField[M any](key string, at func(*M) *View) field[M] {
	return field[M]{
		key:      key,
		optional: true,
		enc: func(m *M) (any, bool) {
			v := at(m)
			if v.Panel == "" {
				return nil, false
			}
			b, err := json.Marshal(v)
			if err != nil {
				panic(fmt.Sprintf("protocol: %q: %v", key, err))
			}
			return string(b), true
		},
		dec: func(m *M, v any) error {
			s, ok := v.(string)
			if !ok {
				return typeError("JSON string", v)
			}
			var view View
			if err := models.DecodeStrict([]byte(s), &view); err != nil {
				return err
			}
			if view.Panel == "" {
				return errors.New("view without a panel")
			}
			*at(m) = view
			return nil
		},
	}
}

// validName reports whether s can name a loss term, a stat or an array in
// the packed encodings below: non-empty, without separators.
func validName(s string) bool {
	return s != "" && !strings.ContainsAny(s, ",;=")
}

// termsField holds names as one comma-separated string, absent when empty.
func termsField[M any, S ~string](key string, at func(*M) *[]S) field[M] {
	return field[M]{
		key:      key,
		optional: true,
		enc: func(m *M) (any, bool) {
			ns := *at(m)
			parts := make([]string, len(ns))
			for i, n := range ns {
				if !validName(string(n)) {
					panic(fmt.Sprintf("protocol: %q: name %q is empty or holds , ; or =", key, n))
				}
				parts[i] = string(n)
			}
			return strings.Join(parts, ","), len(ns) > 0
		},
		dec: func(m *M, v any) error {
			s, ok := v.(string)
			if !ok {
				return typeError("string", v)
			}
			var ns []S
			for n := range strings.SplitSeq(s, ",") {
				if !validName(n) {
					return fmt.Errorf("name %q is empty or holds a separator", n)
				}
				ns = append(ns, S(n))
			}
			*at(m) = ns
			return nil
		},
	}
}

// statsField holds stats as one string "name=value;name=value", values as
// Go formats float64s (NaN and ±Inf included); absent when nil.
func statsField[M any](key string, at func(*M) *[]Stat) field[M] {
	return field[M]{
		key:      key,
		optional: true,
		enc: func(m *M) (any, bool) {
			ss := *at(m)
			parts := make([]string, len(ss))
			for i, s := range ss {
				if !validName(s.Name) {
					panic(fmt.Sprintf("protocol: %q: name %q is empty or holds , ; or =", key, s.Name))
				}
				parts[i] = s.Name + "=" + strconv.FormatFloat(s.Value, 'g', -1, 64)
			}
			return strings.Join(parts, ";"), ss != nil
		},
		dec: func(m *M, v any) error {
			s, ok := v.(string)
			if !ok {
				return typeError("string", v)
			}
			ss := []Stat{}
			if s != "" {
				for _, part := range strings.Split(s, ";") {
					name, val, ok := strings.Cut(part, "=")
					if !ok || !validName(name) {
						return fmt.Errorf("%q is not name=value", part)
					}
					x, err := strconv.ParseFloat(val, 64)
					if err != nil {
						return fmt.Errorf("%q is not a number", val)
					}
					ss = append(ss, Stat{Name: name, Value: x})
				}
			}
			*at(m) = ss
			return nil
		},
	}
}

// arraysField holds named arrays as two keys: names, "name=length;…" like
// a stats string, and data, all the values concatenated in a []float32.
// Both are absent when there are no arrays. It is two fields; the names
// decode first and the data fill them.
func arraysField[M any](names, data string, at func(*M) *[]Array) []field[M] {
	return []field[M]{{
		key:      names,
		optional: true,
		enc: func(m *M) (any, bool) {
			as := *at(m)
			parts := make([]string, len(as))
			for i, a := range as {
				if !validName(a.Name) {
					panic(fmt.Sprintf("protocol: %q: name %q is empty or holds , ; or =", names, a.Name))
				}
				parts[i] = a.Name + "=" + strconv.Itoa(len(a.Data))
			}
			return strings.Join(parts, ";"), len(as) > 0
		},
		dec: func(m *M, v any) error {
			s, ok := v.(string)
			if !ok {
				return typeError("string", v)
			}
			var as []Array
			total := 0
			for _, part := range strings.Split(s, ";") {
				name, val, ok := strings.Cut(part, "=")
				n, err := strconv.Atoi(val)
				if !ok || !validName(name) || err != nil || n < 0 || n > maxArray-total {
					return fmt.Errorf("%q is not name=length within %d values", part, maxArray)
				}
				total += n
				as = append(as, Array{Name: name, Data: make([]float32, n)})
			}
			*at(m) = as
			return nil
		},
	}, {
		key:      data,
		optional: true,
		enc: func(m *M) (any, bool) {
			as := *at(m)
			var all []float32
			for _, a := range as {
				all = append(all, a.Data...)
			}
			if all == nil {
				all = []float32{}
			}
			return all, len(as) > 0
		},
		dec: func(m *M, v any) error {
			f, ok := v.([]float32)
			if !ok {
				return typeError("[]float32", v)
			}
			as := *at(m)
			total := 0
			for _, a := range as {
				total += len(a.Data)
			}
			if len(f) != total || len(as) == 0 {
				return fmt.Errorf("%d values for arrays of %d", len(f), total)
			}
			off := 0
			for _, a := range as {
				off += copy(a.Data, f[off:])
			}
			return nil
		},
	}}
}

// maxArray bounds the values of a Figure: 64 frames of 16 MNIST digits.
const maxArray = 64 * 16 * 784
