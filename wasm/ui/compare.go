package ui

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"genplay/models"
	"genplay/models/claims"
	"genplay/models/metrics"
	"genplay/models/registry"
	"genplay/wasm/protocol"
	"genplay/wasm/urlstate"
)

// The Compare view: every family picked trains in a session of its own,
// each with its own worker, on the same data set from the same seed; a
// grid of tiles shows them side by side, a scoreboard scores them with the
// same metrics and the claims board (package claims) reads the claims of
// the literature from the scoreboard. A tile opens its session in the
// single view, intact, and the view comes back to the grid.

// DefaultBudget is the equal-steps budget of a Compare view opened
// without one: every family trains this many steps and pauses.
const DefaultBudget = 1000

// sparkPoints is the number of bars of a tile's loss sparkline.
const sparkPoints = 48

// lossWindow is the number of recent loss values whose variance the
// scoreboard shows.
const lossWindow = 100

// Compare is the Compare view, a Vugu component that the Page shows in
// place of its sessions.
type Compare struct {
	page  *Page
	tiles []*tile
	state urlstate.Compare
	// data and seed are what every tile trains on; budget the steps of
	// the equal-steps budget.
	data   string
	seed   uint64
	budget int

	sortKey string
	sortRev bool
	// open is the tile shown in the single view, or nil for the grid.
	open *tile
	info string

	// repeat is the repeat with seeds, running or done, or nil
	// (compare_seeds.go).
	repeat *seedRun

	// wall counts the wall-clock budget's ticks of timerMs while playing.
	wallMs  int
	playing bool
	gen     int // counts plays, so that an old timer stops
}

// timerMs is the period of the wall-clock budget's timer.
const timerMs = 250

// tile is one family's session in the Compare view.
type tile struct {
	family string
	s      *Session
	evals  int // network evaluations per sample of the default sampler
	t      int // the default sampler's fixed step count, 0 for one pass

	last   int     // the step seen at the last build
	busy   float64 // seconds of training, Δstep / steps per second
	prStep int     // the first step with precision and recall ≥ 0.9, -1 before
	prTime float64
	diverg int
	halted bool // whether the stop counted in diverg is still shown
}

// newCompare returns the Compare view of st: a tile per family of
// st.Compare on st's data set and seed, trained to st's step.
func newCompare(p *Page, st urlstate.State) *Compare {
	c := &Compare{page: p, state: st.Compare, data: st.Spec.Data, seed: st.Spec.Seed, budget: DefaultBudget}
	if registry.ImagesSet(c.data) {
		c.budget = imageBudget
	}
	if st.Compare.On && st.Spec.Steps > 0 {
		c.budget = st.Spec.Steps
	}
	for _, fam := range st.Compare.FamilyList() {
		spec := models.Spec{Family: fam, Data: c.data, Seed: c.seed, Config: presetConfig(fam, c.data)}
		ts := urlstate.State{Spec: spec, View: firstView(spec), Embed: st.Embed}
		if st.Compare.On && st.Spec.Steps > 0 && !c.byTime() {
			ts.Spec.Steps = st.Spec.Steps // the link's step: train to it and pause
		}
		if c.images() {
			// The family's pretrained model (compare_mnist.go).
			ts.Model = p.pretrainedFor(fam, c.data)
		}
		cfg := SessionConfig{ID: "cmp-" + fam + "-", State: ts, Host: p.host}
		var s *Session
		if p.Spawn != nil {
			s = p.Spawn(cfg)
		} else {
			s = NewSession(cfg)
		}
		t := &tile{family: fam, s: s, prStep: -1}
		t.evals, t.t = evalsOf(spec)
		c.tiles = append(c.tiles, t)
		if !p.startDemoTile(fam, s) {
			s.Start()
		}
	}
	return c
}

// firstView is the view a tile of spec's family opens with: the default
// view on the family's first panel, so that the worker never draws a
// panel the model lacks (the autoencoder has no samples panel) before the
// page hears which it has; that figure's metrics would race with those of
// the paused sample.
func firstView(spec models.Spec) protocol.View {
	v := protocol.DefaultView()
	spec.Data, spec.Steps = "8gaussians", 0
	m, _, _, err := registry.Build(spec, nil)
	if err != nil {
		return v
	}
	if ps := protocol.PanelsFor(protocol.CapabilitiesOf(m), false); len(ps) > 0 && !slices.ContainsFunc(ps, func(p protocol.Panel) bool { return p.Name == v.Panel }) {
		v.Panel = ps[0].Name
	}
	return v
}

