package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"
)

// Config says what a Server serves and how. The zero value is not valid:
// Root must be set.
type Config struct {
	// Root is the document root, a directory that must exist when NewServer
	// is called. No request can reach a file outside it.
	Root string

	// Dev sends Cache-Control: no-cache on every response, errors included,
	// so that a browser never keeps anything while files are being rebuilt.
	Dev bool

	// Demos, if not nil, serves the shared demos at /api/demos and /d/.
	Demos *Demos

	// AccessLog, if not nil, receives one record per request: method, path,
	// status, bytes of body sent and duration.
	AccessLog *slog.Logger

	// WriteIdle bounds how long one write of a response body may wait for
	// the client: each write of a file body pushes the connection's write
	// deadline to WriteIdle from now, so a slow client that keeps reading
	// finishes however long the download takes, and one that stops is
	// dropped after WriteIdle. Zero means defaultWriteIdle.
	WriteIdle time.Duration

	// EmbedAncestors is the CSP frame-ancestors source list of the page
	// opened with embed=1, the view made for <iframe>s on other sites.
	// Empty means "*": any site may embed it. The full page may be framed
	// only by its own origin.
	EmbedAncestors string
}

// defaultWriteIdle is WriteIdle when the Config leaves it zero.
const defaultWriteIdle = 30 * time.Second

// Server is the genplay HTTP handler. Create one with NewServer; it is safe
// for concurrent use.
type Server struct {
	cfg     Config
	root    *os.Root
	files   fileCache
	gzip    *gzipPool    // the writers that gzip text on the fly
	handler http.Handler // the routes inside the common checks and headers
}

// NewServer returns a Server for cfg. It returns an error if cfg.Root is
// empty, missing or not a directory, or cfg.EmbedAncestors is not a valid
// source list. The Server holds the root open until Close is called.
func NewServer(cfg Config) (*Server, error) {
	if cfg.Root == "" {
		return nil, errors.New("no document root")
	}
	if cfg.WriteIdle <= 0 {
		cfg.WriteIdle = defaultWriteIdle
	}
	if cfg.EmbedAncestors == "" {
		cfg.EmbedAncestors = "*"
	}
	if strings.ContainsAny(cfg.EmbedAncestors, ";,\r\n") {
		return nil, fmt.Errorf("embed ancestors %q: want space-separated CSP sources such as https://example.org", cfg.EmbedAncestors)
	}
	fi, err := os.Stat(cfg.Root)
	if err != nil {
		return nil, fmt.Errorf("document root: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("document root %s is not a directory", cfg.Root)
	}
	root, err := os.OpenRoot(cfg.Root)
	if err != nil {
		return nil, fmt.Errorf("document root: %w", err)
	}
	s := &Server{cfg: cfg, root: root, files: fileCache{m: make(map[string]fileEntry)}, gzip: new(gzipPool)}
	s.handler = s.routes()
	return s, nil
}

// routes returns the route table. A route is one line here: a
// [net/http.ServeMux] pattern and its handler, such as
//
//	mux.HandleFunc("POST /api/things", s.postThing)
//
// Every route sits behind ServeHTTP's common layer: the access log, the
// security headers, the URL length limit and the path check of cleanPath,
// so a handler sees only paths whose elements are [A-Za-z0-9._-], and
// never "." or ".." or an encoded slash. The pattern "/" catches the rest:
// the static files, which answer 405 to methods other than GET and HEAD.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("/", s.serveStatic)
	return mux
}

// Close releases the document root. The Server must not be used after.
func (s *Server) Close() error {
	return s.root.Close()
}

// maxURILen bounds the request target (path and query). The page keeps its
// whole state in the query, drawn points included, and reads at most 64 KiB
// of it (urlstate.MaxQueryBytes); the rest is room for the path.
const maxURILen = 64<<10 + 1<<10

// ServeHTTP logs the request, sets the headers every response carries,
// refuses overlong targets and malformed paths, and hands the request to
// the route table.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.cfg.AccessLog != nil {
		lw := &loggedResponse{ResponseWriter: w}
		start := time.Now()
		defer func() { lw.log(s.cfg.AccessLog, r, time.Since(start)) }()
		w = lw
	}
	h := w.Header()
	setSecurityHeaders(h)
	if s.cfg.Dev {
		h.Set("Cache-Control", "no-cache")
	}
	if len(r.RequestURI) > maxURILen {
		httpError(w, http.StatusRequestURITooLong, fmt.Sprintf("request target longer than %d bytes", maxURILen))
		return
	}
	if _, bad := cleanPath(r.URL.Path); bad != nil && bad.status == http.StatusBadRequest {
		httpError(w, bad.status, bad.msg)
		return
	}
	if r.URL.RawPath != "" && strings.Contains(strings.ToLower(r.URL.RawPath), "%2f") {
		httpError(w, http.StatusBadRequest, "encoded slash in path")
		return
	}
	if s.cfg.Demos != nil && s.cfg.Demos.serve(w, r, s.serveDemoPage) {
		return
	}
	s.handler.ServeHTTP(w, r)
}

// healthz answers 200 "ok" while the server runs: the server is up and its
// document root open.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if _, err := s.root.Stat("."); err != nil {
		httpError(w, http.StatusServiceUnavailable, "document root unreadable")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	fmt.Fprintln(w, "ok")
}

// serveStatic serves the static files of the document root.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		httpError(w, http.StatusMethodNotAllowed, "use GET or HEAD")
		return
	}
	name, bad := cleanPath(r.URL.Path)
	if bad != nil {
		httpError(w, bad.status, bad.msg)
		return
	}
	s.serveFile(w, r, name)
}

// httpError replies with status and the plain-text body
// "<code> <status text>: <detail>", such as "400 Bad Request: backslash in
// path".
func httpError(w http.ResponseWriter, status int, detail string) {
	http.Error(w, fmt.Sprintf("%d %s: %s", status, http.StatusText(status), detail), status)
}
