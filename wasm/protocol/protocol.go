package protocol

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"genplay/models"
	"genplay/models/registry"
)

// Kind names a message type; it is the value of the "kind" key of a Plain.
type Kind string

// The kinds of messages. Play, Pause, Reset, Load, Step, Tune, View, Import
// and Export are Commands from the page; Ready, Manifest, Loading, Progress,
// Figure, Weights and Error come from the worker.
const (
	KindPlay     Kind = "play"
	KindPause    Kind = "pause"
	KindReset    Kind = "reset"
	KindLoad     Kind = "load"
	KindStep     Kind = "step"
	KindTune     Kind = "tune"
	KindView     Kind = "view"
	KindImport   Kind = "import"
	KindExport   Kind = "export"
	KindReady    Kind = "ready"
	KindManifest Kind = "manifest"
	KindLoading  Kind = "loading"
	KindProgress Kind = "progress"
	KindFigure   Kind = "figure"
	KindWeights  Kind = "weights"
	KindError    Kind = "error"
)

// KindKey is the key of a Plain that holds the message's Kind.
const KindKey = "kind"

// Plain is a message as plain data: every value is a string, a float64, a
// bool, a []float32 or a []byte. The bridge maps it one to one to a
// JavaScript object (a []byte to a Uint8Array).
type Plain map[string]any

// Message is one of Command, Ready, Manifest, Loading, Progress and Error.
type Message interface {
	// Kind returns the kind of the message.
	Kind() Kind
}

// Command asks the worker to act.
//
// Play starts or resumes training: it resumes when the worker's session was
// built or loaded from the same Spec (the same family, data set, config and
// seed; Steps may differ), and otherwise builds a fresh model first. With
// Until > 0 training pauses by itself when the step count reaches Until, as
// a shared link needs. Pause stops training and keeps the model. Reset
// builds a fresh model from Spec, with a step count of zero, and leaves it
// paused. Step is play for exactly one step, then pause.
//
// Tune changes the session's config while it trains: the fields that
// registry.Params marks live (learning rates, β, k) take effect at the next
// step; a Spec that differs in any other way is refused.
//
// Load replaces the session with the pretrained model of the manifest named
// Model, paused at the step count it was trained for; Import does the same
// with the weights file in Weights, chosen or dropped by the user. If the
// download or the file is bad, the worker keeps its session and says why.
// Export asks for the session's weights as a Weights message.
//
// View says what the page shows, and so what the worker computes with each
// sample: the panel, the sampler and the family's view knobs (see View).
type Command struct {
	// Op is one of the command kinds.
	Op Kind
	// Spec is the model to build (play, reset, step and tune): its family,
	// data set, config and seed, the seed seeding every random draw.
	Spec models.Spec
	// Until is the step count at which play pauses; 0 trains on.
	Until int
	// Model is the name of a manifest model (load only).
	Model string
	// View is what the page shows (view only).
	View View
	// Weights is a safetensors weights file (import only).
	Weights []byte
	// Seq numbers the page's commands, counting up; the worker's Progress
	// says which it has handled, so that the page can tell a report that
	// predates its newest command. 0 is unnumbered.
	Seq int
}

// Kind returns c.Op.
func (c Command) Kind() Kind { return c.Op }

// check reports what c lacks or has too much for its Op.
func (c Command) check() error {
	hasSpec := c.Spec.Family != ""
	hasView := c.View.Panel != ""
	if c.Until != 0 && c.Op != KindPlay {
		return fmt.Errorf("protocol: %s command with a step to stop at", c.Op)
	}
	if hasView != (c.Op == KindView) {
		return fmt.Errorf("protocol: %s command with a view, or a view command without one", c.Op)
	}
	if (c.Weights != nil) != (c.Op == KindImport) {
		return fmt.Errorf("protocol: %s command with weights, or an import without them", c.Op)
	}
	switch c.Op {
	case KindPlay, KindReset, KindStep, KindTune:
		if !hasSpec {
			return fmt.Errorf("protocol: %s command without a spec", c.Op)
		}
		if c.Model != "" {
			return fmt.Errorf("protocol: %s command with a model name", c.Op)
		}
		return c.Spec.Validate()
	case KindLoad:
		if c.Model == "" {
			return errors.New("protocol: load command without a model name")
		}
		if hasSpec {
			return errors.New("protocol: load command with a spec")
		}
	case KindPause, KindImport, KindExport:
		if hasSpec || c.Model != "" {
			return fmt.Errorf("protocol: %s command with a spec or model name", c.Op)
		}
	case KindView:
		if hasSpec || c.Model != "" {
			return errors.New("protocol: view command with a spec or model name")
		}
		return c.View.Validate()
	default:
		return fmt.Errorf("protocol: Command with op %q", c.Op)
	}
	return nil
}

