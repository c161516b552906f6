package worker

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/registry"
	"genplay/tensor/rng"
	"genplay/wasm/protocol"
)

// clock is a fake wall clock that moves only when the fakes work.
type clock struct{ t time.Time }

func (c *clock) now() time.Time            { return c.t }
func (c *clock) advance(d time.Duration)   { c.t = c.t.Add(d) }
func newClock() *clock                     { return &clock{t: time.Unix(1e9, 0)} }
func (c *clock) since(t time.Time) float64 { return c.t.Sub(t).Seconds() }

// tick returns a clock reading that costs 1 ms, for real models, whose work
// does not move the fake clock.
func (c *clock) tick() time.Time { c.advance(time.Millisecond); return c.t }

// fakeModel costs trainCost per training step, stepCost per sampling step
// of a chain and passCost per one-pass sample on the fake clock. Its loss
// falls as 1/step, except that step nanAt returns NaN. With chainLen > 0 it
// samples in chains of that length (see fakeSettings), else in one pass;
// samples are drawn from the sampling stream.
type fakeModel struct {
	clk                           *clock
	trainCost, stepCost, passCost time.Duration
	chainLen                      int
	nanAt                         int
	steps                         int
	losses                        []models.Loss
}

func (m *fakeModel) TrainStep(src models.Source, r *rng.PCG) []models.Loss {
	m.clk.advance(m.trainCost)
	m.steps++
	l := 1 / float32(m.steps)
	if m.steps == m.nanAt {
		l = float32(math.NaN())
	}
	m.losses = append(m.losses[:0], models.Loss{Name: "fake", Value: l})
	return m.losses
}

func (m *fakeModel) Sample(dst []float32, r *rng.PCG) {
	m.clk.advance(m.passCost)
	r.FillNormal(dst)
}

func (m *fakeModel) Steps() int               { return m.steps }
func (m *fakeModel) Weights() []models.Weight { return nil }

func (m *fakeModel) newChain(n, dim int, r *rng.PCG) chain {
	c := &fakeChain{m: m, left: m.chainLen, x: make([]float32, dim*n)}
	r.FillNormal(c.x)
	return c
}

type fakeChain struct {
	m    *fakeModel
	left int
	x    []float32
}

func (c *fakeChain) Advance(k int, r *rng.PCG) bool {
	k = min(k, c.left)
	c.m.clk.advance(time.Duration(k) * c.m.stepCost)
	c.left -= k
	return c.left == 0
}
func (c *fakeChain) Remaining() int { return c.left }
func (c *fakeChain) X() []float32   { return c.x }

// fakeSettings returns the worker's settings with fake models on clk that
// sample in chains of chainLen steps (in one pass if 0) and return NaN at
// step nanAt (never if 0). The data set is the Spec's, from the registry.
func fakeSettings(clk *clock, nanAt, chainLen int) settings {
	cfg := defaults()
	cfg.points = 8
	cfg.images = 2
	cfg.build = func(spec models.Spec, im registry.Images) (models.Model, models.Source, *rng.PCG, error) {
		if _, err := registry.Lookup(spec.Family); err != nil {
			return nil, nil, nil, err
		}
		src, _, _, err := registry.Dataset(spec.Data, im)
		if err != nil {
			return nil, nil, nil, err
		}
		m := &fakeModel{clk: clk, trainCost: 3 * time.Millisecond, stepCost: time.Millisecond, passCost: 2 * time.Millisecond, chainLen: chainLen, nanAt: nanAt}
		return m, src, rng.New(spec.Seed), nil
	}
	cfg.chains = func(m models.Model, dim int) (chainStart, string) {
		f := m.(*fakeModel)
		if f.chainLen == 0 {
			return nil, "one pass"
		}
		return func(n int, r *rng.PCG) chain { return f.newChain(n, dim, r) }, "fake chain"
	}
	return cfg
}

// server is a fake file server with a manifest, for the trainer's fetcher.
type server struct {
	files map[string][]byte
	man   registry.Manifest
	// Downloads come in chunks of chunk bytes (all at once if 0), each
	// advancing clk by perChunk.
	chunk    int
	clk      *clock
	perChunk time.Duration
	gets     []string
}

