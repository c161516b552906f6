package worker

import (
	"fmt"
	"math"
	"slices"
	"time"

	"genplay/models"
	"genplay/models/classifier"
	"genplay/models/data"
	"genplay/models/registry"
	"genplay/tensor/math32"
	"genplay/tensor/rng"
	"genplay/wasm/paint"
	"genplay/wasm/protocol"
)

// The figures of the panels. Each panel's arrays and stats are listed in
// doc.go; this file computes them as jobs (job.go).

// Sizes of the figures.
const (
	latentPoints = 1000 // 2D points or digits encoded by PanelLatent and PanelPrior
	reconPoints  = 200  // 2D points of PanelRecon
	reconImages  = 8    // digits of PanelRecon
	fieldCells   = 64   // the field of PanelSamples is fieldCells² values
	manifold2D   = 21   // PanelManifold's grid side on 2D sets
	manifoldImgs = 10   // and on images
	manifoldSpan = 3    // the grid spans [-span, span] in latent dims 0 and 1
	interpSteps  = 10   // decodings along PanelInterp's path
	forward2D    = 1000 // points noised by PanelForward
	figImages    = 16   // images of PanelForward, PanelReverse and a flow's PanelLatent
	reverse2D    = 512  // points of PanelReverse
	reverseShots = 32   // frames of PanelReverse
	samplers2D   = 512  // points per sampler of PanelSamplers
	samplersImgs = 4    // images per sampler of PanelSamplers
	paths2D      = 64   // points followed by PanelPaths
	pathShots    = 101  // most positions of each point that PanelPaths keeps
	inpaint2D    = 256  // points of PanelInpaint
	editImages   = 8    // completions and variants of one digit (PanelInpaint, PanelSDEdit)
	edit2D       = 256  // data points of PanelSDEdit when the view has none
	nllPoints    = 500  // fresh real points of the live NLL
	scoreImages  = 256  // images of the image metrics
)

// figureStream returns the generator of the paused figure of panel at step:
// a stream of the Spec's seed of its own for every panel and step, so that
// the same Spec at the same step with the same View gives the same figure,
// bit for bit, in any browser. The streams of a run (rng.New(seed) and
// the continuations of loaded models, rng.NewStream(seed, steps+1)) have
// numbers below 2⁶², these 2⁶² and above.
func figureStream(seed uint64, panel string, step int) *rng.PCG {
	return rng.NewStream(seed, 1<<62|uint64(step)<<8|uint64(slices.Index(protocol.Panels, panel)+1))
}

// startFigure starts computing the figure of the trainer's view, dropping
// the one under way. While training (live) it draws from the sampling
// stream and PanelSamples shows the newest sample at once; paused, it draws
// from figureStream.
func (tr *trainer) startFigure(live bool) {
	s := tr.s
	if s == nil || tr.view.Panel == "" {
		return
	}
	s.dropJob()
	v := tr.view
	r := figureStream(s.spec.Seed, v.Panel, s.step)
	switch {
	case live && v.Panel == protocol.PanelSamples:
		// The sample itself comes from liveNoise; its scores draw
		// from the sampling stream.
		r = s.sampleRNG
	case live, v.Panel == protocol.PanelForward:
		// The same data, codes and noise in every live figure (and, for
		// the forward process, at every step and every t): each input,
		// reconstruction or point can be followed as the model learns,
		// and scrubbing t moves the points smoothly.
		r = figureStream(s.spec.Seed, v.Panel, 0)
	}
	j := &job{fig: protocol.Figure{Panel: v.Panel, Step: s.step}}
	if live && v.Panel == protocol.PanelSamples {
		if s.samples == 0 {
			return // the first sample shows it
		}
		j.metrics = true
		tr.samplesFigure(j, slices.Clone(s.points), r, s.last)
		if !tr.wantScores(v) {
			tr.out = append(tr.out, j.fig)
			return
		}
		tr.scoreJob(j, r)
	} else if !tr.panel(j, v, r) {
		tr.out = append(tr.out, j.fig)
		return
	}
	s.job = j
}

