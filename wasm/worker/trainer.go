package main

import (
	"fmt"
	"math"
	"time"

	"genplay/models/data"
	"genplay/models/diffusion"
	"genplay/tensor/rng"
	"genplay/wasm/protocol"
)

// model is what the trainer needs of a diffusion model.
type model interface {
	// TrainStep does one optimizer step on x0 and returns the batch loss.
	TrainStep(x0 []float32, r *rng.PCG) float32
	// NewChain starts an ancestral sampling chain of n points.
	NewChain(n int, r *rng.PCG) chain
}

// chain is an ancestral sampling run, advanced a few steps at a time.
type chain interface {
	Advance(k int, r *rng.PCG) (done bool)
	Remaining() int
	X() []float32
}

// diffusionModel adapts *diffusion.Model to model.
type diffusionModel struct{ *diffusion.Model }

func (m diffusionModel) TrainStep(x0 []float32, r *rng.PCG) float32 { return m.Model.TrainBatch(x0, r) }

func (m diffusionModel) NewChain(n int, r *rng.PCG) chain { return m.Model.NewChain(n, r) }

// newDiffusion builds the default diffusion model from r and returns it with
// its batch size.
func newDiffusion(r *rng.PCG) (model, int, error) {
	cfg := diffusion.Default()
	m, err := diffusion.New(cfg, 2, r)
	if err != nil {
		return nil, 0, err
	}
	return diffusionModel{m}, cfg.Batch, nil
}

// settings tune a trainer. defaults returns the ones the worker uses.
type settings struct {
	// tick is the time the trainer works before it yields.
	tick time.Duration
	// every is the time between Progress messages while training.
	every time.Duration
	// trainShare is the share of busy time spent training; the rest samples.
	trainShare float64
	// points is the number of points in a sampling chain.
	points int
	// build makes a model from its random stream and says its batch size.
	build func(r *rng.PCG) (m model, batch int, err error)
}

func defaults() settings {
	return settings{
		tick:       40 * time.Millisecond,
		every:      250 * time.Millisecond,
		trainShare: 0.6,
		points:     512,
		build:      newDiffusion,
	}
}

// trainer is the worker's state: at most one session, the command logic and
// the time slicing. It is not safe for concurrent use.
type trainer struct {
	cfg      settings
	s        *session
	lastPost time.Time
}

// session is one model trained from one seed on one data set.
type session struct {
	seed uint64
	set  data.Set
	m    model

	batchRNG, noiseRNG, sampleRNG *rng.PCG
	batch                         []float32

	step    int
	running bool
	failure string // why training stopped for good, or ""

	ch       chain
	chainLen int
	points   []float32 // the newest finished sample, if fresh
	fresh    bool
	samples  int

	losses []float32 // since the last Progress

	trainTime, sampleTime time.Duration // busy time since the start

	// Speed since the last Progress, and the last speed measured.
	rateSteps int
	rateWall  time.Duration
	rate      float64
}

func newTrainer(cfg settings) *trainer { return &trainer{cfg: cfg} }

// Running reports whether the trainer has work to do in Tick.
func (tr *trainer) Running() bool { return tr.s != nil && tr.s.running }

// newSession builds a session for seed and the data set named name.
func (tr *trainer) newSession(seed uint64, name string) (*session, error) {
	set, err := data.Lookup(name)
	if err != nil {
		return nil, err
	}
	root := rng.New(seed)
	m, batch, err := tr.cfg.build(root.Split())
	if err != nil {
		return nil, err
	}
	s := &session{
		seed: seed, set: set, m: m,
		batchRNG: root.Split(), noiseRNG: root.Split(), sampleRNG: root.Split(),
		batch: make([]float32, 2*batch),
	}
	return s, nil
}

