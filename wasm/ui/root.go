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
	"genplay/wasm/urlstate"
)

// Sizes of the plots' bitmaps in pixels; CSS shows them at this size on
// wide screens and scales them down on narrow ones.
const (
	plotSize = 480
	lossW    = 400
	lossH    = 200
	// realPoints is the number of data points shown behind the samples.
	realPoints = 1000
	// imageGap is the margin between and around image tiles.
	imageGap = 6
)

// DefaultSpec is the model the page starts with: 2D diffusion on 8
// Gaussians with the family's default config.
func DefaultSpec() models.Spec { return urlstate.Default().Spec }

// Host is what the page needs of the browser beyond the DOM that Vugu
// renders: downloads, the clipboard, the address bar, files and the
// worker. Callbacks run with the EventEnv lock held, like DOM events.
type Host interface {
	// Download offers b to the user as a file.
	Download(name, mime string, b []byte)
	// Copy puts text on the clipboard and calls done with the outcome.
	Copy(text string, done func(error))
	// SetQuery replaces the address bar's query without a reload.
	SetQuery(query string)
	// PageURL is the page's address without query or fragment.
	PageURL() string
	// RestartWorker replaces a crashed training worker with a fresh one.
	RestartWorker()
}

// Root is the page. Its exported methods are called with the EventEnv lock
// held: by Vugu for DOM events, by the app for worker messages.
type Root struct {
	send  func(protocol.Command)
	host  Host
	theme paint.Theme

	// spec is what play and reset build: the worker's session, once it has
	// reported one. view is what the main panel shows.
	spec  models.Spec
	view  protocol.View
	embed bool
	// until is the step a link asked to be shown at; the page trains to it
	// and pauses.
	until int

	// The session shown: its manifest model ("" when built), the dimension
	// of its points and, for images, their size, and how it samples.
	model           string
	dim, rows, cols int
	sampler         string
	tuned           int

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
	notice         string   // a problem to show, or ""
	stopped        bool     // whether the problem stopped training
	linkNotices    []string // what was wrong with the link the page opened
	info           string   // a passing message: "Link copied."
	crashed        string   // why the worker crashed, or ""
	rebuilt        int      // counts rebuilds, for the plots' reset flash

	terms   []string
	losses  []lossLog // one per term
	metrics []protocol.Stat
	history metricHistory

	fig    protocol.Figure // the newest figure of view.Panel
	figOK  bool
	points []float32 // the newest sample
	frame  int       // the reverse process's frame shown

	// What the user draws: 2D points for a data set, a digit on the pad,
	// and the inpainting mask.
	drawing   []float32
	drawMode  bool
	pad, mask []float32
	brush     string // "ink" or "mask"
	stroke    bool

	mainImg, sideImg, padImg, lossImg, metricImg *image.RGBA
	mainAxes, sideAxes                           axes
	mainVer, sideVer, padVer, lossVer, metricVer uint64
	lossAx, metricAx                             axes         // the charts' axes
	lossKey, metricKey                           []legendItem // and legends

	surfMain, surfSide, surfPad, surfLoss, surfMetric Surface

	lastQuery string
	shown     string // the share box: shownShare, shownEmbed or shownNone
	seq       int    // the Seq of the newest command sent
	importing string // the weights file being imported, or ""
}

// loadState is a load of a pretrained model: in progress, or done.
type loadState struct {
	name, title string
	what        string // the file being downloaded, or ""
	done, total int    // its bytes
	finished    bool   // the worker runs the loaded model
	step        int    // the loaded model's step count
}