// evalsOf returns the network evaluations per sample of the family of
// spec's default sampler, and its fixed step count (diffusion's T) or 0
// for a sample in one pass; 0, 0 if the model cannot be built. Models
// are built on a 2D set: the cost does not depend on the data.
func evalsOf(spec models.Spec) (evals, fixed int) {
	spec.Data, spec.Steps = "8gaussians", 0
	m, _, _, err := registry.Build(spec, nil)
	if err != nil {
		return 0, 0
	}
	st, ok := m.(models.Stepper)
	if !ok || len(st.Samplers()) == 0 {
		return 1, 0
	}
	info := st.Samplers()[0]
	per := max(info.EvalsPerStep, 1)
	return max(info.FixedSteps, info.DefaultSteps) * per, info.FixedSteps
}

func (c *Compare) byTime() bool { return c.state.Budget == urlstate.BudgetTime }

// seconds is the wall-clock budget in seconds.
func (c *Compare) seconds() int {
	if c.state.Seconds > 0 {
		return c.state.Seconds
	}
	return urlstate.DefaultSeconds
}

// linkState is the state a link to the Compare view holds: its data set,
// seed and families, the step every family is at when they all are at the
// same one (equal steps), and the budget.
func (c *Compare) linkState() urlstate.State {
	st := urlstate.Default()
	st.Spec.Data, st.Spec.Seed = c.data, c.seed
	st.Compare = c.state
	st.Compare.On = true
	if !c.byTime() {
		st.Spec.Steps = c.commonStep()
	}
	return st
}

// commonStep is the step of every tile when they all rest at the same
// one, else the budget they train to.
func (c *Compare) commonStep() int {
	if len(c.tiles) == 0 {
		return 0
	}
	step := c.tiles[0].s.step
	for _, t := range c.tiles {
		if t.s.step != step || t.s.running || t.s.until > t.s.step {
			return c.budget
		}
	}
	return step
}

// BeforeBuild takes the tiles' newest reports into their running figures:
// the training time, the first step at precision and recall ≥ 0.9 and the
// divergences.
func (c *Compare) BeforeBuild() {
	for _, t := range c.tiles {
		t.observe()
	}
}

// observe updates t from its session's newest report.
func (t *tile) observe() {
	s := t.s
	if s.step < t.last {
		// A reset.
		t.busy, t.prStep, t.prTime = 0, -1, 0
	}
	if d := s.step - t.last; d > 0 && s.rate > 0 {
		t.busy += float64(d) / s.rate
	}
	t.last = s.step
	if t.prStep < 0 {
		p, r := stat(s.metrics, metrics.Precision), stat(s.metrics, metrics.Recall)
		if p >= 0.9 && r >= 0.9 {
			t.prStep, t.prTime = s.step, t.busy
		}
	}
	// A stop with a notice: a loss that was not finite (or the worker's
	// program failed; a crash of the Web Worker itself is not counted).
	halted := s.stopped && s.notice != "" && s.crashed == ""
	if halted && !t.halted {
		t.diverg++
	}
	t.halted = halted
}

// stat returns the value of the stat name, NaN if absent.
func stat(stats []protocol.Stat, name string) float64 {
	for _, st := range stats {
		if st.Name == name {
			return st.Value
		}
	}
	return math.NaN()
}

