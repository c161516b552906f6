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
	want := `{"family":"vae","data":"8gaussians","config":{"latent":2,"beta":1},"seed":7,"steps":3000}`
	if string(b) != want {
		t.Fatalf("Marshal = %s, want %s", b, want)
	}
	got, err := ParseSpec(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Family != s.Family || got.Data != s.Data || got.Seed != s.Seed || got.Steps != s.Steps || string(got.Config) != `{"latent":2,"beta":1}` {
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