// Ready says that the worker is running and takes commands.
type Ready struct{}

// Kind returns KindReady.
func (Ready) Kind() Kind { return KindReady }

// Manifest lists the pretrained models the server offers. The worker sends
// it once after Ready: with the manifest, or with the Problem that kept it
// from reading one (the page then offers no pretrained models).
type Manifest struct {
	// Manifest is the server's manifest, checked by registry.ParseManifest;
	// nil when Problem says why there is none.
	Manifest *registry.Manifest
	// Problem says, for people, why there is no manifest; "" when there is.
	Problem string
}

// Kind returns KindManifest.
func (Manifest) Kind() Kind { return KindManifest }

// Loading reports a download in progress: the worker sends one when it
// starts, a few a second while bytes arrive and one when the file is
// complete (Done == Total).
type Loading struct {
	// What names the file for people: "MNIST images", "the weights of
	// Diffusion on MNIST".
	What string
	// Done is the number of bytes received so far, at most Total.
	Done int
	// Total is the size of the file in bytes, as the manifest gives it.
	Total int
}

// Kind returns KindLoading.
func (Loading) Kind() Kind { return KindLoading }

// Progress reports the state of the worker's session.
type Progress struct {
	// Spec is what the session was built or loaded from; its Steps is the
	// step count it started at. The zero Spec means there is no session.
	Spec models.Spec
	// Model is the name of the manifest model the session was loaded
	// from, or "" for a model built from Spec.
	Model string
	// Dim is the dimension of one generated point: 2 for the 2D sets, or
	// Rows·Cols for images.
	Dim int
	// Rows and Cols are the image size of an image data set; 0 for points.
	Rows, Cols int
	// Sampler says how a sample is drawn, for people: "DDPM, 1000 steps",
	// "one pass".
	Sampler string
	// Step is the number of optimizer steps the model has taken, counting
	// the pretrained ones of a loaded model.
	Step int
	// Terms names the loss terms of each step, the total first: "total",
	// "d_loss", "g_loss"; empty when there is no session.
	Terms []string
	// Losses holds len(Terms) values per step since the previous Progress,
	// step after step, oldest first; it may be empty.
	Losses []float32
	// Points holds the newest generated sample, Dim values per point
	// (x0, y0, x1, y1, … in 2D; image after image, row by row, for
	// images), or nil when no sample finished since the previous Progress.
	Points []float32
	// Samples counts the samples that finished since the session started;
	// Points belongs to number Samples.
	Samples int
	// Sampling is the fraction of the running sample that is done, in
	// [0, 1].
	Sampling float64
	// StepsPerSec is the training speed in optimizer steps per second of
	// wall time while training.
	StepsPerSec float64
	// Running reports whether the worker is training.
	Running bool
	// Until is the step count at which training pauses by itself; 0 when
	// it trains on.
	Until int
	// Seq is the Seq of the newest command the worker has handled.
	Seq int
	// Tuned is the step count at which a live change of the config last
	// took effect; 0 when the run kept its config from the start.
	Tuned int
	// Caps are the capabilities of the session's model; PanelsFor gives
	// its panels from them. Empty when there is no session.
	Caps []Capability
	// Metrics are the live metrics of the newest sample (see Stat), the
	// same names for every family; nil when no sample was scored since
	// the previous Progress.
	Metrics []Stat
	// WorkPanel is the panel of the figure the worker is computing for
	// the page's View, once it has worked on it for a while (a fifth of a
	// second); "" when there is none. Work says what the figure's current
	// part computes, for people ("sampling", "scoring with the digit
	// classifier"), or is "".
	WorkPanel, Work string
	// WorkDone and WorkTotal are the work done on that figure and its
	// whole work, in units of about a network evaluation of one point.
	WorkDone, WorkTotal int
	// WorkLeft is the estimated time left in seconds, from the rate of the
	// work done so far; negative when it is not known yet.
	WorkLeft float64
}

// Stat is a named number: a metric, a timing, a count. NaN means "does not
// apply".
type Stat struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// Figure is what the worker computed for the page's View: named arrays of
// numbers (points, a heatmap, images, codes, labels) and named numbers, for
// the session's step Step. Which arrays a panel holds is up to the panel;
// see the worker's figures.
type Figure struct {
	// Panel is the View panel the figure was computed for.
	Panel string
	// Step is the session's step count when it was computed.
	Step int
	// Arrays holds the figure's data, each array named.
	Arrays []Array
	// Stats holds the figure's numbers.
	Stats []Stat
	// Note says something about the figure for people, or is "".
	Note string
}

