package main

// compare trains every family on one 2D data set from several seeds and
// reports each metric as mean ± sd, with the claims board read from the
// intervals.
//
// Notation:
//
//	S      training seeds, 1 … S (Spec.Seed)
//	D      independent sample/reference draws per trained model (≥ 3)
//	x_sd   one metric of seed s, draw d
//	mean   (1/SD) Σ x_sd over the finite values
//	sd     the sample standard deviation of the same values (n − 1)
//
// The claims are judged on the mean row (one row per family of the means),
// and on each seed's row (the means over that seed's draws), to say for how
// many seeds each claim holds.

import (
	"flag"
	"fmt"
	"genplay/models/metrics/vocab"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"genplay/models"
	"genplay/models/claims"
	"genplay/models/data"
	"genplay/models/metrics"
	"genplay/models/pretrained"
	"genplay/models/registry"
	"genplay/models/train"
	"genplay/tensor/rng"
)

// compareOpts are the inputs of compare.
type compareOpts struct {
	data     string
	families []string                // registry names, in display order
	seeds    int                     // S
	steps    int                     // 0: each preset's steps
	draws    int                     // D
	n        int                     // samples (and reference points) per draw
	jobs     int                     // trainings in parallel
	clock    func() func() time.Time // a clock for each training and its scoring
	progress io.Writer               // nil: silent
}

// comparison is the result of compare: for each family (opts.families
// order), the reports of each seed's draws, reps[f][s][d].
type comparison struct {
	opts  compareOpts
	evals []int // network evaluations per sample of each family's default sampler
	fixed []int // its fixed step count (diffusion's T), 0 otherwise
	reps  [][][]metrics.Report
	// fast are draws of the same trained models with their faster
	// sampler (DDIM-50 against DDPM), one beside each draw of reps, from
	// streams of their own, for a family whose default sampler takes a
	// fixed number of steps; empty otherwise.
	fast      [][][]metrics.Report
	fastName  []string
	fastEvals []int
	errs      [][]error
}

// cmdCompare is genplay compare: it prints (and with -md writes) the
// table of mean ± sd per family and the claims board.
func cmdCompare(args []string) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	dataset := fs.String("data", "8gaussians", "2D data `set`")
	fams := fs.String("families", "", "comma-separated families (default: all)")
	seeds := fs.Int("seeds", 5, "training seeds per family")
	steps := fs.Int("steps", 0, "training steps (0: each family's preset)")
	draws := fs.Int("draws", 3, "independent sample/reference draws per trained model (at least 3)")
	n := fs.Int("n", 2000, "samples per draw")
	jobs := fs.Int("j", runtime.GOMAXPROCS(0), "trainings in parallel")
	md := fs.String("md", "", "also write the Markdown to this `file`")
	if err := parse(fs, args); err != nil {
		return err
	}
	o := compareOpts{data: *dataset, seeds: *seeds, steps: *steps, draws: *draws, n: *n, jobs: *jobs, clock: func() func() time.Time { return time.Now }, progress: os.Stderr}
	if *fams != "" {
		o.families = strings.Split(*fams, ",")
	}
	c, err := compare(o)
	if err != nil {
		return err
	}
	var b strings.Builder
	c.write(&b)
	fmt.Print(b.String())
	if *md != "" {
		return os.WriteFile(*md, []byte(b.String()), 0o644)
	}
	return nil
}

