package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"genplay/models"
)

// FuzzUpload sends arbitrary bodies to POST /api/demos. Whatever the body,
// the answer is 201 or 200 with an id that is a prefix of the body's
// SHA-256 and serves the body back, or a refusal (400, 413, 422) that
// stores nothing; never a 5xx or a panic. The corpus starts from valid
// demos of each family, so mutations reach the validation past the
// safetensors parser.
//
//	go test -run '^$' -fuzz FuzzUpload -fuzztime 10m ./server
func FuzzUpload(f *testing.F) {
	for _, spec := range []models.Spec{
		ganSpec(1),
		{Family: "ae", Data: "moons", Seed: 2, Steps: 1, Config: json.RawMessage(`{"hidden":4,"depth":1,"latent":2}`)},
		{Family: "flow", Data: "swissroll", Seed: 3, Steps: 1, Config: json.RawMessage(`{"hidden":4,"depth":1,"couplings":2}`)},
	} {
		f.Add(demoFile(f, spec, nil))
	}
	f.Add([]byte{})
	f.Add([]byte("\x10\x00\x00\x00\x00\x00\x00\x00{\"__metadata__\":{}}"))

	st, err := OpenDiskStore(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	d, err := NewDemos(DemoConfig{Store: st, MaxBytes: 256 << 10})
	if err != nil {
		f.Fatal(err)
	}
	s, err := NewServer(Config{Root: demoRoot, Demos: d})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })

	f.Fuzz(func(t *testing.T, body []byte) {
		w := post(s, body, "192.0.2.1:1")
		switch w.Code {
		case http.StatusCreated, http.StatusOK:
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
			return
		default:
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		rep := decodeReply(t, w)
		sum := sha256.Sum256(body)
		if !strings.HasPrefix(hex.EncodeToString(sum[:]), rep.ID) || !validID(rep.ID) {
			t.Fatalf("id %q is not a prefix of the SHA-256 %x", rep.ID, sum)
		}
		g := serve(s, "GET", "/api/demos/"+rep.ID)
		if g.Code != http.StatusOK || !bytes.Equal(g.Body.Bytes(), body) {
			t.Fatalf("GET %s: %d, %d bytes; want the %d bytes stored", rep.ID, g.Code, g.Body.Len(), len(body))
		}
		if _, err := validateDemo(g.Body.Bytes(), nil); err != nil {
			t.Fatalf("a stored demo does not validate: %v", err)
		}
	})
}
