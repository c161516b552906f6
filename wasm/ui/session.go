package ui

//go:generate go tool vugugen -skip-go-mod -skip-main .

import (
	"errors"
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
// renders: downloads, the clipboard, the address bar. Callbacks run with
// the EventEnv lock held, like DOM events. A Host may also be an Animator
// (timers) and a FileReader (files).
type Host interface {
	// Download offers b to the user as a file.
	Download(name, mime string, b []byte)
	// Copy puts text on the clipboard and calls done with the outcome.
	Copy(text string, done func(error))
	// SetQuery replaces the address bar's query without a reload.
	SetQuery(query string)
	// PageURL is the page's address without query or fragment.
	PageURL() string
}

// Worker is a session's training worker.
type Worker interface {
	// Send posts a command to the worker.
	Send(protocol.Command)
	// Restart replaces a crashed worker with a fresh one.
	Restart()
}

// SessionConfig is what a session is made of.
type SessionConfig struct {
	// ID prefixes the element ids of the session's template, so that a
	// page can show several; the page's first session has "".
	ID string
	// Worker trains the session's model; nil where there is none.
	Worker Worker
	// Host serves downloads, timers and files; it may be nil.
	Host Host
	// NewSurface returns a Surface for the canvas with the given element
	// id; it may be nil where there is no browser.
	NewSurface func(id string) Surface
	// State is what the session opens with: the Spec, trained to its
	// Steps, the View and the pretrained Model.
	State urlstate.State
	// LinkPanel is the panel the state's link named, or "": a notice says
	// so when the model lacks it.
	LinkPanel string
	// Changed is called when the state a link holds changed; Notice with
	// a notice about the state the session opened with. Either may be nil.
	Changed func()
	Notice  func(string)
}

// Session is one model's session: its training worker, the mirror of the
// worker's state, the main view with its panels, the controls, the metrics
// and the charts. It is a Vugu component; a Page shows one or more. Its
// exported methods are called with the EventEnv lock held: by Vugu for DOM
// events, by the app for worker messages.
type Session struct {
	id      string
	worker  Worker
	host    Host
	theme   paint.Theme
	changed func()
	noticed func(string)

	// embed drops the session's controls and charts.
	embed bool

	// spec is what play and reset build: the worker's session, once it has
	// reported one. view is what the main panel shows.
	spec models.Spec
	view protocol.View
	// until is the step a link asked to be shown at; the page trains to it
	// and pauses.
	until int
	// asked is the step of a link beyond what the page replays in about a
	// minute (urlstate.State.Asked): the session opens at step 0 and asks
	// (ask.go) until it is answered or the person plays, steps or resets.
	asked int

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
	notice         string // a problem to show, or ""
	stopped        bool   // whether the problem stopped training
	info           string // a passing message: "Link copied."
	crashed        string // why the worker crashed, or ""
	rebuilt        int    // counts rebuilds, for the plots' reset flash

	// caps are the model's capabilities, panels its panels (the first
	// row of the table for each); linkPanel is a panel that the state the
	// session opened with asked for, until the worker says which it has.
	caps      []protocol.Capability
	panels    []protocol.Panel
	linkPanel string

	terms   []string
	losses  []lossLog // one per term
	metrics []protocol.Stat
	history metricHistory

	fig    protocol.Figure // the newest figure of view.Panel
	figOK  bool
	work   workState // the figure of view.Panel under way (work.go)
	points []float32 // the newest sample
	frame  int       // the reverse process's frame shown

	// What the user draws: 2D points for a data set, and on the pad of
	// each panel that takes one a digit and the inpainting mask (pad.go),
	// by panel name.
	drawing  []float32
	drawMode bool
	pads     map[string]*pad
	stroke   bool

	mainImg, sideImg, padImg, lossImg, metricImg *image.RGBA
	mainAxes, sideAxes                           axes
	side                                         string   // the side plot's title, "" for none
	misread                                      []string // see get
	mainVer, sideVer, padVer, lossVer, metricVer uint64
	lossAx, metricAx                             axes         // the charts' axes
	lossKey, metricKey                           []legendItem // and legends
	// lossStale and metricStale mark charts whose data changed since they
	// were painted: they are painted when the session is built, so that a
	// session whose charts are not shown (a Compare tile) does not paint
	// them for every message.
	lossStale, metricStale bool
	// outN of the outOf samples on the main plot lie outside its view;
	// psiOne is the GAN's sample quality at ψ = 1 (figures.go, panels.go).
	outN, outOf int
	psiOne      psiMeasure

	surfMain, surfSide, surfPad, surfLoss, surfMetric Surface

	seq       int    // the Seq of the newest command sent
	importing string // the weights file being imported, or ""
	// onWeights, if not nil, takes the weights file of the export under
	// way instead of a download (exportTo).
	onWeights func(b []byte, err error)
}

// NewSession returns a session for cfg. Start sets it going.
func NewSession(cfg SessionConfig) *Session {
	s := &Session{
		id:        cfg.ID,
		worker:    cfg.Worker,
		host:      cfg.Host,
		changed:   cfg.Changed,
		noticed:   cfg.Notice,
		theme:     paint.Light(),
		dim:       2,
		mainImg:   image.NewRGBA(image.Rect(0, 0, plotSize, plotSize)),
		sideImg:   image.NewRGBA(image.Rect(0, 0, plotSize, plotSize)),
		lossImg:   image.NewRGBA(image.Rect(0, 0, lossW, lossH)),
		metricImg: image.NewRGBA(image.Rect(0, 0, lossW, lossH)),
		padImg:    image.NewRGBA(image.Rect(0, 0, padPx, padPx)),
	}
	if cfg.NewSurface != nil {
		s.surfMain, s.surfSide, s.surfPad = cfg.NewSurface(s.elemID("main")), cfg.NewSurface(s.elemID("side")), cfg.NewSurface(s.elemID("pad"))
		s.surfLoss, s.surfMetric = cfg.NewSurface(s.elemID("loss")), cfg.NewSurface(s.elemID("metric"))
	}
	st := cfg.State
	s.spec, s.view, s.embed, s.choice = st.Spec, st.View, st.Embed, st.Model
	s.linkPanel = cfg.LinkPanel
	s.until = s.spec.Steps
	s.spec.Steps = 0
	s.asked = st.Asked
	s.useData()
	s.clearRun()
	s.paintPad()
	return s
}

// elemID is the element id of the session's element name: name itself
// for the page's first session, prefixed for the others.
func (s *Session) elemID(name string) string { return s.id + name }

// Start sends the worker what the link asks for: the view, then the model
// (a pretrained one, or a fresh one trained to the link's step).
func (s *Session) Start() {
	s.sendView()
	switch {
	case s.choice != "":
		// A pretrained model, trained on to the link's step if it is
		// further (see applyProgress).
		until := s.until
		s.startLoad(s.choice)
		s.until = until
	case s.until > 0:
		s.do(protocol.Command{Op: protocol.KindPlay, Spec: s.spec, Until: s.until})
	default:
		s.do(protocol.Command{Op: protocol.KindReset, Spec: s.spec})
	}
}

// do sends c to the worker, if there is one, numbered.
func (s *Session) do(c protocol.Command) {
	s.seq++
	c.Seq = s.seq
	if s.worker != nil {
		s.worker.Send(c)
	}
}

// useData draws the real points of spec's data set, if it is a 2D set.
func (s *Session) useData() {
	set, err := data.Lookup(s.spec.Data)
	if err != nil {
		s.set, s.real = data.Set{}, nil
		return
	}
	s.set = set
	s.real = make([]float32, 2*realPoints)
	// Stream 1 keeps the shown data apart from the worker's draws.
	set.Sample(s.real, rng.NewStream(s.spec.Seed, 1))
}

// clearRun forgets the current training run: samples, losses, metrics and
// figures.
func (s *Session) clearRun() {
	s.step, s.samples, s.sampling, s.rate, s.tuned = 0, 0, 0, 0, 0
	s.points, s.metrics = nil, nil
	s.fig, s.figOK = protocol.Figure{}, false
	s.dropWork()
	s.losses = make([]lossLog, len(s.terms))
	s.history = metricHistory{}
	s.rebuilt++
	s.paintMain()
	s.lossStale, s.metricStale = true, true
}

// Play asks the worker to train, resuming the current run.
func (s *Session) Play() {
	s.notice, s.stopped, s.until, s.asked = "", false, 0, 0
	s.do(protocol.Command{Op: protocol.KindPlay, Spec: s.spec})
	s.running = true
}

// Pause asks the worker to stop training.
func (s *Session) Pause() {
	s.do(protocol.Command{Op: protocol.KindPause})
	s.running = false
}

// Toggle plays when paused and pauses when playing.
func (s *Session) Toggle() {
	if s.running {
		s.Pause()
	} else {
		s.Play()
	}
}

// Step trains one step and pauses.
func (s *Session) Step() {
	s.notice, s.stopped, s.until, s.asked = "", false, 0, 0
	s.running = false
	s.do(protocol.Command{Op: protocol.KindStep, Spec: s.spec})
}

// Reset asks the worker for a fresh model of the current family and data
// set from the seed; the page clears when the worker confirms.
func (s *Session) Reset() {
	s.notice, s.stopped, s.until, s.model, s.asked = "", false, 0, "", 0
	s.running = false
	s.do(protocol.Command{Op: protocol.KindReset, Spec: s.spec})
}

// rebuild resets to spec after a change of family, data set, seed or
// architecture, and says so.
func (s *Session) rebuild(why string) {
	s.choosePretrained()
	s.Reset()
	s.clearRun()
	s.info = why
}

// Key handles a key pressed outside the form fields: space plays or
// pauses, → steps, r resets.
func (s *Session) Key(key string) {
	if s.crashed != "" {
		return
	}
	switch key {
	case " ", "Spacebar":
		s.Toggle()
	case "ArrowRight", "Right":
		s.Step()
	case "r", "R":
		s.Reset()
	}
}

// SetSeed takes the seed typed into the seed field and resets to it; text
// that is not a seed shows a notice and changes nothing.
func (s *Session) SetSeed(text string) {
	seed, err := strconv.ParseUint(text, 10, 64)
	if err != nil {
		s.notice = fmt.Sprintf("%q is not a seed: use a whole number from 0 to %d.", text, uint64(1<<64-1))
		return
	}
	s.spec.Seed = seed
	s.useData()
	s.rebuild(fmt.Sprintf("New model from seed %d.", seed))
}

// SetFamily switches to the family name with its default config.
func (s *Session) SetFamily(name string) {
	if _, err := registry.Lookup(name); err != nil || name == s.spec.Family {
		return
	}
	s.spec.Family = name
	why := s.usePreset()
	s.forgetPanels()
	s.rebuild("New " + familyTitle(name) + " model." + why)
}

// SetData switches the data set: a 2D set, an image set or "drawn" for
// the user's drawing.
func (s *Session) SetData(name string) {
	if name == dataDrawn {
		s.drawMode = true
		s.info = "Click and drag on the plot to draw points, then press “Train on drawing”."
		return
	}
	if _, err := data.Lookup(name); err != nil && !registry.ImagesSet(name) {
		return
	}
	s.drawMode = false
	why := s.setDataKeepingSettings(name)
	s.forgetPanels()
	s.rebuild("New model on " + s.dataTitle() + "." + why)
}

// setDataKeepingSettings makes name the data set. A change between a 2D set
// and an image set gives the family the preset of the new kind (see
// usePreset) and returns the sentence that says so; between sets of one
// kind the settings stay.
func (s *Session) setDataKeepingSettings(name string) string {
	kindChanged := registry.ImagesSet(name) != s.isImageData()
	s.spec.Data = name
	s.useData()
	if !kindChanged {
		return ""
	}
	if why := s.usePreset(); why != "" {
		return why
	}
	return fmt.Sprintf(" The %s starts from its default settings.", familyTitle(s.spec.Family))
}

// isImageData reports whether spec's data set is an image set.
func (s *Session) isImageData() bool { return registry.ImagesSet(s.spec.Data) }

// Restart replaces a crashed worker and rebuilds the current model.
func (s *Session) Restart() {
	if s.worker != nil {
		s.worker.Restart()
	}
	s.crashed, s.ready, s.running = "", false, false
	s.notice, s.stopped = "", false
	s.clearRun()
	s.sendView()
	s.do(protocol.Command{Op: protocol.KindReset, Spec: s.spec})
}

// Apply takes a message from the worker into the page.
func (s *Session) Apply(m protocol.Message) {
	switch m := m.(type) {
	case protocol.Ready:
		s.ready = true
	case protocol.Manifest:
		s.manifest, s.manifestProblem = m.Manifest, m.Problem
		if _, ok := s.chosen(); !ok {
			s.choosePretrained()
		}
	case protocol.Loading:
		if s.load == nil || s.load.finished {
			// A download that the page did not ask for by name: the images
			// of a data set that play or reset needs.
			s.load = &loadState{}
		}
		s.load.what, s.load.done, s.load.total = m.What, m.Done, m.Total
	case protocol.Progress:
		s.ready = true
		s.applyProgress(m)
	case protocol.Figure:
		s.applyFigure(m)
	case protocol.Weights:
		if s.takeWeights(m.Bytes, nil) {
			return
		}
		if s.host != nil {
			s.host.Download(m.Name, "application/octet-stream", m.Bytes)
		}
		s.info = fmt.Sprintf("Saved %s (%s).", m.Name, mb(len(m.Bytes)))
	case protocol.Error:
		if s.load != nil && !s.load.finished {
			s.load = nil
		}
		if s.importing != "" {
			s.importing, s.info = "", ""
		}
		if !m.Stopped {
			// A refused export (a stop is training's own).
			s.takeWeights(nil, errors.New(m.Message))
		}
		if m.Stopped {
			s.running, s.stopped = false, true
		}
		s.notice = m.Message
	}
}

func (s *Session) applyProgress(m protocol.Progress) {
	another := m.Spec.Family != "" && (m.Model != s.model || !protocol.SameRun(m.Spec, s.spec) || m.Dim != s.dim)
	if another && m.Seq < s.seq {
		// A report of the session before the newest command, which asks
		// for another: the page already shows what it asked for.
		return
	}
	if another {
		// Another session: a load, an import, or a play or reset of
		// another Spec.
		s.spec, s.model = m.Spec, m.Model
		s.spec.Steps = 0
		s.dim, s.rows, s.cols = m.Dim, m.Rows, m.Cols
		s.terms = m.Terms
		s.useData()
		s.clearRun()
		s.setFirst(m)
	} else if m.Step-s.stepsIn(m) != s.step || m.Samples < s.samples || len(m.Terms) != len(s.terms) {
		// Not the continuation of the run shown: a reset.
		s.terms = m.Terms
		s.clearRun()
		s.setFirst(m)
	}
	if s.importing != "" && m.Seq == s.seq {
		// The worker has handled the import, of the same Spec or not;
		// had it failed, an Error would have come first.
		s.info = fmt.Sprintf("Loaded %s at step %d.", s.importing, m.Step)
		s.importing = ""
	}
	if s.load != nil && !s.load.finished && m.Model != "" && m.Model == s.load.name {
		s.load.finished, s.load.step = true, m.Step
		if s.until > m.Step {
			s.do(protocol.Command{Op: protocol.KindPlay, Spec: s.spec, Until: s.until})
		}
	}
	if s.load != nil && s.load.name == "" && s.load.done == s.load.total {
		s.load = nil // the data set of a play or reset arrived
	}
	s.sampler, s.tuned = m.Sampler, m.Tuned
	s.takeWork(m)
	s.running = m.Running
	s.step, s.samples, s.sampling = m.Step, m.Samples, m.Sampling
	if m.StepsPerSec > 0 {
		s.rate = m.StepsPerSec
	}
	if m.Spec.Family != "" {
		s.setPanels(m.Caps)
	}
	if m.Points != nil {
		s.points = m.Points
		if s.view.Panel == protocol.PanelSamples && !s.figOK {
			s.paintMain()
		}
	}
	if k := len(s.terms); k > 0 && len(m.Losses) >= k {
		for i := range s.losses {
			vals := make([]float32, 0, len(m.Losses)/k)
			for j := i; j < len(m.Losses); j += k {
				vals = append(vals, m.Losses[j])
			}
			s.losses[i].add(vals)
		}
		s.lossStale = true
	}
	if m.Metrics != nil {
		s.metrics = m.Metrics
		s.history.add(m.Step, m.Metrics)
		s.metricStale = true
	}
	if !m.Running && s.until > 0 && m.Step >= s.until {
		s.until = 0
	}
	s.syncURL()
}

// stepsIn is the number of steps whose losses m carries.
func (s *Session) stepsIn(m protocol.Progress) int {
	if len(m.Terms) == 0 {
		return 0
	}
	return len(m.Losses) / len(m.Terms)
}

func (s *Session) setFirst(m protocol.Progress) {
	for i := range s.losses {
		s.losses[i].first = m.Step - s.stepsIn(m)
	}
}

// Fail shows a problem of the page itself, such as a worker that crashed
// or a message that could not be read.
func (s *Session) Fail(err error) {
	s.running, s.stopped = false, true
	s.crashed = err.Error()
}

func (s *Session) isImages() bool { return s.rows > 0 && s.cols > 0 }

// state is the page's state as a link holds it.
func (s *Session) state() urlstate.State {
	st := urlstate.State{Spec: s.spec, View: s.view, Embed: s.embed}
	st.Spec.Steps = s.step
	if s.model != "" && s.model == s.choice {
		st.Model = s.model
	}
	st.View.Input, st.View.Mask, st.View.Score = nil, nil, false
	return st
}

// syncURL tells the page that the state a link holds may have changed.
func (s *Session) syncURL() {
	if s.changed != nil {
		s.changed()
	}
}

// The event handlers of the template.

func (s *Session) onChoose(e vugu.DOMEvent) { s.Choose(e.PropString("target", "value")) }

func swatch(c color.RGBA) string {
	return fmt.Sprintf("background: rgba(%d, %d, %d, %.2f)", c.R, c.G, c.B, float64(c.A)/255)
}

func abs32(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}

// DismissInfo hides the passing message.
func (s *Session) DismissInfo() { s.info = "" }

// DismissNotice hides the problem shown.
func (s *Session) DismissNotice() { s.notice = "" }
