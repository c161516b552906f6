package ui

import (
	"math"

	"genplay/models/claims"
	"genplay/models/metrics"
	"genplay/models/registry"
)

// The Compare view on an image set (MNIST): every tile loads its family's
// pretrained model from the server, with a progress bar, and the
// equal-steps budget trains each on from there, the same number of steps
// for every family; the scoreboard shows the image figures (FD, class
// coverage, precision, recall, bits per dimension, ms per image) measured
// live beside the figures the manifest recorded for the same weights.

// imageBudget is the equal-steps budget on an image set: steps trained on
// from the pretrained weights.
const imageBudget = 100

// images reports whether the view compares on an image set.
func (c *Compare) images() bool { return registry.ImagesSet(c.data) }

// pretrainedFor returns the name of the server's pretrained model of
// family on data: the manifest's entry (from any session that has the
// manifest), else the name the manifest gives such models, family-data.
func (p *Page) pretrainedFor(family, data string) string {
	for _, s := range p.Sessions {
		if s.manifest == nil {
			continue
		}
		for _, e := range s.manifest.Models {
			if e.Family == family && e.Data == data {
				return e.Name
			}
		}
	}
	return family + "-" + data
}

// loadPretrained moves t to the image set data and loads its family's
// pretrained model there, rather than building a fresh model to train
// from scratch.
func (c *Compare) loadPretrained(t *tile, data string) {
	s := t.s
	s.drawMode = false
	s.spec.Data = data
	s.spec.Steps = 0
	s.useData()
	s.forgetPanels()
	s.clearRun()
	s.running, s.model = false, ""
	s.choice = c.page.pretrainedFor(t.family, data)
	s.startLoad(s.choice)
}

// base is the step t trains on from: its pretrained model's, or 0.
func (t *tile) base() int {
	s := t.s
	if s.model != "" && s.load != nil && s.load.finished {
		return s.load.step
	}
	return 0
}

// target is the step the equal-steps budget trains t to: the budget's
// steps on from t's base.
func (c *Compare) target(t *tile) int { return t.base() + c.budget }

// allAtTarget reports whether every tile has reached its target.
func (c *Compare) allAtTarget() bool {
	for _, t := range c.tiles {
		if t.s.step < c.target(t) {
			return false
		}
	}
	return len(c.tiles) > 0
}

// loadingAny reports whether a tile is still downloading its model.
func (c *Compare) loadingAny() bool {
	for _, t := range c.tiles {
		if t.s.loading() {
			return true
		}
	}
	return false
}

// withImages sets r's image figures from t's newest metrics: the FD, the
// class coverage and the bits per dimension, exact or a bound.
func (t *tile) withImages(r *claims.Row) {
	m := t.s.metrics
	r.FD, r.ClassCoverage = stat(m, metrics.FD), stat(m, metrics.ClassCoverage)
	if x := stat(m, metrics.BPD); !math.IsNaN(x) {
		r.BPD, r.BPDKind = x, claims.NLLExact
	} else if x := stat(m, metrics.BPDBound); !math.IsNaN(x) {
		r.BPD, r.BPDKind = x, claims.NLLBound
	}
}

// recorded returns the figures the manifest recorded for t's pretrained
// model, and whether t runs one.
func (t *tile) recorded() (claims.Row, bool) {
	e, ok := t.s.loaded()
	if !ok {
		return claims.Row{}, false
	}
	r := claims.RecordedRow(t.family, familyTitle(t.family), e.Spec.Steps, e.Metrics)
	r.Evals, r.T = t.evals, t.t
	return r, true
}

// withRecorded returns rows, each live row followed by its family's
// recorded row where the family runs a pretrained model.
func (c *Compare) withRecorded(rows []claims.Row) []claims.Row {
	out := make([]claims.Row, 0, 2*len(rows))
	for _, r := range rows {
		out = append(out, r)
		for _, t := range c.tiles {
			if t.family != r.Family {
				continue
			}
			if rec, ok := t.recorded(); ok {
				out = append(out, rec)
			}
		}
	}
	return out
}

// columns are the scoreboard's columns for the view's data set.
func (c *Compare) columns() []claims.Column { return claims.ColumnsFor(c.images()) }

// loadShown reports whether t shows the download of its pretrained model.
func (t *tile) loadShown() bool { return t.s.load != nil && t.s.load.name != "" }

// scoreHint is the scoreboard's caption.
func (c *Compare) scoreHint() string {
	if c.images() {
		return "The same metrics for every family: live, scored on its newest sample of images against the same real digits, " +
			"in the features of the classifier the project ships; recorded, the figures the manifest holds for the same pretrained weights. Click a column to sort."
	}
	return "The same metrics for every family, scored on its newest sample against the same real points. Click a column to sort."
}
