package worker

import (
	"fmt"
	"math"
	"slices"
	"time"

	"genplay/models"
	"genplay/tensor/rng"
	"genplay/wasm/protocol"
)

// The figures of the panels of models that sample step by step (diffusion,
// flow matching): the forward process, the reverse process, one sampler
// against another, inpainting and SDEdit; and the sampler of the live
// samples while training (chainsOf) with their fixed noise (liveNoise).
// They ask the model's capabilities (models.Noiser, models.Stepper,
// models.ChainInpainter, models.ChainTranslator), never its family.

// forwardSteps returns the number of steps of no's forward process that
// PanelForward's View.T counts: the fixed step count of the model's
// default sampler (diffusion's T), else 1000.
func forwardSteps(no models.Noiser) int {
	if st, ok := no.(models.Stepper); ok {
		if n := st.Samplers()[0].FixedSteps; n > 0 {
			return n
		}
	}
	return 1000
}

// forward is PanelForward: data carried to the View's step t of N
// (forwardSteps) by the forward process, at time t/N; t = 0 is the data
// and, for diffusion, t = 1…T the paper's steps. The stats alpha_bar and
// snr are the path's signal and noise coefficients a and s of
// xₜ = a·x₀ + s·ε, read off the process itself: alpha_bar = a², snr =
// a²/s² (for diffusion ᾱₜ and ᾱₜ/(1−ᾱₜ)).
func (tr *trainer) forward(j *job, no models.Noiser, v protocol.View, r *rng.PCG) {
	s := tr.s
	N := forwardSteps(no)
	t := min(max(v.T, 0), N)
	x, _ := s.real(r, s.pick(forward2D, figImages))
	eps := make([]float32, len(x))
	r.FillNormal(eps)
	ab, snr := 1.0, math.Inf(1)
	if t > 0 {
		time := float32(t) / float32(N)
		var a, sd [1]float32
		no.Noise(a[:], []float32{1}, []float32{0}, time)
		no.Noise(sd[:], []float32{0}, []float32{1}, time)
		no.Noise(x, x, eps, time)
		ab = float64(a[0]) * float64(a[0])
		snr = ab / (float64(sd[0]) * float64(sd[0]))
	}
	j.add(protocol.ArrPoints, x)
	j.stat(protocol.StatT, float64(t)).stat(protocol.StatAlphaBar, ab).stat(protocol.StatSNR, snr)
}

// reverse is PanelReverse: the View's sampler run from noise, with frames
// at evenly spaced steps, the first pure noise and the last the sample.
// frame_t holds each frame's time in the units of PanelForward's t
// (diffusion: the paper's step), 0 for the sample.
func (tr *trainer) reverse(j *job, st models.Stepper, v protocol.View, r *rng.PCG) {
	s := tr.s
	n := s.pick(reverse2D, figImages)
	N := 1000
	if no, ok := st.(models.Noiser); ok {
		N = forwardSteps(no)
	}
	var S int
	frames := make([]float32, 0, reverseShots*n*s.dim)
	frameT := make([]float32, 0, reverseShots)
	shot := 0
	each := func(c chain, k int) {
		if k == 0 {
			S = c.Remaining()
		}
		// Frame i is the chain after round(i·S/31) steps.
		for shot < reverseShots && (2*shot*S+reverseShots-1)/(2*(reverseShots-1)) == k {
			frames = append(frames, c.X()...)
			frameT = append(frameT, float32(math.Round(float64(c.(models.Chain).Time())*float64(N))))
			shot++
		}
	}
	opts := sampleOpts(st, v)
	j.as(labelSampling).chain(n, opts.Steps, fromNoise(st, opts, n, r), r, each, func(_ []float32, steps int, spent time.Duration) {
		j.add(protocol.ArrFrames, frames).add(protocol.ArrFrameT, frameT)
		j.stat(protocol.StatFrames, reverseShots).stat(protocol.StatSteps, float64(steps)).stat(protocol.StatMsPerSample, ms(spent)/float64(n))
	})
}

