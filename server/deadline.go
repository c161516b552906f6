package main

import (
	"net/http"
	"time"
)

// progressWriter gives each write of a response body its own deadline:
// before each Write it sets the connection's write deadline to idle from
// now. A download then lasts as long as the client keeps taking bytes, at
// whatever speed, and a client that stops reading is dropped once the
// kernel's buffers are full and idle has passed. A fixed deadline for the
// whole response would do neither: it cuts slow but live clients short and
// holds a stalled one until it expires.
//
// It has no ReadFrom method on purpose: [net/http.ServeContent] then copies
// through Write in chunks of 32 KiB instead of handing the whole file to
// sendfile, which would write it under one deadline.
type progressWriter struct {
	http.ResponseWriter
	rc   *http.ResponseController
	idle time.Duration
}

// newProgressWriter wraps w, whose connection it reaches through
// [net/http.ResponseController]. It also lifts the read deadline of the
// request, which has no body: the server's ReadTimeout would otherwise
// expire in the middle of a long download, and the server would take the
// timed-out background read for a client that went away and cancel the
// request's context.
func newProgressWriter(w http.ResponseWriter, idle time.Duration) *progressWriter {
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})
	return &progressWriter{ResponseWriter: w, rc: rc, idle: idle}
}

// Write pushes the write deadline to idle from now and writes p. A
// ResponseWriter that cannot set deadlines (such as a test recorder)
// writes without one.
func (p *progressWriter) Write(b []byte) (int, error) {
	_ = p.rc.SetWriteDeadline(time.Now().Add(p.idle))
	return p.ResponseWriter.Write(b)
}

// Unwrap returns the wrapped ResponseWriter, for ResponseController.
func (p *progressWriter) Unwrap() http.ResponseWriter { return p.ResponseWriter }
