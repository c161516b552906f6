package ui

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/registry"
	"genplay/wasm/protocol"
)

// newTestRoot returns a Root without a browser and the commands it sends.
func newTestRoot() (*Root, *[]protocol.Command) {
	var sent []protocol.Command
	r := NewRoot(func(c protocol.Command) { sent = append(sent, c) }, nil)
	return r, &sent
}

func TestCommandsCarrySeedAndData(t *testing.T) {
	r, sent := newTestRoot()
	r.Play()
	r.Pause()
	r.SetSeed("99")
	seed99 := DefaultSpec()
	seed99.Seed = 99
	want := []protocol.Command{
		{Op: protocol.KindPlay, Spec: DefaultSpec()},
		{Op: protocol.KindPause},
		{Op: protocol.KindReset, Spec: seed99},
	}
	if !reflect.DeepEqual(*sent, want) {
		t.Errorf("sent %+v, want %+v", *sent, want)
	}
	for _, c := range *sent {
		protocol.Encode(c) // panics on a command the worker would refuse
	}
}

func TestBadSeedIsANoticeNotAStop(t *testing.T) {
	r, sent := newTestRoot()
	real := append([]float32(nil), r.real...)
	r.SetSeed("-5")
	if len(*sent) != 0 || r.spec.Seed != 1 {
		t.Errorf("a bad seed sent %v and set seed %d", *sent, r.spec.Seed)
	}
	if !strings.Contains(r.notice, `"-5" is not a seed`) || r.stopped {
		t.Errorf("notice %q, stopped %v", r.notice, r.stopped)
	}
	if r.status() == "stopped" {
		t.Error("a bad seed shows the run as stopped")
	}
	// A good seed redraws the data from it.
	r.SetSeed("2")
	if r.notice != "" || r.real[0] == real[0] {
		t.Errorf("after a good seed: notice %q, data unchanged %v", r.notice, r.real[0] == real[0])
	}
}

func TestApplyProgress(t *testing.T) {
	r, _ := newTestRoot()
	if r.status() != "starting" {
		t.Errorf("status %q before the worker is ready", r.status())
	}
	r.Apply(protocol.Ready{})
	if r.status() != "ready" {
		t.Errorf("status %q when ready", r.status())
	}
	sv, lv := r.samplesVer, r.lossVer
	r.Apply(protocol.Progress{Spec: DefaultSpec(), Dim: 2, Step: 3, Losses: []float32{1, 0.9, 0.8}, Running: true, StepsPerSec: 120, Sampling: 0.25})
	if r.stepText() != "3" || r.rateText() != "120" || r.status() != "training" || r.losses.steps() != 3 {
		t.Errorf("after progress: step %s, rate %s, status %s, %d losses", r.stepText(), r.rateText(), r.status(), r.losses.steps())
	}
	if r.lossVer == lv || r.samplesVer != sv {
		t.Errorf("loss plot version %d→%d, samples %d→%d: want only the loss plot repainted", lv, r.lossVer, sv, r.samplesVer)
	}
	if !strings.Contains(r.samplingText(), "25%") {
		t.Errorf("sampling text %q", r.samplingText())
	}

	r.Apply(protocol.Progress{Step: 5, Losses: []float32{0.7, 0.6}, Points: []float32{1, 2, 3, 4}, Samples: 1, Running: true})
	if r.samplesVer == sv || len(r.points) != 4 || r.losses.steps() != 5 || r.rateText() != "120" {
		t.Errorf("after points: samples version %d, %d point values, %d losses, rate %s", r.samplesVer, len(r.points), r.losses.steps(), r.rateText())
	}
	if !strings.Contains(r.samplingText(), "2 points.") {
		t.Errorf("sampling text %q", r.samplingText())
	}
	r.Apply(protocol.Progress{Step: 5, Points: []float32{1, 2, 300, 4, float32(math.NaN()), 0}, Samples: 1, Running: true})
	if !strings.Contains(r.samplingText(), "3 points (2 outside the plot)") {
		t.Errorf("sampling text %q", r.samplingText())
	}
	r.Apply(protocol.Progress{Step: 5, Points: []float32{1, 2, 3, 4}, Samples: 1, Running: true})

	// Progress without points keeps the last sample.
	r.Apply(protocol.Progress{Step: 6, Losses: []float32{0.5}, Samples: 1, Running: true})
	if len(r.points) != 4 {
		t.Error("a Progress without points dropped the sample")
	}

	r.Apply(protocol.Progress{Step: 6, Samples: 1, Running: false})
	if r.status() != "paused" || r.rateText() != "–" {
		t.Errorf("after pause: status %s, rate %s", r.status(), r.rateText())
	}

	// A Progress that does not continue the run shown is a new run.
	r.Apply(protocol.Progress{Step: 0})
	if r.step != 0 || r.losses.steps() != 0 || r.points != nil || r.samples != 0 || r.status() != "ready" {
		t.Errorf("after reset: step %d, %d losses, points %v, samples %d, status %s", r.step, r.losses.steps(), r.points, r.samples, r.status())
	}
	// A late Progress of the old run, then the reset's: the page ends clear.
	r.Apply(protocol.Progress{Step: 9, Losses: []float32{0.4, 0.3}, Running: true})
	if r.losses.first != 7 || r.losses.steps() != 2 {
		t.Errorf("joined a run at step %d with %d losses, want 7 and 2", r.losses.first, r.losses.steps())
	}
	r.Apply(protocol.Progress{Step: 0})
	if r.step != 0 || r.losses.steps() != 0 {
		t.Errorf("after the reset's Progress: step %d, %d losses", r.step, r.losses.steps())
	}
}

