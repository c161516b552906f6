package worker

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/registry"
	"genplay/tensor/rng"
	"genplay/wasm/protocol"
)

// chain is a sampling run that is advanced a few steps at a time, such as a
// diffusion model's reverse process: the part of a models.Chain the
// trainer uses.
type chain interface {
	Advance(k int, r *rng.PCG) (done bool)
	Remaining() int
	X() []float32
}

// chainStart starts a chain of n points drawn with r.
type chainStart func(n int, r *rng.PCG) chain

// fetcher downloads the file at path, relative to the server's root, of at
// most limit bytes, calling progress with the bytes received so far.
type fetcher func(path string, limit int64, progress func(done int64)) ([]byte, error)

// settings tune a trainer. defaults returns the ones the worker uses.
type settings struct {
	// tick is the time the trainer works before it yields.
	tick time.Duration
	// every is the time between Progress messages while working.
	every time.Duration
	// reportEvery is the least time between two Loading reports of one
	// download.
	reportEvery time.Duration
	// trainShare is the share of the wall time of play that training
	// keeps while samples are cheap: sampling, the scoring of samples and
	// the figures take at most the rest, and only what one sample per
	// Progress costs when that is less, since a finished sample waits to
	// be posted before the next starts. The wall time counts the time
	// between ticks (posting, the event loop, commands) too.
	trainShare float64
	// floorShare is the least share training keeps when samples are
	// costly: to deliver a live sample every sampleGap, sampling and
	// scoring may take up to 1 − floorShare of the wall time.
	floorShare float64
	sampleGap  time.Duration
	// scoreShare is the most share of the wall time that scoring live
	// samples takes: a finished 2D sample is scored only while scoring is
	// within it, and shown without new metrics otherwise; an image model's
	// score (the classifier's) advances only while within it.
	scoreShare float64
	// scoreBurst is how far past its share an image score that has
	// started may run before its pieces wait for the share: a score that
	// costs less runs to its end at once, one that costs more (a chain
	// of many steps) spreads over the time its share allows.
	scoreBurst time.Duration
	// shareWindow is the span of recent wall time whose shares count.
	shareWindow time.Duration
	// imageScoreEvery is the least time between the end of one automatic
	// score of an image model while it trains and the start of the next.
	imageScoreEvery time.Duration
	// mmdRows is the number of rows of MMD's pair sums in one piece of a
	// live score (metrics.MMDSum): 64 rows of 512 points are some 50000
	// kernel terms.
	mmdRows int
	// points is the number of points of a sample of a 2D set; images the
	// number of images of a sample of an image set.
	points, images int
	// imageSteps is the number of DDIM steps of a diffusion model's sample
	// of images.
	imageSteps int
	// liveSteps is the most network evaluations of a step-wise model's
	// sample of a 2D set: a live preview with the first sampler that takes
	// a step count (diffusion: DDIM with η = 0), so that samples follow
	// training within a second; 0 keeps the default sampler (diffusion:
	// DDPM over all T steps).
	liveSteps int
	// liveGap is the least time between the starts of two live samples
	// while training (see liveDue).
	liveGap time.Duration
	// workShow is how long the worker works on a figure before its
	// Progress reports tell the page how far it is (Progress.Work…): a
	// figure done sooner comes without a bar.
	workShow time.Duration
	// build makes a fresh model from a Spec, as registry.Build.
	build func(models.Spec, registry.Images) (models.Model, models.Source, *rng.PCG, error)
	// load reads a weights file, as registry.Load.
	load func([]byte, registry.Images) (*registry.Loaded, error)
	// tune applies a config's live fields to a training model, as
	// registry.Tune.
	tune func(m models.Model, family string, config json.RawMessage) error
	// chains says how m samples step by step, with a description of the
	// sampler; start is nil for models that sample in one pass.
	chains func(m models.Model, dim int) (start chainStart, sampler string)
}

func defaults() settings {
	return settings{
		tick:            40 * time.Millisecond,
		every:           250 * time.Millisecond,
		reportEvery:     100 * time.Millisecond,
		trainShare:      0.9,
		floorShare:      0.8,
		sampleGap:       500 * time.Millisecond,
		scoreShare:      0.08,
		imageScoreEvery: 5 * time.Second,
		scoreBurst:      time.Second,
		shareWindow:     10 * time.Second,
		mmdRows:         64,
		points:          512,
		images:          16,
		imageSteps:      100,
		liveSteps:       20,
		liveGap:         liveGap,
		workShow:        200 * time.Millisecond,
		build:           registry.Build,
		load: func(b []byte, im registry.Images) (*registry.Loaded, error) {
			return registry.Load(bytes.NewReader(b), im)
		},
		tune: registry.Tune,
	}
}

