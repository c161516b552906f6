package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"genplay/models/claims"
	"genplay/models/metrics"
	"genplay/wasm/protocol"
)

// Repeat with seeds: the Compare view trains every family from seeds 1 to
// repeatSeeds in turn, each to the equal-steps budget, in the tiles'
// workers, and takes each seed's scoreboard once it has settled; the
// table below the scoreboard gives every cell's mean ± sd over the seeds
// (claims.SpreadText), and the claims board judged on the means and for
// how many seeds each claim holds (claims.MeanRows, claims.RunsHolding),
// as genplay compare -seeds does natively. The page scores one draw per
// seed, the tile's newest sample against the same real points, where the
// command scores three independent draws of sample and reference.

// repeatSeeds is the number of seeds of a repeat: 1 … repeatSeeds.
const repeatSeeds = 5

// settleTicks is the number of ticks of timerMs for which a seed's
// scoreboard must stay the same, every tile paused at the budget, before
// the seed's rows are taken: the worker scores a paused sample (and the
// likelihoods) after it reports the step.
const settleTicks = 12

// seedRun is a repeat with seeds, running or done.
type seedRun struct {
	seeds  []uint64
	budget int
	at     int            // the index in seeds of the seed training
	runs   [][]claims.Row // the scoreboard of each seed done, in the tiles' order
	last   string         // the scoreboard at the last tick
	still  int            // ticks for which it has not changed
	state  string         // runTraining, runScoring, runDone or runCancelled
	gen    int
}

// The states of a seedRun.
const (
	runTraining  = "training"
	runScoring   = "scoring"
	runDone      = "done"
	runCancelled = "cancelled"
)

// repeating reports whether a repeat with seeds runs.
func (c *Compare) repeating() bool {
	return c.repeat != nil && (c.repeat.state == runTraining || c.repeat.state == runScoring)
}

// RepeatSeeds trains every family from seeds 1 … repeatSeeds in turn to
// the equal-steps budget and gathers each seed's scoreboard. It needs the
// equal-steps budget: under equal wall-clock time the seeds would not
// train the same steps.
func (c *Compare) RepeatSeeds() {
	if c.repeating() {
		return
	}
	if c.byTime() {
		c.info = "Repeat with seeds trains every seed to the same step: pick the equal-steps budget first."
		return
	}
	if c.images() {
		c.info = "On an image set every family starts from its pretrained weights, which one seed trained: repeat with seeds runs on the 2D sets."
		return
	}
	gen := 1
	if c.repeat != nil {
		gen = c.repeat.gen + 1
	}
	r := &seedRun{budget: c.budget, gen: gen}
	for s := range repeatSeeds {
		r.seeds = append(r.seeds, uint64(s+1))
	}
	c.repeat = r
	c.info = ""
	c.startSeed()
	if a, ok := c.page.host.(Animator); ok {
		a.Every(timerMs, func() bool { return c.repeatTick(gen) })
	}
}

// startSeed trains every tile from the run's current seed to its budget.
func (c *Compare) startSeed() {
	r := c.repeat
	r.state, r.last, r.still = runTraining, "", 0
	c.SetSeed(strconv.FormatUint(r.seeds[r.at], 10))
	c.budget = r.budget
	for _, t := range c.tiles {
		s := t.s
		s.notice, s.stopped, s.until = "", false, r.budget
		s.do(protocol.Command{Op: protocol.KindPlay, Spec: s.spec, Until: r.budget})
		s.running = true
	}
	c.playing = true
}

// repeatTick advances the run of generation gen: once every tile rests
// at the budget, scored, and the scoreboard has not changed for
// settleTicks ticks, it takes the seed's rows and starts the next seed.
// It returns false when the run is over.
func (c *Compare) repeatTick(gen int) bool {
	r := c.repeat
	if r == nil || r.gen != gen || !c.repeating() {
		return false
	}
	c.BeforeBuild()
	for _, t := range c.tiles {
		if !t.seedDone(r.budget) {
			r.state, r.still = runTraining, 0
			return true
		}
	}
	r.state = runScoring
	key := string(claims.CSV(c.boardRows()))
	if key != r.last {
		r.last, r.still = key, 0
		return true
	}
	if r.still++; r.still < settleTicks {
		return true
	}
	r.runs = append(r.runs, c.boardRows())
	if r.at++; r.at < len(r.seeds) {
		c.startSeed()
		return true
	}
	r.state, c.playing = runDone, false
	c.info = fmt.Sprintf("Every family trained %d steps from each of seeds 1 to %d; the tiles show seed %d.", r.budget, len(r.seeds), r.seeds[len(r.seeds)-1])
	return false
}

