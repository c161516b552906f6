package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"genplay/tensor/safetensors"
	"genplay/wasm/urlstate"
)

// Opening a demo: the page at d/<id> downloads api/demos/<id> with a
// progress bar and imports it as the "Import weights" control does: the
// worker loads the weights and the Spec and shows the model paused at its
// step, with the view the file holds. The paused figure and its metrics
// depend only on the weights, the Spec and the view (the worker draws them
// from streams of the seed and the step), so the page shows what the
// publisher saw, without training; play trains on from there. A Compare
// demo (an index) downloads every family's file and opens the grid with
// each tile imported.
//
// The address bar stays at d/<id> (urlstate.DemoID): the page writes no
// query there, so a reload opens the demo again. When the demo cannot be
// opened, a notice says why and the page starts as at its root, whose
// links it then writes (the page's <base> makes "?…" the root's query).

// demoState is the page's demos: the Publish box and the demo the page
// opened.
type demoState struct {
	pub  *publishing
	open *demoOpen
}

// demoOpen is the demo of the page's address.
type demoOpen struct {
	id      string
	loading bool
	failed  bool   // the demo could not be opened: the page is the root's
	what    string // the file being downloaded
	done    int    // its bytes received
	total   int    // its size, -1 unknown
	// files are a Compare demo's files by family, until the tiles take
	// them.
	files map[string][]byte
}

// openedDemo returns the demo of the page's address, or nil.
func openedDemo(host Host) *demoOpen {
	if host == nil {
		return nil
	}
	id, ok := urlstate.DemoID(host.PageURL())
	if !ok {
		return nil
	}
	return &demoOpen{id: id, total: -1}
}

// onDemo reports whether the page shows the demo of its address, so that
// it must not write its state into the address bar.
func (p *Page) onDemo() bool { return p.demos.open != nil && !p.demos.open.failed }

// startDemo starts opening the demo of the page's address in the main
// session s, and reports whether there is one.
func (p *Page) startDemo(s *Session) bool {
	o := p.demos.open
	if o == nil {
		return false
	}
	rq, ok := p.host.(Requester)
	if !ok {
		p.demoFailed(s, "This page cannot reach its server to download the demo "+o.id+".")
		return true
	}
	s.sendView()
	o.loading, o.what = true, "the demo "+o.id
	rq.Request("GET", demosAPI+"/"+o.id, nil, o.progress, func(status int, body []byte, err error) {
		if msg := demoProblem(o.id, "", status, body, err); msg != "" {
			p.demoFailed(s, msg)
			return
		}
		if isIndex(body) {
			p.openCompareDemo(s, rq, body)
			return
		}
		p.openSingleDemo(s, body)
	})
	return true
}

// progress records the download's progress.
func (o *demoOpen) progress(done, total int) { o.done, o.total = done, total }

// demoProblem returns the notice for a download of the demo id (of the
// family what, in a Compare demo) that failed, or "" if it succeeded.
func demoProblem(id, what string, status int, body []byte, err error) string {
	name := "The demo " + id
	if what != "" {
		name = "The " + what + " of the demo"
	}
	switch {
	case err != nil:
		return fmt.Sprintf("%s could not be downloaded: %v.", name, err)
	case status == 200:
		return ""
	case status == 404:
		return fmt.Sprintf("%s is not on this server: the link may be mistyped, or the demo was deleted.", name)
	case status == 500 && bytes.Contains(body, []byte("damaged")):
		return fmt.Sprintf("%s is damaged on the server: its stored file does not match its checksum, so it was not loaded.", name)
	}
	return fmt.Sprintf("%s could not be loaded: the server answered %s.", name, serverText(status, body))
}

// demoFailed shows why the demo could not be opened and starts the page
// as at its root, so that it stays usable.
func (p *Page) demoFailed(s *Session, msg string) {
	o := p.demos.open
	o.loading, o.failed, o.files = false, true, nil
	p.linkNotices = append(p.linkNotices, msg+" Showing a new model instead.")
	s.Start()
}

// openSingleDemo imports the demo file b into s with the view it holds.
func (p *Page) openSingleDemo(s *Session, b []byte) {
	o := p.demos.open
	if err := s.takeDemoView(b); err != nil {
		p.demoFailed(s, fmt.Sprintf("The demo %s is not a weights file the page can read: %v.", o.id, err))
		return
	}
	o.loading = false
	s.ImportWeights("the demo "+o.id, b, nil)
}