func newServer(clk *clock) *server {
	s := &server{files: map[string][]byte{}, clk: clk, man: registry.Manifest{Format: registry.ManifestFormat}}
	s.writeManifest()
	return s
}

// fetch is the trainer's fetcher.
func (s *server) fetch(path string, limit int64, progress func(done int64)) ([]byte, error) {
	s.gets = append(s.gets, path)
	b, ok := s.files[path]
	if !ok {
		return nil, fmt.Errorf("GET %s: the server answered 404 Not Found: no file /%s", path, path)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("GET %s: the file is larger than the %d bytes expected", path, limit)
	}
	if s.chunk > 0 && progress != nil {
		for done := 0; done < len(b); {
			done = min(done+s.chunk, len(b))
			s.clk.advance(s.perChunk)
			progress(int64(done))
		}
	}
	return bytes.Clone(b), nil
}

func (s *server) writeManifest() {
	b, err := s.man.Marshal()
	if err != nil {
		panic(err)
	}
	if _, err := registry.ParseManifest(b); err != nil {
		panic(err)
	}
	s.files[registry.ManifestPath] = b
}

func asset(name, file string, b []byte) registry.Asset {
	sum := sha256.Sum256(b)
	return registry.Asset{Name: name, File: file, Bytes: int64(len(b)), SHA256: hex.EncodeToString(sum[:])}
}

// addModel serves b as the weights of the model name trained from spec and
// lists it in the manifest with the given title.
func (s *server) addModel(name, title string, spec models.Spec, b []byte) registry.ManifestModel {
	a := asset(name, fmt.Sprintf("weights/%s.%.16s.safetensors", name, asset("", "", b).SHA256), b)
	e := registry.ManifestModel{Asset: a, Title: title, Family: spec.Family, Data: spec.Data, Spec: spec, Metrics: map[string]float64{"precision": 0.9}}
	s.man.Models = append(s.man.Models, e)
	s.files[a.File] = b
	s.writeManifest()
	return e
}

// addData serves b as the image set name.
func (s *server) addData(name string, b []byte) registry.Asset {
	a := asset(name, "data/"+name+".gpim", b)
	s.man.Data = append(s.man.Data, a)
	s.files[a.File] = b
	s.writeManifest()
	return a
}

// count returns how many times path was fetched.
func (s *server) count(path string) int {
	n := 0
	for _, g := range s.gets {
		if g == path {
			n++
		}
	}
	return n
}

