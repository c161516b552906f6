package main

import (
	"errors"
	"fmt"
	"net/http"
	"os"
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
}

// Server is the genplay HTTP handler. Create one with NewServer; it is safe
// for concurrent use.
type Server struct {
	cfg   Config
	root  *os.Root
	etags etagCache
}

// NewServer returns a Server for cfg. It returns an error if cfg.Root is
// empty, missing or not a directory. The Server holds the root open until
// Close is called.
func NewServer(cfg Config) (*Server, error) {
	if cfg.Root == "" {
		return nil, errors.New("no document root")
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
	return &Server{cfg: cfg, root: root, etags: etagCache{m: make(map[string]etagEntry)}}, nil
}

// Close releases the document root. The Server must not be used after.
func (s *Server) Close() error {
	return s.root.Close()
}

// ServeHTTP serves the static files of the document root.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if s.cfg.Dev {
		h.Set("Cache-Control", "no-cache")
	}
	if s.cfg.Demos != nil && s.cfg.Demos.serve(w, r, s.serveDemoPage) {
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
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
