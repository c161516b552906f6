package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
)

// The Content-Security-Policy of a response. Every response gets
// resourcePolicy, which allows what the training worker needs (its script,
// wasm_exec.js, is loaded with importScripts and app.wasm and the
// weights with fetch, all from this origin) and nothing else: a file opened
// on its own, such as an SVG, runs no script and is framed by no page.
//
// A page (text/html) gets documentPolicy instead, filled in by
// setPageHeaders:
//
//   - script-src 'self' for wasm_exec.js, plus the SHA-256 of each inline
//     <script> of that very file (index.html starts the Go program inline),
//     plus 'wasm-unsafe-eval' to compile app.wasm, plus 'unsafe-eval'
//     because Vugu's DOM renderer installs its JavaScript helper with
//     window.eval when the program starts (vugu v0.4.0,
//     domrender/renderer-js.go);
//   - style-src 'self' for style.css, and style-src-attr 'unsafe-inline'
//     for the style attributes the components bind (progress bars, axis
//     ticks, legend swatches), which allows no <style> element;
//   - img-src 'self' data: blob:, for images the page makes itself;
//   - connect-src 'self' (the manifest, weights and data sets) and blob:
//     (the page's own downloads, such as saved weights, which only its
//     scripts can create, may be read back), worker-src 'self'
//     (worker.js); object-src and form-action are closed, and base-uri
//     is 'self' for the <base href="../"> of the demo page (/d/<id>,
//     serveDemoPage), which no other origin may replace.
//   - frame-ancestors 'self' for the full page, so that no other site can
//     overlay it; the embed view (a query with embed=1) may be framed by the
//     Config's EmbedAncestors, any site by default, since it is made to be
//     placed in other people's pages and has no control that acts on the
//     server.
const (
	resourcePolicy = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; frame-ancestors 'none'"
	documentPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'%s; " +
		"style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; " +
		"connect-src 'self' blob:; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'; " +
		"frame-ancestors %s"
)

// setSecurityHeaders sets the headers every response carries: the
// resource policy, nosniff (a file is never run as another type than its
// Content-Type says) and a referrer policy that keeps the page's address,
// which holds its whole state, from other sites.
func setSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", resourcePolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
}

// setPageHeaders replaces the resource policy by the page policy for an
// HTML page whose inline scripts have the CSP sources scripts (such as
// " 'sha256-…'", each with a leading space). embed says whether the page
// was asked for in its embed view.
func (s *Server) setPageHeaders(h http.Header, scripts string, embed bool) {
	ancestors := "'self'"
	if embed {
		ancestors = s.cfg.EmbedAncestors
	} else {
		h.Set("X-Frame-Options", "SAMEORIGIN") // for browsers without frame-ancestors
	}
	h.Set("Content-Security-Policy", fmt.Sprintf(documentPolicy, scripts, ancestors))
}

// inlineScriptSources returns the CSP sources (" 'sha256-<base64>'", each
// with a leading space) of the inline scripts of the HTML page b: the
// contents of each <script> element that has no src attribute. The hash is
// of the bytes between the start tag's ">" and "</script", as browsers
// compute it. Script elements are found by a plain scan, which suffices for
// the project's own pages: a script it misses is one the browser refuses,
// never one it runs unchecked.
func inlineScriptSources(b []byte) string {
	var out strings.Builder
	lower := bytes.ToLower(b)
	for i := 0; ; {
		j := bytes.Index(lower[i:], []byte("<script"))
		if j < 0 {
			break
		}
		start := i + j
		gt := bytes.IndexByte(lower[start:], '>')
		if gt < 0 {
			break
		}
		tag := lower[start : start+gt]
		body := start + gt + 1
		end := bytes.Index(lower[body:], []byte("</script"))
		if end < 0 {
			break
		}
		if !bytes.Contains(tag, []byte(" src=")) && !bytes.Contains(tag, []byte("\tsrc=")) && !bytes.Contains(tag, []byte("\nsrc=")) {
			sum := sha256.Sum256(b[body : body+end])
			out.WriteString(" 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'")
		}
		i = body + end
	}
	return out.String()
}