// compare checks o, trains every family of o from every seed with a pool
// of o.jobs workers and scores each trained model over o.draws draws.
func compare(o compareOpts) (*comparison, error) {
	if _, err := data.Lookup(o.data); err != nil {
		return nil, fmt.Errorf("compare: %w", err)
	}
	if len(o.families) == 0 {
		for _, f := range registry.Families() {
			o.families = append(o.families, f.Name)
		}
	}
	for i, f := range o.families {
		if _, err := registry.Lookup(f); err != nil {
			return nil, fmt.Errorf("compare: %w", err)
		}
		if slices.Contains(o.families[:i], f) {
			return nil, fmt.Errorf("compare: family %q given twice", f)
		}
	}
	switch {
	case o.seeds < 1 || o.seeds > 100:
		return nil, fmt.Errorf("compare: -seeds must be in [1, 100], got %d", o.seeds)
	case o.draws < 3 || o.draws > 100:
		return nil, fmt.Errorf("compare: -draws must be in [3, 100], got %d", o.draws)
	case o.n < 10 || o.n > 100_000:
		return nil, fmt.Errorf("compare: -n must be in [10, 1e5], got %d", o.n)
	case o.steps < 0:
		return nil, fmt.Errorf("compare: -steps must be ≥ 0, got %d", o.steps)
	}
	specs := make([]models.Spec, len(o.families))
	for i, f := range o.families {
		p, ok := registry.LookupPreset(f + "-" + o.data)
		if !ok {
			return nil, fmt.Errorf("compare: no preset %s-%s", f, o.data)
		}
		specs[i] = p.Spec
		if o.steps > 0 {
			specs[i].Steps = o.steps
		}
	}
	c := &comparison{opts: o, evals: make([]int, len(specs)), fixed: make([]int, len(specs)),
		reps: make([][][]metrics.Report, len(specs)), fast: make([][][]metrics.Report, len(specs)),
		fastName: make([]string, len(specs)), fastEvals: make([]int, len(specs)), errs: make([][]error, len(specs))}
	for i, spec := range specs {
		c.evals[i], c.fixed[i] = evalsPerSample(spec)
		c.reps[i], c.fast[i], c.errs[i] = make([][]metrics.Report, o.seeds), make([][]metrics.Report, o.seeds), make([]error, o.seeds)
		if c.fixed[i] > 0 {
			c.fastName[i], c.fastEvals[i] = fastSampler(spec)
		}
	}
	type job struct{ f, s int }
	work := make(chan job)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done, total := 0, len(specs)*o.seeds
	for range max(o.jobs, 1) {
		wg.Go(func() {
			for j := range work {
				spec := specs[j.f]
				spec.Seed = uint64(j.s + 1)
				start := time.Now()
				c.reps[j.f][j.s], c.fast[j.f][j.s], c.errs[j.f][j.s] = trainAndScore(spec, o, c.fixed[j.f] > 0)
				if o.progress != nil {
					mu.Lock()
					done++
					fmt.Fprintf(o.progress, "compare: %d/%d %s seed %d (%.1fs)\n", done, total, spec.Family, spec.Seed, time.Since(start).Seconds())
					mu.Unlock()
				}
			}
		})
	}
	for f := range specs {
		for s := range o.seeds {
			work <- job{f, s}
		}
	}
	close(work)
	wg.Wait()
	return c, nil
}

// trainAndScore trains spec and scores it over o.draws draws, each from
// its own stream split off a generator seeded apart from training's; with
// withFast, it also scores each draw's stream with the faster sampler
// (stepped, pretrained.FastSteps steps).
func trainAndScore(spec models.Spec, o compareOpts, withFast bool) (reps, fast []metrics.Report, err error) {
	m, src, r, err := registry.Build(spec, nil)
	if err != nil {
		return nil, nil, err
	}
	now := o.clock()
	sps, err := train.Run(m, src, spec.Steps, r, train.Options{Now: now})
	if err != nil {
		return nil, nil, err
	}
	set := src.(data.Set) // compare accepts 2D sets only
	base := rng.New(1_000_003*spec.Seed + 100)
	reps = make([]metrics.Report, o.draws)
	for d := range reps {
		r, fr := base.Split(), base.Split()
		reps[d] = metrics.Evaluate(m, set, o.n, o.n, r, now)
		reps[d].StepsPerSec = sps
		if st, ok := m.(models.Stepper); ok && withFast {
			fast = append(fast, metrics.Evaluate(stepped{m, st, models.StepOpts(st, pretrained.FastSteps)}, set, o.n, 0, fr, now))
		}
	}
	return reps, fast, nil
}

// fastSampler returns the title and evaluations per sample of the faster
// sampler of spec's family with pretrained.FastSteps steps ("DDIM-50").
func fastSampler(spec models.Spec) (string, int) {
	spec.Steps = 0
	m, _, _, err := registry.Build(spec, nil)
	if err != nil {
		return "", 0
	}
	st, ok := m.(models.Stepper)
	if !ok {
		return "", 0
	}
	opts := models.StepOpts(st, pretrained.FastSteps)
	for _, info := range st.Samplers() {
		if info.Name == opts.Sampler {
			return fmt.Sprintf("%s-%d", info.Title, opts.Steps), opts.Steps * max(info.EvalsPerStep, 1)
		}
	}
	return "", 0
}

// evalsPerSample returns the network evaluations per sample of spec's
// default sampler, and its fixed step count (diffusion's T) or 0.
func evalsPerSample(spec models.Spec) (evals, fixed int) {
	spec.Steps = 0
	m, _, _, err := registry.Build(spec, nil)
	if err != nil {
		return 0, 0
	}
	st, ok := m.(models.Stepper)
	if !ok || len(st.Samplers()) == 0 {
		return 1, 0
	}
	info := st.Samplers()[0]
	steps := info.FixedSteps
	if steps == 0 {
		steps = info.DefaultSteps
	}
	return steps * max(info.EvalsPerStep, 1), info.FixedSteps
}

