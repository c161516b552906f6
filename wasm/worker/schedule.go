package worker

import (
	"time"

	"genplay/wasm/protocol"
)

// The worker's time slicing while a model trains: what each round of a
// tick does, and the shares of the wall time that sampling and scoring
// may take (settings.trainShare, floorShare, scoreShare).

// Tick works for about one tick while busy and returns the messages to
// post: a Progress when one is due, a wanted sample is done or a Figure was
// finished (the Figures first), and an Error and a Progress when training
// stopped because a loss was not finite.
//
// While training, each round of its loop does one thing: a piece of the
// live score under way (a 2D score runs to its end once started, an image
// score only while scoring is within cfg.scoreShare), a piece of the
// figure when sampling is behind its share, a step of the live sample when
// one is due (sampleDue), the start of an image score when one is due, or
// else a training step.
func (tr *trainer) Tick(now func() time.Time) []protocol.Message {
	s := tr.s
	if !tr.Busy() {
		return nil
	}
	start := now()
	if s.running && !tr.lastTick.IsZero() {
		// The time since the last tick went to posting its messages, to
		// the event loop and to commands: it is play's wall time too.
		gap := min(start.Sub(tr.lastTick), time.Second)
		s.account(phaseOther, gap)
		s.rateWall += gap
	}
	t := start
	// spend counts the time since t as p's and moves t on.
	spend := func(p phase) {
		t1 := now()
		s.account(p, t1.Sub(t))
		t = t1
	}
	// End the tick early when a Progress falls due, so that they go out
	// every cfg.every and not at the next tick boundary after it.
	for tr.Busy() && t.Sub(start) < tr.cfg.tick && t.Sub(tr.lastPost) < tr.cfg.every {
		wall, score := float64(s.recentWall()), float64(s.recent[phaseScore])
		side := float64(s.recent[phaseSample]) + min(score, tr.cfg.scoreShare*wall)
		switch {
		case !s.running && s.want, s.running && s.job == nil && !s.fresh && tr.sampleDue(t) && (s.ch != nil || tr.liveDue(t)):
			// Sample while paused, or when a live sample is due (and the
			// last started at least cfg.liveGap before); but never while a
			// finished sample waits to be posted.
			if s.running && s.ch == nil {
				s.liveAt = t // a live sample starts
			}
			t0 := t
			done := tr.sampleStep()
			spend(phaseSample)
			s.busy += t.Sub(t0)
			if done {
				tr.sampled(t)
				spend(phaseSample)
				if !s.running {
					// The sample wanted while paused is done, and scored
					// at once: show it now.
					for s.score != nil {
						tr.advanceScore(now, spend)
					}
					s.rateWall += t.Sub(start)
					return append(tr.takeOut(), tr.progress(t))
				}
			}
		case !s.running && s.job == nil:
			// The paused figure is done: the paused image model's score
			// takes the time, and its numbers go out when it is done.
			if s.score == nil {
				tr.startPausedScore()
			}
			done := s.score.advance(now)
			spend(phaseScore)
			if done {
				s.dropScore()
				s.rateWall += t.Sub(start)
				return append(tr.takeOut(), tr.progress(t))
			}
		case !s.running:
			// The paused figure takes all the time.
			if s.job.advance(now) {
				tr.finishJob()
				spend(phaseSample)
				s.rateWall += t.Sub(start)
				return append(tr.takeOut(), tr.progress(t))
			}
			spend(phaseSample)
		case s.score != nil && (s.score.whole || score < tr.cfg.scoreShare*wall+float64(tr.cfg.scoreBurst)):
			// A 2D score runs to its end at once, so that its numbers
			// are those of the step it was drawn at; an image score up to
			// scoreBurst past its share. Their start kept them within it.
			tr.advanceScore(now, spend)
		case s.job != nil && side < (1-tr.cfg.trainShare)*wall:
			// Figures share sampling's time.
			if s.job.advance(now) {
				tr.finishJob()
			}
			spend(phaseSample)
		case s.score == nil && tr.imageScoreDue(t):
			tr.startImageScore()
			spend(phaseScore)
		default:
			tr.trainStep()
			spend(phaseTrain)
			if s.failure != "" {
				s.rateWall += t.Sub(start)
				s.want = false
				s.dropJob()
				s.dropScore()
				tr.lastTick = time.Time{}
				return []protocol.Message{protocol.Error{Step: s.step, Message: s.failure, Stopped: true}, tr.progress(t)}
			}
			if s.until > 0 && s.step >= s.until {
				// Paused by itself: show the model as a pause does.
				s.running, s.want = false, true
				s.dropScore()
				tr.startFigure(false)
			}
		}
	}
	s.rateWall += t.Sub(start)
	s.forget(tr.cfg.shareWindow)
	tr.lastTick = time.Time{}
	if s.running {
		tr.lastTick = t
	}
	msgs := tr.takeOut()
	if t.Sub(tr.lastPost) >= tr.cfg.every || len(msgs) > 0 {
		msgs = append(msgs, tr.progress(t))
	}
	return msgs
}