// samplers is PanelSamplers: the model's default sampler (diffusion: DDPM
// over every step) against its second with the View's steps and η
// (diffusion: DDIM), timed and scored on the same number of points. The
// arrays and stats are named after the samplers: ddpm, ddim, ddpm_ms, ….
func (tr *trainer) samplers(j *job, st models.Stepper, v protocol.View, r *rng.PCG) {
	s := tr.s
	n := s.pick(samplers2D, samplersImgs)
	ss := st.Samplers()
	first := sampleOpts(st, protocol.View{Sampler: ss[0].Name, K: v.K, Eta: v.Eta})
	second := sampleOpts(st, protocol.View{Sampler: ss[1].Name, K: v.K, Eta: v.Eta})
	type result struct {
		x     []float32
		evals int
		ms    float64
	}
	var res [2]result
	for i, opts := range []models.SampleOpts{first, second} {
		var evals int
		each := func(c chain, k int) {
			if k == 0 {
				evals = c.(models.Chain).Evals()
			}
		}
		j.as(labelSampling).chain(n, opts.Steps, fromNoise(st, opts, n, r), r, each, func(x []float32, _ int, spent time.Duration) {
			res[i] = result{slices.Clone(x), evals, ms(spent) / float64(n)}
		})
	}
	if s.is2D {
		j.as(labelScoring)
	}
	j.doUnits(2*n, func() {
		j.add(protocol.ArrFirst, res[0].x).add(protocol.ArrSecond, res[1].x)
		j.stat(protocol.StatFirstMs, res[0].ms).stat(protocol.StatSecondMs, res[1].ms)
		j.stat(protocol.StatFirstEvals, float64(res[0].evals)).stat(protocol.StatSecondEvals, float64(res[1].evals))
		j.stat(protocol.StatSpeedup, res[0].ms/res[1].ms).stat(protocol.StatK, float64(second.Steps))
		if !s.is2D {
			return
		}
		real, _ := s.real(r, n)
		for i, names := range [2][3]string{
			{protocol.StatFirstPrecision, protocol.StatFirstRecall, protocol.StatFirstMMD},
			{protocol.StatSecondPrecision, protocol.StatSecondRecall, protocol.StatSecondMMD},
		} {
			p, rc, mmd := quality(real, res[i].x, nil)
			j.stat(names[0], p).stat(names[1], rc).stat(names[2], mmd)
		}
	})
}

// inpaint is PanelInpaint. On images it completes one digit (the View's
// input or a data digit) eight times, its mask the View's or the top half
// known. On 2D sets the known coordinates are the View's input and mask,
// or x on an even grid across the set with y to generate.
func (tr *trainer) inpaint(j *job, v protocol.View, r *rng.PCG) {
	s := tr.s
	var input, mask []float32
	copies := 1
	switch {
	case len(v.Input) > 0 && len(v.Input)%s.dim == 0:
		input = slices.Clone(v.Input)
		mask = slices.Clone(v.Mask)
		if len(mask) == 0 {
			mask = s.defaultMask(len(input) / s.dim)
		}
	case s.is2D:
		input = make([]float32, 2*inpaint2D)
		e := float64(s.set.Extent)
		for i := range inpaint2D {
			input[2*i] = float32(-e + 2*e*(float64(i)+0.5)/inpaint2D)
		}
		mask = s.defaultMask(inpaint2D)
	default:
		input, _ = s.real(r, 1)
		mask = s.defaultMask(1)
	}
	if !s.is2D {
		copies = editImages
	}
	x := slices.Repeat(input, copies)
	known := make([]bool, len(x))
	for i := range known {
		known[i] = mask[i%len(mask)] == 1
	}
	done := func(y []float32) {
		kept := 0.0
		for i, k := range known {
			if k {
				kept = max(kept, math.Abs(float64(y[i]-x[i])))
			}
		}
		j.add(protocol.ArrInput, input).add(protocol.ArrMask, mask).add(protocol.ArrPoints, slices.Clone(y))
		j.stat(protocol.StatKeptMaxDiff, kept)
	}
	if ci, ok := s.m.(models.ChainInpainter); ok {
		st, _ := s.m.(models.Stepper)
		opts := stepOpts(st, v)
		j.as(labelSampling).chain(len(x)/s.dim, opts.Steps, func() chain {
			c, err := ci.NewInpaintChain(x, known, opts, r)
			if err != nil {
				panic("worker: " + err.Error()) // known and x have one length
			}
			return c
		}, r, nil, func(y []float32, _ int, _ time.Duration) { done(y) })
		return
	}
	j.as(labelSampling).doUnits(len(x)/s.dim, func() {
		y := make([]float32, len(x))
		s.m.(models.Inpainter).Inpaint(y, x, known, r)
		done(y)
	})
}