func TestApplyErrorStops(t *testing.T) {
	r, _ := newTestRoot()
	r.Apply(protocol.Progress{Step: 1, Losses: []float32{1}, Running: true})
	r.Apply(protocol.Error{Step: 1, Message: "loss is NaN", Stopped: true})
	if r.status() != "stopped" || r.running || r.notice != "loss is NaN" {
		t.Errorf("after an Error: status %s, running %v, notice %q", r.status(), r.running, r.notice)
	}
	r.Reset()
	if r.notice != "" || r.stopped {
		t.Errorf("reset kept the notice %q", r.notice)
	}
	// An Error that does not stop training is only a notice.
	r.Apply(protocol.Progress{Step: 1, Running: true})
	r.Apply(protocol.Error{Step: 1, Message: "no such model"})
	if r.status() != "training" || r.notice != "no such model" {
		t.Errorf("after a non-stopping Error: status %s, notice %q", r.status(), r.notice)
	}
	r.Fail(errors.New("worker failed"))
	if r.status() != "stopped" || r.notice != "worker failed" {
		t.Errorf("after Fail: status %s, notice %q", r.status(), r.notice)
	}
}

func TestLossLogBounded(t *testing.T) {
	var l lossLog
	chunk := make([]float32, 1000)
	for i := range chunk {
		chunk[i] = 2
	}
	for range 100 {
		l.add(chunk)
	}
	if l.steps() != 100000 {
		t.Errorf("steps = %d, want 100000", l.steps())
	}
	if len(l.vals) >= lossCap || len(l.vals) < lossCap/4 {
		t.Errorf("%d values kept, want between %d and %d", len(l.vals), lossCap/4, lossCap)
	}
	if got := len(l.vals) * l.stride; got < 100000-l.stride || got > 100000 {
		t.Errorf("%d values × stride %d cover %d steps, want 100000", len(l.vals), l.stride, got)
	}
	for _, v := range l.vals {
		if v != 2 {
			t.Fatalf("an average of twos is %v", v)
		}
	}
}

func TestShort(t *testing.T) {
	for v, want := range map[float32]string{1e-4: "1e-4", 0.02: "0.02", 3e-3: "3e-3", 0.5: "0.5", 0: "0"} {
		if got := short(v); got != want {
			t.Errorf("short(%v) = %q, want %q", v, got, want)
		}
	}
}

// testManifest lists a 2D GAN and an MNIST diffusion model.
func testManifest() *registry.Manifest {
	gan := models.Spec{Family: "gan", Data: "8gaussians", Seed: 1, Steps: 4000}
	mnist := models.Spec{Family: "diffusion", Data: "mnist", Seed: 1, Steps: 8000, Config: json.RawMessage(`{"hidden":512}`)}
	hash := strings.Repeat("ab", 32)
	return &registry.Manifest{
		Format: registry.ManifestFormat,
		Models: []registry.ManifestModel{
			{Asset: registry.Asset{Name: "gan-8gaussians", File: "weights/gan-8gaussians.0123456789abcdef.safetensors", Bytes: 40_000, SHA256: hash},
				Title: "GAN on 8 Gaussians", Family: "gan", Data: "8gaussians", Spec: gan, Metrics: map[string]float64{"modes": 8, "precision": 0.91}},
			{Asset: registry.Asset{Name: "diffusion-mnist", File: "weights/diffusion-mnist.0123456789abcdef.safetensors", Bytes: 5_400_000, SHA256: hash},
				Title: "Diffusion on MNIST", Family: "diffusion", Data: "mnist", Spec: mnist, Metrics: map[string]float64{"fd": 31.5}},
		},
		Data: []registry.Asset{{Name: "mnist", File: "data/mnist.gpim", Bytes: 15_680_028, SHA256: hash}},
	}
}

