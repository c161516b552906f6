package ui

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/registry"
	"genplay/tensor/safetensors"
	"genplay/wasm/protocol"
	"genplay/wasm/urlstate"
)

// demoHost is a fakeHost at the address url that also talks to a server:
// it records the requests, which the test answers.
type demoHost struct {
	fakeHost
	url  string
	reqs []*request
}

// request is one request the page made, waiting for its answer.
type request struct {
	method, path string
	body         []byte
	progress     func(done, total int)
	done         func(status int, body []byte, err error)
}

func (h *demoHost) PageURL() string { return h.url }

func (h *demoHost) Request(method, path string, body []byte, progress func(done, total int), done func(int, []byte, error)) {
	h.reqs = append(h.reqs, &request{method, path, body, progress, done})
}

// take returns the oldest request not yet answered, failing the test
// unless it is method path.
func (h *demoHost) take(t *testing.T, method, path string) *request {
	t.Helper()
	if len(h.reqs) == 0 {
		t.Fatalf("no request, want %s %s", method, path)
	}
	r := h.reqs[0]
	h.reqs = h.reqs[1:]
	if r.method != method || r.path != path {
		t.Fatalf("request %s %s, want %s %s", r.method, r.path, method, path)
	}
	return r
}

// weightsFile returns the weights file the worker exports for a fresh
// model of spec.
func weightsFile(t *testing.T, spec models.Spec) []byte {
	t.Helper()
	m, _, _, err := registry.Build(spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := registry.SaveBytes(spec, m, []byte(`{"precision":0.5}`))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var ganSpec = models.Spec{Family: "gan", Data: "8gaussians", Seed: 1, Config: json.RawMessage(`{"hidden":16,"depth":1}`)}

// TestPublish publishes the main session: training pauses, the worker's
// export goes to the upload and not to a download, the file carries the
// step and the view, and the short link, the token and the embed code of
// the server's answer show; Copy copies the link, or says to select it.
func TestPublish(t *testing.T) {
	h := &demoHost{url: "http://genplay.test/"}
	w := &fakeWorker{}
	p := NewPage(h, "v=1&f=gan&psi=0.5")
	s := p.AddSession(SessionConfig{Worker: w})
	p.Start()
	spec := ganSpec
	s.Apply(protocol.Progress{Seq: s.seq, Spec: spec, Dim: 2, Step: 300, Running: true, Caps: capsGAN})
	w.sent = nil
	p.Publish()
	if ops(w.sent) != "pause,export" {
		t.Fatalf("publish sent %s, want pause,export", ops(w.sent))
	}
	spec.Steps = 300
	s.Apply(protocol.Weights{Name: "gan.safetensors", Bytes: weightsFile(t, spec)})
	if len(h.downloads) != 0 {
		t.Errorf("the export was downloaded: %v", h.downloads[0].name)
	}
	r := h.take(t, "POST", "api/demos")
	f, err := safetensors.Parse(r.body)
	if err != nil {
		t.Fatal(err)
	}
	if f.Metadata["step"] != "300" {
		t.Errorf("step %q, want 300", f.Metadata["step"])
	}
	st, notices := urlstate.Decode(f.Metadata["view"])
	if len(notices) > 0 || st.View.Psi != 0.5 || st.Spec.Family != "gan" || st.Spec.Steps != 300 {
		t.Errorf("view %q (%v): want the GAN at step 300 with ψ 0.5", f.Metadata["view"], notices)
	}
	if !p.pubBusy() || p.pubLinked() {
		t.Error("the box shows no upload under way")
	}
	r.done(201, []byte(`{"id":"0123456789ab","url":"/d/0123456789ab","token":"secret"}`), nil)
	pub := p.demos.pub
	if pub.link != "http://genplay.test/d/0123456789ab" || pub.token != "secret" || pub.busy || pub.failed {
		t.Errorf("after the upload: %+v", pub)
	}
	if !strings.Contains(pub.embed, `src="http://genplay.test/d/0123456789ab?embed=1"`) {
		t.Errorf("embed code %q", pub.embed)
	}
	p.CopyDemoLink()
	if len(h.copied) != 1 || h.copied[0] != pub.link || pub.copied != "Link copied." {
		t.Errorf("copy: %q, %q", h.copied, pub.copied)
	}
	h.copyErr = errors.New("denied")
	p.CopyDemoLink()
	if !strings.Contains(pub.copied, "select the link") {
		t.Errorf("refused clipboard: %q", pub.copied)
	}

	// A refusal shows the server's reason; a later export downloads again.
	p.Publish()
	s.Apply(protocol.Weights{Name: "gan.safetensors", Bytes: weightsFile(t, spec)})
	h.take(t, "POST", "api/demos").done(422, []byte("422 Unprocessable Entity: tensor \"w\" has the non-finite value NaN\n"), nil)
	if !pub.failed || !strings.Contains(pub.status, "non-finite") {
		t.Errorf("refusal: %+v", pub)
	}
	s.ExportWeights()
	s.Apply(protocol.Weights{Name: "gan.safetensors", Bytes: []byte("w")})
	if len(h.downloads) != 1 {
		t.Errorf("a plain export after publishing: %d downloads", len(h.downloads))
	}
	// An export the worker refuses ends the publishing with its reason.
	p.Publish()
	s.Apply(protocol.Error{Message: "There is no model to export."})
	if !pub.failed || !strings.Contains(pub.status, "no model to export") || pub.busy {
		t.Errorf("refused export: %+v", pub)
	}
}

// TestOpenDemo opens a demo page: no model is built or trained, the demo
// is downloaded with its progress shown, then imported with its view, and
// the address bar keeps d/<id> while the share link is the root's.
func TestOpenDemo(t *testing.T) {
	h := &demoHost{url: "http://genplay.test/d/0123456789ab"}
	w := &fakeWorker{}
	p := NewPage(h, "")
	s := p.AddSession(SessionConfig{Worker: w})
	p.Start()
	if ops(w.sent) != "view" {
		t.Errorf("a demo page sent %s before its demo, want only view", ops(w.sent))
	}
	r := h.take(t, "GET", "api/demos/0123456789ab")
	r.progress(50, 200)
	if !p.demoLoading() || p.demoPercent() != 25 || !strings.Contains(p.demoText(), "0123456789ab") {
		t.Errorf("progress: %v %d %q", p.demoLoading(), p.demoPercent(), p.demoText())
	}
	spec := models.Spec{Family: "vae", Data: "8gaussians", Seed: 1, Steps: 400}
	b, err := demoFile(weightsFile(t, spec), "v=1&f=vae&n=400&p=latent&psi=0.3")
	if err != nil {
		t.Fatal(err)
	}
	r.done(200, b, nil)
	last := w.sent[len(w.sent)-1]
	view := w.sent[len(w.sent)-2]
	if last.Op != protocol.KindImport || string(last.Weights) != string(b) {
		t.Fatalf("sent %s, want the demo imported last", ops(w.sent))
	}
	if view.Op != protocol.KindView || view.View.Panel != "latent" || view.View.Psi != 0.3 {
		t.Errorf("view sent before the import: %+v", view.View)
	}
	if p.demoLoading() {
		t.Error("the progress bar stays")
	}
	s.Apply(protocol.Progress{Seq: s.seq, Spec: spec, Dim: 2, Step: 400, Caps: capsVAE})
	if s.step != 400 || s.view.Panel != "latent" || len(p.linkNotices) > 0 {
		t.Errorf("step %d, panel %q, notices %q", s.step, s.view.Panel, p.linkNotices)
	}
	p.syncURL()
	if h.query != "" {
		t.Errorf("the address bar became ?%s on the demo page", h.query)
	}
	if link := p.shareLink(); !strings.HasPrefix(link, "http://genplay.test/?") || !strings.Contains(link, "n=400") {
		t.Errorf("share link %q, want the root's replay link at step 400", link)
	}
	if got := p.embedCode(); strings.Contains(got, "/d/") {
		t.Errorf("embed code %q names the demo page", got)
	}
}

// TestOpenDemoFails: an unknown, damaged or unreachable demo shows a
// notice that says which, and the page starts a model of its own; its
// address bar then holds the root's link.
func TestOpenDemoFails(t *testing.T) {
	for _, c := range []struct {
		status int
		body   string
		err    error
		want   string
	}{
		{404, "404 Not Found: no demo 0123456789ab\n", nil, "is not on this server"},
		{500, "500 Internal Server Error: demo 0123456789ab is damaged in the store and is not served\n", nil, "does not match its checksum"},
		{0, "", errors.New("Failed to fetch"), "could not be downloaded: Failed to fetch"},
		{200, "not a weights file", nil, "not a weights file"},
		{200, `{"format":"genplay-compare/1","view":"","demos":[]}`, nil, "names no demo"},
	} {
		h := &demoHost{url: "http://genplay.test/d/0123456789ab"}
		w := &fakeWorker{}
		p := NewPage(h, "")
		s := p.AddSession(SessionConfig{Worker: w})
		p.Start()
		h.take(t, "GET", "api/demos/0123456789ab").done(c.status, []byte(c.body), c.err)
		notice := p.linkNotice()
		if !strings.Contains(notice, c.want) || !strings.Contains(notice, "Showing a new model instead.") {
			t.Errorf("%d %q: notice %q, want %q", c.status, c.body, notice, c.want)
		}
		if ops(w.sent) != "view,view,reset" && ops(w.sent) != "view,reset" {
			t.Errorf("%d: sent %s, want a reset of the page's own model", c.status, ops(w.sent))
		}
		s.Apply(protocol.Progress{Seq: s.seq, Spec: s.spec, Dim: 2, Step: 0})
		p.syncURL()
		if h.query == "" {
			t.Errorf("%d: after a failed demo the address bar holds no link", c.status)
		}
	}
}

// TestCompareDemo publishes a Compare view of two families (each file,
// then the index naming them) and opens the index's link: every tile
// imports its family's file instead of training.
func TestCompareDemo(t *testing.T) {
	h := &demoHost{url: "http://genplay.test/"}
	p := NewPage(h, "v=1&view=compare&fams=gan,vae&n=120")
	p.AddSession(SessionConfig{Worker: &fakeWorker{}})
	workers := map[string]*fakeWorker{}
	spawn := func(p *Page) {
		p.Spawn = func(cfg SessionConfig) *Session {
			w := &fakeWorker{}
			workers[strings.TrimSuffix(strings.TrimPrefix(cfg.ID, "cmp-"), "-")] = w
			cfg.Worker = w
			return NewSession(cfg)
		}
	}
	spawn(p)
	p.Start()
	specs := map[string]models.Spec{}
	for _, t0 := range p.cmp.tiles {
		spec := models.Spec{Family: t0.family, Data: "8gaussians", Seed: 1, Steps: 120}
		specs[t0.family] = spec
		t0.s.Apply(protocol.Progress{Seq: t0.s.seq, Spec: spec, Dim: 2, Step: 120})
	}
	p.Publish()
	for _, t0 := range p.cmp.tiles {
		if ops(workers[t0.family].sent[len(workers[t0.family].sent)-2:]) != "pause,export" {
			t.Errorf("%s: sent %s", t0.family, ops(workers[t0.family].sent))
		}
		t0.s.Apply(protocol.Weights{Bytes: weightsFile(t, specs[t0.family])})
	}
	files := map[string][]byte{}
	for i, fam := range []string{"vae", "gan"} { // the tiles' order: registry.Families
		r := h.take(t, "POST", "api/demos")
		files[fam] = r.body
		r.done(201, []byte(`{"id":"00000000000`+string(rune('1'+i))+`","url":"/d/x","token":"t"}`), nil)
	}
	r := h.take(t, "POST", "api/demos")
	ix, err := parseIndex(r.body)
	if err != nil {
		t.Fatalf("index %q: %v", r.body, err)
	}
	if len(ix.Demos) != 2 || ix.Demos[0] != (IndexEntry{"vae", "000000000001"}) || ix.Demos[1] != (IndexEntry{"gan", "000000000002"}) {
		t.Errorf("index demos %+v", ix.Demos)
	}
	if st, _ := urlstate.Decode(ix.View); !st.Compare.On || st.Spec.Steps != 120 || st.Compare.Families != "vae,gan" && st.Compare.Families != "gan,vae" {
		t.Errorf("index view %q", ix.View)
	}
	r.done(201, []byte(`{"id":"abcdef012345","url":"/d/abcdef012345","token":"t"}`), nil)
	if p.demos.pub.link != "http://genplay.test/d/abcdef012345" {
		t.Errorf("link %q", p.demos.pub.link)
	}

	// Opening it.
	h2 := &demoHost{url: "http://genplay.test/d/abcdef012345"}
	q := NewPage(h2, "")
	q.AddSession(SessionConfig{Worker: &fakeWorker{}})
	workers = map[string]*fakeWorker{}
	spawn(q)
	q.Start()
	h2.take(t, "GET", "api/demos/abcdef012345").done(200, r.body, nil)
	h2.take(t, "GET", "api/demos/000000000001").done(200, files["vae"], nil)
	if q.cmp != nil {
		t.Fatal("the grid shows before every file is in")
	}
	h2.take(t, "GET", "api/demos/000000000002").done(200, files["gan"], nil)
	if !q.comparing() || len(q.cmp.tiles) != 2 {
		t.Fatalf("comparing %v", q.comparing())
	}
	for _, t0 := range q.cmp.tiles {
		sent := workers[t0.family].sent
		last := sent[len(sent)-1]
		if last.Op != protocol.KindImport || string(last.Weights) != string(files[t0.family]) {
			t.Errorf("%s's worker was sent %s, want its file imported", t0.family, ops(sent))
		}
		for _, c := range sent {
			if c.Op == protocol.KindPlay || c.Op == protocol.KindReset {
				t.Errorf("%s trains: %s", t0.family, ops(sent))
			}
		}
	}
	q.syncURL()
	if h2.query != "" {
		t.Errorf("the address bar became ?%s", h2.query)
	}
}
