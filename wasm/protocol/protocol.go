package protocol

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Kind names a message type; it is the value of the "kind" key of a Plain.
type Kind string

// The kinds of messages. Play, Pause and Reset are Commands from the page;
// Ready, Progress and Error come from the worker.
const (
	KindPlay     Kind = "play"
	KindPause    Kind = "pause"
	KindReset    Kind = "reset"
	KindReady    Kind = "ready"
	KindProgress Kind = "progress"
	KindError    Kind = "error"
)

// KindKey is the key of a Plain that holds the message's Kind.
const KindKey = "kind"

// Plain is a message as plain data: every value is a string, a float64, a
// bool or a []float32. The bridge maps it one to one to a JavaScript object.
type Plain map[string]any

// Message is one of Command, Ready, Progress and Error.
type Message interface {
	// Kind returns the kind of the message.
	Kind() Kind
}

// Command asks the worker to play, pause or reset.
//
// Play starts or resumes training: it resumes when the worker already trains
// on Seed and Data, and otherwise builds a fresh model first. Pause stops
// training and keeps the model. Reset builds a fresh model from Seed on Data,
// with a step count of zero, and leaves it paused.
type Command struct {
	// Op is KindPlay, KindPause or KindReset.
	Op Kind
	// Seed seeds every random draw of the run: the initial weights, the
	// batches, the noise and the samples.
	Seed uint64
	// Data is the name of the 2D data set, as in data.Lookup.
	Data string
}

// Kind returns c.Op.
func (c Command) Kind() Kind { return c.Op }

// Ready says that the worker is running and takes commands.
type Ready struct{}

// Kind returns KindReady.
func (Ready) Kind() Kind { return KindReady }

// Progress reports the state of training.
type Progress struct {
	// Step is the number of optimizer steps since the model was built.
	Step int
	// Losses holds the loss of each step since the previous Progress, oldest
	// first; it may be empty.
	Losses []float32
	// Points holds the newest generated points as x0, y0, x1, y1, …, or nil
	// when no sample finished since the previous Progress.
	Points []float32
	// Samples counts the sampling chains that finished since the model was
	// built; Points belongs to number Samples.
	Samples int
	// Sampling is the fraction of the running sampling chain that is done,
	// in [0, 1].
	Sampling float64
	// StepsPerSec is the training speed in optimizer steps per second of
	// wall time while training.
	StepsPerSec float64
	// Running reports whether the worker is training.
	Running bool
}

// Kind returns KindProgress.
func (Progress) Kind() Kind { return KindProgress }

// Error reports that training stopped because of a problem. The worker keeps
// its model; only a reset or a play with another seed or data set trains
// again.
type Error struct {
	// Step is the step count when the problem happened.
	Step int
	// Message says what happened, for people.
	Message string
}

// Kind returns KindError.
func (Error) Kind() Kind { return KindError }

// Encode returns the plain form of m. It panics if m is not one of the
// message types of this package or is a Command whose Op is not a command
// kind: both are programmer errors.
func Encode(m Message) Plain {
	switch m := m.(type) {
	case Command:
		if !isCommand(m.Op) {
			panic(fmt.Sprintf("protocol: Command with op %q", m.Op))
		}
		return encode(m.Op, &m, commandFields())
	case Ready:
		return encode(KindReady, &m, readyFields())
	case Progress:
		return encode(KindProgress, &m, progressFields())
	case Error:
		return encode(KindError, &m, errorFields())
	}
	panic(fmt.Sprintf("protocol: cannot encode %T", m))
}

// Decode returns the message whose plain form is p. It returns an error if p
// has no known kind, lacks a field, has a field of the wrong type or out of
// range, or has a key that the kind does not know.
func Decode(p Plain) (Message, error) {
	k, ok := p[KindKey].(string)
	if !ok {
		return nil, fmt.Errorf("protocol: message without a %q string", KindKey)
	}
	var (
		m   Message
		err error
	)
	switch kind := Kind(k); kind {
	case KindPlay, KindPause, KindReset:
		c := Command{Op: kind}
		err = decode(p, kind, &c, commandFields())
		m = c
	case KindReady:
		var r Ready
		err = decode(p, kind, &r, readyFields())
		m = r
	case KindProgress:
		var g Progress
		err = decode(p, kind, &g, progressFields())
		m = g
	case KindError:
		var e Error
		err = decode(p, kind, &e, errorFields())
		m = e
	default:
		return nil, fmt.Errorf("protocol: unknown message kind %q", k)
	}
	if err != nil {
		return nil, err
	}
	return m, nil
}

func isCommand(k Kind) bool { return k == KindPlay || k == KindPause || k == KindReset }

// The field tables: one per message type, driving Encode and Decode alike.

func commandFields() []field[Command] {
	return []field[Command]{
		uint64Field("seed", func(m *Command) *uint64 { return &m.Seed }),
		stringField("data", func(m *Command) *string { return &m.Data }),
	}
}

func readyFields() []field[Ready] { return nil }

func progressFields() []field[Progress] {
	return []field[Progress]{
		intField("step", func(m *Progress) *int { return &m.Step }),
		floatsField("losses", func(m *Progress) *[]float32 { return &m.Losses }),
		floatsField("points", func(m *Progress) *[]float32 { return &m.Points }),
		intField("samples", func(m *Progress) *int { return &m.Samples }),
		float64Field("sampling", func(m *Progress) *float64 { return &m.Sampling }),
		float64Field("stepsPerSec", func(m *Progress) *float64 { return &m.StepsPerSec }),
		boolField("running", func(m *Progress) *bool { return &m.Running }),
	}
}

func errorFields() []field[Error] {
	return []field[Error]{
		intField("step", func(m *Error) *int { return &m.Step }),
		stringField("message", func(m *Error) *string { return &m.Message }),
	}
}

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
	for key := range p {
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

func stringField[M any](key string, at func(*M) *string) field[M] {
	return field[M]{
		key: key,
		enc: func(m *M) (any, bool) { return *at(m), true },
		dec: func(m *M, v any) error {
			s, ok := v.(string)
			if !ok {
				return typeError("string", v)
			}
			*at(m) = s
			return nil
		},
	}
}

func boolField[M any](key string, at func(*M) *bool) field[M] {
	return field[M]{
		key: key,
		enc: func(m *M) (any, bool) { return *at(m), true },
		dec: func(m *M, v any) error {
			b, ok := v.(bool)
			if !ok {
				return typeError("bool", v)
			}
			*at(m) = b
			return nil
		},
	}
}

// float64Field holds any float64, NaN and infinities included.
func float64Field[M any](key string, at func(*M) *float64) field[M] {
	return field[M]{
		key: key,
		enc: func(m *M) (any, bool) { return *at(m), true },
		dec: func(m *M, v any) error {
			x, ok := v.(float64)
			if !ok {
				return typeError("number", v)
			}
			*at(m) = x
			return nil
		},
	}
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

// floatsField holds a []float32. A nil slice is absent from the Plain, and an
// absent key decodes to nil; an empty non-nil slice stays empty and non-nil.
func floatsField[M any](key string, at func(*M) *[]float32) field[M] {
	return field[M]{
		key:      key,
		optional: true,
		enc: func(m *M) (any, bool) {
			s := *at(m)
			return s, s != nil
		},
		dec: func(m *M, v any) error {
			s, ok := v.([]float32)
			if !ok {
				return typeError("[]float32", v)
			}
			if s == nil {
				s = []float32{}
			}
			*at(m) = s
			return nil
		},
	}
}

func typeError(want string, v any) error {
	return fmt.Errorf("want a %s, have %T", want, v)
}