// takeDemoView sets the session's view to the one the demo file b holds
// (its "view" metadata, a link's query) and tells the worker.
func (s *Session) takeDemoView(b []byte) error {
	f, err := safetensors.Parse(b)
	if err != nil {
		return err
	}
	view := f.Metadata[metaView]
	st, _ := urlstate.Decode(view)
	s.view = st.View
	if urlstate.Names(view, urlstate.KeyPanel) {
		s.linkPanel = st.View.Panel
	}
	s.sendView()
	return nil
}

// openCompareDemo downloads the files of the Compare index b, one after
// the other, then shows the grid with every tile imported.
func (p *Page) openCompareDemo(s *Session, rq Requester, b []byte) {
	o := p.demos.open
	ix, err := parseIndex(b)
	if err != nil {
		p.demoFailed(s, fmt.Sprintf("The demo %s is not a Compare demo the page can read: %v.", o.id, err))
		return
	}
	st, _ := urlstate.Decode(ix.View)
	st.Compare.On, st.Embed = true, p.embed
	o.files = make(map[string][]byte, len(ix.Demos))
	var next func(i int)
	next = func(i int) {
		if i == len(ix.Demos) {
			o.loading = false
			s.Start()
			p.cmpLink = st
			p.ShowCompare()
			return
		}
		e := ix.Demos[i]
		o.what = fmt.Sprintf("the %s (%d of %d)", familyTitle(e.Family), i+1, len(ix.Demos))
		o.done, o.total = 0, -1
		rq.Request("GET", demosAPI+"/"+e.ID, nil, o.progress, func(status int, body []byte, err error) {
			if msg := demoProblem(o.id, familyTitle(e.Family), status, body, err); msg != "" {
				p.demoFailed(s, msg)
				return
			}
			o.files[e.Family] = body
			next(i + 1)
		})
	}
	next(0)
}

// parseIndex decodes a Compare index strictly.
func parseIndex(b []byte) (CompareIndex, error) {
	var ix CompareIndex
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ix); err != nil {
		return ix, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return ix, fmt.Errorf("data after the index")
	}
	if ix.Format != indexFormat {
		return ix, fmt.Errorf("format %q, want %q", ix.Format, indexFormat)
	}
	if len(ix.Demos) == 0 {
		return ix, fmt.Errorf("it names no demo")
	}
	for _, e := range ix.Demos {
		if !urlstate.ValidDemoID(e.ID) {
			return ix, fmt.Errorf("malformed demo id %q", e.ID)
		}
	}
	return ix, nil
}

// startDemoTile imports the Compare demo's file of family into the tile's
// session s, and reports whether there was one; without, the tile trains
// from its seed as a Compare link's does.
func (p *Page) startDemoTile(family string, s *Session) bool {
	o := p.demos.open
	if o == nil || o.files == nil {
		return false
	}
	b, ok := o.files[family]
	if !ok {
		return false
	}
	delete(o.files, family)
	if err := s.takeDemoView(b); err != nil {
		s.notice = fmt.Sprintf("The %s of the demo is not a weights file the page can read: %v.", familyTitle(family), err)
		return false
	}
	s.ImportWeights("the "+familyTitle(family)+" of the demo "+o.id, b, nil)
	return true
}

// The progress bar's template helpers.

func (p *Page) demoLoading() bool { return p.demos.open != nil && p.demos.open.loading }

// demoPercent is the download's progress in whole percent, 0 while its
// size is unknown.
func (p *Page) demoPercent() int {
	o := p.demos.open
	if o == nil || o.total <= 0 {
		return 0
	}
	return min(100, 100*o.done/o.total)
}

func (p *Page) demoStyle() string { return fmt.Sprintf("width: %d%%", p.demoPercent()) }

// demoText says what is being downloaded.
func (p *Page) demoText() string {
	o := p.demos.open
	if o == nil {
		return ""
	}
	t := "Downloading " + o.what
	if o.total > 0 {
		t += fmt.Sprintf(": %s of %s", mb(o.done), mb(o.total))
	}
	return strings.TrimSpace(t) + "…"
}