func TestLoadPretrainedImages(t *testing.T) {
	r, sent := newTestRoot()
	r.Apply(protocol.Ready{})
	if r.pretrainedNote() == "" {
		t.Error("no note while the manifest is awaited")
	}
	man := testManifest()
	r.Apply(protocol.Manifest{Manifest: man})
	os := r.options()
	if len(os) != 2 || !os[0].Selected || os[1].Label != "Diffusion on MNIST — diffusion · mnist, 5.4 MB" || r.pretrainedNote() != "" {
		t.Fatalf("options %+v, note %q", os, r.pretrainedNote())
	}
	r.Apply(protocol.Progress{Spec: DefaultSpec(), Dim: 2, Step: 10, Losses: make([]float32, 10), Running: true})

	r.Choose("diffusion-mnist")
	r.Load()
	if c := (*sent)[len(*sent)-1]; c.Op != protocol.KindLoad || c.Model != "diffusion-mnist" {
		t.Fatalf("Load sent %+v", c)
	}
	if !r.loading() || r.loadPercent() != 0 || r.loadText() != "Asking for Diffusion on MNIST…" {
		t.Errorf("after Load: loading %v, %d%%, %q", r.loading(), r.loadPercent(), r.loadText())
	}
	r.Load() // a second press while loading does nothing
	if n := len(*sent); n != 1 {
		t.Errorf("%d commands sent, want 1", n)
	}
	r.Apply(protocol.Loading{What: "MNIST images", Done: 3_200_000, Total: 15_680_028})
	if r.loadPercent() != 20 || r.loadText() != "Downloading MNIST images: 3.2 of 15.7 MB" {
		t.Errorf("loading: %d%%, %q", r.loadPercent(), r.loadText())
	}
	r.Apply(protocol.Loading{What: "the weights of Diffusion on MNIST", Done: 5_400_000, Total: 5_400_000})
	if r.loadPercent() != 100 || !strings.HasPrefix(r.loadText(), "Checking") || !r.loading() {
		t.Errorf("downloaded: %d%%, %q", r.loadPercent(), r.loadText())
	}

	spec := man.Models[1].Spec
	points := make([]float32, 16*784)
	for i := range 784 {
		points[i] = 1 // the first image is all ink
	}
	r.Apply(protocol.Progress{Spec: spec, Model: "diffusion-mnist", Dim: 784, Rows: 28, Cols: 28, Step: 8000, Sampler: "DDIM, 100 steps"})
	if r.loading() || r.loadPercent() != 100 || r.loadText() != "Loaded Diffusion on MNIST at step 8000." {
		t.Errorf("loaded: loading %v, %d%%, %q", r.loading(), r.loadPercent(), r.loadText())
	}
	if r.modelTitle() != "Diffusion (DDPM)" || r.dataTitle() != "MNIST digits" || r.stepText() != "8000" || r.pretrainedTitle() != "Pretrained: Diffusion on MNIST" {
		t.Errorf("sidebar: %q, %q, step %s, %q", r.modelTitle(), r.dataTitle(), r.stepText(), r.pretrainedTitle())
	}
	if rows := r.metricRows(); len(rows) != 1 || rows[0] != [2]string{"fd", "31.5"} {
		t.Errorf("metrics %v", rows)
	}
	if r.losses.steps() != 0 || r.samplesKind() != "images" || r.status() != "paused" {
		t.Errorf("after the switch: %d losses, kind %s, status %s", r.losses.steps(), r.samplesKind(), r.status())
	}

	r.Apply(protocol.Progress{Spec: spec, Model: "diffusion-mnist", Dim: 784, Rows: 28, Cols: 28, Step: 8000, Points: points, Samples: 1})
	img := r.samplesImage()
	if img != r.grid || img.Rect.Dx() != 488 || img.Rect.Dy() != 488 {
		t.Fatalf("samples image %v, want the 488×488 grid", img.Rect)
	}
	tile := ImageGrid(28, 28).Tile(0)
	if c := img.RGBAAt(tile.Min.X+50, tile.Min.Y+50); c.R != 0 {
		t.Errorf("ink pixel %v, want black", c)
	}
	if c := img.RGBAAt(ImageGrid(28, 28).Tile(1).Min.X, tile.Min.Y); c.R != 255 {
		t.Errorf("blank pixel %v, want white", c)
	}
	if !strings.Contains(r.samplingText(), "16 images") {
		t.Errorf("sampling text %q", r.samplingText())
	}

	// Play continues the loaded run: the worker sees the same Spec.
	r.Play()
	c := (*sent)[len(*sent)-1]
	if c.Op != protocol.KindPlay || !reflect.DeepEqual(c.Spec, spec) {
		t.Errorf("play after load sent %+v, want the loaded spec", c)
	}
	protocol.Encode(c)
	r.Apply(protocol.Progress{Spec: spec, Model: "diffusion-mnist", Dim: 784, Rows: 28, Cols: 28, Step: 8002, Losses: []float32{0.1, 0.1}, Samples: 1, Running: true})
	if r.stepText() != "8002" || r.losses.first != 8000 || r.losses.steps() != 2 || len(r.points) != 16*784 {
		t.Errorf("training on: step %s, losses from %d, %d of them, %d values shown", r.stepText(), r.losses.first, r.losses.steps(), len(r.points))
	}
	// Reset builds a fresh model of the same family and data set.
	r.Reset()
	if c := (*sent)[len(*sent)-1]; c.Op != protocol.KindReset || c.Spec.Steps != 0 || c.Spec.Data != "mnist" {
		t.Errorf("reset sent %+v", c)
	}
}

