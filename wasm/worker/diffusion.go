package main

import (
	"math"
	"slices"
	"time"

	"genplay/models"
	"genplay/models/diffusion"
	"genplay/tensor/rng"
	"genplay/wasm/protocol"
)

// The figures of the diffusion panels: the forward process, the reverse
// process, DDPM against DDIM, inpainting and SDEdit.

// forward is PanelForward: data noised to the View's t, where t = 0 is the
// data and t = 1…T the paper's steps (the schedule's index t−1).
func (tr *trainer) forward(j *job, d *diffusion.Model, v protocol.View, r *rng.PCG) {
	s := tr.s
	sch := d.Schedule()
	t := min(max(v.T, 0), sch.T())
	x, _ := s.real(r, s.pick(forward2D, figImages))
	eps := make([]float32, len(x))
	r.FillNormal(eps)
	ab := 1.0
	if t > 0 {
		sch.AddNoise(x, x, eps, t-1)
		ab = float64(sch.AlphaBar[t-1])
	}
	j.add(protocol.ArrPoints, x)
	j.stat(protocol.StatT, float64(t)).stat(protocol.StatAlphaBar, ab).stat(protocol.StatSNR, ab/(1-ab))
}

// reverse is PanelReverse: the View's sampler run from noise, with frames
// at evenly spaced steps, the first pure noise and the last the sample.
func (tr *trainer) reverse(j *job, d *diffusion.Model, v protocol.View, r *rng.PCG) {
	s := tr.s
	n := s.pick(reverse2D, figImages)
	smp := sampler(d, v)
	ts := smp.Timesteps()
	S := len(ts)
	frames := make([]float32, 0, reverseShots*n*s.dim)
	frameT := make([]float32, 0, reverseShots)
	shot := 0
	each := func(c chain, k int) {
		// Frame i is the chain after round(i·S/31) steps.
		for shot < reverseShots && (2*shot*S+reverseShots-1)/(2*(reverseShots-1)) == k {
			frames = append(frames, c.X()...)
			t := 0
			if k < S {
				t = ts[k] + 1
			}
			frameT = append(frameT, float32(t))
			shot++
		}
	}
	j.chain(fromNoise(d, smp, n, r), r, each, func(_ []float32, steps int, spent time.Duration) {
		j.add(protocol.ArrFrames, frames).add(protocol.ArrFrameT, frameT)
		j.stat(protocol.StatFrames, reverseShots).stat(protocol.StatSteps, float64(steps)).stat(protocol.StatMsPerSample, ms(spent)/float64(n))
	})
}

// samplers is PanelSamplers: DDPM over every step against the View's DDIM,
// timed and scored on the same number of points.
func (tr *trainer) samplers(j *job, d *diffusion.Model, v protocol.View, r *rng.PCG) {
	s := tr.s
	n := s.pick(samplers2D, samplersImgs)
	ddimView := v
	ddimView.Sampler = protocol.SamplerDDIM
	type result struct {
		x     []float32
		steps int
		ms    float64
	}
	var res [2]result
	for i, smp := range []diffusion.Sampler{diffusion.DDPM{S: d.Schedule()}, sampler(d, ddimView)} {
		j.chain(fromNoise(d, smp, n, r), r, nil, func(x []float32, steps int, spent time.Duration) {
			res[i] = result{slices.Clone(x), steps, ms(spent) / float64(n)}
		})
	}
	j.do(func() {
		j.add(protocol.ArrDDPM, res[0].x).add(protocol.ArrDDIM, res[1].x)
		j.stat(protocol.StatDDPMMs, res[0].ms).stat(protocol.StatDDIMMs, res[1].ms)
		j.stat(protocol.StatDDPMEvals, float64(res[0].steps)).stat(protocol.StatDDIMEvals, float64(res[1].steps))
		j.stat(protocol.StatSpeedup, res[0].ms/res[1].ms)
		if !s.is2D {
			return
		}
		real, _ := s.real(r, n)
		for i, names := range [2][3]string{
			{protocol.StatDDPMPrecision, protocol.StatDDPMRecall, protocol.StatDDPMMMD},
			{protocol.StatDDIMPrecision, protocol.StatDDIMRecall, protocol.StatDDIMMMD},
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
	if d, ok := s.m.(*diffusion.Model); ok {
		p, err := diffusion.NewInpaint(sampler(d, v), d.Schedule(), known, x)
		if err != nil {
			panic("worker: " + err.Error()) // known and x have one length
		}
		j.chain(func() chain {
			start := make([]float32, len(x))
			p.Start(start, r)
			return d.NewChainFrom(p, start)
		}, r, nil, func(y []float32, _ int, _ time.Duration) { done(y) })
		return
	}
	j.do(func() {
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
	d, ok := s.m.(*diffusion.Model)
	switch {
	case strength == 0:
		j.do(func() { done(x) })
	case ok:
		e, err := diffusion.NewSDEdit(sampler(d, v), d.Schedule(), strength)
		if err != nil {
			panic("worker: " + err.Error()) // 0 < strength ≤ 1 by View.Validate
		}
		j.chain(func() chain {
			start := make([]float32, len(x))
			e.Start(start, x, r)
			return d.NewChainFrom(e, start)
		}, r, nil, func(y []float32, _ int, _ time.Duration) { done(y) })
	default:
		j.do(func() {
			y := make([]float32, len(x))
			s.m.(models.Translator).Translate(y, x, strength, r)
			done(y)
		})
	}
}