// phase names what a stretch of play's wall time went to.
type phase int

const (
	phaseTrain  phase = iota // training steps
	phaseSample              // live samples and figures
	phaseScore               // scoring live samples
	phaseOther               // between ticks: posting, the event loop, commands
	phases
)

// account counts d of play's wall time as p's.
func (s *session) account(p phase, d time.Duration) {
	switch p {
	case phaseTrain:
		s.trainTime += d
	case phaseSample:
		s.sampleTime += d
	case phaseScore:
		s.scoreTime += d
		s.scoreRun += d
	case phaseOther:
		s.otherTime += d
	}
	s.recent[p] += d
}

// wall returns the wall time of play since the session started.
func (s *session) wall() time.Duration {
	return s.trainTime + s.sampleTime + s.scoreTime + s.otherTime
}

// scoreFits reports whether a live score may start: whether the recent
// scoring time and what the newest score cost (at most a quarter of the
// share, so that a costly first score does not keep the next from ever
// starting) stay within cfg.scoreShare of the recent wall time.
func (tr *trainer) scoreFits() bool {
	s := tr.s
	budget := tr.cfg.scoreShare * float64(s.recentWall())
	return float64(s.recent[phaseScore])+min(float64(s.scoreCost), budget/4) < budget
}

// recentWall returns the recent wall time of play.
func (s *session) recentWall() time.Duration {
	var w time.Duration
	for _, d := range s.recent {
		w += d
	}
	return w
}

// forget scales the recent times down to a total of window once they
// exceed it: each stretch of time then counts less the older it is, by
// about e^(−age/window).
func (s *session) forget(window time.Duration) {
	w := s.recentWall()
	if w <= window {
		return
	}
	f := float64(window) / float64(w)
	for i, d := range s.recent {
		s.recent[i] = time.Duration(f * float64(d))
	}
}

// sampleDue reports whether a step of a live sample is due at t: while
// sampling and scoring are within 1 − cfg.trainShare of the wall time, or,
// when the next sample would otherwise end more than cfg.sampleGap after
// the newest (whose sampling time it is taken to cost), while they are
// within 1 − cfg.floorShare. So cheap samples come once per Progress and
// costly ones every sampleGap as long as that costs training no more than
// its floor: the share of sampling follows what a sample costs. Scoring
// counts at most at its own share, so that a score that overran it (the
// first one, in code the browser has not optimised yet) holds up the
// next scores but not the samples.
func (tr *trainer) sampleDue(t time.Time) bool {
	s := tr.s
	wall := float64(s.recentWall())
	side := float64(s.recent[phaseSample]) + min(float64(s.recent[phaseScore]), tr.cfg.scoreShare*wall)
	if side < (1-tr.cfg.trainShare)*wall {
		return true
	}
	return t.Sub(s.lastSample)+s.lastCost >= tr.cfg.sampleGap && side < (1-tr.cfg.floorShare)*wall
}
