package protocol

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		m    Message
	}{
		{"play", Command{Op: KindPlay, Seed: 1, Data: "8gaussians"}},
		{"pause", Command{Op: KindPause, Seed: 0, Data: ""}},
		{"reset max seed", Command{Op: KindReset, Seed: math.MaxUint64, Data: "8gaussians"}},
		{"ready", Ready{}},
		{"progress empty", Progress{}},
		{"progress full", Progress{
			Step: 1234, Losses: []float32{0.9, 0.5, float32(math.Inf(1))},
			Points: []float32{0, 0, -1.5, 2.25}, Samples: 3, Sampling: 0.25,
			StepsPerSec: 187.5, Running: true,
		}},
		{"progress empty non-nil slices", Progress{Losses: []float32{}, Points: []float32{}}},
		{"progress largest step", Progress{Step: 1 << 53}},
		{"error", Error{Step: 7, Message: "loss is NaN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Encode(tt.m)
			if got := p[KindKey]; got != string(tt.m.Kind()) {
				t.Errorf("Encode: kind = %v, want %q", got, tt.m.Kind())
			}
			for k, v := range p {
				switch v.(type) {
				case string, float64, bool, []float32:
				default:
					t.Errorf("Encode: key %q has a %T, not a plain value", k, v)
				}
			}
			got, err := Decode(p)
			if err != nil {
				t.Fatalf("Decode(Encode(m)): %v", err)
			}
			if !reflect.DeepEqual(got, tt.m) {
				t.Errorf("Decode(Encode(m)) = %#v, want %#v", got, tt.m)
			}
		})
	}
}

func TestEncodeShape(t *testing.T) {
	tests := []struct {
		name string
		m    Message
		want Plain
	}{
		{"play", Command{Op: KindPlay, Seed: 18446744073709551615, Data: "8gaussians"},
			Plain{"kind": "play", "seed": "18446744073709551615", "data": "8gaussians"}},
		{"ready", Ready{}, Plain{"kind": "ready"}},
		{"progress without points", Progress{Step: 3, Losses: []float32{1, 2, 3}, Sampling: 0.5, StepsPerSec: 12, Running: true},
			Plain{"kind": "progress", "step": 3.0, "losses": []float32{1, 2, 3}, "samples": 0.0,
				"sampling": 0.5, "stepsPerSec": 12.0, "running": true}},
		{"error", Error{Step: 2, Message: "boom"}, Plain{"kind": "error", "step": 2.0, "message": "boom"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Encode(tt.m); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Encode = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestDecodeNaN(t *testing.T) {
	m, err := Decode(Encode(Progress{StepsPerSec: math.NaN(), Losses: []float32{float32(math.NaN())}}))
	if err != nil {
		t.Fatal(err)
	}
	p := m.(Progress)
	if !math.IsNaN(p.StepsPerSec) || !math.IsNaN(float64(p.Losses[0])) {
		t.Errorf("NaN did not survive the round trip: %+v", p)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		p    Plain
		want string // part of the error message
	}{
		{"no kind", Plain{"seed": "1"}, `without a "kind"`},
		{"kind not a string", Plain{"kind": 1.0}, `without a "kind"`},
		{"unknown kind", Plain{"kind": "explode"}, `unknown message kind "explode"`},
		{"missing seed", Plain{"kind": "play", "data": "8gaussians"}, `without "seed"`},
		{"seed as number", Plain{"kind": "play", "seed": 1.0, "data": "x"}, `"seed": want a decimal string, have float64`},
		{"seed negative", Plain{"kind": "reset", "seed": "-1", "data": "x"}, `"-1" is not a uint64`},
		{"seed too big", Plain{"kind": "reset", "seed": "18446744073709551616", "data": "x"}, `is not a uint64`},
		{"unknown key", Plain{"kind": "pause", "seed": "1", "data": "x", "speed": 2.0}, `unknown key "speed"`},
		{"ready with extra key", Plain{"kind": "ready", "step": 1.0}, `unknown key "step"`},
		{"step fractional", progressPlain("step", 1.5), `"step": 1.5 is not an integer`},
		{"step negative", progressPlain("step", -1.0), `is not an integer`},
		{"step too big", progressPlain("step", float64(1<<53)*2), `is not an integer`},
		{"step NaN", progressPlain("step", math.NaN()), `is not an integer`},
		{"running not bool", progressPlain("running", "yes"), `"running": want a bool, have string`},
		{"losses wrong type", progressPlain("losses", []float64{1}), `"losses": want a []float32, have []float64`},
		{"message missing", Plain{"kind": "error", "step": 1.0}, `without "message"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Decode(tt.p)
			if err == nil {
				t.Fatalf("Decode = %#v, want an error containing %q", m, tt.want)
			}
			if m != nil {
				t.Errorf("Decode returned %#v with its error, want nil", m)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "protocol: ") {
				t.Errorf("error %q, want it prefixed and containing %q", err, tt.want)
			}
		})
	}
}

// progressPlain returns a valid plain Progress with key set to v.
func progressPlain(key string, v any) Plain {
	p := Encode(Progress{Step: 1, Running: true})
	p[key] = v
	return p
}

func TestEncodePanics(t *testing.T) {
	tests := []struct {
		name string
		m    Message
	}{
		{"command with progress op", Command{Op: KindProgress}},
		{"command without op", Command{}},
		{"negative step", Progress{Step: -1}},
		{"foreign message", foreign{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.HasPrefix(s, "protocol: ") {
					t.Errorf("recovered %v, want a panic prefixed with \"protocol: \"", r)
				}
			}()
			Encode(tt.m)
		})
	}
}

type foreign struct{}

func (foreign) Kind() Kind { return KindReady }