// defaultMask returns the mask of n points when the View gives none: on
// 2D sets x known and y not, on images the top half known.
func (s *session) defaultMask(n int) []float32 {
	m := make([]float32, n*s.dim)
	for i := range n {
		if s.is2D {
			m[2*i] = 1
			continue
		}
		for p := range s.rows / 2 * s.cols {
			m[i*s.dim+p] = 1
		}
	}
	return m
}

// sdedit is PanelSDEdit: the View's input (or one data digit, or data
// points) noised to the View's strength and denoised, eight times for a
// digit and once for each 2D point; strength 0 copies the input.
func (tr *trainer) sdedit(j *job, v protocol.View, r *rng.PCG) {
	s := tr.s
	input := slices.Clone(v.Input)
	if len(input) == 0 || len(input)%s.dim != 0 {
		input, _ = s.real(r, s.pick(edit2D, 1))
	}
	x := input
	if !s.is2D {
		x = slices.Repeat(input, editImages)
	}
	strength := float32(v.Strength)
	done := func(y []float32) {
		j.add(protocol.ArrInput, input).add(protocol.ArrPoints, slices.Clone(y))
		j.stat(protocol.StatStrength, v.Strength)
	}
	ct, ok := s.m.(models.ChainTranslator)
	switch {
	case strength == 0:
		j.do(func() { done(x) })
	case ok:
		st, _ := s.m.(models.Stepper)
		opts := stepOpts(st, v)
		// The chain runs about strength of the sampler's steps.
		j.as(labelSampling).chain(len(x)/s.dim, int(float32(opts.Steps)*strength)+1, func() chain {
			c, err := ct.NewTranslateChain(x, strength, opts, r)
			if err != nil {
				panic("worker: " + err.Error()) // 0 < strength ≤ 1 by View.Validate
			}
			return c
		}, r, nil, func(y []float32, _ int, _ time.Duration) { done(y) })
	default:
		j.as(labelSampling).doUnits(len(x)/s.dim, func() {
			y := make([]float32, len(x))
			s.m.(models.Translator).Translate(y, x, strength, r)
			done(y)
		})
	}
}

// stepOpts is sampleOpts for a model that may not be a Stepper (then its
// chains take the default sampler).
func stepOpts(st models.Stepper, v protocol.View) models.SampleOpts {
	if st == nil {
		return models.SampleOpts{}
	}
	return sampleOpts(st, v)
}

// paths is PanelPaths: paths2D points run from noise by the View's sampler,
// their positions kept before the first step, after the last and at up to
// pathShots − 2 evenly spaced steps between, step-major.
func (tr *trainer) paths(j *job, st models.Stepper, v protocol.View, r *rng.PCG) {
	var S, evals int
	var xs []float32
	shot := 0
	each := func(c chain, k int) {
		if k == 0 {
			S, evals = c.Remaining(), c.(models.Chain).Evals()
			xs = make([]float32, 0, min(S+1, pathShots)*len(c.X()))
		}
		// Position i is the chain after round(i·S/(shots−1)) steps.
		shots := min(S+1, pathShots)
		for shot < shots && (2*shot*S+shots-1)/(2*(shots-1)) == k {
			xs = append(xs, c.X()...)
			shot++
		}
	}
	opts := sampleOpts(st, v)
	j.as(labelSampling).chain(paths2D, opts.Steps, fromNoise(st, opts, paths2D, r), r, each, func([]float32, int, time.Duration) {
		j.add(protocol.ArrPaths, xs)
		j.stat(protocol.StatSteps, float64(evals)).stat(protocol.StatPathPoints, paths2D)
	})
}