// meanSD returns the mean and the sample standard deviation of the finite
// values of xs and their count; NaN, NaN, 0 without any, sd NaN with one.
func meanSD(xs []float64) (mean, sd float64, n int) {
	var s float64
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			s += x
			n++
		}
	}
	if n == 0 {
		return math.NaN(), math.NaN(), 0
	}
	mean = s / float64(n)
	if n == 1 {
		return mean, math.NaN(), 1
	}
	var q float64
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			q += (x - mean) * (x - mean)
		}
	}
	return mean, math.Sqrt(q / float64(n-1)), n
}

// field is one number of a report, NaN where it does not apply.
type field func(metrics.Report) float64

var (
	fPrecision = func(r metrics.Report) float64 { return r.Precision }
	fRecall    = func(r metrics.Report) float64 { return r.Recall }
	fModes     = func(r metrics.Report) float64 {
		if r.Modes < 0 {
			return math.NaN()
		}
		return float64(r.Modes)
	}
	fHQ  = func(r metrics.Report) float64 { return r.HighQuality }
	fMMD = func(r metrics.Report) float64 { return r.MMD }
	fNLL = func(r metrics.Report) float64 { return r.NLL }
	fGap = func(r metrics.Report) float64 { return r.NLLGap }
	fMs  = func(r metrics.Report) float64 { return r.MsPerSample }
	fSps = func(r metrics.Report) float64 { return r.StepsPerSec }
)

// stat returns mean and sd of f over reps.
func stat(reps []metrics.Report, f field) (mean, sd float64) {
	xs := make([]float64, len(reps))
	for i, r := range reps {
		xs[i] = f(r)
	}
	mean, sd, _ = meanSD(xs)
	return mean, sd
}

// row returns family i's scoreboard row of the means over reps, and over
// fast, the same draws sampled with its faster sampler, if any; Modes is
// the mean rounded to the nearest count.
func (c *comparison) row(i int, reps, fast []metrics.Report) claims.Row {
	f, _ := registry.Lookup(c.opts.families[i])
	r := claims.NewRow(f.Name, f.Title)
	if len(reps) == 0 {
		return r
	}
	r.Precision, _ = stat(reps, fPrecision)
	r.Recall, _ = stat(reps, fRecall)
	if m, _ := stat(reps, fModes); !math.IsNaN(m) {
		r.Modes, r.ModesTotal = int(math.Round(m)), reps[0].ModesTotal
	}
	r.HighQuality, _ = stat(reps, fHQ)
	r.MMD2, _ = stat(reps, fMMD)
	if nll, _ := stat(reps, fNLL); !math.IsNaN(nll) {
		r.NLL, r.NLLKind = nll, claims.NLLBound
		if reps[0].NLLKind.Exact() {
			r.NLLKind = claims.NLLExact
		}
	}
	r.NLLGap, _ = stat(reps, fGap)
	r.Evals, r.T = c.evals[i], c.fixed[i]
	r.MsPerSample, _ = stat(reps, fMs)
	r.StepsPerSec, _ = stat(reps, fSps)
	r.Step = c.opts.steps
	if len(fast) > 0 {
		fp, _ := stat(fast, fPrecision)
		fr, _ := stat(fast, fRecall)
		r.Fast = &claims.SamplerPair{
			Slow: claims.Sampled{Name: c.slowName(i), Evals: c.evals[i], Precision: r.Precision, Recall: r.Recall},
			Fast: claims.Sampled{Name: c.fastName[i], Evals: c.fastEvals[i], Precision: fp, Recall: fr},
		}
	}
	return r
}

// slowName is the title of family i's default sampler.
func (c *comparison) slowName(i int) string {
	spec := models.Spec{Family: c.opts.families[i], Data: c.opts.data}
	m, _, _, err := registry.Build(spec, nil)
	if st, ok := m.(models.Stepper); err == nil && ok {
		return st.Samplers()[0].Title
	}
	return ""
}

// pooled returns every report of family i in reps (c.reps or c.fast),
// over seeds and draws.
func pooled(reps [][][]metrics.Report, i int) []metrics.Report {
	var all []metrics.Report
	for _, rs := range reps[i] {
		all = append(all, rs...)
	}
	return all
}