// Array is a named []float32 of a Figure.
type Array struct {
	Name string
	Data []float32
}

// Kind returns KindFigure.
func (Figure) Kind() Kind { return KindFigure }

// Get returns the array named name, or nil.
func (f Figure) Get(name string) []float32 {
	for _, a := range f.Arrays {
		if a.Name == name {
			return a.Data
		}
	}
	return nil
}

// Stat returns the number named name and whether f has it.
func (f Figure) Stat(name string) (float64, bool) {
	for _, s := range f.Stats {
		if s.Name == name {
			return s.Value, true
		}
	}
	return math.NaN(), false
}

// Weights carries the session's weights file, as Export asked.
type Weights struct {
	// Name is a file name for the download: "gan-8gaussians-step1200.safetensors".
	Name string
	// Bytes is the safetensors file, with the Spec in its metadata.
	Bytes []byte
}

// Kind returns KindWeights.
func (Weights) Kind() Kind { return KindWeights }

// Kind returns KindProgress.
func (Progress) Kind() Kind { return KindProgress }

// Error reports a problem. When Stopped is set, training stopped (a loss
// that is not finite) and only a reset or a play of another Spec trains
// again; otherwise the worker refused a command or a download and carries on
// with the session it had.
type Error struct {
	// Step is the step count when the problem happened.
	Step int
	// Message says what happened, for people.
	Message string
	// Stopped reports whether the problem stopped training.
	Stopped bool
}

// Kind returns KindError.
func (Error) Kind() Kind { return KindError }

// Encode returns the plain form of m. It panics if m is not one of the
// message types of this package, is a Command whose fields do not fit its Op,
// or has a field out of range: all are programmer errors.
func Encode(m Message) Plain {
	switch m := m.(type) {
	case Command:
		if err := m.check(); err != nil {
			panic("protocol: cannot encode: " + err.Error())
		}
		return encode(m.Op, &m, commandFields())
	case Ready:
		return encode(KindReady, &m, readyFields())
	case Manifest:
		if (m.Manifest == nil) == (m.Problem == "") {
			panic("protocol: Manifest needs exactly one of a manifest and a problem")
		}
		return encode(KindManifest, &m, manifestFields())
	case Loading:
		if m.Done > m.Total {
			panic(fmt.Sprintf("protocol: Loading with %d of %d bytes done", m.Done, m.Total))
		}
		return encode(KindLoading, &m, loadingFields())
	case Progress:
		return encode(KindProgress, &m, progressFields())
	case Figure:
		if m.Panel == "" {
			panic("protocol: Figure without a panel")
		}
		return encode(KindFigure, &m, figureFields())
	case Weights:
		return encode(KindWeights, &m, weightsFields())
	case Error:
		return encode(KindError, &m, errorFields())
	}
	panic(fmt.Sprintf("protocol: cannot encode %T", m))
}

// Decode returns the message whose plain form is p. It returns an error if p
// has no known kind, lacks a field, has a field of the wrong type or out of
// range, has a key that the kind does not know, or has fields that do not
// fit together (a play without a spec, more bytes done than there are).
func Decode(p Plain) (Message, error) {
	k, ok := p[KindKey].(string)
	if !ok {
		return nil, fmt.Errorf("protocol: message without a %q string", KindKey)
	}
	var (
		m   Message
		err error
	)
	switch kind := Kind(k); kind {
	case KindPlay, KindPause, KindReset, KindLoad, KindStep, KindTune, KindView, KindImport, KindExport:
		c := Command{Op: kind}
		err = decode(p, kind, &c, commandFields())
		if err == nil {
			err = c.check()
		}
		m = c
	case KindReady:
		var r Ready
		err = decode(p, kind, &r, readyFields())
		m = r
	case KindManifest:
		var f Manifest
		err = decode(p, kind, &f, manifestFields())
		if err == nil && (f.Manifest == nil) == (f.Problem == "") {
			err = errors.New("protocol: manifest message needs exactly one of \"manifest\" and \"problem\"")
		}
		m = f
	case KindLoading:
		var l Loading
		err = decode(p, kind, &l, loadingFields())
		if err == nil && l.Done > l.Total {
			err = fmt.Errorf("protocol: loading message with %d of %d bytes done", l.Done, l.Total)
		}
		m = l
	case KindProgress:
		var g Progress
		err = decode(p, kind, &g, progressFields())
		m = g
	case KindFigure:
		var f Figure
		err = decode(p, kind, &f, figureFields())
		if err == nil && f.Panel == "" {
			err = errors.New("protocol: figure message without a panel")
		}
		m = f
	case KindWeights:
		var w Weights
		err = decode(p, kind, &w, weightsFields())
		m = w
	case KindError:
		var e Error
		err = decode(p, kind, &e, errorFields())
		m = e
	default:
		return nil, fmt.Errorf("protocol: unknown message kind %q", k)
	}
	if err != nil {
		return nil, err
	}
	return m, nil
}

