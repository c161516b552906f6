package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"genplay/models"
)

// indexBody returns a Compare index naming ids by family, as the page
// writes it.
func indexBody(t *testing.T, view string, entries ...indexEntry) []byte {
	t.Helper()
	b, err := json.Marshal(demoIndex{Format: IndexFormat, View: view, Demos: entries})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPublishIndex publishes two families' demos and the index naming
// them: the index is stored and served back byte for byte under an id of
// its content, the same index again gets the same id and no token, and
// indexes that name missing, damaged, mislabelled or repeated demos, or
// that are not strict JSON of the format, are refused with 422 and a
// reason.
func TestPublishIndex(t *testing.T) {
	forEachStore(t, func(t *testing.T, f storeFixture) {
		s := newDemoServer(t, f.open(t), DemoConfig{})
		gan := decodeReply(t, post(s, demoFile(t, ganSpec(1), nil), "192.0.2.1:1"))
		vae := decodeReply(t, post(s, demoFile(t, models.Spec{Family: "vae", Data: "8gaussians", Seed: 1, Steps: 120}, nil), "192.0.2.1:1"))
		damaged := decodeReply(t, post(s, demoFile(t, ganSpec(2), nil), "192.0.2.1:1"))
		raw := f.raw(t, damaged.ID)
		raw[len(raw)-5] ^= 0x40
		f.corrupt(t, damaged.ID, raw)

		const view = "v=1&view=compare&n=120&fams=gan,vae"
		good := indexBody(t, view, indexEntry{"gan", gan.ID}, indexEntry{"vae", vae.ID})
		w := post(s, good, "192.0.2.1:1")
		if w.Code != http.StatusCreated {
			t.Fatalf("index: %d %s", w.Code, w.Body)
		}
		rep := decodeReply(t, w)
		if rep.Token == "" || rep.URL != "/d/"+rep.ID {
			t.Errorf("index reply %+v", rep)
		}
		g := serve(s, "GET", "/api/demos/"+rep.ID)
		if g.Code != http.StatusOK || g.Body.String() != string(good) {
			t.Errorf("GET index: %d %q", g.Code, g.Body)
		}
		if again := post(s, good, "192.0.2.1:1"); again.Code != http.StatusOK || decodeReply(t, again).ID != rep.ID {
			t.Errorf("the same index again: %d %s", again.Code, again.Body)
		}

		for _, c := range []struct {
			name string
			body []byte
			want string
		}{
			{"missing demo", indexBody(t, view, indexEntry{"gan", "0123456789ab"}), "no demo 0123456789ab"},
			{"damaged demo", indexBody(t, view, indexEntry{"gan", damaged.ID}), "damaged"},
			{"wrong family", indexBody(t, view, indexEntry{"vae", gan.ID}), `of the family "gan", not "vae"`},
			{"family twice", indexBody(t, view, indexEntry{"gan", gan.ID}, indexEntry{"gan", gan.ID}), "named twice"},
			{"unknown family", indexBody(t, view, indexEntry{"nope", gan.ID}), "nope"},
			{"bad id", indexBody(t, view, indexEntry{"gan", "../etc"}), "demo id"},
			{"no demos", indexBody(t, view), "1 to"},
			{"view with a space", indexBody(t, "v=1 x", indexEntry{"gan", gan.ID}), "view"},
			{"index of an index", indexBody(t, view, indexEntry{"gan", rep.ID}), "not a model's demo"},
			{"unknown field", []byte(`{"format":"genplay-compare/1","view":"","demos":[],"x":1}`), "unknown field"},
			{"trailing data", append(append([]byte(nil), good...), []byte(" {}")...), "after the JSON"},
			{"other format", []byte(`{"format":"genplay-compare/9","view":"","demos":[]}`), "format"},
			{"too large", append([]byte(`{"format":"`), strings.Repeat("x", maxIndexBytes)...), "at most"},
		} {
			w := post(s, c.body, "192.0.2.1:1")
			if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), c.want) {
				t.Errorf("%s: %d %q, want 422 containing %q", c.name, w.Code, w.Body, c.want)
			}
		}
	})
}

// TestDemoPagePolicy checks that /d/<id> is served under the page's
// policy (the browser test TestPublish runs the real page under it): a
// base-uri that allows its <base>, and the embed view's frame rules with
// ?embed=1.
func TestDemoPagePolicy(t *testing.T) {
	s := newDemoServer(t, newDiskStore(t), DemoConfig{})
	w := serve(s, "GET", "/d/0123456789ab")
	csp := w.Header().Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'", "base-uri 'self'", "frame-ancestors 'self'", "style-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("/d/<id>: Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	e := serve(s, "GET", "/d/0123456789ab?embed=1")
	if csp := e.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") || e.Header().Get("X-Frame-Options") != "" {
		t.Errorf("/d/<id>?embed=1: policy %q, X-Frame-Options %q", csp, e.Header().Get("X-Frame-Options"))
	}
}