// finishJob posts the figure of the session's finished job.
func (tr *trainer) finishJob() {
	s := tr.s
	j := s.job
	s.job = nil
	j.stop()
	if j.metrics {
		var m []protocol.Stat
		for _, st := range j.fig.Stats {
			if st.Name != "psi" {
				m = append(m, st)
			}
		}
		s.metrics, s.last = m, m
	}
	tr.out = append(tr.out, j.fig)
}

// dropJob abandons the figure under way, if any.
func (s *session) dropJob() {
	if s.job != nil {
		s.job.stop()
		s.job = nil
	}
}

// panel appends the pieces of v's figure to j; it returns false when the
// figure is complete already (a panel the family does not have).
func (tr *trainer) panel(j *job, v protocol.View, r *rng.PCG) bool {
	s := tr.s
	enc, isEnc := s.m.(models.Encoder)
	st, isStepper := s.m.(models.Stepper)
	note := func(what string) bool {
		title := s.spec.Family
		if f, err := registry.Lookup(s.spec.Family); err == nil {
			title = f.Title
		}
		j.fig.Note = fmt.Sprintf("The %s has no %s.", title, what)
		return false
	}
	switch v.Panel {
	case protocol.PanelSamples:
		j.metrics = true
		tr.samplesJob(j, v, r)
	case protocol.PanelRecon:
		rec, ok := s.m.(models.Reconstructor)
		if !ok {
			return note("reconstructions")
		}
		j.do(func() {
			x, _ := s.real(r, s.pick(reconPoints, reconImages))
			y := make([]float32, len(x))
			rec.Reconstruct(y, x)
			j.add(protocol.ArrInputs, x).add(protocol.ArrRecons, y)
		})
	case protocol.PanelLatent:
		if fl, ok := s.m.(models.Bijection); ok {
			j.do(func() { tr.flowLatent(j, fl, r) })
		} else if isEnc {
			j.do(func() { tr.latent(j, enc, v, r) })
		} else {
			return note("encoder")
		}
	case protocol.PanelPrior:
		if !isEnc {
			return note("encoder")
		}
		j.do(func() { tr.prior(j, enc, r) })
	case protocol.PanelManifold:
		if !isEnc {
			return note("encoder")
		}
		j.do(func() { tr.manifold(j, enc) })
	case protocol.PanelInterp:
		if !isEnc {
			return note("encoder")
		}
		j.do(func() { tr.interp(j, enc, v, r) })
	case protocol.PanelForward:
		no, ok := s.m.(models.Noiser)
		if !ok {
			return note("diffusion process")
		}
		j.do(func() { tr.forward(j, no, v, r) })
	case protocol.PanelReverse:
		if !isStepper {
			return note("diffusion process")
		}
		tr.reverse(j, st, v, r)
	case protocol.PanelSamplers:
		if !isStepper || len(st.Samplers()) < 2 {
			return note("diffusion samplers")
		}
		tr.samplers(j, st, v, r)
	case protocol.PanelPaths:
		if !isStepper || !s.is2D {
			return note("step-wise sampler on 2D points")
		}
		tr.paths(j, st, v, r)
	case protocol.PanelInpaint:
		_, one := s.m.(models.Inpainter)
		_, stepwise := s.m.(models.ChainInpainter)
		if !one && !stepwise {
			return note("inpainting")
		}
		tr.inpaint(j, v, r)
	case protocol.PanelSDEdit:
		_, one := s.m.(models.Translator)
		_, stepwise := s.m.(models.ChainTranslator)
		if !one && !stepwise {
			return note("SDEdit")
		}
		tr.sdedit(j, v, r)
	default:
		return note("panel " + v.Panel)
	}
	return true
}

// add appends the array name to j's figure and returns j.
func (j *job) add(name string, data []float32) *job {
	j.fig.Arrays = append(j.fig.Arrays, protocol.Array{Name: name, Data: data})
	return j
}

// stat appends the stat name to j's figure and returns j.
func (j *job) stat(name string, v float64) *job {
	j.fig.Stats = append(j.fig.Stats, protocol.Stat{Name: name, Value: v})
	return j
}

// pick returns n2D on a 2D set and nImages on images.
func (s *session) pick(n2D, nImages int) int {
	if s.is2D {
		return n2D
	}
	return nImages
}