// imagesBytes returns an image asset named name of n 28×28 images: a bar
// of ink whose row depends on the image.
func imagesBytes(name string, n int) []byte {
	s := &data.Images{Name: name, Rows: 28, Cols: 28, Classes: 10, Pixels: make([]uint8, n*784), Labels: make([]uint8, n)}
	for i := range n {
		s.Labels[i] = uint8(i % 10)
		row := 4 + i%20
		for x := 6; x < 22; x++ {
			s.Pixels[i*784+row*28+x] = 255
		}
	}
	var buf bytes.Buffer
	if err := data.EncodeImages(&buf, s); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// trained returns the weights file of a real model built from spec (on an
// image set of im) and trained spec.Steps steps, and the model.
func trained(spec models.Spec, im ...*data.Images) ([]byte, models.Model) {
	m, src, r, err := registry.Build(spec, im)
	if err != nil {
		panic(err)
	}
	for range spec.Steps {
		m.TrainStep(src, r)
	}
	b, err := registry.SaveBytes(spec, m, []byte(`{"precision":0.9}`))
	if err != nil {
		panic(err)
	}
	return b, m
}

// recorder collects the messages a trainer emits.
type recorder struct{ msgs []protocol.Message }

func (r *recorder) emit(m protocol.Message) { r.msgs = append(r.msgs, m) }

// take returns the messages emitted since the last take.
func (r *recorder) take() []protocol.Message {
	m := r.msgs
	r.msgs = nil
	return m
}

func spec2D(seed uint64) models.Spec {
	return models.Spec{Family: "diffusion", Data: "8gaussians", Seed: seed}
}

func play(seed uint64) protocol.Command {
	return protocol.Command{Op: protocol.KindPlay, Spec: spec2D(seed)}
}

func reset(seed uint64) protocol.Command {
	return protocol.Command{Op: protocol.KindReset, Spec: spec2D(seed)}
}

var pause = protocol.Command{Op: protocol.KindPause}

func load(name string) protocol.Command { return protocol.Command{Op: protocol.KindLoad, Model: name} }

// run ticks tr for d of fake time, or until it is idle, and returns the
// messages it posted. now reads the clock.
func run(tr *trainer, clk *clock, now func() time.Time, d time.Duration) []protocol.Message {
	var msgs []protocol.Message
	end := clk.t.Add(d)
	for clk.t.Before(end) && tr.Busy() {
		msgs = append(msgs, tr.Tick(now)...)
	}
	return msgs
}

func progresses(msgs []protocol.Message) []protocol.Progress {
	var ps []protocol.Progress
	for _, m := range msgs {
		if p, ok := m.(protocol.Progress); ok {
			ps = append(ps, p)
		}
	}
	return ps
}

func errorsIn(msgs []protocol.Message) []protocol.Error {
	var es []protocol.Error
	for _, m := range msgs {
		if e, ok := m.(protocol.Error); ok {
			es = append(es, e)
		}
	}
	return es
}

func loadings(msgs []protocol.Message) []protocol.Loading {
	var ls []protocol.Loading
	for _, m := range msgs {
		if l, ok := m.(protocol.Loading); ok {
			ls = append(ls, l)
		}
	}
	return ls
}

// realTrainer returns a trainer of the registry's real models on a new
// clock whose every reading costs 1 ms, with 2D samples of 64 points.
func realTrainer() (*trainer, *clock, *server) {
	clk := newClock()
	srv := newServer(clk)
	cfg := defaults()
	cfg.points = 64
	return newTrainer(cfg, srv.fetch, func(protocol.Message) {}), clk, srv
}

// small returns a Spec of family on set with small networks.
func small(family, set string, seed uint64) models.Spec {
	cfg := map[string]string{
		"ae":        `{"hidden":16}`,
		"vae":       `{"hidden":16,"iw_samples":2}`,
		"gan":       `{"hidden":16}`,
		"flow":      `{"hidden":16,"couplings":4}`,
		"diffusion": `{"hidden":16,"T":50}`,
	}[family]
	return models.Spec{Family: family, Data: set, Seed: seed, Config: json.RawMessage(cfg)}
}

// figure sends v to tr and ticks it until it posts a Figure, which it
// returns; it fails the test after a minute of fake time.
func figure(t *testing.T, tr *trainer, clk *clock, v protocol.View) protocol.Figure {
	t.Helper()
	msgs := tr.Handle(protocol.Command{Op: protocol.KindView, View: v}, clk.tick)
	if es := errorsIn(msgs); len(es) > 0 {
		t.Fatalf("view %+v: %+v", v, es)
	}
	for end := clk.t.Add(time.Minute); clk.t.Before(end); {
		for _, m := range msgs {
			if f, ok := m.(protocol.Figure); ok {
				return f
			}
		}
		if !tr.Busy() {
			break
		}
		msgs = tr.Tick(clk.tick)
	}
	t.Fatalf("no figure for view %+v", v)
	return protocol.Figure{}
}

// view returns the default view of panel.
func view(panel string) protocol.View {
	v := protocol.DefaultView()
	v.Panel = panel
	return v
}

// idle ticks tr until it is idle and returns the messages it posted.
func idle(t *testing.T, tr *trainer, clk *clock) []protocol.Message {
	t.Helper()
	var msgs []protocol.Message
	for end := clk.t.Add(time.Minute); tr.Busy(); {
		if !clk.t.Before(end) {
			t.Fatal("still busy after a minute of fake time")
		}
		msgs = append(msgs, tr.Tick(clk.tick)...)
	}
	return msgs
}

// weightsOf returns a copy of every weight of m.
func weightsOf(m models.Model) [][]float32 {
	var ws [][]float32
	for _, w := range m.Weights() {
		ws = append(ws, slices.Clone(w.T.Data))
	}
	return ws
}