// row is t's line of the scoreboard.
func (t *tile) row() claims.Row {
	s := t.s
	r := claims.NewRow(t.family, familyTitle(t.family))
	r.Step = s.step
	m := s.metrics
	r.Precision, r.Recall = stat(m, metrics.Precision), stat(m, metrics.Recall)
	if modes := stat(m, metrics.ModesCaptured); !math.IsNaN(modes) {
		r.Modes, r.ModesTotal = int(modes), int(stat(m, metrics.ModesTotal))
	}
	r.HighQuality, r.MMD2 = stat(m, metrics.HighQuality), stat(m, metrics.MMD2)
	if x := stat(m, metrics.NLL); !math.IsNaN(x) {
		r.NLL, r.NLLKind = x, claims.NLLExact
	} else if x := stat(m, metrics.NLLBound); !math.IsNaN(x) {
		r.NLL, r.NLLKind = x, claims.NLLBound
	}
	r.NLLGap = stat(m, metrics.NLLGap)
	r.Evals, r.T = t.evals, t.t
	r.MsPerSample = stat(m, metrics.MsPerSample)
	if s.rate > 0 {
		r.StepsPerSec = s.rate
	}
	r.BusySec = t.busy
	r.StepToPR, r.TimeToPR = t.prStep, math.NaN()
	if t.prStep >= 0 {
		r.TimeToPR = t.prTime
	}
	r.Divergences = t.diverg
	r.LossVar = t.lossVar()
	t.withImages(&r)
	if s.figOK && s.fig.Panel == protocol.PanelSamplers {
		f := s.fig
		get := func(name string) float64 { v, _ := f.Stat(name); return v }
		r.Fast = &claims.SamplerPair{
			Slow: claims.Sampled{Name: "DDPM", Evals: int(get(protocol.StatFirstEvals)),
				Precision: get(protocol.StatFirstPrecision), Recall: get(protocol.StatFirstRecall)},
			Fast: claims.Sampled{Name: "DDIM-" + strconv.Itoa(int(get(protocol.StatSecondEvals))), Evals: int(get(protocol.StatSecondEvals)),
				Precision: get(protocol.StatSecondPrecision), Recall: get(protocol.StatSecondRecall)},
		}
	}
	return r
}

// lossVar is the variance of the newest lossWindow total losses, NaN with
// fewer than two.
func (t *tile) lossVar() float64 {
	if len(t.s.losses) == 0 {
		return math.NaN()
	}
	v := t.s.losses[0].vals
	v = v[max(0, len(v)-lossWindow):]
	if len(v) < 2 {
		return math.NaN()
	}
	var sum, sq float64
	for _, x := range v {
		sum += float64(x)
	}
	mean := sum / float64(len(v))
	for _, x := range v {
		sq += (float64(x) - mean) * (float64(x) - mean)
	}
	return sq / float64(len(v)-1)
}

// rows is the scoreboard in the order shown.
func (c *Compare) rows() []claims.Row {
	out := make([]claims.Row, len(c.tiles))
	for i, t := range c.tiles {
		out[i] = t.row()
	}
	if c.sortKey != "" {
		claims.Sort(out, c.sortKey, c.sortRev)
	}
	if c.images() {
		return c.withRecorded(out)
	}
	return out
}

// boardRows is the scoreboard in the tiles' order, for the claims board.
func (c *Compare) boardRows() []claims.Row {
	out := make([]claims.Row, len(c.tiles))
	for i, t := range c.tiles {
		out[i] = t.row()
	}
	return out
}

// verdicts is the claims board.
func (c *Compare) verdicts() []claims.Verdict { return claims.Board(c.boardRows()) }

// The transport: it acts on every tile.

// Play trains every tile: to the step budget (equal steps), or for the
// wall-clock budget from now (equal time). With every tile at the step
// budget, it doubles the budget.
func (c *Compare) Play() {
	c.info = ""
	if c.byTime() {
		c.wallMs = 0
		for _, t := range c.tiles {
			t.s.Play()
		}
		c.startTimer()
		return
	}
	if c.images() && c.loadingAny() {
		c.info = "The pretrained models are still loading: play once every tile shows its model."
		return
	}
	if c.allAtTarget() {
		c.budget *= 2
		c.info = fmt.Sprintf("Every family had reached the budget: training on to %d steps.", c.budget)
		if c.images() {
			c.info = fmt.Sprintf("Every family had reached the budget: training on to %d steps from its pretrained model.", c.budget)
		}
	}
	for _, t := range c.tiles {
		s := t.s
		until := c.target(t)
		s.notice, s.stopped, s.until = "", false, until
		s.do(protocol.Command{Op: protocol.KindPlay, Spec: s.spec, Until: until})
		s.running = true
	}
	c.playing = true
}

// startTimer pauses every tile once the wall-clock budget has passed.
func (c *Compare) startTimer() {
	c.playing = true
	c.gen++
	gen := c.gen
	a, ok := c.page.host.(Animator)
	if !ok {
		return
	}
	a.Every(timerMs, func() bool {
		if gen != c.gen || !c.playing {
			return false
		}
		c.wallMs += timerMs
		if c.wallMs >= 1000*c.seconds() {
			c.Pause()
			c.info = fmt.Sprintf("Every family trained for %d s of wall-clock time.", c.seconds())
			return false
		}
		return true
	})
}

// Pause pauses every tile.
func (c *Compare) Pause() {
	c.playing = false
	for _, t := range c.tiles {
		t.s.Pause()
	}
}

