package main

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// loggedResponse records the status and the body bytes of a response for
// the access log. It unwraps to the ResponseWriter it wraps, so that
// [net/http.ResponseController] reaches the connection through it.
type loggedResponse struct {
	http.ResponseWriter
	status int   // the status sent, 0 until WriteHeader or Write
	bytes  int64 // body bytes accepted by the ResponseWriter
	failed bool  // a Write failed: the client went away or stopped reading
}

// WriteHeader records code and passes it on.
func (l *loggedResponse) WriteHeader(code int) {
	if l.status == 0 {
		l.status = code
	}
	l.ResponseWriter.WriteHeader(code)
}

// Write counts the bytes p that the ResponseWriter accepts.
func (l *loggedResponse) Write(p []byte) (int, error) {
	if l.status == 0 {
		l.status = http.StatusOK
	}
	n, err := l.ResponseWriter.Write(p)
	l.bytes += int64(n)
	if err != nil {
		l.failed = true
	}
	return n, err
}

// Unwrap returns the wrapped ResponseWriter, for ResponseController.
func (l *loggedResponse) Unwrap() http.ResponseWriter { return l.ResponseWriter }

// log writes the record of request r, which took d, to lg. A response whose
// body was cut short, because the client stopped reading or went away, is
// logged with the bytes that were sent and aborted set.
func (l *loggedResponse) log(lg *slog.Logger, r *http.Request, d time.Duration) {
	status := l.status
	if status == 0 {
		status = http.StatusOK // a handler that wrote nothing sends 200
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", status),
		slog.Int64("bytes", l.bytes),
		slog.Float64("ms", float64(d.Microseconds())/1000),
		slog.String("remote", r.RemoteAddr),
	}
	if l.failed || r.Context().Err() != nil {
		attrs = append(attrs, slog.Bool("aborted", true))
	}
	lg.LogAttrs(context.Background(), slog.LevelInfo, "request", attrs...)
}