// NewRoot returns the page's root component for the state in the query of
// the page's link. send delivers commands to the training worker;
// newSurface returns a Surface for the canvas with the given element id;
// host and newSurface may be nil where there is no browser.
func NewRoot(send func(protocol.Command), newSurface func(id string) Surface, host Host, query string) *Root {
	r := &Root{
		send:      send,
		host:      host,
		theme:     paint.Light(),
		dim:       2,
		mainImg:   image.NewRGBA(image.Rect(0, 0, plotSize, plotSize)),
		sideImg:   image.NewRGBA(image.Rect(0, 0, plotSize, plotSize)),
		lossImg:   image.NewRGBA(image.Rect(0, 0, lossW, lossH)),
		metricImg: image.NewRGBA(image.Rect(0, 0, lossW, lossH)),
		padImg:    image.NewRGBA(image.Rect(0, 0, padPx, padPx)),
		pad:       make([]float32, 28*28),
		mask:      make([]float32, 28*28),
		brush:     brushInk,
	}
	if newSurface != nil {
		r.surfMain, r.surfSide, r.surfPad = newSurface("main"), newSurface("side"), newSurface("pad")
		r.surfLoss, r.surfMetric = newSurface("loss"), newSurface("metric")
	}
	st, notices := urlstate.Decode(query)
	for _, n := range notices {
		r.linkNotices = append(r.linkNotices, fmt.Sprint(n))
	}
	r.spec, r.view, r.embed, r.choice = st.Spec, st.View, st.Embed, st.Model
	r.until = r.spec.Steps
	r.spec.Steps = 0
	r.useData()
	r.clearRun()
	r.paintPad()
	return r
}

// Start sends the worker what the link asks for: the view, then the model
// (a pretrained one, or a fresh one trained to the link's step).
func (r *Root) Start() {
	r.sendView()
	switch {
	case r.choice != "":
		// A pretrained model, trained on to the link's step if it is
		// further (see applyProgress).
		until := r.until
		r.startLoad(r.choice)
		r.until = until
	case r.until > 0:
		r.do(protocol.Command{Op: protocol.KindPlay, Spec: r.spec, Until: r.until})
	default:
		r.do(protocol.Command{Op: protocol.KindReset, Spec: r.spec})
	}
}