// The field tables: one per message type, driving Encode and Decode alike.

func commandFields() []field[Command] {
	return []field[Command]{
		specField("spec", func(m *Command) *models.Spec { return &m.Spec }),
		optIntField("until", func(m *Command) *int { return &m.Until }),
		optStringField("model", func(m *Command) *string { return &m.Model }),
		viewField("view", func(m *Command) *View { return &m.View }),
		bytesField("weights", func(m *Command) *[]byte { return &m.Weights }),
		optIntField("seq", func(m *Command) *int { return &m.Seq }),
	}
}

func readyFields() []field[Ready] { return nil }

func manifestFields() []field[Manifest] {
	return []field[Manifest]{
		manifestField("manifest", func(m *Manifest) **registry.Manifest { return &m.Manifest }),
		optStringField("problem", func(m *Manifest) *string { return &m.Problem }),
	}
}

func loadingFields() []field[Loading] {
	return []field[Loading]{
		stringField("what", func(m *Loading) *string { return &m.What }),
		intField("done", func(m *Loading) *int { return &m.Done }),
		intField("total", func(m *Loading) *int { return &m.Total }),
	}
}

func progressFields() []field[Progress] {
	return []field[Progress]{
		specField("spec", func(m *Progress) *models.Spec { return &m.Spec }),
		optStringField("model", func(m *Progress) *string { return &m.Model }),
		intField("dim", func(m *Progress) *int { return &m.Dim }),
		intField("rows", func(m *Progress) *int { return &m.Rows }),
		intField("cols", func(m *Progress) *int { return &m.Cols }),
		optStringField("sampler", func(m *Progress) *string { return &m.Sampler }),
		intField("step", func(m *Progress) *int { return &m.Step }),
		termsField("terms", func(m *Progress) *[]string { return &m.Terms }),
		floatsField("losses", func(m *Progress) *[]float32 { return &m.Losses }),
		floatsField("points", func(m *Progress) *[]float32 { return &m.Points }),
		intField("samples", func(m *Progress) *int { return &m.Samples }),
		float64Field("sampling", func(m *Progress) *float64 { return &m.Sampling }),
		float64Field("stepsPerSec", func(m *Progress) *float64 { return &m.StepsPerSec }),
		boolField("running", func(m *Progress) *bool { return &m.Running }),
		optIntField("until", func(m *Progress) *int { return &m.Until }),
		optIntField("seq", func(m *Progress) *int { return &m.Seq }),
		optIntField("tuned", func(m *Progress) *int { return &m.Tuned }),
		termsField("caps", func(m *Progress) *[]Capability { return &m.Caps }),
		statsField("metrics", func(m *Progress) *[]Stat { return &m.Metrics }),
		optStringField("workPanel", func(m *Progress) *string { return &m.WorkPanel }),
		optStringField("work", func(m *Progress) *string { return &m.Work }),
		optIntField("workDone", func(m *Progress) *int { return &m.WorkDone }),
		optIntField("workTotal", func(m *Progress) *int { return &m.WorkTotal }),
		optFloat64Field("workLeft", func(m *Progress) *float64 { return &m.WorkLeft }),
	}
}

func figureFields() []field[Figure] {
	return slices.Concat([]field[Figure]{
		stringField("panel", func(m *Figure) *string { return &m.Panel }),
		intField("step", func(m *Figure) *int { return &m.Step }),
	}, arraysField("arrays", "data", func(m *Figure) *[]Array { return &m.Arrays }), []field[Figure]{
		statsField("stats", func(m *Figure) *[]Stat { return &m.Stats }),
		optStringField("note", func(m *Figure) *string { return &m.Note }),
	})
}

func weightsFields() []field[Weights] {
	return []field[Weights]{
		stringField("name", func(m *Weights) *string { return &m.Name }),
		bytesField("bytes", func(m *Weights) *[]byte { return &m.Bytes }),
	}
}

func errorFields() []field[Error] {
	return []field[Error]{
		intField("step", func(m *Error) *int { return &m.Step }),
		stringField("message", func(m *Error) *string { return &m.Message }),
		boolField("stopped", func(m *Error) *bool { return &m.Stopped }),
	}
}

// SameRun reports whether a and b name the same training run, as
// models.SameRun. A play command resumes the worker's session when SameRun
// holds for its Spec and the session's.
func SameRun(a, b models.Spec) bool { return models.SameRun(a, b) }