// meanRows returns the board's rows of the pooled means.
func (c *comparison) meanRows() []claims.Row {
	rows := make([]claims.Row, len(c.reps))
	for i := range rows {
		rows[i] = c.row(i, pooled(c.reps, i), pooled(c.fast, i))
	}
	return rows
}

// seedRows returns the board's rows of seed s (means over its draws).
func (c *comparison) seedRows(s int) []claims.Row {
	rows := make([]claims.Row, len(c.reps))
	for i := range rows {
		rows[i] = c.row(i, c.reps[i][s], c.fast[i][s])
	}
	return rows
}

// pm formats mean ± sd with d decimals of x·scale, "–" for NaN.
func pm(reps []metrics.Report, f field, scale float64, d int) string {
	m, sd := stat(reps, f)
	if math.IsNaN(m) {
		return "–"
	}
	if math.IsNaN(sd) {
		return fmt.Sprintf("%.*f", d, scale*m)
	}
	return fmt.Sprintf("%.*f ± %.*f", d, scale*m, d, scale*sd)
}

// write prints the table, the board on the mean row, and per claim how
// many seeds it holds for, as Markdown.
func (c *comparison) write(w io.Writer) {
	o := c.opts
	steps := "each preset's steps"
	if o.steps > 0 {
		steps = fmt.Sprintf("%d steps", o.steps)
	}
	fmt.Fprintf(w, "Data %s; %d seeds × %d draws of %d samples per family; %s; mean ± sd over seeds and draws.\n\n", o.data, o.seeds, o.draws, o.n, steps)
	fmt.Fprintln(w, header("family", vocab.Precision, vocab.Recall, vocab.ModesCaptured, vocab.HighQuality+" %", vocab.MMD2+" ×1e3", vocab.NLL, "evals / sample", vocab.MsPerSample))
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for i, name := range o.families {
		f, _ := registry.Lookup(name)
		reps := pooled(c.reps, i)
		var failed []string
		for s, err := range c.errs[i] {
			if err != nil {
				failed = append(failed, fmt.Sprintf("seed %d: %v", s+1, err))
			}
		}
		if len(reps) == 0 {
			fmt.Fprintf(w, "| %s | failed: %s ||||||||\n", f.Title, strings.Join(failed, "; "))
			continue
		}
		title := f.Title
		if len(failed) > 0 {
			title += fmt.Sprintf(" (%d of %d seeds failed)", len(failed), o.seeds)
		}
		writeRow(w, title, reps, c.evals[i])
		if fast := pooled(c.fast, i); len(fast) > 0 {
			writeRow(w, f.Title+", "+c.fastName[i], fast, c.fastEvals[i])
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| claim | on the means | seeds where it holds | the means show |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	mean := claims.Board(c.meanRows())
	per := make([][]claims.Verdict, o.seeds)
	for s := range per {
		per[s] = claims.Board(c.seedRows(s))
	}
	for k, v := range mean {
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", v.Claim.Title, v.Mark, seedsHolding(per, k), v.Says)
	}
}

// writeRow writes one line of the table: the mean ± sd of reps.
func writeRow(w io.Writer, title string, reps []metrics.Report, evals int) {
	modes := pm(reps, fModes, 1, 1)
	if modes != "–" {
		modes += fmt.Sprintf(" /%d", reps[0].ModesTotal)
	}
	nll := pm(reps, fNLL, 1, 3)
	if nll != "–" {
		if k := reps[0].NLLKind; k.Exact() {
			nll += " exact"
		} else {
			nll += " ≤ (" + k.Bound + ")"
		}
	}
	ev := "–"
	if evals > 0 {
		ev = fmt.Sprint(evals)
	}
	fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", title,
		pm(reps, fPrecision, 1, 3), pm(reps, fRecall, 1, 3), modes, pm(reps, fHQ, 100, 1),
		pm(reps, fMMD, 1e3, 2), nll, ev, pm(reps, fMs, 1, 4))
}

// seedsHolding says for how many seeds claim k holds: every, some (with
// the count) or none; "not measured" if no seed measured it.
func seedsHolding(per [][]claims.Verdict, k int) string {
	holds, measured := 0, 0
	for _, b := range per {
		switch b[k].Mark {
		case claims.Holds:
			holds++
			measured++
		case claims.Fails:
			measured++
		}
	}
	switch {
	case measured == 0:
		return "not measured"
	case holds == measured:
		return fmt.Sprintf("every seed (%d/%d)", holds, measured)
	case holds == 0:
		return fmt.Sprintf("none (0/%d)", measured)
	}
	return fmt.Sprintf("some (%d/%d)", holds, measured)
}