// chainsOf is settings.chains for the registry's families: a models.Stepper
// samples step by step, the others in one pass. On 2D sets its sample is a
// live preview of at most liveSteps network evaluations of its first
// sampler that takes a step count, and no more steps than that sampler's
// default, deterministic (diffusion: DDIM with η = 0; flow matching: its
// solver), labelled as such; the exact figure of the default sampler (DDPM
// over all T steps) is the paused figure's and the samplers panel's. On
// images, where a step of 16 images costs tens of milliseconds, it takes
// imageSteps steps of that sampler if its default takes more (diffusion:
// DDIM with η = 1). Without such a sampler it takes its default.
func (cfg settings) chainsOf(m models.Model, dim int) (chainStart, string) {
	if cfg.chains != nil {
		return cfg.chains(m, dim)
	}
	st, ok := m.(models.Stepper)
	if !ok {
		return nil, "one pass"
	}
	def := st.Samplers()[0]
	opts := models.SampleOpts{Sampler: def.Name, Steps: def.FixedSteps}
	if def.FixedSteps == 0 {
		opts.Steps = max(cfg.imageSteps, 1)
	}
	live := false
	switch {
	case dim == 2 && cfg.liveSteps > 0:
		// StepOpts is deterministic (η = 0): the same noise gives the
		// same points, which then move only as the model learns.
		if o := models.StepOpts(st, cfg.liveSteps); o.Sampler != "" {
			opts, live = o, true
			// At most liveSteps network evaluations (Heun: two a step),
			// and no more steps than the sampler's own default.
			info := samplerInfo(st, o.Sampler)
			opts.Steps = max(cfg.liveSteps/max(info.EvalsPerStep, 1), 1)
			if info.DefaultSteps > 0 {
				opts.Steps = min(opts.Steps, info.DefaultSteps)
			}
		}
	case dim > 2 && cfg.imageSteps > 0 && (def.FixedSteps == 0 || def.FixedSteps > cfg.imageSteps):
		// η = 1 keeps DDPM's noise at every step: on MNIST the browser's
		// small MLPs leave errors that the deterministic η = 0 sharpens
		// into speckled, saturated tiles, while η = 1 gives digits as
		// DDPM does. Only a stochastic sampler takes an η.
		if o := models.StepOpts(st, cfg.imageSteps); o.Sampler != "" {
			opts = o
			if samplerInfo(st, o.Sampler).Stochastic {
				opts.Eta = 1
			}
		}
	}
	info := samplerInfo(st, opts.Sampler)
	steps := opts.Steps
	if info.FixedSteps > 0 {
		steps = info.FixedSteps
	}
	what := info.Title
	if opts.Eta != 0 {
		what += fmt.Sprintf(" (η = %g)", opts.Eta)
	}
	desc := fmt.Sprintf("%s, %d steps", what, steps)
	if live {
		desc += " (live preview)"
	}
	return func(n int, r *rng.PCG) chain {
		c, err := st.NewChain(n, opts, r)
		if err != nil {
			panic("worker: " + err.Error()) // the model's own sampler and steps
		}
		return ownNoise{c, r.Split()}
	}, desc
}

// ownNoise is a chain whose steps draw their noise (a stochastic sampler's,
// such as DDIM with η = 1) from a generator of its own, split from the one
// that drew its start. A chain started from liveNoise so takes the same
// noise at its start and at every step in every live sample: the 16
// digits of a grid are the same draws from sample to sample and change
// only as the model learns, so each one can be followed.
type ownNoise struct {
	models.Chain
	r *rng.PCG
}

// Advance advances the chain with its own generator; r is not used.
func (c ownNoise) Advance(k int, _ *rng.PCG) bool { return c.Chain.Advance(k, c.r) }

// liveGap is the least time between the starts of two live samples while
// a model trains: at most four samples a second reach the page, few enough for it to draw each and for a person
// to follow the grid's slots as they learn, and training keeps the time
// that sampling more often would take.
const liveGap = 250 * time.Millisecond

// liveDue reports whether a live sample may start at t: the last one
// started at least cfg.liveGap before.
func (tr *trainer) liveDue(t time.Time) bool {
	return tr.s.liveAt.IsZero() || t.Sub(tr.s.liveAt) >= tr.cfg.liveGap
}

// samplerInfo returns the description of st's sampler name, its default
// for "".
func samplerInfo(st models.Stepper, name string) models.SamplerInfo {
	ss := st.Samplers()
	for _, info := range ss {
		if info.Name == name {
			return info
		}
	}
	return ss[0]
}

// liveStream is the stream of the Spec's seed that every live sample starts
// from: above the run's streams (below 2⁶²) and the paused figures' (2⁶²
// and above, with steps below 2⁵⁵).
const liveStream = 1 << 63

// liveNoise returns the generator a live sample starts from, the same for
// every sample of a seed: a chain's starting noise, a one-pass model's
// latents. So the same points are drawn from the same noise as the model
// learns, and can be followed from sample to sample. A stochastic chain's
// noise at each step comes from the sampling stream.
func liveNoise(seed uint64) *rng.PCG { return rng.NewStream(seed, liveStream) }
