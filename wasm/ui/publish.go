package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"genplay/models"
	"genplay/models/registry"
	"genplay/tensor/safetensors"
	"genplay/wasm/protocol"
	"genplay/wasm/urlstate"
)

// Publishing: the Publish button uploads the page's session to the
// server's demo store (POST api/demos) and shows the short link it
// answers, d/<id>, with a Copy button, the delete token and the embed
// code. publish_open.go opens such a link.
//
// A demo of the single view is the weights file the page exports
// (registry.Save: the Spec, at the step shown, and the metrics) with two
// metadata keys more, "step" and "view" (the link's query of the session:
// family, data, seed, step, panel and knobs), as the server accepts them.
// A demo of the Compare view is one such file per family, each a demo of
// its own, then a small JSON index naming them (CompareIndex), uploaded
// last: its short link opens the whole grid.

// Requester is what a Host offers to talk to the page's server: a Host
// that is one can publish and open demos.
type Requester interface {
	// Request sends method to path, relative to the page's root (such as
	// "api/demos"), with body (nil for none). It calls progress, if not
	// nil, as the response's body arrives, with the bytes received and the
	// total (-1 when unknown); then done with the status and the body, or
	// with an error when no answer came. The callbacks run with the
	// EventEnv lock held.
	Request(method, path string, body []byte, progress func(done, total int), done func(status int, body []byte, err error))
}

// Metadata keys of a demo, besides those of registry.Save; the server
// accepts these and no others.
const (
	metaStep = "step"
	metaView = "view"
	// maxViewBytes is the server's bound on the view.
	maxViewBytes = 4 << 10
)

// demosAPI is the path of the demo store under the page's root.
const demosAPI = "api/demos"

// indexFormat is the "format" of a Compare index, and indexPrefix the
// start of every index (the server tells an index from a safetensors file
// by it).
const (
	indexFormat = "genplay-compare/1"
	indexPrefix = `{"format":`
)

// CompareIndex is a Compare demo: the view's link query and the demo of
// each family, in the tiles' order. Marshalled with encoding/json, it
// starts with indexPrefix.
type CompareIndex struct {
	Format string       `json:"format"`
	View   string       `json:"view"`
	Demos  []IndexEntry `json:"demos"`
}

// IndexEntry is one family's demo in a CompareIndex.
type IndexEntry struct {
	Family string `json:"family"`
	ID     string `json:"id"`
}

// isIndex reports whether a demo file is a Compare index.
func isIndex(b []byte) bool { return bytes.HasPrefix(b, []byte(indexPrefix)) }

