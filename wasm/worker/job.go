package worker

import (
	"iter"
	"time"

	"genplay/tensor/rng"
	"genplay/wasm/protocol"
)

// job computes one Figure in pieces, each a bounded amount of work (one
// network evaluation of a chain, one pass of a few thousand points), so
// that the worker never works on a figure for much more than a tick
// before it can read commands again. Tick advances the job in sampling's
// share of the time while training, and in all of it while paused.
type job struct {
	fig    protocol.Figure
	pieces []piece  // the first is called until it reports that it is done
	stops  []func() // release the coroutines of stepwise pieces
	now    func() time.Time
	// metrics reports that the figure's stats, but for psi, are the live
	// metrics of the sample it shows (PanelSamples).
	metrics bool
	// whole reports that the job, once started, runs to its end before
	// training goes on (a live score of a 2D sample).
	whole bool

	// The job's progress, for the page's bar (see report): when it was
	// first advanced, the work of its finished pieces and of the current
	// piece's calls so far, in work units.
	started    time.Time
	done, part int
	// label is what the pieces appended next compute, for people.
	label string
}

// piece is a bounded unit of a job's work, called until it reports that it
// is done. Its work is counted in units of about one network evaluation of
// one point (a chain step of n points is n units), so that the work of
// different pieces adds up: units is the whole piece's, step what one call
// does (the piece's units for a piece that runs once).
type piece struct {
	run         func() bool
	units, step int
	label       string
}

// then appends a piece of the given units that does step units a call.
func (j *job) then(units, step int, run func() bool) {
	j.pieces = append(j.pieces, piece{run: run, units: max(units, 1), step: max(step, 1), label: j.label})
}

// do appends a piece that runs f once, of one unit of work.
func (j *job) do(f func()) { j.doUnits(1, f) }

// doUnits appends a piece that runs f once, of the given units of work.
func (j *job) doUnits(units int, f func()) {
	j.then(units, units, func() bool { f(); return true })
}

// as makes label what the pieces appended after it compute, and returns j.
func (j *job) as(label string) *job { j.label = label; return j }

// advance calls the current piece once and reports whether the job is
// done.
func (j *job) advance(now func() time.Time) bool {
	j.now = now
	if j.started.IsZero() {
		j.started = now()
	}
	if len(j.pieces) > 0 {
		p := &j.pieces[0]
		if p.run() {
			j.done += p.units
			j.part = 0
			j.pieces = j.pieces[1:]
		} else {
			j.part = min(j.part+p.step, p.units-1)
		}
	}
	return len(j.pieces) == 0
}

// report returns the job's progress at now: what it computes, the work
// done and its total in units, and the time left, estimated from the rate
// of the work so far (its wall time since it started, which counts the
// time of training between its pieces too); left is negative while no
// work is done to measure the rate by.
func (j *job) report(now time.Time) (what string, done, total int, left time.Duration) {
	done = j.done + j.part
	total = done
	for i, p := range j.pieces {
		total += p.units
		if i == 0 {
			total -= j.part
			what = p.label
		}
	}
	left = -1
	if el := now.Sub(j.started); done > 0 && !j.started.IsZero() {
		left = time.Duration(float64(el) * float64(total-done) / float64(done))
	}
	return what, done, total, left
}

// stop releases what j holds; j is not advanced again.
func (j *job) stop() {
	for _, s := range j.stops {
		s()
	}
	j.stops, j.pieces = nil, nil
}

// chain appends a piece that runs the chain that start returns one step a
// call, then calls done with its points, its number of steps and the wall
// time spent in its steps. each, if not nil, sees the chain before its
// first step and after every step, with the number of steps taken. The
// chain is of n points and about steps steps, which its start corrects:
// the work the page's bar counts.
func (j *job) chain(n, steps int, start func() chain, r *rng.PCG, each func(c chain, k int), done func(x []float32, steps int, spent time.Duration)) {
	var (
		c     chain
		total int
		spent time.Duration
	)
	j.then(n*steps, n, func() bool {
		t := j.now()
		if c == nil {
			c = start()
			total = c.Remaining()
			j.pieces[0].units = max(n*total, 1) // the piece is the first by now
			if each != nil {
				each(c, 0)
			}
		}
		fin := c.Advance(1, r)
		if each != nil {
			each(c, total-c.Remaining())
		}
		spent += j.now().Sub(t)
		if fin {
			done(c.X(), total, spent)
		}
		return fin
	})
}

// stepwise appends a piece that runs f, which calls pause between its units
// of work, up to its next pause per call: a blocking computation turned
// into a resumable one (a coroutine, iter.Pull). pause returns false once
// the job was dropped; f should then skip its remaining work and return.
// The piece is of the given work units, step of them between two pauses.
func (j *job) stepwise(units, step int, f func(pause func() bool)) {
	var next func() (struct{}, bool)
	j.then(units, step, func() bool {
		if next == nil {
			var stop func()
			next, stop = iter.Pull(func(yield func(struct{}) bool) {
				f(func() bool { return yield(struct{}{}) })
			})
			j.stops = append(j.stops, stop)
		}
		_, more := next()
		return !more
	})
}

// What the pieces of the jobs compute, for the page's bar.
const (
	labelSampling      = "sampling"
	labelLikelihood    = "the likelihood of held-out points"
	labelScoring       = "scoring the sample"
	labelScoreSampling = "drawing 256 samples to score"
	labelClassifier    = "scoring with the digit classifier"
)

// classifyUnits is the work of scoring one image with the digit
// classifier, in units of a network evaluation of one image by the models
// whose scores take long, those that sample step by step (see piece):
// natively, 218 µs an image against 62 µs for a step of the pretrained
// diffusion model on MNIST and 84 µs for flow matching's (256 images).
const classifyUnits = 3
