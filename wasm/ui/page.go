package ui

import (
	"fmt"
	"strings"

	"github.com/vugu/vugu"

	"genplay/wasm/urlstate"
)

// The page frame: the top bar with the transport and the pickers, the
// share link and the embed code, the keyboard and the notices about the
// link the page opened. The frame drives its main session, the first; the
// address bar holds the main session's state.

// Page is the root component: the frame around one or more sessions.
type Page struct {
	host        Host
	state       urlstate.State // the state of the link the page opened
	linkPanel   string         // the panel the link named, or ""
	embed       bool
	linkNotices []string // what was wrong with the link the page opened
	shown       string   // the share box: shownShare, shownEmbed or shownNone
	lastQuery   string

	// Sessions are the sessions shown; the first is the main one, which
	// the frame's controls and the address bar follow.
	Sessions []*Session

	// Spawn, if not nil, returns a session for cfg with a worker of its
	// own, for the Compare view (compare.go); cmp is that view, cmpLink
	// the state of a Compare link the page opened.
	Spawn   func(cfg SessionConfig) *Session
	cmp     *Compare
	cmpLink urlstate.State

	// demos are the Publish box and the demo of the page's address
	// (publish.go, publish_open.go).
	demos demoState
}

// NewPage returns the page for the state in the query of the page's link;
// host may be nil where there is no browser. AddSession adds its sessions.
func NewPage(host Host, query string) *Page {
	p := &Page{host: host}
	p.demos.open = openedDemo(host)
	st, notices := urlstate.Decode(query)
	for _, n := range notices {
		p.linkNotices = append(p.linkNotices, fmt.Sprint(n))
	}
	p.state, p.embed = p.takeCompare(st), st.Embed
	if urlstate.Names(query, urlstate.KeyPanel) {
		p.linkPanel = st.View.Panel
	}
	return p
}

// AddSession adds a session with cfg's worker, surfaces and id; the first
// opens at the state of the page's link, others at cfg.State. It returns
// the session, which Start sets going.
func (p *Page) AddSession(cfg SessionConfig) *Session {
	if len(p.Sessions) == 0 {
		cfg.State, cfg.LinkPanel = p.state, p.linkPanel
		cfg.Changed = p.syncURL
		cfg.Notice = func(n string) { p.linkNotices = append(p.linkNotices, n) }
	}
	cfg.State.Embed = p.embed
	if cfg.Host == nil {
		cfg.Host = p.host
	}
	s := NewSession(cfg)
	p.Sessions = append(p.Sessions, s)
	return s
}

// Start starts every session; on a demo page, the main session opens the
// demo.
func (p *Page) Start() {
	for i, s := range p.Sessions {
		if i == 0 && p.startDemo(s) {
			continue
		}
		s.Start()
	}
	p.startCompare()
}

// Main returns the main session.
func (p *Page) Main() *Session {
	if s, ok := p.focused(); ok {
		return s
	}
	return p.Sessions[0]
}

// Key handles a key pressed outside the form fields: space plays or
// pauses, → steps, r resets the main session.
func (p *Page) Key(key string) {
	if p.comparing() {
		p.cmp.Key(key)
		return
	}
	if len(p.Sessions) > 0 {
		p.Main().Key(key)
	}
}

// syncURL puts the main session's state in the address bar when it
// changed; on a demo page the address stays d/<id>.
func (p *Page) syncURL() {
	if p.host == nil || len(p.Sessions) == 0 || p.onDemo() {
		return
	}
	q, ok := p.compareQuery()
	if !ok {
		q = urlstate.Encode(p.Main().state())
	}
	if q != p.lastQuery {
		p.lastQuery = q
		p.host.SetQuery(q)
	}
}

// base is the page's address for links: its root's on a demo page.
func (p *Page) base() string {
	if p.host != nil {
		return urlstate.DemoRoot(p.host.PageURL())
	}
	return "http://127.0.0.1:8080/"
}

// shareLink is the link that reproduces the page: the page's address with
// the main session's state in the query.
func (p *Page) shareLink() string {
	if q, ok := p.compareQuery(); ok {
		return p.base() + "?" + q
	}
	return p.base() + "?" + urlstate.Encode(p.Main().state())
}

// Share shows the link and copies it to the clipboard.
func (p *Page) Share() {
	p.shown = shownShare
	link := p.shareLink()
	if p.host == nil {
		return
	}
	s := p.Main()
	p.host.Copy(link, func(err error) {
		if err != nil {
			s.info = "Copy the link from the field: the browser did not allow the clipboard."
			return
		}
		s.info = "Link copied: it reopens this model at step " + s.stepText() + "."
	})
}

// Embed shows the embed code and copies it.
func (p *Page) Embed() {
	p.shown = shownEmbed
	code := p.embedCode()
	if p.host == nil {
		return
	}
	s := p.Main()
	p.host.Copy(code, func(err error) {
		if err == nil {
			s.info = "Embed code copied."
		}
	})
}

// embedCode is the <iframe> that shows the main session without the
// chrome.
func (p *Page) embedCode() string {
	if code, ok := p.compareEmbedCode(); ok {
		return code
	}
	return urlstate.EmbedCode(p.base(), p.Main().state())
}

// openLink is the full page's link, from embed mode.
func (p *Page) openLink() string {
	st := p.Main().state()
	st.Embed = false
	base := "/"
	if p.host != nil {
		base = p.base()
	}
	return base + "?" + urlstate.Encode(st)
}

// What the share box shows.
const (
	shownNone  = ""
	shownShare = "share"
	shownEmbed = "embed"
)

// CloseShare hides the share box.
func (p *Page) CloseShare() { p.shown = shownNone }

// linkNotice joins the notices of the opened link.
func (p *Page) linkNotice() string { return strings.Join(p.linkNotices, " ") }

// DismissLink hides the link notices.
func (p *Page) DismissLink() { p.linkNotices = nil }

// appClass is the page's class: embed mode, and the main session's flash
// after a rebuild.
func (p *Page) appClass() string {
	c := "app"
	if p.embed {
		c += " app-embed"
	}
	if p.Main().rebuilt%2 == 1 {
		c += " flash-a"
	} else {
		c += " flash-b"
	}
	return c
}

// The frame's event handlers: the pickers of the main session.

func (p *Page) onSeed(e vugu.DOMEvent)   { p.Main().SetSeed(e.PropString("target", "value")) }
func (p *Page) onFamily(e vugu.DOMEvent) { p.Main().SetFamily(e.PropString("target", "value")) }
func (p *Page) onData(e vugu.DOMEvent)   { p.Main().SetData(e.PropString("target", "value")) }