// demoFile returns the demo of the weights file w, as the worker exports
// it: w with the step of its Spec and view, the link query of the view
// shown, in its metadata. A view longer than the server accepts is an
// error.
func demoFile(w []byte, view string) ([]byte, error) {
	f, err := safetensors.Parse(w)
	if err != nil {
		return nil, err
	}
	spec, err := models.ParseSpec([]byte(f.Metadata[registry.MetaSpec]))
	if err != nil {
		return nil, err
	}
	if len(view) > maxViewBytes {
		return nil, fmt.Errorf("the view's link is %d bytes, over the %d a demo may carry", len(view), maxViewBytes)
	}
	f.Metadata[metaStep] = strconv.Itoa(spec.Steps)
	f.Metadata[metaView] = view
	var buf bytes.Buffer
	if err := safetensors.Write(&buf, f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// demoView returns the query a demo of the session carries as its view:
// the session's link query, or, when that is longer than a demo may carry
// (a drawn data set holds its points), the same without the data set,
// which the Spec in the file holds anyway.
func (s *Session) demoView() string {
	st := s.state()
	st.Embed = false
	q := urlstate.Encode(st)
	if len(q) > maxViewBytes {
		st.Spec.Data = urlstate.Default().Spec.Data
		q = urlstate.Encode(st)
	}
	return q
}

// exportTo asks the worker for the weights file, which goes to done
// instead of a download. A failure of the export comes as an error.
func (s *Session) exportTo(done func(b []byte, err error)) {
	s.onWeights = done
	s.do(protocol.Command{Op: protocol.KindExport})
}

// takeWeights hands the weights or the error of an export to the waiting
// exportTo, and reports whether there was one.
func (s *Session) takeWeights(b []byte, err error) bool {
	f := s.onWeights
	if f == nil {
		return false
	}
	s.onWeights = nil
	f(b, err)
	return true
}

// publishing is the state of the Publish box: the upload under way, its
// outcome, the short link.
type publishing struct {
	busy   bool
	shown  bool
	status string // what is happening, or what happened
	failed bool
	id     string
	link   string // the short link
	token  string // the delete token, only for the upload that stored it
	embed  string // the embed code of the short link
	copied string // the outcome of the Copy button
}

// pubBox returns the page's Publish box, made on first use.
func (p *Page) pubBox() *publishing {
	if p.demos.pub == nil {
		p.demos.pub = &publishing{}
	}
	return p.demos.pub
}

// Publish uploads the page's session as a demo and shows its short link:
// the main session in the single view, every tile in the Compare view.
// Training pauses first, so that the demo is the state shown.
func (p *Page) Publish() {
	pub := p.pubBox()
	if pub.busy {
		return
	}
	rq, ok := p.host.(Requester)
	*pub = publishing{shown: true}
	if !ok {
		pub.status, pub.failed = "This page cannot reach a server to publish to.", true
		return
	}
	pub.busy = true
	if p.comparing() {
		p.publishCompare(rq)
		return
	}
	s := p.Main()
	if s.running {
		s.Pause()
	}
	pub.status = "Saving the weights…"
	s.exportTo(func(w []byte, err error) {
		var b []byte
		if err == nil {
			b, err = demoFile(w, s.demoView())
		}
		if err != nil {
			p.publishFailed(fmt.Errorf("the weights could not be saved: %v", err))
			return
		}
		pub.status = fmt.Sprintf("Uploading %s…", mb(len(b)))
		p.upload(rq, b, func(r publishReply, err error) {
			if err != nil {
				p.publishFailed(err)
				return
			}
			p.published(r, fmt.Sprintf("Published the %s at step %d.", s.familyName(), s.step))
		})
	})
}

// publishReply is the server's answer to an upload.
type publishReply struct {
	ID    string `json:"id"`
	URL   string `json:"url"`
	Token string `json:"token"`
}

// upload posts the demo file b and calls done with the server's reply, or
// with an error that says what the server or the network said.
func (p *Page) upload(rq Requester, b []byte, done func(publishReply, error)) {
	rq.Request("POST", demosAPI, b, nil, func(status int, body []byte, err error) {
		if err != nil {
			done(publishReply{}, fmt.Errorf("the upload failed: %v", err))
			return
		}
		if status != 200 && status != 201 {
			done(publishReply{}, fmt.Errorf("the server refused the demo: %s", serverText(status, body)))
			return
		}
		var r publishReply
		if err := json.Unmarshal(body, &r); err != nil || !urlstate.ValidDemoID(r.ID) {
			done(publishReply{}, fmt.Errorf("the server's answer %q is not a demo's", shortText(body)))
			return
		}
		done(r, nil)
	})
}

// serverText is the server's message of an error answer: its plain-text
// body ("413 Request Entity Too Large: a demo is at most …"), or the
// status.
func serverText(status int, body []byte) string {
	if t := shortText(body); t != "" {
		return t
	}
	return strconv.Itoa(status)
}

// shortText is body as one line of at most 300 bytes.
func shortText(body []byte) string {
	t := strings.Join(strings.Fields(string(body)), " ")
	if len(t) > 300 {
		t = t[:300] + "…"
	}
	return t
}

// published shows the short link of the demo r.
func (p *Page) published(r publishReply, what string) {
	pub := p.pubBox()
	root := p.root()
	*pub = publishing{shown: true, status: what, id: r.ID, token: r.Token,
		link: urlstate.DemoLink(root, r.ID), embed: urlstate.DemoEmbedCode(root, r.ID)}
	if r.Token == "" {
		pub.status += " It was already published: the same demo has this link, and its delete token went to whoever published it first."
	}
}

// publishFailed shows why publishing failed.
func (p *Page) publishFailed(err error) {
	pub := p.pubBox()
	*pub = publishing{shown: true, status: "Could not publish: " + err.Error(), failed: true}
}

// CopyDemoLink copies the short link; where the browser refuses the
// clipboard, the link stays selectable in its field.
func (p *Page) CopyDemoLink() {
	pub := p.pubBox()
	if pub.link == "" || p.host == nil {
		return
	}
	p.host.Copy(pub.link, func(err error) {
		if err != nil {
			pub.copied = "The browser did not allow the clipboard: select the link in its field and copy it."
			return
		}
		pub.copied = "Link copied."
	})
}

// ClosePublish hides the Publish box.
func (p *Page) ClosePublish() {
	if pub := p.pubBox(); !pub.busy {
		*pub = publishing{}
	}
}

// root is the page's root address: where its files and the server's API
// are, the address of the page itself except on a demo page (d/<id>).
func (p *Page) root() string { return urlstate.DemoRoot(p.base()) }

// The Publish box's template helpers.

func (p *Page) pubShown() bool   { return p.demos.pub != nil && p.demos.pub.shown && !p.embed }
func (p *Page) pubLinked() bool  { return p.demos.pub != nil && p.demos.pub.link != "" }
func (p *Page) pubTokened() bool { return p.demos.pub != nil && p.demos.pub.token != "" }
func (p *Page) pubBusy() bool    { return p.demos.pub != nil && p.demos.pub.busy }

func (p *Page) pubClass() string {
	if p.demos.pub != nil && p.demos.pub.failed {
		return "banner banner-error"
	}
	return "banner banner-share banner-publish"
}
