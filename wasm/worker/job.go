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
	pieces []func() bool // the first is called until it reports that it is done
	stops  []func()      // release the coroutines of stepwise pieces
	now    func() time.Time
	// metrics reports that the figure's stats, but for psi, are the live
	// metrics of the sample it shows (PanelSamples).
	metrics bool
	// whole reports that the job, once started, runs to its end before
	// training goes on (a live score of a 2D sample).
	whole bool
}

// then appends pieces to j.
func (j *job) then(pieces ...func() bool) { j.pieces = append(j.pieces, pieces...) }

// do appends a piece that runs f once.
func (j *job) do(f func()) { j.then(func() bool { f(); return true }) }

// advance calls the current piece once and reports whether the job is
// done.
func (j *job) advance(now func() time.Time) bool {
	j.now = now
	if len(j.pieces) > 0 && j.pieces[0]() {
		j.pieces = j.pieces[1:]
	}
	return len(j.pieces) == 0
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
// first step and after every step, with the number of steps taken.
func (j *job) chain(start func() chain, r *rng.PCG, each func(c chain, k int), done func(x []float32, steps int, spent time.Duration)) {
	var (
		c     chain
		steps int
		spent time.Duration
	)
	j.then(func() bool {
		t := j.now()
		if c == nil {
			c = start()
			steps = c.Remaining()
			if each != nil {
				each(c, 0)
			}
		}
		fin := c.Advance(1, r)
		if each != nil {
			each(c, steps-c.Remaining())
		}
		spent += j.now().Sub(t)
		if fin {
			done(c.X(), steps, spent)
		}
		return fin
	})
}

// stepwise appends a piece that runs f, which calls pause between its units
// of work, up to its next pause per call: a blocking computation turned
// into a resumable one (a coroutine, iter.Pull). pause returns false once
// the job was dropped; f should then skip its remaining work and return.
func (j *job) stepwise(f func(pause func() bool)) {
	var next func() (struct{}, bool)
	j.then(func() bool {
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
