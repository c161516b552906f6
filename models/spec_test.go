package models

import (
	"strings"
	"testing"
)

func TestSpecRoundTrip(t *testing.T) {
	s := Spec{Family: "vae", Data: "8gaussians", Config: []byte(`{ "latent": 2,  "beta": 1 }`), Seed: 7, Steps: 3000}
	b, err := s.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"family":"vae","data":"8gaussians","config":{"beta":1,"latent":2},"seed":7,"steps":3000}`
	if string(b) != want {
		t.Fatalf("Marshal = %s, want %s", b, want)
	}
	got, err := ParseSpec(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Family != s.Family || got.Data != s.Data || got.Seed != s.Seed || got.Steps != s.Steps || string(got.Config) != `{"beta":1,"latent":2}` {
		t.Errorf("round trip gave %+v", got)
	}
}

func TestParseSpecRejects(t *testing.T) {
	for _, c := range []struct{ in, err string }{
		{`{"family":"vae","data":"moons","seed":1,"steps":10,"colour":"red"}`, "unknown field"},
		{`{"family":"vae","data":"moons","seed":1,"steps":10} {}`, "after the JSON"},
		{`{"family":"","data":"moons","seed":1,"steps":10}`, "no family"},
		{`{"family":"vae","data":"","seed":1,"steps":10}`, "no data"},
		{`{"family":"vae","data":"moons","seed":-1,"steps":10}`, "seed"},
		{`{"family":"vae","data":"moons","seed":1,"steps":-5}`, "steps"},
		{`[1,2]`, "cannot unmarshal"},
		{`{"family":"vae"` + strings.Repeat(" ", MaxSpecBytes) + `}`, "limit"},
	} {
		_, err := ParseSpec([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("ParseSpec(%.60q) error %v, want one containing %q", c.in, err, c.err)
		}
	}
}

// TestSpecMarshalCanonical checks that Specs whose configs hold the same
// values serialise to the same bytes, and that SameRun agrees: key order,
// spacing, nesting and the spelling of numbers aside.
func TestSpecMarshalCanonical(t *testing.T) {
	base := Spec{Family: "gan", Data: "moons", Seed: 3, Steps: 10}
	configs := []string{
		`{"lr_g":0.0002,"hidden":64,"nested":{"b":[1,2],"a":true}}`,
		`{ "nested": {"a": true, "b": [1.0, 2e0]}, "hidden": 64.0, "lr_g": 2e-4 }`,
		"{\n\t\"hidden\": 64,\n\t\"nested\": {\"b\": [1, 2], \"a\": true},\n\t\"lr_g\": 0.00020\n}",
	}
	var first []byte
	for i, c := range configs {
		s := base
		s.Config = []byte(c)
		b, err := s.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b
			want := `{"family":"gan","data":"moons","config":{"hidden":64,"lr_g":0.0002,"nested":{"a":true,"b":[1,2]}},"seed":3,"steps":10}`
			if string(b) != want {
				t.Fatalf("Marshal = %s, want %s", b, want)
			}
		} else if string(b) != string(first) {
			t.Errorf("config %d marshals to %s, config 0 to %s", i, b, first)
		}
		s.Steps = 99
		if !SameRun(base.withConfig(configs[0]), s) {
			t.Errorf("config %d is not the same run as config 0", i)
		}
	}
	for _, other := range []Spec{
		base.withConfig(`{"lr_g":0.0003,"hidden":64,"nested":{"b":[1,2],"a":true}}`),
		base.withConfig(`{"hidden":64}`),
		base.withConfig(`{not json`),
		{Family: "gan", Data: "moons", Seed: 4, Config: []byte(configs[0])},
	} {
		if SameRun(base.withConfig(configs[0]), other) {
			t.Errorf("%s is the same run as %s", other.Config, configs[0])
		}
	}
	if _, err := base.withConfig(`{"a":`).Marshal(); err == nil {
		t.Error("Marshal accepted a config that is not JSON")
	}
	if b, _ := base.Marshal(); string(b) != `{"family":"gan","data":"moons","seed":3,"steps":10}` {
		t.Errorf("no config: %s", b)
	}
}

func (s Spec) withConfig(c string) Spec {
	s.Config = []byte(c)
	return s
}