// real returns n points of the data set drawn with r, and for images their
// labels as float32s: data digits as Images.Image gives them.
func (s *session) real(r *rng.PCG, n int) (x, labels []float32) {
	x = make([]float32, n*s.dim)
	if s.img == nil {
		s.src.Sample(x, r)
		return x, nil
	}
	labels = make([]float32, n)
	for i := range n {
		k := r.Intn(s.img.Len())
		s.img.Image(x[i*s.dim:(i+1)*s.dim], k)
		labels[i] = float32(s.img.Labels[k])
	}
	return x, labels
}

// sampleOpts returns the View's sampler of st and its knobs: the sampler
// the View names if st has it (else st's default), its steps the View's K,
// at most the largest fixed step count of st's samplers (diffusion's T),
// and η the View's Eta.
func sampleOpts(st models.Stepper, v protocol.View) models.SampleOpts {
	info := samplerInfo(st, v.Sampler)
	k, most := v.K, 0
	for _, s := range st.Samplers() {
		most = max(most, s.FixedSteps)
	}
	if most > 0 {
		k = min(k, most)
	}
	if info.FixedSteps > 0 {
		k = info.FixedSteps
	}
	opts := models.SampleOpts{Sampler: info.Name, Steps: max(k, 1)}
	if info.Stochastic {
		opts.Eta = float32(v.Eta) // an ODE solver has no η
	}
	return opts
}

// fromNoise returns a chain start of n points of st from noise with the
// sampler of opts, or with st's default sampler if opts are refused.
func fromNoise(st models.Stepper, opts models.SampleOpts, n int, r *rng.PCG) func() chain {
	return func() chain {
		c, err := st.NewChain(n, opts, r)
		if err != nil {
			def := st.Samplers()[0]
			if c, err = st.NewChain(n, models.SampleOpts{Sampler: def.Name, Steps: def.FixedSteps}, r); err != nil {
				panic("worker: " + err.Error()) // the default sampler over its own steps
			}
		}
		return c
	}
}

// samplesJob draws the paused PanelSamples figure: a sample of s.n points
// by the View's sampler (GAN: truncated by ψ), then its field and metrics.
func (tr *trainer) samplesJob(j *job, v protocol.View, r *rng.PCG) {
	s := tr.s
	x := make([]float32, s.n*s.dim)
	finish := func(ms float64) {
		tr.samplesFigure(j, x, r, nil)
		tr.metricsJob(j, x, r, ms)
	}
	if st, ok := s.m.(models.Stepper); ok {
		opts := sampleOpts(st, v)
		j.as(labelSampling).chain(s.n, opts.Steps, fromNoise(st, opts, s.n, r), r, nil, func(y []float32, _ int, spent time.Duration) {
			copy(x, y)
			finish(ms(spent) / float64(s.n))
		})
		return
	}
	j.as(labelSampling).doUnits(s.n, func() {
		t := j.now()
		if g, ok := s.m.(models.Truncator); ok {
			g.SampleTruncated(x, float32(v.Psi), r)
		} else {
			s.m.Sample(x, r)
		}
		finish(ms(j.now().Sub(t)) / float64(s.n))
	})
}

// ms returns d in milliseconds.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// samplesFigure fills j's figure with the sample x: its points, the
// model's field on 2D sets, the metrics stats (if not nil) and ψ for a GAN.
func (tr *trainer) samplesFigure(j *job, x []float32, r *rng.PCG, stats []protocol.Stat) {
	s := tr.s
	j.add(protocol.ArrPoints, x)
	if f, ok := s.m.(models.Field); ok && s.is2D {
		if s.fieldGrid == nil {
			s.fieldGrid = paint.GridPoints(s.set.Extent, fieldCells)
		}
		out := make([]float32, fieldCells*fieldCells)
		f.FieldAt(out, s.fieldGrid)
		j.add(protocol.ArrField, out)
		j.fig.Note = protocol.FieldNotePrefix + f.FieldName()
	}
	j.fig.Stats = append(j.fig.Stats, stats...)
	if _, ok := s.m.(models.Truncator); ok {
		psi := tr.view.Psi
		if stats != nil {
			psi = 1 // a live sample is drawn plainly
		}
		j.stat(protocol.StatPsi, psi)
	}
}

