package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"genplay/models"
	"genplay/models/registry"
	"genplay/tensor/safetensors"
)

// ganSpec is a small GAN on a 2D set: its file is a few kilobytes.
func ganSpec(seed uint64) models.Spec {
	return models.Spec{Family: "gan", Data: "8gaussians", Seed: seed, Steps: 500,
		Config: json.RawMessage(`{"hidden":16,"depth":1}`)}
}

// demoFile returns a demo file of spec's freshly built model as the page
// would publish it, at step 120 with a view; edit, if not nil, changes the
// parsed file before it is written.
func demoFile(t testing.TB, spec models.Spec, edit func(f *safetensors.File)) []byte {
	t.Helper()
	m, _, _, err := registry.Build(spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := registry.SaveBytes(spec, m, []byte(`{"precision":0.9}`))
	if err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	f.Metadata[MetaStep] = "120"
	f.Metadata[MetaView] = "v=1&f=gan&d=8gaussians&psi=0.7"
	if edit != nil {
		edit(f)
	}
	var buf bytes.Buffer
	if err := safetensors.Write(&buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// demoRoot is the document root of the demo tests: an index.html with a
// <head>, as the real page has.
const demoRoot = "testdata/demoroot"

// newDemoServer returns a Server whose demos live in st, with cfg's limits
// (MaxBytes defaults to DefaultDemoMaxBytes).
func newDemoServer(t *testing.T, st Store, cfg DemoConfig) *Server {
	t.Helper()
	cfg.Store = st
	if cfg.MaxBytes == 0 {
		cfg.MaxBytes = DefaultDemoMaxBytes
	}
	d, err := NewDemos(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return newTestServer(t, Config{Root: demoRoot, Demos: d})
}

// post sends body to POST /api/demos from the address remote.
func post(h http.Handler, body []byte, remote string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("POST", "/api/demos", bytes.NewReader(body))
	r.RemoteAddr = remote
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// decodeReply decodes a publish reply, failing the test on a bad body.
func decodeReply(t *testing.T, w *httptest.ResponseRecorder) publishReply {
	t.Helper()
	var rep publishReply
	if err := models.DecodeStrict(w.Body.Bytes(), &rep); err != nil {
		t.Fatalf("reply %q: %v", w.Body, err)
	}
	return rep
}

func TestPublishAndGet(t *testing.T) {
	forEachStore(t, func(t *testing.T, f storeFixture) {
		st := f.open(t)
		s := newDemoServer(t, st, DemoConfig{})
		body := demoFile(t, ganSpec(1), nil)
		w := post(s, body, "192.0.2.1:1234")
		if w.Code != http.StatusCreated {
			t.Fatalf("POST: %d %s", w.Code, w.Body)
		}
		rep := decodeReply(t, w)
		sum := sha256.Sum256(body)
		wantID := hex.EncodeToString(sum[:])[:minIDLen]
		if rep.ID != wantID || rep.URL != "/d/"+wantID || len(rep.Token) < 20 {
			t.Errorf("reply %+v, want id %s, url /d/%s and a token", rep, wantID, wantID)
		}
		if loc := w.Header().Get("Location"); loc != "/d/"+wantID {
			t.Errorf("Location %q", loc)
		}

		g := serve(s, "GET", "/api/demos/"+rep.ID)
		if g.Code != http.StatusOK || !bytes.Equal(g.Body.Bytes(), body) {
			t.Fatalf("GET: %d, %d bytes; want 200 and the %d uploaded bytes", g.Code, g.Body.Len(), len(body))
		}
		for k, v := range map[string]string{
			"Cache-Control": "public, max-age=31536000, immutable",
			"Content-Type":  "application/octet-stream",
			"ETag":          `"` + hex.EncodeToString(sum[:]) + `"`,
		} {
			if got := g.Header().Get(k); got != v {
				t.Errorf("GET %s: %q, want %q", k, got, v)
			}
		}
		if g := serve(s, "GET", "/api/demos/"+rep.ID, "If-None-Match", g.Header().Get("ETag")); g.Code != http.StatusNotModified {
			t.Errorf("GET with the ETag: %d, want 304", g.Code)
		}
		if h := serve(s, "HEAD", "/api/demos/"+rep.ID); h.Code != http.StatusOK || h.Body.Len() != 0 {
			t.Errorf("HEAD: %d with %d bytes", h.Code, h.Body.Len())
		}

		// The same file again, from anyone: the same id, stored once, and
		// no token (a token would let whoever fetched the file delete it).
		used, _ := st.Usage(context.Background())
		w = post(s, body, "198.51.100.7:1")
		if w.Code != http.StatusOK {
			t.Fatalf("second POST: %d %s, want 200", w.Code, w.Body)
		}
		if rep2 := decodeReply(t, w); rep2.ID != rep.ID || rep2.Token != "" {
			t.Errorf("second POST: %+v, want id %s and no token", rep2, rep.ID)
		}
		if u, _ := st.Usage(context.Background()); u != used {
			t.Errorf("usage %d → %d after the same file", used, u)
		}

		// A different demo gets a different id.
		w = post(s, demoFile(t, ganSpec(2), nil), "192.0.2.1:1234")
		if w.Code != http.StatusCreated || decodeReply(t, w).ID == rep.ID {
			t.Errorf("other demo: %d %s", w.Code, w.Body)
		}
	})
}

// TestPublishCollision stores another file under the short id of a demo,
// as a prefix collision would, and checks that the demo gets a longer id,
// the same one each time, while the short id still serves the other file.
func TestPublishCollision(t *testing.T) {
	forEachStore(t, func(t *testing.T, f storeFixture) {
		st := f.open(t)
		s := newDemoServer(t, st, DemoConfig{})
		body := demoFile(t, ganSpec(3), nil)
		sum := sha256.Sum256(body)
		full := hex.EncodeToString(sum[:])
		other := []byte("another file whose id collides")
		if err := st.Create(context.Background(), full[:minIDLen], NewObject(other, "t")); err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			w := post(s, body, "192.0.2.1:1")
			if want := []int{http.StatusCreated, http.StatusOK}[i]; w.Code != want {
				t.Fatalf("POST %d: %d %s, want %d", i, w.Code, w.Body, want)
			}
			if rep := decodeReply(t, w); rep.ID != full[:minIDLen+idLenStep] {
				t.Errorf("POST %d: id %s, want %s", i, rep.ID, full[:minIDLen+idLenStep])
			}
		}
		if g := serve(s, "GET", "/api/demos/"+full[:minIDLen]); g.Body.String() != string(other) {
			t.Errorf("the short id serves %q, want the first file", g.Body)
		}
		if g := serve(s, "GET", "/api/demos/"+full[:minIDLen+idLenStep]); !bytes.Equal(g.Body.Bytes(), body) {
			t.Errorf("the long id does not serve the demo: %d", g.Code)
		}
	})
}

func TestDemoPathsRefused(t *testing.T) {
	s := newDemoServer(t, newDiskStore(t), DemoConfig{})
	for _, target := range []string{
		"/api/demos/",
		"/api/demos/%2e%2e",
		"/api/demos/..%2f..%2fetc%2fpasswd",
		"/api/demos/../index.html",
		"/api/demos/0123456789ab%2f",
		"/api/demos/0123456789ab/",
		"/api/demos/0123456789ab%00",
		"/api/demos/%000123456789a",
		"/api/demos/0123456789AB",
		"/api/demos/0123456789abc",
		"/api/demos/0123456789ab.safetensors",
		"/api/demos/" + strings.Repeat("a", 68),
		"/api/demos/" + strings.Repeat("a", 5000),
		"/api/demos/0123456789ab%5c",
		"/d/",
		"/d/%2e%2e",
		"/d/%2e%2e%2fapi",
		"/d/0123456789ab%2findex.html",
		"/d/0123456789ab/",
		"/d/0123456789a%00",
		"/d/" + strings.Repeat("0", 68),
		"/d/..",
	} {
		for _, method := range []string{"GET", "DELETE"} {
			w := serve(s, method, target, "Authorization", "Bearer x")
			// A limit on the URL's length may answer first for the longest.
			if w.Code != http.StatusBadRequest && !(len(target) > maxPathLen && w.Code == http.StatusRequestURITooLong) {
				t.Errorf("%s %s: %d %q, want 400", method, target, w.Code, w.Body)
			}
		}
	}
	if w := serve(s, "GET", "/api/demos/0123456789ab"); w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "no demo") {
		t.Errorf("unknown id: %d %q, want 404", w.Code, w.Body)
	}
	for _, c := range []struct{ method, target, allow string }{
		{"GET", "/api/demos", "POST"},
		{"PUT", "/api/demos", "POST"},
		{"PUT", "/api/demos/0123456789ab", "GET, HEAD, DELETE"},
		{"POST", "/api/demos/0123456789ab", "GET, HEAD, DELETE"},
		{"POST", "/d/0123456789ab", "GET, HEAD"},
	} {
		w := serve(s, c.method, c.target)
		if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != c.allow {
			t.Errorf("%s %s: %d Allow %q, want 405 and %q", c.method, c.target, w.Code, w.Header().Get("Allow"), c.allow)
		}
	}
}

func TestDemoPage(t *testing.T) {
	st := newDiskStore(t)
	s := newDemoServer(t, st, DemoConfig{})
	w := serve(s, "GET", "/d/0123456789abcdef")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("GET /d/<id>: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	if !strings.Contains(w.Body.String(), `<head><base href="../">`) || !strings.Contains(w.Body.String(), "demo test root") {
		t.Errorf("page %q lacks the index and its base", w.Body)
	}
	if w.Header().Get("Cache-Control") != "no-cache" {
		t.Errorf("page Cache-Control %q", w.Header().Get("Cache-Control"))
	}
	for _, c := range []struct{ in, want string }{
		{"<!doctype html><title>x</title>", `<!doctype html><base href="../"><title>x</title>`},
		{"<HTML><HEAD><title>x</title>", `<HTML><HEAD><base href="../"><title>x</title>`},
		{"<p>x", `<base href="../"><p>x`},
	} {
		if got := string(insertBase([]byte(c.in))); got != c.want {
			t.Errorf("insertBase(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// Without Demos, the routes are plain missing files.
	plain := newTestServer(t, Config{Root: demoRoot})
	if w := serve(plain, "GET", "/d/0123456789ab"); w.Code != http.StatusNotFound {
		t.Errorf("without demos: %d", w.Code)
	}
}

func TestDeleteNeedsTheToken(t *testing.T) {
	forEachStore(t, func(t *testing.T, f storeFixture) {
		s := newDemoServer(t, f.open(t), DemoConfig{})
		a := decodeReply(t, post(s, demoFile(t, ganSpec(4), nil), "192.0.2.1:1"))
		b := decodeReply(t, post(s, demoFile(t, ganSpec(5), nil), "192.0.2.1:1"))
		target := "/api/demos/" + a.ID
		for _, c := range []struct {
			auth string
			want int
		}{
			{"", http.StatusUnauthorized},
			{"Bearer ", http.StatusUnauthorized},
			{"Basic " + a.Token, http.StatusUnauthorized},
			{"Bearer " + b.Token, http.StatusForbidden},
			{"Bearer " + a.Token + "x", http.StatusForbidden},
			{"Bearer " + strings.ToLower(a.Token), http.StatusForbidden},
		} {
			w := serve(s, "DELETE", target, "Authorization", c.auth)
			if w.Code != c.want {
				t.Errorf("DELETE with %q: %d %s, want %d", c.auth, w.Code, w.Body, c.want)
			}
		}
		if g := serve(s, "GET", target); g.Code != http.StatusOK {
			t.Fatalf("after refused deletes: GET %d", g.Code)
		}
		if w := serve(s, "DELETE", target, "Authorization", "Bearer "+a.Token); w.Code != http.StatusNoContent {
			t.Fatalf("DELETE with the token: %d %s", w.Code, w.Body)
		}
		if g := serve(s, "GET", target); g.Code != http.StatusNotFound {
			t.Errorf("GET after DELETE: %d, want 404", g.Code)
		}
		if w := serve(s, "DELETE", target, "Authorization", "Bearer "+a.Token); w.Code != http.StatusNotFound {
			t.Errorf("second DELETE: %d, want 404", w.Code)
		}
		if g := serve(s, "GET", "/api/demos/"+b.ID); g.Code != http.StatusOK {
			t.Errorf("the other demo: GET %d", g.Code)
		}
	})
}

func TestCorruptDemoNotServed(t *testing.T) {
	forEachStore(t, func(t *testing.T, f storeFixture) {
		s := newDemoServer(t, f.open(t), DemoConfig{})
		body := demoFile(t, ganSpec(6), nil)
		rep := decodeReply(t, post(s, body, "192.0.2.1:1"))
		raw := f.raw(t, rep.ID)
		raw[len(raw)-5] ^= 0x40 // one weight's byte
		f.corrupt(t, rep.ID, raw)
		g := serve(s, "GET", "/api/demos/"+rep.ID)
		if g.Code != http.StatusInternalServerError || !strings.Contains(g.Body.String(), "damaged") {
			t.Errorf("corrupt demo: %d %q, want 500 saying it is damaged", g.Code, g.Body)
		}
		if bytes.Contains(g.Body.Bytes(), body[8:40]) {
			t.Error("the corrupt file is served")
		}
		// Publishing the good file again cannot take the damaged id; it
		// gets the next one.
		w := post(s, body, "192.0.2.1:1")
		if w.Code != http.StatusCreated || decodeReply(t, w).ID == rep.ID {
			t.Errorf("republish: %d %s", w.Code, w.Body)
		}
	})
}

func TestPublishValidation(t *testing.T) {
	st := newDiskStore(t)
	s := newDemoServer(t, st, DemoConfig{})
	spec := ganSpec(7)
	setSpec := func(sp models.Spec) func(*safetensors.File) {
		return func(f *safetensors.File) {
			b, err := sp.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			f.Metadata[registry.MetaSpec] = string(b)
		}
	}
	withConfig := func(cfg string) func(*safetensors.File) {
		sp := spec
		sp.Config = json.RawMessage(cfg)
		return setSpec(sp)
	}
	meta := func(k, v string) func(*safetensors.File) {
		return func(f *safetensors.File) { f.Metadata[k] = v }
	}
	poke := func(v float32) func(*safetensors.File) {
		return func(f *safetensors.File) { f.Tensors[1].Data[2] = v }
	}
	for _, c := range []struct {
		name string
		body []byte
		want string // in the message
	}{
		{"not safetensors", []byte("hello, world, this is not a file"), "safetensors"},
		{"truncated", demoFile(t, spec, nil)[:300], "safetensors"},
		{"no format", demoFile(t, spec, func(f *safetensors.File) { delete(f.Metadata, registry.MetaFormat) }), "format"},
		{"other format", demoFile(t, spec, meta(registry.MetaFormat, "genplay/9")), "format"},
		{"unknown metadata", demoFile(t, spec, meta("author", "x")), "unknown metadata key"},
		{"spec not JSON", demoFile(t, spec, meta(registry.MetaSpec, "{")), "spec"},
		{"spec unknown key", demoFile(t, spec, meta(registry.MetaSpec, `{"family":"gan","data":"8gaussians","seed":1,"steps":1,"colour":"red"}`)), "unknown field"},
		{"unknown family", demoFile(t, spec, meta(registry.MetaSpec, `{"family":"vqvae","data":"8gaussians","seed":1,"steps":1}`)), "unknown family"},
		{"unknown data", demoFile(t, spec, meta(registry.MetaSpec, `{"family":"gan","data":"10gaussians","config":{"hidden":16,"depth":1},"seed":1,"steps":1}`)), "10gaussians"},
		{"width over range", demoFile(t, spec, withConfig(`{"hidden":4096,"depth":1}`)), "outside the range"},
		{"width over range, key in capitals", demoFile(t, spec, withConfig(`{"HIDDEN":4096,"depth":1}`)), "outside the range"},
		{"k over range, key with a long s", demoFile(t, spec, withConfig(`{"hidden":16,"depth":1,"d_\u017fteps":100}`)), "outside the range"},
		{"depth under range", demoFile(t, spec, withConfig(`{"hidden":16,"depth":0}`)), "outside the range"},
		{"fractional int", demoFile(t, spec, withConfig(`{"hidden":16.5,"depth":1}`)), "not one of the values"},
		{"bad enum", demoFile(t, spec, withConfig(`{"hidden":16,"depth":1,"loss":"hinge"}`)), "not one of"},
		{"config key unknown", demoFile(t, spec, withConfig(`{"hidden":16,"depth":1,"dropout":0.5}`)), "unknown field"},
		{"shapes of another model", demoFile(t, spec, withConfig(`{"hidden":32,"depth":1}`)), "tensor"},
		{"missing tensor", demoFile(t, spec, func(f *safetensors.File) { f.Tensors = f.Tensors[1:] }), "tensor"},
		{"extra tensor", demoFile(t, spec, func(f *safetensors.File) {
			f.Tensors = append(f.Tensors, safetensors.Tensor{Name: "extra", Shape: []int{1}, Data: []float32{0}})
		}), "tensor"},
		{"NaN", demoFile(t, spec, poke(float32(math.NaN()))), "finite"},
		{"+Inf", demoFile(t, spec, poke(float32(math.Inf(1)))), "finite"},
		{"-Inf in the first tensor", demoFile(t, spec, func(f *safetensors.File) { f.Tensors[0].Data[0] = float32(math.Inf(-1)) }), "finite"},
		{"negative step", demoFile(t, spec, meta(MetaStep, "-1")), "step"},
		{"padded step", demoFile(t, spec, meta(MetaStep, "0120")), "step"},
		{"step over 1e8", demoFile(t, spec, meta(MetaStep, "100000001")), "step"},
		{"view with a space", demoFile(t, spec, meta(MetaView, "v=1 f=gan")), "view"},
		{"view too long", demoFile(t, spec, meta(MetaView, strings.Repeat("a", maxViewBytes+1))), "view"},
		{"metrics not JSON", demoFile(t, spec, meta(registry.MetaMetrics, "{")), "metrics"},
		{"image set not loaded", demoFile(t, spec, meta(registry.MetaSpec, `{"family":"ae","data":"mnist","seed":1,"steps":1}`)), "mnist"},
	} {
		w := post(s, c.body, "192.0.2.1:1")
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), c.want) {
			t.Errorf("%s: %d %q, want 422 mentioning %q", c.name, w.Code, w.Body, c.want)
		}
	}
	if u, _ := st.Usage(context.Background()); u != 0 {
		t.Errorf("refused uploads stored %d bytes", u)
	}
	if w := post(s, nil, "192.0.2.1:1"); w.Code != http.StatusBadRequest {
		t.Errorf("empty body: %d", w.Code)
	}
	// A weights file as the page exports it (no step: the Spec's Steps
	// count the steps taken; no view) is a demo.
	m, _, _, err := registry.Build(spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := registry.SaveBytes(spec, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if info, err := validateDemo(plain, nil); err != nil || info.Step != spec.Steps {
		t.Errorf("exported weights file: %+v, %v; want step %d", info, err, spec.Steps)
	}
	if info, err := validateDemo(demoFile(t, spec, nil), nil); err != nil || info.Step != 120 {
		t.Errorf("demo with a step: %+v, %v; want step 120", info, err)
	}
	// Every family's default configuration is accepted.
	for _, fam := range registry.Families() {
		sp := models.Spec{Family: fam.Name, Data: "moons", Seed: 1, Steps: 10}
		w := post(s, demoFile(t, sp, nil), "192.0.2.1:1")
		if w.Code != http.StatusCreated {
			t.Errorf("%s with its defaults: %d %s", fam.Name, w.Code, w.Body)
		}
	}
}

func TestPublishTooLarge(t *testing.T) {
	st := newDiskStore(t)
	body := demoFile(t, ganSpec(8), nil)
	s := newDemoServer(t, st, DemoConfig{MaxBytes: int64(len(body)) - 1})
	if w := post(s, body, "192.0.2.1:1"); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("declared length: %d %s, want 413", w.Code, w.Body)
	}
	// Without a Content-Length, the limit holds while the body is read.
	r := httptest.NewRequest("POST", "/api/demos", io.MultiReader(bytes.NewReader(body), strings.NewReader(strings.Repeat("x", 1<<20))))
	r.ContentLength = -1
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("streamed body: %d %s, want 413", w.Code, w.Body)
	}
	s = newDemoServer(t, st, DemoConfig{MaxBytes: int64(len(body))})
	if w := post(s, body, "192.0.2.1:1"); w.Code != http.StatusCreated {
		t.Errorf("at the limit: %d %s, want 201", w.Code, w.Body)
	}
	if _, err := NewDemos(DemoConfig{Store: st, MaxBytes: registry.MaxWeightsBytes + 1}); err == nil {
		t.Error("a size limit over registry.MaxWeightsBytes is accepted")
	}
}

func TestQuota(t *testing.T) {
	forEachStore(t, func(t *testing.T, f storeFixture) {
		st := f.open(t)
		a, b := demoFile(t, ganSpec(9), nil), demoFile(t, ganSpec(10), nil)
		quota := int64(envelopeLen+len(a)) + int64(envelopeLen+len(b))/2
		s := newDemoServer(t, st, DemoConfig{Quota: quota})
		ra := post(s, a, "192.0.2.1:1")
		if ra.Code != http.StatusCreated {
			t.Fatalf("first demo: %d %s", ra.Code, ra.Body)
		}
		w := post(s, b, "192.0.2.1:1")
		if w.Code != http.StatusInsufficientStorage || !strings.Contains(w.Body.String(), "store is full") {
			t.Errorf("over the quota: %d %q, want 507 saying the store is full", w.Code, w.Body)
		}
		if w := post(s, a, "192.0.2.1:1"); w.Code != http.StatusOK {
			t.Errorf("the stored demo again, when full: %d, want 200", w.Code)
		}
		rep := decodeReply(t, ra)
		serve(s, "DELETE", "/api/demos/"+rep.ID, "Authorization", "Bearer "+rep.Token)
		if w := post(s, b, "192.0.2.1:1"); w.Code != http.StatusCreated {
			t.Errorf("after a delete: %d %s, want 201", w.Code, w.Body)
		}
	})
}

// TestQuotaConcurrent publishes 20 different demos at once into a store
// with room for 5: exactly 5 are stored.
func TestQuotaConcurrent(t *testing.T) {
	st := newDiskStore(t)
	var files [][]byte
	for i := range 20 {
		files = append(files, demoFile(t, ganSpec(100+uint64(i)), nil))
	}
	s := newDemoServer(t, st, DemoConfig{Quota: 5 * int64(envelopeLen+len(files[0]))})
	codes := make([]int, len(files))
	var wg sync.WaitGroup
	for i, b := range files {
		wg.Go(func() { codes[i] = post(s, b, "192.0.2.1:1").Code })
	}
	wg.Wait()
	n := 0
	for _, c := range codes {
		if c == http.StatusCreated {
			n++
		} else if c != http.StatusInsufficientStorage {
			t.Errorf("status %d", c)
		}
	}
	if n != 5 {
		t.Errorf("%d demos stored, want 5 (codes %v)", n, codes)
	}
}

func TestUploadRateLimit(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	st := newDiskStore(t)
	s := newDemoServer(t, st, DemoConfig{Rate: 1.0 / 30, Burst: 2, Now: func() time.Time { return now }})
	body := demoFile(t, ganSpec(11), nil)
	for i, want := range []int{http.StatusCreated, http.StatusOK, http.StatusTooManyRequests} {
		w := post(s, body, "192.0.2.1:5000")
		if w.Code != want {
			t.Fatalf("upload %d: %d, want %d", i, w.Code, want)
		}
		if want == http.StatusTooManyRequests && w.Header().Get("Retry-After") != "30" {
			t.Errorf("Retry-After %q, want 30", w.Header().Get("Retry-After"))
		}
	}
	// Another port of the same address shares the bucket; another address
	// has its own.
	if w := post(s, body, "192.0.2.1:5001"); w.Code != http.StatusTooManyRequests {
		t.Errorf("same address, other port: %d", w.Code)
	}
	if w := post(s, body, "[2001:db8::1]:80"); w.Code != http.StatusOK {
		t.Errorf("other address: %d", w.Code)
	}
	now = now.Add(29 * time.Second)
	if w := post(s, body, "192.0.2.1:5000"); w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "1" {
		t.Errorf("after 29 s: %d Retry-After %q, want 429 and 1", w.Code, w.Header().Get("Retry-After"))
	}
	now = now.Add(time.Second)
	if w := post(s, body, "192.0.2.1:5000"); w.Code != http.StatusOK {
		t.Errorf("after 30 s: %d, want 200", w.Code)
	}
}

func TestRateLimiterForgets(t *testing.T) {
	l := newRateLimiter(1, 1)
	t0 := time.Unix(0, 0)
	for i := range maxClients + 10 {
		if ok, _ := l.allow(strconv.Itoa(i), t0); !ok && i < maxClients {
			t.Fatalf("client %d refused", i)
		}
	}
	// Clients past maxClients share one bucket, which the first spent.
	if ok, _ := l.allow("late", t0); ok {
		t.Error("a client past the bound has a bucket of its own")
	}
	if len(l.buckets) > maxClients+1 {
		t.Errorf("%d buckets, bound %d", len(l.buckets), maxClients+1)
	}
	// Once they refill, buckets are forgotten to make room.
	if ok, _ := l.allow("later", t0.Add(time.Second)); !ok {
		t.Error("a new client after the buckets refilled is refused")
	}
	if len(l.buckets) > 2 {
		t.Errorf("%d buckets kept after they refilled", len(l.buckets))
	}
}

// newDiskStore returns a DiskStore in a fresh directory.
func newDiskStore(t *testing.T) Store {
	s, err := OpenDiskStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPretrainedWeightsPublish publishes the committed pretrained weights
// of the 2D sets as demos: a file the page can load is a file the server
// accepts. (The MNIST ones need the image asset, which tests do not build.)
func TestPretrainedWeightsPublish(t *testing.T) {
	names, err := filepath.Glob("../web/weights/*.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	s := newDemoServer(t, newDiskStore(t), DemoConfig{})
	n := 0
	for _, name := range names {
		base := filepath.Base(name)
		if strings.HasPrefix(base, "classifier.") || strings.Contains(base, "-mnist.") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if w := post(s, b, "192.0.2.1:1"); w.Code != http.StatusCreated {
			t.Errorf("%s: %d %s", base, w.Code, w.Body)
		}
		n++
	}
	if n < 30 {
		t.Errorf("only %d pretrained 2D weights files found", n)
	}
}