// trainer is the worker's state: at most one session, the pretrained models
// on offer, the command logic and the time slicing. It is not safe for
// concurrent use.
type trainer struct {
	cfg      settings
	fetch    fetcher
	emit     func(protocol.Message) // Loading reports, while Handle downloads
	s        *session
	lastPost time.Time

	manifest *registry.Manifest
	images   registry.Images // image sets this trainer downloaded
	scorer   *imageScorer    // the classifier of image metrics, once downloaded

	lastTick time.Time // the end of the last tick, if the session trains

	view protocol.View      // what the page shows; Panel "" before the first view
	seq  int                // the Seq of the newest command handled
	out  []protocol.Message // figures that wait to be posted
}

// session is one model, built or loaded, and its training and sampling.
type session struct {
	// bandwidths are MMD's kernel widths, from real points of a stream of
	// the seed (quality2DJob): fixed for the session, so that MMD² values
	// compare over time and across loads, and computed once, since they
	// sort all pairwise distances.
	bandwidths []float64
	// fieldGrid holds the points a 2D model's field is drawn at, the
	// same for every sample of the session.
	fieldGrid []float32

	spec  models.Spec // Steps is the step count at the start
	model string      // the manifest model it was loaded from, or ""
	m     models.Model
	src   models.Source

	dim, rows, cols int
	set             data.Set     // the 2D set, if is2D
	img             *data.Images // the image set, or nil
	is2D            bool
	trainRNG        *rng.PCG
	sampleRNG       *rng.PCG

	step    int
	running bool
	want    bool   // a sample is wanted even while paused
	failure string // why training stopped for good, or ""

	start    chainStart // nil: the model samples in one pass
	sampler  string
	n        int // points per sample
	ch       chain
	chainLen int
	buf      []float32 // one-pass samples are drawn here
	points   []float32 // the newest finished sample, if fresh
	fresh    bool
	samples  int

	terms  []string  // the loss terms' names, from the latest step
	losses []float32 // len(terms) per step since the last Progress

	until   int             // the step at which play pauses by itself, or 0
	tuned   int             // the step of the last live change of the config
	metrics []protocol.Stat // of the newest scored sample, until posted
	last    []protocol.Stat // of the newest scored sample
	scores  []protocol.Stat // the image metrics of the last View with Score
	job     *job            // the figure being computed, or nil
	score   *job            // the live score being computed, or nil
	snap    snapshot        // the last good weights
	busy    time.Duration   // sampling time spent on the running sample
	liveAt  time.Time       // when the last live sample started

	// The wall time of play since the start, by what it went to: training
	// steps; live samples and figures; scoring live samples; the time
	// between ticks (posting, the event loop, commands). recent holds the
	// same, forgotten gradually past cfg.shareWindow (schedule.go): the
	// shares the trainer keeps are of the recent time, so that one costly
	// score (the first, before the browser optimised the code) does not
	// hold up the next ones for long.
	trainTime, sampleTime, scoreTime, otherTime time.Duration
	recent                                      [phases]time.Duration

	lastSample time.Time     // when the newest live sample finished
	lastCost   time.Duration // the sampling time it took
	lastScore  time.Time     // when the newest automatic image score finished
	scoreRun   time.Duration // the scoring time of the score under way
	scoreCost  time.Duration // and of the newest finished score
	noScorer   bool          // the classifier could not be had: no automatic image scores
	scoredStep int           // the step of the newest finished image score, -1 before

	// Speed since the last Progress, and the last speed measured.
	rateSteps int
	rateWall  time.Duration
	rate      float64
}

// newTrainer returns a trainer that downloads with fetch and sends the
// Loading reports of its downloads to emit.
func newTrainer(cfg settings, fetch fetcher, emit func(protocol.Message)) *trainer {
	return &trainer{cfg: cfg, fetch: fetch, emit: emit}
}

// Busy reports whether the trainer has work to do in Tick: training, a
// sample that is wanted while paused, a paused figure, or the score of a
// paused image model.
func (tr *trainer) Busy() bool {
	return tr.s != nil && (tr.s.running || tr.s.want || tr.s.job != nil || tr.s.score != nil || tr.pausedScoreDue())
}

// newSession wraps a model built or loaded from spec.
func (tr *trainer) newSession(spec models.Spec, name string, m models.Model, src models.Source, root *rng.PCG) *session {
	s := &session{
		spec: spec, model: name, m: m, src: src,
		dim:      src.Dim(),
		trainRNG: root.Split(), sampleRNG: root.Split(),
		step: spec.Steps, scoredStep: -1,
	}
	s.set, s.img, s.is2D = setOf(src)
	if s.img != nil {
		s.rows, s.cols = s.img.Rows, s.img.Cols
	}
	s.n = tr.cfg.points
	if s.dim != 2 {
		s.n = tr.cfg.images
	}
	s.start, s.sampler = tr.cfg.chainsOf(m, s.dim)
	s.snap.take(s)
	return s
}

