package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/vugu/vugu"

	"genplay/models/claims"
	"genplay/models/metrics"
	"genplay/wasm/urlstate"
)

// What the Compare view's template shows: texts, classes and options
// computed from the view's state, and its event handlers.

// The template's helpers.

func (c *Compare) budgetText() string {
	if c.byTime() {
		return strconv.Itoa(c.seconds())
	}
	return strconv.Itoa(c.budget)
}

func (c *Compare) budgetUnit() string {
	if c.byTime() {
		return "seconds"
	}
	return "steps"
}

// cpuText says how the workers share the CPU.
func (c *Compare) cpuText() string {
	cores := 0
	if h, ok := c.page.host.(interface{ Cores() int }); ok {
		cores = h.Cores()
	}
	n := len(c.tiles)
	var b strings.Builder
	fmt.Fprintf(&b, "%d workers train at once, one per family, each a thread of its own; ", n)
	if cores > 0 {
		fmt.Fprintf(&b, "this browser reports %d cores, so while all train each gets about %.2f of a core. ", cores, math.Min(1, float64(cores)/float64(max(n, 1))))
	} else {
		b.WriteString("the browser shares the cores among them. ")
	}
	if c.byTime() {
		fmt.Fprintf(&b, "Equal wall-clock time: every family trains for the same %d s, so the faster step gets more steps; each tile shows its busy time.", c.seconds())
	} else {
		fmt.Fprintf(&b, "Equal steps: every family trains %d steps and pauses there, so the numbers are the same at the same step in any browser; the fastest finish first and leave the CPU to the others.", c.budget)
	}
	return b.String()
}

func (c *Compare) playTitle() string {
	if c.running() {
		return "Pause every family (space)"
	}
	return "Train every family (space)"
}

func (c *Compare) playIcon() string {
	if c.running() {
		return "icon-pause"
	}
	return "icon-play"
}

func (c *Compare) dataOptions() []option {
	if len(c.tiles) == 0 {
		return nil
	}
	var out []option
	for _, o := range c.tiles[0].s.dataOptions() {
		if o.Name == dataDrawn {
			continue
		}
		o.Selected = o.Name == c.data
		out = append(out, o)
	}
	return out
}

func (c *Compare) budgetOptions() []option {
	return []option{
		{Name: urlstate.BudgetSteps, Label: "Equal steps", Selected: !c.byTime()},
		{Name: urlstate.BudgetTime, Label: "Equal wall-clock time", Selected: c.byTime()},
	}
}

// tileStatus is a tile's status for its badge and data attribute.
func (t *tile) status() string { return t.s.status() }

func (t *tile) title() string { return familyTitle(t.family) }

func (t *tile) rateText() string {
	if t.s.rate <= 0 {
		return "–"
	}
	return strconv.FormatFloat(t.s.rate, 'f', 0, 64)
}

func (t *tile) busyText() string { return strconv.FormatFloat(t.busy, 'f', 1, 64) + " s busy" }

// badge is the tile's signature: modes, precision and recall.
func (t *tile) badge() string {
	m := t.s.metrics
	p, r := stat(m, metrics.Precision), stat(m, metrics.Recall)
	if math.IsNaN(p) {
		return "not scored yet"
	}
	s := fmt.Sprintf("P %.2f · R %.2f", p, r)
	if modes := stat(m, metrics.ModesCaptured); !math.IsNaN(modes) {
		s = fmt.Sprintf("%d/%d modes · ", int(modes), int(stat(m, metrics.ModesTotal))) + s
	}
	return s
}

// spark is the tile's loss sparkline: the heights in percent of its bars,
// the newest losses in sparkPoints buckets.
func (t *tile) spark() []string {
	if len(t.s.losses) == 0 || len(t.s.losses[0].vals) == 0 {
		return nil
	}
	v := t.s.losses[0].vals
	per := max(1, len(v)/sparkPoints)
	var avg []float64
	for i := 0; i+per <= len(v); i += per {
		var s float64
		for _, x := range v[i : i+per] {
			s += float64(x)
		}
		avg = append(avg, s/float64(per))
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range avg {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	out := make([]string, len(avg))
	for i, x := range avg {
		h := 50.0
		if hi > lo && !math.IsNaN(x) {
			h = 8 + 92*(x-lo)/(hi-lo)
		}
		out[i] = fmt.Sprintf("height: %.0f%%", h)
	}
	return out
}

func (c *Compare) headClass(key string) string {
	if key != c.sortKey {
		return "sortable"
	}
	if c.sortRev {
		return "sortable sorted sorted-rev"
	}
	return "sortable sorted"
}

func cellText(col claims.Column, r claims.Row) string { return col.Text(r) }

// cellWhy says why a cell of the scoreboard shows no number ("–" or
// "none"), for its hover title; "" when it shows one.
func cellWhy(col claims.Column, r claims.Row) string {
	if t := col.Text(r); t != "–" && t != "none" {
		return ""
	}
	recorded := r.Source == claims.SourceRecorded
	switch col.Key {
	case metrics.ModesCaptured, metrics.HighQuality:
		if r.ModesTotal <= 0 {
			return "The data set is not a mixture of Gaussians: there are no modes to count."
		}
	case metrics.NLL:
		if r.NLLKind == claims.NLLNone {
			return "No likelihood for the " + r.Title + ": the page evaluates no density for it."
		}
		return "Not measured yet: diffusion's bound costs T network evaluations per point and is computed when the model pauses."
	case metrics.BPD:
		if r.BPDKind == claims.NLLNone && !recorded {
			return "Bits per dimension need a likelihood; the page scores them for the flow when Score samples runs."
		}
	case "time_to_pr":
		return "Precision and recall have not both reached 0.9 yet."
	}
	if recorded {
		return "The manifest records no such figure for the pretrained weights."
	}
	return "Not measured yet: it comes with the model's next scored sample."
}

func markClass(m claims.Mark) string { return "mark mark-" + m.Class() }

func markSign(m claims.Mark) string {
	switch m {
	case claims.Holds:
		return "✓ "
	case claims.Fails:
		return "✗ "
	case claims.NotMeasured:
		return "? "
	}
	return ""
}

func (c *Compare) onData(e vugu.DOMEvent)   { c.SetData(e.PropString("target", "value")) }
func (c *Compare) onSeed(e vugu.DOMEvent)   { c.SetSeed(e.PropString("target", "value")) }
func (c *Compare) onBudget(e vugu.DOMEvent) { c.SetBudget(e.PropString("target", "value")) }
func (c *Compare) onAmount(e vugu.DOMEvent) { c.SetAmount(e.PropString("target", "value")) }

func claimsColumns() []claims.Column { return claims.Columns }

// compareLabel is the Compare button's label: back to the grid from an
// open tile.
func (p *Page) compareLabel() string {
	if _, ok := p.focused(); ok {
		return "← Compare"
	}
	return "Compare"
}
