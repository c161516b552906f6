package ui

import "genplay/wasm/urlstate"

// The page's side of the Compare view: the link that opens it, the
// switch between the single view and the grid, and the session the top
// bar drives.

// takeCompare keeps the Compare part of the state a link opened, with its
// step as the equal-steps budget, and returns the state the page's main
// session opens with: the link's, at step 0 when the link is a Compare
// link.
func (p *Page) takeCompare(st urlstate.State) urlstate.State {
	p.cmpLink = st
	if st.Compare.On {
		st.Spec.Steps = 0
	}
	return st
}

// comparing reports whether the page shows the Compare grid.
func (p *Page) comparing() bool { return p.cmp != nil && p.cmp.state.On && p.cmp.open == nil }

// shownSessions are the sessions the page shows below the top bar: none
// for the Compare grid, the tile opened from it, or the page's own.
func (p *Page) shownSessions() []*Session {
	switch {
	case p.cmp == nil || !p.cmp.state.On:
		return p.Sessions
	case p.cmp.open != nil:
		return []*Session{p.cmp.open.s}
	}
	return nil
}

// focused returns the session the top bar drives, when a Compare tile is
// open in the single view.
func (p *Page) focused() (*Session, bool) {
	if p.cmp != nil && p.cmp.state.On && p.cmp.open != nil {
		return p.cmp.open.s, true
	}
	return nil, false
}

// startCompare shows the Compare view the page's link asked for, if any.
func (p *Page) startCompare() {
	if p.cmpLink.Compare.On {
		p.ShowCompare()
	}
}

// ShowCompare shows the Compare view, starting its sessions the first
// time on the main session's data set and seed (or the link's).
func (p *Page) ShowCompare() {
	if p.cmp == nil {
		st := p.cmpLink
		if !st.Compare.On && len(p.Sessions) > 0 {
			st.Spec = p.Main().spec
			st.Spec.Steps = 0
		}
		p.cmp = newCompare(p, st)
	}
	p.cmp.state.On, p.cmp.open = true, nil
	p.syncURL()
}

// ShowSingle goes back to the single view of the page's main session.
func (p *Page) ShowSingle() {
	if p.cmp != nil {
		p.cmp.state.On, p.cmp.open = false, nil
	}
	p.syncURL()
}

// compareQuery is the link's query of the Compare view, and whether the
// page shows it.
func (p *Page) compareQuery() (string, bool) {
	if p.cmp == nil || !p.cmp.state.On || p.cmp.open != nil {
		return "", false
	}
	return urlstate.Encode(p.cmp.linkState()), true
}

// compareClass is the Compare button's class: active in the Compare view.
func (p *Page) compareClass() string {
	if p.cmp != nil && p.cmp.state.On {
		return "btn btn-active"
	}
	return "btn"
}

// ToggleCompare switches between the single view and the Compare view;
// from an open tile it goes back to the grid.
func (p *Page) ToggleCompare() {
	if p.cmp != nil && p.cmp.state.On && p.cmp.open == nil {
		p.ShowSingle()
		return
	}
	p.ShowCompare()
}
