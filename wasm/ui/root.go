package ui

//go:generate go tool vugugen -skip-go-mod -skip-main .

import (
	"fmt"
	"image"
	"image/color"
	"strconv"

	"github.com/vugu/vugu"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/registry"
	"genplay/tensor/rng"
	"genplay/wasm/paint"
	"genplay/wasm/protocol"
)

// Sizes of the plots' bitmaps in pixels; CSS shows them at this size on
// wide screens and scales them down on narrow ones.
const (
	scatterSize = 480
	lossW       = 440
	lossH       = 240
	// realPoints is the number of data points shown behind the samples.
	realPoints = 1000
)

// ImageGrid is the layout of a sample of images: 4×4 tiles of MNIST's
// 28×28 digits, each pixel drawn 4×4, which makes a 488-pixel square like
// the scatter plot. The worker draws 16 images per sample.
func ImageGrid(rows, cols int) paint.Grid {
	return paint.Grid{Rows: rows, Cols: cols, Across: 4, Down: 4, Scale: 4, Gap: 8}
}

// DefaultSpec is the model the page starts with: 2D diffusion on 8
// Gaussians with the family's default config.
func DefaultSpec() models.Spec {
	return models.Spec{Family: "diffusion", Data: "8gaussians", Seed: 1}
}

// Root is the page: controls, the pretrained models, the samples plot, the
// loss plot and the status of training. Its exported methods are called
// with the EventEnv lock held: by Vugu for DOM events, by the app for worker
// messages.
type Root struct {
	send  func(protocol.Command)
	theme paint.Theme

	// spec is what play and reset build: the worker's session, once it has
	// reported one.
	spec models.Spec
	// The session shown: its manifest model ("" when built), the dimension
	// of its points and, for images, their size, and how it samples.
	model           string
	dim, rows, cols int
	sampler         string

	set  data.Set // the 2D set of spec, if it is one
	real []float32

	// The pretrained models on offer, the one picked and the download.
	manifest        *registry.Manifest
	manifestProblem string
	choice          string
	load            *loadState

	ready, running bool
	step           int
	rate           float64
	samples        int
	sampling       float64
	points         []float32
	outside        int    // how many 2D points lie outside the plot
	notice         string // a problem to show, or ""
	stopped        bool   // whether the problem stopped training
	losses         lossLog

	scatter, grid, loss  *image.RGBA
	samplesVer, lossVer  uint64
	lossAxis             paint.LogAxis
	lossOK               bool
	samplesSurf, lossSrf Surface
}

// loadState is a load of a pretrained model: in progress, or done.
type loadState struct {
	name, title string
	what        string // the file being downloaded, or ""
	done, total int    // its bytes
	finished    bool   // the worker runs the loaded model
	step        int    // the loaded model's step count
}

// NewRoot returns the page's root component. send delivers commands to the
// training worker; newSurface returns a Surface for the canvas with the given
// element id, or may be nil where there is no browser.
func NewRoot(send func(protocol.Command), newSurface func(id string) Surface) *Root {
	r := &Root{
		send:    send,
		theme:   paint.Light(),
		spec:    DefaultSpec(),
		dim:     2,
		scatter: image.NewRGBA(image.Rect(0, 0, scatterSize, scatterSize)),
		loss:    image.NewRGBA(image.Rect(0, 0, lossW, lossH)),
	}
	if newSurface != nil {
		r.samplesSurf, r.lossSrf = newSurface("samples"), newSurface("loss")
	}
	r.useData()
	r.clearRun()
	return r
}

// useData draws the real points of spec's data set, if it is a 2D set.
func (r *Root) useData() {
	set, err := data.Lookup(r.spec.Data)
	if err != nil {
		r.set, r.real = data.Set{}, nil
		return
	}
	r.set = set
	r.real = make([]float32, 2*realPoints)
	// Stream 1 keeps the shown data apart from the worker's draws.
	set.Sample(r.real, rng.NewStream(r.spec.Seed, 1))
}

// clearRun forgets the current training run: samples, losses and counters.
func (r *Root) clearRun() {
	r.step, r.samples, r.sampling, r.rate = 0, 0, 0, 0
	r.points = nil
	r.losses = lossLog{}
	r.paintSamples()
	r.paintLoss()
}

// Play asks the worker to train, resuming the current run.
func (r *Root) Play() {
	r.notice, r.stopped = "", false
	r.command(protocol.KindPlay)
}

// Pause asks the worker to stop training.
func (r *Root) Pause() { r.command(protocol.KindPause) }

// Reset asks the worker for a fresh model of the current family and data
// set from the seed; the page clears when the worker confirms.
func (r *Root) Reset() {
	r.notice, r.stopped = "", false
	r.command(protocol.KindReset)
}

// SetSeed takes the seed typed into the seed field and resets to it; text
// that is not a seed shows a notice and changes nothing.
func (r *Root) SetSeed(text string) {
	seed, err := strconv.ParseUint(text, 10, 64)
	if err != nil {
		r.notice = fmt.Sprintf("%q is not a seed: use a whole number from 0 to %d.", text, uint64(1<<64-1))
		return
	}
	r.spec.Seed = seed
	r.useData()
	r.paintSamples()
	r.Reset()
}

// Choose picks the pretrained model to load.
func (r *Root) Choose(name string) { r.choice = name }

// Load asks the worker to load the chosen pretrained model.
func (r *Root) Load() {
	e, ok := r.chosen()
	if !ok || r.loading() {
		return
	}
	r.notice, r.stopped = "", false
	r.load = &loadState{name: e.Name, title: e.Title, total: int(e.Bytes)}
	if r.send != nil {
		r.send(protocol.Command{Op: protocol.KindLoad, Model: e.Name})
	}
}