// Handle carries out c and returns the messages to post: a Progress that
// shows the new state, or an Error.
func (tr *trainer) Handle(c protocol.Command, now time.Time) []protocol.Message {
	switch c.Op {
	case protocol.KindPlay:
		if tr.s == nil || tr.s.seed != c.Seed || tr.s.set.Name != c.Data {
			s, err := tr.newSession(c.Seed, c.Data)
			if err != nil {
				return []protocol.Message{protocol.Error{Message: err.Error()}}
			}
			tr.s = s
		}
		if tr.s.failure != "" {
			return []protocol.Message{protocol.Error{Step: tr.s.step, Message: tr.s.failure}, tr.progress(now)}
		}
		tr.s.running = true
	case protocol.KindPause:
		if tr.s != nil {
			tr.s.running = false
		}
	case protocol.KindReset:
		s, err := tr.newSession(c.Seed, c.Data)
		if err != nil {
			return []protocol.Message{protocol.Error{Message: err.Error()}}
		}
		tr.s = s
	default:
		return []protocol.Message{protocol.Error{Message: fmt.Sprintf("worker: unknown command %q", c.Op)}}
	}
	return []protocol.Message{tr.progress(now)}
}

// Tick works for about one tick while running and returns the messages to
// post: a Progress when one is due, and an Error and a Progress when training
// stopped because a loss was not finite.
func (tr *trainer) Tick(now func() time.Time) []protocol.Message {
	s := tr.s
	if s == nil || !s.running {
		return nil
	}
	start := now()
	t := start
	// End the tick early when a Progress falls due, so that they go out
	// every cfg.every and not at the next tick boundary after it.
	for s.running && t.Sub(start) < tr.cfg.tick && t.Sub(tr.lastPost) < tr.cfg.every {
		busy := s.trainTime + s.sampleTime
		if float64(s.sampleTime) < (1-tr.cfg.trainShare)*float64(busy) {
			tr.sampleStep()
			t1 := now()
			s.sampleTime += t1.Sub(t)
			t = t1
		} else {
			tr.trainStep()
			t1 := now()
			s.trainTime += t1.Sub(t)
			t = t1
		}
	}
	s.rateWall += t.Sub(start)
	if !s.running {
		return []protocol.Message{protocol.Error{Step: s.step, Message: s.failure}, tr.progress(t)}
	}
	if t.Sub(tr.lastPost) >= tr.cfg.every {
		return []protocol.Message{tr.progress(t)}
	}
	return nil
}

// trainStep does one optimizer step on a fresh batch.
func (tr *trainer) trainStep() {
	s := tr.s
	s.set.Sample(s.batch, s.batchRNG)
	loss := s.m.TrainStep(s.batch, s.noiseRNG)
	s.step++
	if math.IsNaN(float64(loss)) || math.IsInf(float64(loss), 0) {
		s.running = false
		s.failure = fmt.Sprintf("Training diverged at step %d: the loss is %v. Press reset to start again.", s.step, loss)
		return
	}
	s.losses = append(s.losses, loss)
	s.rateSteps++
}

// sampleStep advances the sampling chain by one timestep, starting a chain
// from the current weights if there is none, and keeps the points of a chain
// that finishes.
func (tr *trainer) sampleStep() {
	s := tr.s
	if s.ch == nil {
		s.ch = s.m.NewChain(tr.cfg.points, s.sampleRNG)
		s.chainLen = s.ch.Remaining()
	}
	if s.ch.Advance(1, s.sampleRNG) {
		s.points = append(s.points[:0], s.ch.X()...)
		s.fresh = true
		s.samples++
		s.ch = nil
	}
}

// progress returns the state of the session as a Progress and starts a new
// reporting period: losses and fresh points go out once.
func (tr *trainer) progress(now time.Time) protocol.Progress {
	tr.lastPost = now
	s := tr.s
	if s == nil {
		return protocol.Progress{}
	}
	if s.rateWall > 0 {
		s.rate = float64(s.rateSteps) / s.rateWall.Seconds()
	}
	p := protocol.Progress{
		Step:        s.step,
		Losses:      s.losses,
		Samples:     s.samples,
		StepsPerSec: s.rate,
		Running:     s.running,
	}
	if s.fresh {
		p.Points = append([]float32(nil), s.points...)
		s.fresh = false
	}
	if s.ch != nil && s.chainLen > 0 {
		p.Sampling = 1 - float64(s.ch.Remaining())/float64(s.chainLen)
	}
	s.losses = nil
	s.rateSteps, s.rateWall = 0, 0
	return p
}