// seedDone reports whether t's seed is over: its worker failed, or it
// rests at step budget with a sample scored at that step (and, for a model
// with a likelihood, its NLL).
func (t *tile) seedDone(budget int) bool {
	s := t.s
	if t.failure() != "" {
		return true
	}
	if s.running || s.step != budget {
		return false
	}
	h := s.history.steps
	if len(h) == 0 || h[len(h)-1] != float64(budget) || math.IsNaN(stat(s.metrics, metrics.Precision)) {
		return false
	}
	if s.has(protocol.CapLikelihood) {
		return !math.IsNaN(stat(s.metrics, metrics.NLL)) || !math.IsNaN(stat(s.metrics, metrics.NLLBound))
	}
	return true
}

// CancelSeeds stops a repeat with seeds: the tiles pause where they are,
// and the seeds done so far stay on the board.
func (c *Compare) CancelSeeds() {
	if !c.repeating() {
		return
	}
	c.repeat.state = runCancelled
	c.Pause()
	c.info = fmt.Sprintf("Repeat cancelled after %d of %d seeds.", len(c.repeat.runs), len(c.repeat.seeds))
}

// cancelRepeat cancels a running repeat, for a change of the data set,
// the budget or a reset.
func (c *Compare) cancelRepeat() {
	if c.repeating() {
		c.repeat.state = runCancelled
	}
}

// The template's helpers.

// seedsProgress is the run's progress from 0 to 1: the seeds done and the
// tiles' mean share of the budget in the current one.
func (c *Compare) seedsProgress() float64 {
	r := c.repeat
	if r == nil || len(r.seeds) == 0 {
		return 0
	}
	if r.state == runDone {
		return 1
	}
	var frac float64
	for _, t := range c.tiles {
		frac += math.Min(1, float64(t.s.step)/float64(max(r.budget, 1)))
	}
	if len(c.tiles) > 0 {
		frac /= float64(len(c.tiles))
	}
	return (float64(len(r.runs)) + frac) / float64(len(r.seeds))
}

func (c *Compare) seedsProgressText() string {
	return strconv.FormatFloat(c.seedsProgress(), 'f', 3, 64)
}

// seedsStatus says where the run is.
func (c *Compare) seedsStatus() string {
	r := c.repeat
	if r == nil {
		return ""
	}
	switch r.state {
	case runTraining:
		return fmt.Sprintf("Seed %d of %d: training to step %d (%.0f %% of the run).", r.at+1, len(r.seeds), r.budget, 100*c.seedsProgress())
	case runScoring:
		return fmt.Sprintf("Seed %d of %d: every family is at step %d; waiting for its scores to settle.", r.at+1, len(r.seeds), r.budget)
	case runCancelled:
		return fmt.Sprintf("Cancelled after %d of %d seeds.", len(r.runs), len(r.seeds))
	}
	return fmt.Sprintf("%d seeds, %d steps each.", len(r.runs), r.budget)
}

// seedsState is the run's state for the template's data attribute.
func (c *Compare) seedsState() string {
	if c.repeat == nil {
		return "none"
	}
	return c.repeat.state
}

// spreadRow is one family's line of the table over seeds.
type spreadRow struct {
	Family string
	Cells  []spreadCell
}

type spreadCell struct{ Key, Text string }

// spreadRows is the table over the seeds done: every column's mean ± sd.
func (c *Compare) spreadRows() []spreadRow {
	r := c.repeat
	if r == nil || len(r.runs) == 0 {
		return nil
	}
	out := make([]spreadRow, len(r.runs[0]))
	for f, row := range r.runs[0] {
		out[f].Family = row.Family
		for _, col := range claims.Columns {
			out[f].Cells = append(out[f].Cells, spreadCell{col.Key, claims.SpreadText(r.runs, f, col.Key)})
		}
	}
	return out
}

// seedVerdict is a claim judged on the means over seeds, and for how many
// seeds it holds.
type seedVerdict struct {
	claims.Verdict
	Runs string
}

// seedVerdicts is the claims board over the seeds done.
func (c *Compare) seedVerdicts() []seedVerdict {
	r := c.repeat
	if r == nil || len(r.runs) == 0 {
		return nil
	}
	board := claims.Board(claims.MeanRows(r.runs))
	held := claims.RunsHolding(r.runs)
	out := make([]seedVerdict, len(board))
	for i, v := range board {
		out[i] = seedVerdict{v, strings.Replace(held[i], "run", "seed", 1)}
	}
	return out
}

func (c *Compare) repeatLabel() string { return fmt.Sprintf("Repeat with %d seeds", repeatSeeds) }

// seedsHint states the protocol.
func (c *Compare) seedsHint() string {
	return fmt.Sprintf("Trains every family from seeds 1 to %d in turn, each to the step budget (%d), in the same workers, "+
		"and gives each cell's mean ± sd over the seeds, one scored sample per seed; the claims are read from the means. "+
		"genplay compare -seeds %d does the same natively on all cores, with three independent sample and reference draws per seed.",
		repeatSeeds, c.budget, repeatSeeds)
}
