package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"strings"
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
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, status := fileName(r.URL.Path)
	if status != http.StatusOK {
		http.Error(w, http.StatusText(status), status)
		return
	}
	s.serveFile(w, r, name)
}

// fileName maps a URL path to a slash-separated name relative to the
// document root. It returns 400 for paths that are not canonical (empty
// elements, ".", "..", backslashes) and 404 for directories other than /
// and for dotfiles. os.Root is the second line of defence, for symbolic
// links.
func fileName(urlPath string) (string, int) {
	if urlPath == "/" {
		return "index.html", http.StatusOK
	}
	name, ok := strings.CutPrefix(urlPath, "/")
	if !ok || !fs.ValidPath(strings.TrimSuffix(name, "/")) || strings.ContainsAny(name, `\:`) {
		return "", http.StatusBadRequest
	}
	if strings.HasSuffix(name, "/") {
		return "", http.StatusNotFound // no directory listings
	}
	for elem := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(elem, ".") {
			return "", http.StatusNotFound
		}
	}
	return name, http.StatusOK
}