// do sends c to the worker, if there is one, numbered.
func (r *Root) do(c protocol.Command) {
	r.seq++
	c.Seq = r.seq
	if r.send != nil {
		r.send(c)
	}
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

// clearRun forgets the current training run: samples, losses, metrics and
// figures.
func (r *Root) clearRun() {
	r.step, r.samples, r.sampling, r.rate, r.tuned = 0, 0, 0, 0, 0
	r.points, r.metrics = nil, nil
	r.fig, r.figOK = protocol.Figure{}, false
	r.losses = make([]lossLog, len(r.terms))
	r.history = metricHistory{}
	r.rebuilt++
	r.paintMain()
	r.paintLoss()
	r.paintMetrics()
}

// Play asks the worker to train, resuming the current run.
func (r *Root) Play() {
	r.notice, r.stopped, r.until = "", false, 0
	r.do(protocol.Command{Op: protocol.KindPlay, Spec: r.spec})
	r.running = true
}

// Pause asks the worker to stop training.
func (r *Root) Pause() {
	r.do(protocol.Command{Op: protocol.KindPause})
	r.running = false
}

// Toggle plays when paused and pauses when playing.
func (r *Root) Toggle() {
	if r.running {
		r.Pause()
	} else {
		r.Play()
	}
}

// Step trains one step and pauses.
func (r *Root) Step() {
	r.notice, r.stopped, r.until = "", false, 0
	r.running = false
	r.do(protocol.Command{Op: protocol.KindStep, Spec: r.spec})
}

// Reset asks the worker for a fresh model of the current family and data
// set from the seed; the page clears when the worker confirms.
func (r *Root) Reset() {
	r.notice, r.stopped, r.until, r.model = "", false, 0, ""
	r.running = false
	r.do(protocol.Command{Op: protocol.KindReset, Spec: r.spec})
}

// rebuild resets to spec after a change of family, data set, seed or
// architecture, and says so.
func (r *Root) rebuild(why string) {
	r.choosePretrained()
	r.Reset()
	r.clearRun()
	r.info = why
}

// Key handles a key pressed outside the form fields: space plays or
// pauses, → steps, r resets.
func (r *Root) Key(key string) {
	if r.crashed != "" {
		return
	}
	switch key {
	case " ", "Spacebar":
		r.Toggle()
	case "ArrowRight", "Right":
		r.Step()
	case "r", "R":
		r.Reset()
	}
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
	r.rebuild(fmt.Sprintf("New model from seed %d.", seed))
}

// SetFamily switches to the family name with its default config.
func (r *Root) SetFamily(name string) {
	if _, err := registry.Lookup(name); err != nil || name == r.spec.Family {
		return
	}
	r.spec.Family, r.spec.Config = name, nil
	r.fixPanel()
	r.rebuild("New " + familyTitle(name) + " model.")
}

// SetData switches the data set: a 2D set, an image set or "drawn" for
// the user's drawing.
func (r *Root) SetData(name string) {
	if name == dataDrawn {
		r.drawMode = true
		r.info = "Click and drag on the plot to draw points, then press “Train on drawing”."
		return
	}
	if _, err := data.Lookup(name); err != nil && !registry.ImagesSet(name) {
		return
	}
	r.drawMode = false
	r.spec.Data = name
	r.useData()
	r.fixPanel()
	r.rebuild("New model on " + r.dataTitle() + ".")
}

// isImageData reports whether spec's data set is an image set.
func (r *Root) isImageData() bool { return registry.ImagesSet(r.spec.Data) }

// choosePretrained picks the pretrained model of the current family and
// data set, if the server offers one, or else the first.
func (r *Root) choosePretrained() {
	if r.manifest == nil || len(r.manifest.Models) == 0 {
		return
	}
	r.choice = r.manifest.Models[0].Name
	for _, e := range r.manifest.Models {
		if e.Family == r.spec.Family && e.Data == r.spec.Data {
			r.choice = e.Name
			return
		}
	}
}

// Choose picks the pretrained model to load.
func (r *Root) Choose(name string) { r.choice = name }

// Load asks the worker to load the chosen pretrained model.
func (r *Root) Load() {
	if r.loading() {
		return
	}
	r.startLoad(r.choice)
}

func (r *Root) startLoad(name string) {
	title := name
	total := 0
	if r.manifest != nil {
		if e, ok := r.manifest.Model(name); ok {
			title, total = e.Title, int(e.Bytes)
		}
	}
	r.notice, r.stopped, r.until = "", false, 0
	r.load = &loadState{name: name, title: title, total: total}
	r.do(protocol.Command{Op: protocol.KindLoad, Model: name})
}

// Restart replaces a crashed worker and rebuilds the current model.
func (r *Root) Restart() {
	if r.host != nil {
		r.host.RestartWorker()
	}
	r.crashed, r.ready, r.running = "", false, false
	r.notice, r.stopped = "", false
	r.clearRun()
	r.sendView()
	r.do(protocol.Command{Op: protocol.KindReset, Spec: r.spec})
}

// Apply takes a message from the worker into the page.
func (r *Root) Apply(m protocol.Message) {
	switch m := m.(type) {
	case protocol.Ready:
		r.ready = true
	case protocol.Manifest:
		r.manifest, r.manifestProblem = m.Manifest, m.Problem
		if _, ok := r.chosen(); !ok {
			r.choosePretrained()
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
	case protocol.Figure:
		r.applyFigure(m)
	case protocol.Weights:
		if r.host != nil {
			r.host.Download(m.Name, "application/octet-stream", m.Bytes)
		}
		r.info = fmt.Sprintf("Saved %s (%s).", m.Name, mb(len(m.Bytes)))
	case protocol.Error:
		if r.load != nil && !r.load.finished {
			r.load = nil
		}
		if r.importing != "" {
			r.importing, r.info = "", ""
		}
		if m.Stopped {
			r.running, r.stopped = false, true
		}
		r.notice = m.Message
	}
}

func (r *Root) applyProgress(m protocol.Progress) {
	another := m.Spec.Family != "" && (m.Model != r.model || !protocol.SameRun(m.Spec, r.spec) || m.Dim != r.dim)
	if another && m.Seq < r.seq {
		// A report of the session before the newest command, which asks
		// for another: the page already shows what it asked for.
		return
	}
	if another {
		// Another session: a load, an import, or a play or reset of
		// another Spec.
		r.spec, r.model = m.Spec, m.Model
		r.spec.Steps = 0
		r.dim, r.rows, r.cols = m.Dim, m.Rows, m.Cols
		r.terms = m.Terms
		r.useData()
		r.clearRun()
		r.setFirst(m)
	} else if m.Step-r.stepsIn(m) != r.step || m.Samples < r.samples || len(m.Terms) != len(r.terms) {
		// Not the continuation of the run shown: a reset.
		r.terms = m.Terms
		r.clearRun()
		r.setFirst(m)
	}
	if r.importing != "" && m.Seq == r.seq {
		// The worker has handled the import, of the same Spec or not;
		// had it failed, an Error would have come first.
		r.info = fmt.Sprintf("Loaded %s at step %d.", r.importing, m.Step)
		r.importing = ""
	}
	if r.load != nil && !r.load.finished && m.Model != "" && m.Model == r.load.name {
		r.load.finished, r.load.step = true, m.Step
		if r.until > m.Step {
			r.do(protocol.Command{Op: protocol.KindPlay, Spec: r.spec, Until: r.until})
		}
	}
	if r.load != nil && r.load.name == "" && r.load.done == r.load.total {
		r.load = nil // the data set of a play or reset arrived
	}
	r.sampler, r.tuned = m.Sampler, m.Tuned
	r.running = m.Running
	r.step, r.samples, r.sampling = m.Step, m.Samples, m.Sampling
	if m.StepsPerSec > 0 {
		r.rate = m.StepsPerSec
	}
	if m.Points != nil {
		r.points = m.Points
		if r.view.Panel == protocol.PanelSamples && !r.figOK {
			r.paintMain()
		}
	}
	if k := len(r.terms); k > 0 && len(m.Losses) >= k {
		for i := range r.losses {
			vals := make([]float32, 0, len(m.Losses)/k)
			for j := i; j < len(m.Losses); j += k {
				vals = append(vals, m.Losses[j])
			}
			r.losses[i].add(vals)
		}
		r.paintLoss()
	}
	if m.Metrics != nil {
		r.metrics = m.Metrics
		r.history.add(m.Step, m.Metrics)
		r.paintMetrics()
	}
	if !m.Running && r.until > 0 && m.Step >= r.until {
		r.until = 0
	}
	r.syncURL()
}

// stepsIn is the number of steps whose losses m carries.
func (r *Root) stepsIn(m protocol.Progress) int {
	if len(m.Terms) == 0 {
		return 0
	}
	return len(m.Losses) / len(m.Terms)
}

func (r *Root) setFirst(m protocol.Progress) {
	for i := range r.losses {
		r.losses[i].first = m.Step - r.stepsIn(m)
	}
}

// Fail shows a problem of the page itself, such as a worker that crashed
// or a message that could not be read.
func (r *Root) Fail(err error) {
	r.running, r.stopped = false, true
	r.crashed = err.Error()
}

func (r *Root) isImages() bool { return r.rows > 0 && r.cols > 0 }

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

// state is the page's state as a link holds it.
func (r *Root) state() urlstate.State {
	s := urlstate.State{Spec: r.spec, View: r.view, Embed: r.embed}
	s.Spec.Steps = r.step
	if r.model != "" && r.model == r.choice {
		s.Model = r.model
	}
	s.View.Input, s.View.Mask, s.View.Score = nil, nil, false
	return s
}

// syncURL puts the page's state in the address bar when it changed.
func (r *Root) syncURL() {
	if r.host == nil {
		return
	}
	q := urlstate.Encode(r.state())
	if q != r.lastQuery {
		r.lastQuery = q
		r.host.SetQuery(q)
	}
}

// The event handlers of the template.

func (r *Root) onSeed(e vugu.DOMEvent)   { r.SetSeed(e.PropString("target", "value")) }
func (r *Root) onChoose(e vugu.DOMEvent) { r.Choose(e.PropString("target", "value")) }
func (r *Root) onFamily(e vugu.DOMEvent) { r.SetFamily(e.PropString("target", "value")) }
func (r *Root) onData(e vugu.DOMEvent)   { r.SetData(e.PropString("target", "value")) }

func swatch(c color.RGBA) string {
	return fmt.Sprintf("background: rgba(%d, %d, %d, %.2f)", c.R, c.G, c.B, float64(c.A)/255)
}

func abs32(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}