// use makes s the session, dropping the figure and score jobs of the one
// it replaces.
func (tr *trainer) use(s *session) {
	if tr.s != nil && tr.s != s {
		tr.s.dropJob()
		tr.s.dropScore()
	}
	tr.s = s
}

// build returns a session of a fresh model built from spec, downloading the
// data set first if it is an image set.
func (tr *trainer) build(spec models.Spec, now func() time.Time) (*session, error) {
	spec.Steps = 0
	if err := tr.ensureData(spec.Data, now); err != nil {
		return nil, err
	}
	m, src, r, err := tr.cfg.build(spec, tr.images)
	if err != nil {
		return nil, err
	}
	return tr.newSession(spec, "", m, src, r), nil
}

// Handle carries out c and returns the messages to post: a Progress that
// shows the new state, after an Error if c failed, and before a Weights for
// an export. A load or an import downloads what it needs before it returns,
// reporting through the trainer's emit function; so does the first view
// that asks for the scores of an image model (the classifier).
func (tr *trainer) Handle(c protocol.Command, now func() time.Time) []protocol.Message {
	tr.seq = max(tr.seq, c.Seq)
	fail := func(err error) []protocol.Message {
		e := protocol.Error{Message: sentence(err.Error())}
		if tr.s != nil {
			e.Step = tr.s.step
			if c.Op == protocol.KindLoad || c.Op == protocol.KindImport {
				e.Message += " The current model stays."
			}
		}
		return []protocol.Message{e, tr.progress(now())}
	}
	stopped := func() []protocol.Message {
		return []protocol.Message{protocol.Error{Step: tr.s.step, Message: tr.s.failure, Stopped: true}, tr.progress(now())}
	}
	switch c.Op {
	case protocol.KindPlay, protocol.KindStep:
		if err := tr.resume(c.Spec, now); err != nil {
			return fail(err)
		}
		s := tr.s
		if s.failure != "" {
			return stopped()
		}
		if c.Op == protocol.KindPlay {
			was := s.running
			s.running, s.until = true, c.Until
			if s.until > 0 && s.step >= s.until {
				s.running = false
			}
			if s.running && !was {
				// The paused figure (diffusion's samples: a chain of
				// every step) would hold up the live ones, which
				// follow every live sample.
				s.dropJob()
			}
			if s.running {
				tr.autoScores(now)
			}
			break
		}
		s.running, s.until = false, 0
		s.dropScore()
		tr.trainStep()
		if s.failure != "" {
			return stopped()
		}
		s.want = true
		tr.startFigure(false)
	case protocol.KindPause:
		if tr.s != nil && tr.s.running {
			tr.s.running, tr.s.until = false, 0
			tr.s.dropScore()
			tr.startFigure(false)
		}
	case protocol.KindReset:
		s, err := tr.build(c.Spec, now)
		if err != nil {
			return fail(err)
		}
		s.want = true
		tr.use(s)
		tr.startFigure(false)
	case protocol.KindLoad:
		s, err := tr.load(c.Model, now)
		if err != nil {
			return fail(err)
		}
		s.want = true
		tr.use(s)
		tr.autoScores(now)
		tr.startFigure(false)
	case protocol.KindImport:
		s, err := tr.importWeights(c.Weights, now)
		if ob := (*models.OverBudget)(nil); errors.As(err, &ob) {
			return fail(fmt.Errorf("the file's model is too large for this page: %v", err))
		}
		if err != nil {
			return fail(fmt.Errorf("the file is not a genplay weights file: %v", err))
		}
		s.want = true
		tr.use(s)
		tr.startFigure(false)
	case protocol.KindTune:
		if err := tr.tune(c.Spec); err != nil {
			return fail(err)
		}
	case protocol.KindExport:
		w, err := tr.export()
		if err != nil {
			return fail(err)
		}
		return []protocol.Message{tr.progress(now()), w}
	case protocol.KindView:
		tr.view = c.View
		if c.View.Score && tr.s != nil && !tr.s.is2D {
			if err := tr.ensureScorer(now); err != nil {
				return fail(err)
			}
		}
		if tr.readsInput(c.View) {
			// The drawn digit's reading (input_probs) needs the
			// classifier; without it the figure goes without one.
			_ = tr.ensureScorer(now)
		}
		if tr.s != nil {
			tr.s.scores = nil
			tr.startFigure(tr.s.running)
		}
	default:
		return fail(fmt.Errorf("worker: unknown command %q", c.Op))
	}
	if tr.s == nil || !tr.s.running {
		tr.lastTick = time.Time{} // no gap of play before the next tick
	}
	return append([]protocol.Message{tr.progress(now())}, tr.takeOut()...)
}