// flowLatent is PanelLatent for a flow: data pushed through it, the
// largest round-trip error and the NLL of those points.
func (tr *trainer) flowLatent(j *job, fl models.Bijection, r *rng.PCG) {
	s := tr.s
	x, _ := s.real(r, s.pick(latentPoints, figImages))
	z, back := make([]float32, len(x)), make([]float32, len(x))
	fl.Forward(z, nil, x)
	fl.Inverse(back, nil, z)
	var worst float64
	for i := range x {
		worst = max(worst, math.Abs(float64(back[i]-x[i])))
	}
	nll, entropy := math.NaN(), math.NaN()
	if lik, ok := s.m.(models.Likelihood); ok && lik.LogProbKind().Exact() {
		nll = meanNLL(lik, x, s.dim, r)
	}
	if s.is2D && s.set.HasEntropy() {
		entropy = s.set.Entropy
	}
	j.add(protocol.ArrCodes, z).add(protocol.ArrInputs, x)
	j.stat(protocol.StatRoundTrip, worst).stat(protocol.StatNLL, nll).stat(protocol.StatEntropy, entropy).stat(protocol.StatNLLGap, nll-entropy)
}

// meanNLL returns the mean of −log p(x) over the points x, in nats.
func meanNLL(lik models.Likelihood, x []float32, dim int, r *rng.PCG) float64 {
	lp := make([]float32, len(x)/dim)
	lik.LogProb(lp, x, r)
	var sum float64
	for _, v := range lp {
		sum -= float64(v)
	}
	return sum / float64(len(lp))
}

// latent is PanelLatent for an encoder: the codes of data points (2D, with
// the points) or digits (with their labels), and of the View's input.
func (tr *trainer) latent(j *job, enc models.Encoder, v protocol.View, r *rng.PCG) {
	s := tr.s
	x, labels := s.real(r, latentPoints)
	z := make([]float32, latentPoints*enc.LatentDim())
	enc.Encode(z, x)
	j.add(protocol.ArrCodes, z)
	if labels != nil {
		j.add(protocol.ArrLabels, labels)
	} else {
		j.add(protocol.ArrInputs, x)
	}
	if len(v.Input) == s.dim {
		c := make([]float32, enc.LatentDim())
		enc.Encode(c, v.Input)
		y := make([]float32, s.dim)
		enc.Decode(y, c)
		j.add(protocol.ArrInputCode, c).add(protocol.ArrInputRecon, y)
		if tr.readsInput(v) && tr.scorer != nil && tr.scorer.c.Dim() == s.dim {
			j.add(protocol.ArrInputProbs, classProbs(tr.scorer.c, v.Input))
		}
	}
	j.stat(protocol.StatLatentDim, float64(enc.LatentDim()))
}

// readsInput reports whether the figure of v gives the classifier's reading
// of its input: the encoder's panel on images, with one image drawn.
func (tr *trainer) readsInput(v protocol.View) bool {
	return tr.s != nil && !tr.s.is2D && v.Panel == protocol.PanelLatent && len(v.Input) == tr.s.dim
}