// running reports whether any tile trains.
func (c *Compare) running() bool {
	for _, t := range c.tiles {
		if t.s.running {
			return true
		}
	}
	return false
}

// Toggle pauses when any tile trains, else plays; during a repeat with
// seeds it cancels the repeat.
func (c *Compare) Toggle() {
	if c.repeating() {
		// Pausing a repeat with seeds cancels it.
		c.CancelSeeds()
		return
	}
	if c.running() {
		c.Pause()
	} else {
		c.Play()
	}
}

// Step trains every tile one step.
func (c *Compare) Step() {
	c.playing = false
	for _, t := range c.tiles {
		t.s.Step()
	}
}

// Reset rebuilds every tile from the seed.
func (c *Compare) Reset() {
	c.cancelRepeat()
	c.playing, c.info = false, ""
	c.budget = max(c.budget, 1)
	for _, t := range c.tiles {
		t.s.Reset()
		t.s.clearRun()
	}
	c.forget()
}

// forget clears the tiles' running figures.
func (c *Compare) forget() {
	for _, t := range c.tiles {
		*t = tile{family: t.family, s: t.s, evals: t.evals, t: t.t, prStep: -1}
	}
}

// Key handles the page's keys in the grid: space, → and r act on every tile.
func (c *Compare) Key(key string) {
	switch key {
	case " ", "Spacebar":
		c.Toggle()
	case "ArrowRight", "Right":
		c.Step()
	case "r", "R":
		c.Reset()
	}
}

// Open shows t's session in the single view; not in embed mode, which
// has no way back.
func (c *Compare) Open(t *tile) {
	if c.page.embed {
		return
	}
	c.open = t
	c.page.syncURL()
}

// SetData trains every tile on the data set name.
func (c *Compare) SetData(name string) {
	c.cancelRepeat()
	if c.images() && !registry.ImagesSet(name) {
		c.budget = DefaultBudget
	}
	c.data = name
	for _, t := range c.tiles {
		if c.images() {
			c.loadPretrained(t, name)
			continue
		}
		t.s.SetData(name)
	}
	if c.images() {
		c.budget = imageBudget
	}
	c.playing = false
	c.forget()
	c.page.syncURL()
}

// SetSeed trains every tile from the seed typed.
func (c *Compare) SetSeed(text string) {
	seed, err := strconv.ParseUint(text, 10, 64)
	if err != nil {
		c.info = fmt.Sprintf("%q is not a seed: use a whole number.", text)
		return
	}
	c.seed = seed
	for _, t := range c.tiles {
		t.s.SetSeed(text)
	}
	c.playing = false
	c.forget()
	c.page.syncURL()
}

// SetBudget takes the budget picked: "steps" or "time".
func (c *Compare) SetBudget(b string) {
	if b != urlstate.BudgetSteps && b != urlstate.BudgetTime {
		return
	}
	c.cancelRepeat()
	c.Pause()
	c.state.Budget = b
	c.page.syncURL()
}

// SetAmount takes the number typed for the budget: steps or seconds.
func (c *Compare) SetAmount(text string) {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < 1 {
		c.info = fmt.Sprintf("%q is not a budget: use a whole number from 1.", text)
		return
	}
	if c.byTime() {
		c.state.Seconds = min(n, urlstate.MaxSeconds)
	} else {
		c.budget = min(n, urlstate.MaxSteps)
	}
	c.page.syncURL()
}

// SortBy sorts the scoreboard by the column key; the same key again
// reverses the order.
func (c *Compare) SortBy(key string) {
	if c.sortKey == key {
		c.sortRev = !c.sortRev
		return
	}
	c.sortKey, c.sortRev = key, false
}

// ExportCSV downloads the scoreboard.
func (c *Compare) ExportCSV() {
	if c.page.host == nil {
		return
	}
	name := fmt.Sprintf("compare-%s-seed%d-step%d.csv", c.data, c.seed, c.commonStep())
	rows := c.boardRows()
	if c.images() {
		rows = c.withRecorded(rows)
	}
	c.page.host.Download(name, "text/csv", claims.CSVOf(c.columns(), rows))
}

// MeasureSamplers shows diffusion's DDPM vs DDIM panel in its tile, whose
// figure scores both samplers for the faster-samplers claim.
func (c *Compare) MeasureSamplers() {
	for _, t := range c.tiles {
		if t.s.hasPanel(protocol.PanelSamplers) {
			t.s.SetPanel(protocol.PanelSamplers)
		}
	}
}
