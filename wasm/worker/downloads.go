package worker

import (
	"encoding/hex"
	"errors"
	"fmt"
	"genplay/models/data"
	"genplay/models/registry"
	"genplay/tensor/rng"
	"genplay/wasm/protocol"
	"genplay/wasm/sha256"
	"math"
	"time"
)

// The trainer's downloads: the manifest, image sets and pretrained weights,
// each reported as Loading messages and checked against the manifest.

// Manifest returns the server's manifest as a message for the page, reading
// it first if need be, or the problem that kept it from being read.
func (tr *trainer) Manifest() protocol.Manifest {
	m, err := tr.getManifest()
	if err != nil {
		return protocol.Manifest{Problem: err.Error()}
	}
	return protocol.Manifest{Manifest: m}
}

// getManifest returns the server's manifest, downloading it the first time.
func (tr *trainer) getManifest() (*registry.Manifest, error) {
	if tr.manifest != nil {
		return tr.manifest, nil
	}
	b, err := tr.fetch(registry.ManifestPath, registry.MaxManifestBytes, nil)
	if err != nil {
		return nil, fmt.Errorf("the list of pretrained models could not be read: %v", err)
	}
	m, err := registry.ParseManifest(b)
	if err != nil {
		return nil, fmt.Errorf("the list of pretrained models is malformed: %v", err)
	}
	tr.manifest = m
	return m, nil
}

// ensureData downloads, checks and keeps the image set name, unless it is a
// 2D set or this trainer has done so already.
func (tr *trainer) ensureData(name string, now func() time.Time) error {
	if !registry.ImagesSet(name) {
		return nil
	}
	if tr.view.Score {
		// The page asked for image metrics before it chose images. Without
		// the classifier the figures go without them; the view's next
		// command says why.
		_ = tr.ensureScorer(now)
	}
	if _, err := tr.images.Lookup(name); err == nil {
		return nil
	}
	m, err := tr.getManifest()
	if err != nil {
		return err
	}
	a, ok := m.Asset(name)
	if !ok {
		return fmt.Errorf("the server offers no %q data set", name)
	}
	what := imagesTitle(name)
	b, err := tr.download(what, a, now)
	if err != nil {
		return err
	}
	s, err := data.DecodeImages(b)
	if err != nil {
		return fmt.Errorf("the %s are malformed: %v", what, err)
	}
	if s.Name != name {
		return fmt.Errorf("the %s hold the data set %q", what, s.Name)
	}
	tr.images = append(tr.images, s)
	return nil
}

// imagesTitle names an image set's file for people.
func imagesTitle(name string) string {
	if name == "mnist" {
		return "MNIST images"
	}
	return name + " images"
}

// load returns a session of the manifest model name, downloading its data
// set and its weights, each checked against the manifest's size and SHA-256.
// On any failure it returns an error and changes nothing.
func (tr *trainer) load(name string, now func() time.Time) (*session, error) {
	m, err := tr.getManifest()
	if err != nil {
		return nil, err
	}
	e, ok := m.Model(name)
	if !ok {
		return nil, fmt.Errorf("the server offers no pretrained model %q", name)
	}
	wrap := func(err error) error {
		return fmt.Errorf("could not load %s: %w", e.Title, err)
	}
	if err := tr.ensureData(e.Data, now); err != nil {
		return nil, wrap(err)
	}
	b, err := tr.download("the weights of "+e.Title, e.Asset, now)
	if err != nil {
		return nil, wrap(err)
	}
	l, err := tr.cfg.load(b, tr.images)
	if err != nil {
		return nil, wrap(fmt.Errorf("the weights file is malformed: %v", err))
	}
	if !protocol.SameRun(l.Spec, e.Spec) || l.Spec.Steps != e.Spec.Steps {
		return nil, wrap(errors.New("the weights file holds another training run than the manifest says"))
	}
	// A loaded run continues on streams of its own, derived from its seed
	// and step count, so that continuing is as reproducible as the start.
	root := rng.NewStream(l.Spec.Seed, uint64(l.Spec.Steps)+1)
	s := tr.newSession(l.Spec, name, l.Model, l.Source, root)
	tr.lossAtLoad(s, b)
	return s, nil
}

// lossAtLoad gives the loaded session s the loss of its weights, as the
// loss of its last step, since the manifest records no loss history: the
// loss terms of one training step of a copy of the weights file b, on a
// batch of a stream of the seed's own (lossStream), so that the page's
// loss chart starts at the model's step and the session's own streams and
// weights stay as they were.
func (tr *trainer) lossAtLoad(s *session, b []byte) {
	l, err := tr.cfg.load(b, tr.images)
	if err != nil {
		return // read once already: cannot fail
	}
	losses := l.Model.TrainStep(l.Source, rng.NewStream(s.spec.Seed, lossStream))
	for _, v := range losses {
		if f := float64(v.Value); math.IsNaN(f) || math.IsInf(f, 0) {
			return
		}
	}
	for _, v := range losses {
		s.terms = append(s.terms, v.Name)
		s.losses = append(s.losses, v.Value)
	}
}

// lossStream is the number of the stream of a seed that draws the batch
// of lossAtLoad: above the run's and the figures' (figureStream), beside
// the live samples' (liveStream, 2⁶³).
const lossStream = 1<<63 + 1

// download fetches the asset a, reporting its progress as Loading messages
// named what, and checks its size and SHA-256 against the manifest.
func (tr *trainer) download(what string, a registry.Asset, now func() time.Time) ([]byte, error) {
	total := int(a.Bytes)
	tr.emit(protocol.Loading{What: what, Total: total})
	last := now()
	b, err := tr.fetch(a.File, a.Bytes, func(done int64) {
		if t := now(); t.Sub(last) >= tr.cfg.reportEvery && done < a.Bytes {
			last = t
			tr.emit(protocol.Loading{What: what, Done: int(done), Total: total})
		}
	})
	if err != nil {
		return nil, fmt.Errorf("downloading %s failed: %v", what, err)
	}
	if len(b) != total {
		return nil, fmt.Errorf("%s are %d bytes, the manifest says %d", what, len(b), total)
	}
	tr.emit(protocol.Loading{What: what, Done: total, Total: total})
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != a.SHA256 {
		return nil, fmt.Errorf("%s are corrupt: their SHA-256 begins %.12s, the manifest's %.12s", what, got, a.SHA256)
	}
	return b, nil
}