// classProbs returns the classifier's class probabilities of the image x,
// the softmax of its logits (with the project's own exp, so they are the
// same bits natively and in the browser).
func classProbs(c *classifier.Classifier, x []float32) []float32 {
	p := make([]float32, c.Classes())
	c.Logits(p, x)
	top := slices.Max(p)
	var sum float32
	for i, l := range p {
		p[i] = math32.Exp(l - top)
		sum += p[i]
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}

// prior is PanelPrior: decodings of z ~ N(0, I) beside the codes of data,
// and how far the data's codes spread per dimension.
func (tr *trainer) prior(j *job, enc models.Encoder, r *rng.PCG) {
	s := tr.s
	k := enc.LatentDim()
	z := make([]float32, s.n*k)
	r.FillNormal(z)
	y := make([]float32, s.n*s.dim)
	enc.Decode(y, z)
	x, _ := s.real(r, latentPoints)
	codes := make([]float32, latentPoints*k)
	enc.Encode(codes, x)
	j.add(protocol.ArrPoints, y).add(protocol.ArrCodes, codes)
	j.stat(protocol.StatCodeStd, codeStd(codes, k)).stat(protocol.StatLatentDim, float64(k))
}

// codeStd returns the standard deviation of the codes per dimension,
// averaged over the k dimensions.
func codeStd(codes []float32, k int) float64 {
	n := len(codes) / k
	var total float64
	for d := range k {
		var s, ss float64
		for i := range n {
			v := float64(codes[i*k+d])
			s += v
			ss += v * v
		}
		m := s / float64(n)
		total += math.Sqrt(max(ss/float64(n)-m*m, 0))
	}
	return total / float64(k)
}

// manifold is PanelManifold: decodings of a G×G grid over latent dims 0
// (across) and 1 (down, largest first), spanning [-3, 3], the others 0.
func (tr *trainer) manifold(j *job, enc models.Encoder) {
	s := tr.s
	g := s.pick(manifold2D, manifoldImgs)
	k := enc.LatentDim()
	z := make([]float32, g*g*k)
	for row := range g {
		for col := range g {
			c := z[(row*g+col)*k : (row*g+col+1)*k]
			c[0] = float32(-manifoldSpan + 2*manifoldSpan*float64(col)/float64(g-1))
			if k > 1 {
				c[1] = float32(manifoldSpan - 2*manifoldSpan*float64(row)/float64(g-1))
			}
		}
	}
	y := make([]float32, g*g*s.dim)
	enc.Decode(y, z)
	j.add(protocol.ArrGrid, y)
	j.stat(protocol.StatRows, float64(g)).stat(protocol.StatCols, float64(g)).stat(protocol.StatSpan, manifoldSpan)
}

// interp is PanelInterp: decodings of codes evenly spaced from code(a) to
// code(b), a and b from the View's input or from the data.
func (tr *trainer) interp(j *job, enc models.Encoder, v protocol.View, r *rng.PCG) {
	s := tr.s
	ends := slices.Clone(v.Input)
	switch len(ends) {
	case 2 * s.dim:
	case s.dim:
		// One drawn input: from it to a data point of another kind.
		pair := s.farPair(r)
		ends = append(ends, pair[s.dim:]...)
	default:
		ends = s.farPair(r)
	}
	k := enc.LatentDim()
	c := make([]float32, 2*k)
	enc.Encode(c, ends)
	z := make([]float32, interpSteps*k)
	for i := range interpSteps {
		t := float32(i) / (interpSteps - 1)
		for d := range k {
			z[i*k+d] = (1-t)*c[d] + t*c[k+d]
		}
	}
	path := make([]float32, interpSteps*s.dim)
	enc.Decode(path, z)
	j.add(protocol.ArrEnds, ends).add(protocol.ArrPath, path)
	j.stat(protocol.StatSteps, interpSteps)
}

// farPair returns two data points far apart (the farthest of 64 on a 2D
// set) or two digits of different classes.
func (s *session) farPair(r *rng.PCG) []float32 {
	const n = 64
	x, labels := s.real(r, n)
	a, b := 0, 1
	if labels != nil {
		for b = 1; b < n-1 && labels[b] == labels[0]; b++ {
		}
	} else {
		best := -1.0
		for i := range n {
			for k := i + 1; k < n; k++ {
				dx, dy := float64(x[2*i]-x[2*k]), float64(x[2*i+1]-x[2*k+1])
				if d := dx*dx + dy*dy; d > best {
					a, b, best = i, k, d
				}
			}
		}
	}
	return slices.Concat(x[a*s.dim:(a+1)*s.dim], x[b*s.dim:(b+1)*s.dim])
}

// setOf returns the 2D set and the image set of a data source: one of
// them is its zero value.
func setOf(src models.Source) (set data.Set, img *data.Images, is2D bool) {
	switch src := src.(type) {
	case data.Set:
		return src, nil, true
	case *data.Images:
		return data.Set{}, src, false
	}
	return data.Set{Extent: 4, Entropy: math.NaN()}, nil, src.Dim() == 2
}