func (r *Root) command(op protocol.Kind) {
	if r.send == nil {
		return
	}
	c := protocol.Command{Op: op}
	if op != protocol.KindPause {
		c.Spec = r.spec
		if op == protocol.KindReset {
			c.Spec.Steps = 0
		}
	}
	r.send(c)
}

// Apply takes a message from the worker into the page.
func (r *Root) Apply(m protocol.Message) {
	switch m := m.(type) {
	case protocol.Ready:
		r.ready = true
	case protocol.Manifest:
		r.manifest, r.manifestProblem = m.Manifest, m.Problem
		if _, ok := r.chosen(); !ok && m.Manifest != nil && len(m.Manifest.Models) > 0 {
			r.choice = m.Manifest.Models[0].Name
		}
	case protocol.Loading:
		if r.load == nil || r.load.finished {
			// A download that the page did not ask for by name: the images
			// of a data set that play or reset needs.
			r.load = &loadState{}
		}
		r.load.what, r.load.done, r.load.total = m.What, m.Done, m.Total
	case protocol.Progress:
		r.ready = true
		r.applyProgress(m)
	case protocol.Error:
		if r.load != nil && !r.load.finished {
			r.load = nil
		}
		if m.Stopped {
			r.running, r.stopped = false, true
		}
		r.notice = m.Message
	}
}

func (r *Root) applyProgress(m protocol.Progress) {
	if m.Spec.Family != "" && (m.Model != r.model || !protocol.SameRun(m.Spec, r.spec) || m.Dim != r.dim) {
		// Another session: a load, or a play or reset of another Spec.
		r.spec, r.model = m.Spec, m.Model
		r.dim, r.rows, r.cols = m.Dim, m.Rows, m.Cols
		r.useData()
		r.clearRun()
		r.losses.first = m.Step - len(m.Losses)
	} else if m.Step-len(m.Losses) != r.step || m.Samples < r.samples {
		// Not the continuation of the run shown: a reset.
		r.clearRun()
		r.losses.first = m.Step - len(m.Losses)
	}
	if r.load != nil && !r.load.finished && m.Model != "" && m.Model == r.load.name {
		r.load.finished, r.load.step = true, m.Step
	}
	if r.load != nil && r.load.name == "" && r.load.done == r.load.total {
		r.load = nil // the data set of a play or reset arrived
	}
	r.sampler = m.Sampler
	r.running = m.Running
	r.step, r.samples, r.sampling = m.Step, m.Samples, m.Sampling
	if m.StepsPerSec > 0 {
		r.rate = m.StepsPerSec
	}
	if m.Points != nil {
		r.points = m.Points
		r.paintSamples()
	}
	if len(m.Losses) > 0 {
		r.losses.add(m.Losses)
		r.paintLoss()
	}
}

// Fail shows a problem of the page itself, such as a worker that could not
// start or a message that could not be read.
func (r *Root) Fail(err error) {
	r.running, r.stopped = false, true
	r.notice = err.Error()
}

func (r *Root) isImages() bool { return r.rows > 0 && r.cols > 0 }

// samplesImage returns the samples plot: the scatter plot, or the image
// grid of an image set.
func (r *Root) samplesImage() *image.RGBA {
	if r.isImages() {
		return r.grid
	}
	return r.scatter
}

func (r *Root) paintSamples() {
	if r.isImages() {
		g := ImageGrid(r.rows, r.cols)
		if w, h := g.Size(); r.grid == nil || r.grid.Rect.Dx() != w || r.grid.Rect.Dy() != h {
			r.grid = image.NewRGBA(image.Rect(0, 0, w, h))
		}
		paint.ImageGrid(r.grid, g, r.points, r.theme)
	} else {
		extent := r.set.Extent
		if extent == 0 {
			extent = 4
		}
		points := r.points
		if r.dim != 2 {
			points = nil
		}
		paint.Scatter(r.scatter, paint.View{Extent: extent, W: scatterSize, H: scatterSize}, r.theme,
			paint.Layer{Points: r.real, Color: r.theme.Real, Radius: 1.6},
			paint.Layer{Points: points, Color: r.theme.Generated, Radius: 2.1})
		r.outside = 0
		for i := 0; i+1 < len(points); i += 2 {
			// Not inside: NaN counts as outside.
			if !(abs32(points[i]) <= extent && abs32(points[i+1]) <= extent) {
				r.outside++
			}
		}
	}
	r.samplesVer++
}

func (r *Root) paintLoss() {
	r.lossAxis, r.lossOK = paint.LossCurve(r.loss, r.losses.vals, r.theme)
	r.lossVer++
}

// chosen returns the manifest entry of the chosen pretrained model.
func (r *Root) chosen() (registry.ManifestModel, bool) {
	if r.manifest == nil {
		return registry.ManifestModel{}, false
	}
	return r.manifest.Model(r.choice)
}

// loading reports whether a download is under way.
func (r *Root) loading() bool { return r.load != nil && !r.load.finished }

// loaded returns the manifest entry of the session's pretrained model.
func (r *Root) loaded() (registry.ManifestModel, bool) {
	if r.manifest == nil || r.model == "" {
		return registry.ManifestModel{}, false
	}
	return r.manifest.Model(r.model)
}

// onSeed handles the seed field's change event.
func (r *Root) onSeed(e vugu.DOMEvent) { r.SetSeed(e.PropString("target", "value")) }

// onChoose handles the pretrained select's change event.
func (r *Root) onChoose(e vugu.DOMEvent) { r.Choose(e.PropString("target", "value")) }

func swatch(c color.RGBA) string {
	return fmt.Sprintf("background: rgba(%d, %d, %d, %.2f)", c.R, c.G, c.B, float64(c.A)/255)
}

func abs32(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}