func TestLoadFailureKeepsRun(t *testing.T) {
	r, _ := newTestRoot()
	r.Apply(protocol.Manifest{Manifest: testManifest()})
	r.Apply(protocol.Progress{Spec: DefaultSpec(), Dim: 2, Step: 5, Losses: make([]float32, 5), Points: []float32{1, 1}, Samples: 1, Running: true})
	r.Load() // gan-8gaussians
	r.Apply(protocol.Loading{What: "the weights of GAN on 8 Gaussians", Total: 40_000})
	msg := "Could not load GAN on 8 Gaussians: the weights are corrupt. The current model stays."
	r.Apply(protocol.Error{Step: 5, Message: msg})
	if r.load != nil || r.loading() || r.notice != msg || r.stopped {
		t.Errorf("after a failed load: load %+v, notice %q, stopped %v", r.load, r.notice, r.stopped)
	}
	r.Apply(protocol.Progress{Spec: DefaultSpec(), Dim: 2, Step: 6, Losses: make([]float32, 1), Samples: 1, Running: true})
	if r.status() != "training" || r.step != 6 || len(r.points) != 2 || r.modelTitle() != "Diffusion (DDPM)" || r.pretrainedTitle() != "" {
		t.Errorf("the run after a failed load: status %s, step %d, %d values, %q", r.status(), r.step, len(r.points), r.modelTitle())
	}
	// The notice stays until the next command.
	if r.notice != msg {
		t.Errorf("notice %q", r.notice)
	}
}

func TestManifestProblem(t *testing.T) {
	r, _ := newTestRoot()
	r.Apply(protocol.Manifest{Problem: "404 Not Found"})
	if len(r.options()) != 0 || r.pretrainedNote() != "No pretrained models: 404 Not Found" {
		t.Errorf("options %v, note %q", r.options(), r.pretrainedNote())
	}
	r.Load() // nothing to load
	if r.load != nil {
		t.Error("Load without a manifest started a load")
	}
}

// TestDataDownloadOfPlay shows the download of a data set that a play
// needs, which the page did not ask for by name.
func TestDataDownloadOfPlay(t *testing.T) {
	r, _ := newTestRoot()
	r.Apply(protocol.Loading{What: "MNIST images", Done: 1_000_000, Total: 2_000_000})
	if r.loadPercent() != 50 || !strings.HasPrefix(r.loadText(), "Downloading MNIST images: 1.0 of 2.0 MB") {
		t.Errorf("%d%%, %q", r.loadPercent(), r.loadText())
	}
	r.Apply(protocol.Loading{What: "MNIST images", Done: 2_000_000, Total: 2_000_000})
	r.Apply(protocol.Progress{Spec: models.Spec{Family: "vae", Data: "mnist", Seed: 1}, Dim: 784, Rows: 28, Cols: 28})
	if r.load != nil {
		t.Errorf("load %+v after the data set arrived", r.load)
	}
}

func TestConfigRows(t *testing.T) {
	rows := configRows(models.Spec{Family: "gan", Data: "moons", Config: json.RawMessage(`{"hidden":128,"lr_g":0.0002}`)})
	if len(rows) < 5 || rows[0] != [2]string{"latent_dim", "8"} || rows[1] != [2]string{"hidden", "128"} {
		t.Errorf("rows %v", rows)
	}
	for _, row := range rows {
		if row[0] == "lr_g" && row[1] != "2e-4" {
			t.Errorf("lr_g shown as %q", row[1])
		}
		if row[0] == "loss" && strings.Contains(row[1], `"`) {
			t.Errorf("string value shown with quotes: %q", row[1])
		}
	}
	r, _ := newTestRoot()
	if rows := r.specRows(); rows[0] != [2]string{"Process", "DDPM, T = 1000"} {
		t.Errorf("diffusion rows %v", rows)
	}
}