// autoScores gets the classifier an image model's metrics are scored with
// by themselves: while it trains (imageScoreDue) and once paused at a step
// (pausedScoreDue). Without it they wait for the page's Score, which says
// why.
func (tr *trainer) autoScores(now func() time.Time) {
	s := tr.s
	if !s.is2D && tr.scorer == nil && !s.noScorer {
		s.noScorer = tr.ensureScorer(now) != nil
	}
}

// sentence turns an error message into a sentence for people: capitalised,
// ending in a full stop.
func sentence(msg string) string {
	msg = strings.TrimPrefix(msg, "registry: ")
	if msg == "" {
		return msg
	}
	r, n := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[n:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// takeOut returns the figures that wait to be posted, and forgets them.
func (tr *trainer) takeOut() []protocol.Message {
	out := tr.out
	tr.out = nil
	return out
}

// trainStep does one training step. A loss term that is not finite stops
// training and restores the last good weights.
func (tr *trainer) trainStep() {
	s := tr.s
	losses := s.m.TrainStep(s.src, s.trainRNG)
	s.step++
	for _, l := range losses {
		if v := float64(l.Value); math.IsNaN(v) || math.IsInf(v, 0) {
			bad := s.step
			s.running = false
			tr.restore()
			s.failure = fmt.Sprintf("Training diverged at step %d: the %s loss is %v. The learning rate is probably too high for this model; lower it and press play. The weights of step %d are restored.",
				bad, l.Name, l.Value, s.step)
			return
		}
	}
	if len(s.terms) != len(losses) {
		s.terms = s.terms[:0]
		for _, l := range losses {
			s.terms = append(s.terms, l.Name)
		}
		s.losses = s.losses[:0] // a new set of terms starts a new series
	}
	for _, l := range losses {
		s.losses = append(s.losses, l.Value)
	}
	s.rateSteps++
}

// sampleStep advances the sampling chain by one step, starting a chain from
// the current weights and the fixed noise of liveNoise if there is none, or
// draws a whole sample of a model that samples in one pass from that noise;
// it reports whether a sample finished, which is then the fresh one.
func (tr *trainer) sampleStep() bool {
	s := tr.s
	if s.start == nil {
		if len(s.buf) != s.n*s.dim {
			s.buf = make([]float32, s.n*s.dim)
		}
		s.m.Sample(s.buf, liveNoise(s.spec.Seed))
		tr.finish(s.buf)
		return true
	}
	if s.ch == nil {
		s.ch = s.start(s.n, liveNoise(s.spec.Seed))
		s.chainLen = s.ch.Remaining()
	}
	if s.ch.Advance(1, s.sampleRNG) {
		tr.finish(s.ch.X())
		s.ch = nil
		return true
	}
	return false
}

// finish makes x the fresh sample.
func (tr *trainer) finish(x []float32) {
	s := tr.s
	s.points = append(s.points[:0], x...)
	s.fresh, s.want = true, false
	s.samples++
}

// progress returns the state of the session as a Progress and starts a new
// reporting period: losses, metrics and fresh points go out once. It takes
// a snapshot of the weights, the last good ones while training goes well.
func (tr *trainer) progress(now time.Time) protocol.Progress {
	tr.lastPost = now
	s := tr.s
	if s == nil {
		return protocol.Progress{Seq: tr.seq}
	}
	if s.rateWall > 0 {
		s.rate = float64(s.rateSteps) / s.rateWall.Seconds()
	}
	if s.failure == "" && s.snap.step != s.step {
		s.snap.take(s)
	}
	p := protocol.Progress{
		Seq:         tr.seq,
		Spec:        s.spec,
		Model:       s.model,
		Dim:         s.dim,
		Rows:        s.rows,
		Cols:        s.cols,
		Sampler:     s.sampler,
		Step:        s.step,
		Terms:       slices.Clone(s.terms),
		Losses:      s.losses,
		Samples:     s.samples,
		StepsPerSec: s.rate,
		Running:     s.running,
		Until:       s.until,
		Tuned:       s.tuned,
		Caps:        protocol.CapabilitiesOf(s.m),
		Metrics:     s.metrics,
	}
	if s.fresh {
		p.Points = append([]float32(nil), s.points...)
		s.fresh = false
	}
	if s.ch != nil && s.chainLen > 0 {
		p.Sampling = 1 - float64(s.ch.Remaining())/float64(s.chainLen)
	}
	if j := s.job; j != nil && !j.started.IsZero() && now.Sub(j.started) >= tr.cfg.workShow {
		what, done, total, left := j.report(now)
		p.WorkPanel, p.Work, p.WorkDone, p.WorkTotal = j.fig.Panel, what, done, total
		p.WorkLeft = -1
		if left >= 0 {
			p.WorkLeft = left.Seconds()
		}
	}
	s.losses, s.metrics = nil, nil
	s.rateSteps, s.rateWall = 0, 0
	return p
}
