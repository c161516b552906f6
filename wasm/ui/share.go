package ui

import (
	"strings"

	"genplay/wasm/urlstate"
)

// Sharing: the link of the page's state, and the embed code.

// shareLink is the link that reproduces the page: the page's address with
// its state in the query.
func (r *Root) shareLink() string {
	base := "http://127.0.0.1:8080/"
	if r.host != nil {
		base = r.host.PageURL()
	}
	return base + "?" + urlstate.Encode(r.state())
}

// Share shows the link and copies it to the clipboard.
func (r *Root) Share() {
	r.shown = shownShare
	link := r.shareLink()
	if r.host == nil {
		return
	}
	r.host.Copy(link, func(err error) {
		if err != nil {
			r.info = "Copy the link from the field: the browser did not allow the clipboard."
			return
		}
		r.info = "Link copied: it reopens this model at step " + r.stepText() + "."
	})
}

// Embed shows the embed code and copies it.
func (r *Root) Embed() {
	r.shown = shownEmbed
	code := r.embedCode()
	if r.host == nil {
		return
	}
	r.host.Copy(code, func(err error) {
		if err == nil {
			r.info = "Embed code copied."
		}
	})
}

// embedCode is the <iframe> that shows this state without the chrome.
func (r *Root) embedCode() string {
	base := "http://127.0.0.1:8080/"
	if r.host != nil {
		base = r.host.PageURL()
	}
	return urlstate.EmbedCode(base, r.state())
}

// openLink is the full page's link, from embed mode.
func (r *Root) openLink() string {
	s := r.state()
	s.Embed = false
	base := "/"
	if r.host != nil {
		base = r.host.PageURL()
	}
	return base + "?" + urlstate.Encode(s)
}

// What the share box shows.
const (
	shownNone  = ""
	shownShare = "share"
	shownEmbed = "embed"
)

func (r *Root) CloseShare() { r.shown = shownNone }

// linkNotice joins the notices of the opened link.
func (r *Root) linkNotice() string { return strings.Join(r.linkNotices, " ") }

// DismissLink hides the link notices.
func (r *Root) DismissLink() { r.linkNotices = nil }

// DismissInfo hides the passing message.
func (r *Root) DismissInfo() { r.info = "" }

// DismissNotice hides the problem shown.
func (r *Root) DismissNotice() { r.notice = "" }
