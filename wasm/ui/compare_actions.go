package ui

import (
	"strconv"

	"genplay/models/claims"
	"genplay/wasm/protocol"
	"genplay/wasm/urlstate"
)

// The Compare view's actions on one tile: a failed worker's error and its
// restart, while the other tiles go on; and a claim of the board opened in
// the single view, at the panel that shows it.

// failure is what stopped t's worker for good, or "": the worker's crash
// (an error event of the Web Worker), or the error a worker reports when
// its program panics and stops training.
func (t *tile) failure() string {
	s := t.s
	switch {
	case s.crashed != "":
		return s.crashed
	case s.stopped && s.notice != "":
		return s.notice
	}
	return ""
}

// RestartTile replaces t's worker with a fresh one, which rebuilds t's
// model from the seed (or reloads its pretrained model); under equal
// steps, once the other tiles have started, t trains to the same budget,
// and under equal time it trains while the others do. The other tiles
// are not touched.
func (c *Compare) RestartTile(t *tile) {
	t.s.Restart()
	*t = tile{family: t.family, s: t.s, evals: t.evals, t: t.t, prStep: -1}
	if c.images() {
		// The fresh worker loads the family's pretrained model again;
		// Play trains it on.
		c.loadPretrained(t, c.data)
		return
	}
	s := t.s
	if c.byTime() {
		if c.playing {
			s.Play()
		}
		return
	}
	if !c.playing && !c.othersStarted(t) {
		return
	}
	s.until = c.target(t)
	s.do(protocol.Command{Op: protocol.KindPlay, Spec: s.spec, Until: s.until})
	s.running = true
}

// claimTile returns the tile of the claim's subject family, or nil.
func (c *Compare) claimTile(cl claims.Claim) *tile {
	for _, t := range c.tiles {
		if t.family == cl.Subject {
			return t
		}
	}
	return nil
}

// OpenClaim shows the claim's subject family in the single view, with its
// session intact, at the panel that shows the claim. A model that has not
// yet told the page its panels opens at that panel once it does, if it
// has it.
func (c *Compare) OpenClaim(cl claims.Claim) {
	t := c.claimTile(cl)
	if t == nil {
		return
	}
	s := t.s
	switch {
	case s.hasPanel(cl.Panel):
		s.SetPanel(cl.Panel)
	case len(s.panels) == 0:
		s.view.Panel = cl.Panel
		s.sendView()
	}
	c.Open(t)
}

// claimLinkTitle is the title of a claim's link to the single view.
func (c *Compare) claimLinkTitle(cl claims.Claim) string {
	label := cl.Panel
	panels := protocol.PanelTable
	if t := c.claimTile(cl); t != nil && len(t.s.panels) > 0 {
		panels = t.s.panels
	}
	for _, p := range panels {
		if p.Name == cl.Panel {
			label = p.Label
			break
		}
	}
	return "Open " + familyTitle(cl.Subject) + " in the single view at its " + label + " panel"
}

// claimLinkText is the text of a claim's link to the single view.
func (c *Compare) claimLinkText(cl claims.Claim) string {
	return "see it in the single view ↗"
}

// Embed mode: the grid and the claims board under a bar of their own.

// rootClass is the view's class: embed mode drops the controls and the
// scoreboard.
func (c *Compare) rootClass() string {
	if c.page.embed {
		return "compare compare-embed"
	}
	return "compare"
}

// embedTitle is the embed bar's title: the data set and the step.
func (c *Compare) embedTitle() string {
	title := c.data
	if len(c.tiles) > 0 {
		title = c.tiles[0].s.dataTitle()
	}
	return "Compare · " + title + " · step " + strconv.Itoa(c.commonStep())
}

// openLink is the full page's link to the Compare view, from embed mode.
func (c *Compare) openLink() string {
	return c.page.base() + "?" + urlstate.Encode(c.linkState())
}

// compareEmbedCode is the <iframe> that shows the Compare view in embed
// mode, and whether the page shows the Compare grid.
func (p *Page) compareEmbedCode() (string, bool) {
	if _, ok := p.compareQuery(); !ok {
		return "", false
	}
	return urlstate.CompareEmbedCode(p.base(), p.cmp.linkState()), true
}

// claimsHint is the claims board's caption.
func (c *Compare) claimsHint() string {
	where := "the scoreboard above"
	if c.page.embed {
		where = "the scoreboard of the full page"
	}
	return "Each claim is checked by a rule on " + where + "; each cell shows the number the rule reads. ✓ holds, ✗ does not hold here, ? not measured yet."
}

// othersStarted reports whether a tile other than t trains or has trained.
func (c *Compare) othersStarted(t *tile) bool {
	for _, o := range c.tiles {
		if o != t && (o.s.running || o.s.step > 0) {
			return true
		}
	}
	return false
}
