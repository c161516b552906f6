package main

import (
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// minGzipSize is the smallest file that is gzipped on the fly. Below it,
// gzip's 18 bytes of header and trailer eat most of the saving, and the
// response fits in one packet either way.
const minGzipSize = 256

// acceptsEncoding reports whether the Accept-Encoding header value ae allows
// the content coding enc, honouring q=0 and the "*" wildcard (RFC 9110,
// section 12.5.3).
func acceptsEncoding(ae, enc string) bool {
	wildcard := false
	for item := range strings.SplitSeq(ae, ",") {
		coding, params, _ := strings.Cut(item, ";")
		coding = strings.TrimSpace(coding)
		ok := qualityNonZero(params)
		switch {
		case strings.EqualFold(coding, enc):
			return ok
		case coding == "*":
			wildcard = ok
		}
	}
	return wildcard
}

// qualityNonZero reports whether the parameters after a coding (such as
// " q=0.5") leave it acceptable: there is no q, or q is above zero.
func qualityNonZero(params string) bool {
	for p := range strings.SplitSeq(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(k, "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return err == nil && q > 0
		}
	}
	return true
}

// compressible reports whether gzip shrinks content of the MIME type ctype
// enough to be worth doing on the fly: text (HTML, CSS, JavaScript, CSV,
// plain), JSON and SVG. Images other than SVG, WebAssembly, safetensors,
// archives and unknown types are sent as they are.
func compressible(ctype string) bool {
	mt, _, _ := strings.Cut(ctype, ";")
	mt = strings.TrimSpace(mt)
	return strings.HasPrefix(mt, "text/") || mt == "application/json" || mt == "image/svg+xml"
}

// gzipPool keeps gzip writers for reuse. A gzip.Writer holds about 800 KB
// of compressor state, which NewWriter allocates afresh: pooled, a text
// response costs the compression and no garbage of that size.
type gzipPool struct{ p sync.Pool }

// get returns a writer that compresses into w at gzip.DefaultCompression.
func (g *gzipPool) get(w io.Writer) *gzip.Writer {
	if zw, ok := g.p.Get().(*gzip.Writer); ok {
		zw.Reset(w)
		return zw
	}
	return gzip.NewWriter(w)
}

// put returns zw, whose stream is closed, to the pool.
func (g *gzipPool) put(zw *gzip.Writer) {
	zw.Reset(io.Discard) // drop the reference to the response
	g.p.Put(zw)
}

// encodedResponse carries a response of http.ServeContent whose body is in
// a content coding: either the bytes of a precompressed sibling, or (with
// compress set) the identity bytes, which it gzips on the fly.
//
// It adds Content-Encoding only when the status line is written, and only to
// a 200 or 206, because ServeContent leaves out Content-Length when it sees
// Content-Encoding set beforehand, and because a 304, 412 or error carries
// no encoded body.
type encodedResponse struct {
	http.ResponseWriter
	encoding string       // the Content-Encoding of the body
	compress bool         // gzip the body written through
	head     bool         // a HEAD request: send the headers only
	zw       *gzip.Writer // compressing the body: nil until a 200 for a GET
	pool     *gzipPool    // where zw comes from; nil makes a new writer
	sent     bool         // WriteHeader was called
}

// WriteHeader sets Content-Encoding on a 200 or 206. When compressing, it
// also drops the headers that describe the identity bytes from a 200 and
// starts the gzip stream.
func (e *encodedResponse) WriteHeader(code int) {
	if e.sent {
		return
	}
	e.sent = true
	h := e.Header()
	switch {
	case code == http.StatusOK && e.compress:
		h.Set("Content-Encoding", e.encoding)
		h.Del("Content-Length")
		h.Del("Accept-Ranges") // ranges apply to the identity bytes only
		if !e.head {
			if e.pool != nil {
				e.zw = e.pool.get(e.ResponseWriter)
			} else {
				e.zw = gzip.NewWriter(e.ResponseWriter)
			}
		}
	case code == http.StatusOK || code == http.StatusPartialContent:
		h.Set("Content-Encoding", e.encoding)
	}
	e.ResponseWriter.WriteHeader(code)
}

// Write sends p in the response body, compressed if a gzip stream was
// started.
func (e *encodedResponse) Write(p []byte) (int, error) {
	e.WriteHeader(http.StatusOK)
	if e.zw == nil {
		return e.ResponseWriter.Write(p)
	}
	return e.zw.Write(p)
}

// close ends the gzip stream, if one was started, and returns its writer
// to the pool.
func (e *encodedResponse) close() error {
	if e.zw == nil {
		return nil
	}
	err := e.zw.Close()
	if e.pool != nil {
		e.pool.put(e.zw)
	}
	e.zw = nil
	return err
}
