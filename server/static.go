package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// init pins the MIME types genplay depends on, so they do not vary with the
// host's /etc/mime.types. Browsers refuse WebAssembly.instantiateStreaming
// unless the type is exactly application/wasm.
func init() {
	for ext, typ := range map[string]string{
		".wasm":        "application/wasm",
		".js":          "text/javascript; charset=utf-8",
		".css":         "text/css; charset=utf-8",
		".html":        "text/html; charset=utf-8",
		".json":        "application/json",
		".safetensors": "application/octet-stream",
	} {
		if err := mime.AddExtensionType(ext, typ); err != nil {
			panic("server: " + err.Error())
		}
	}
}

// serveFile sends the file name of the document root, or its best
// precompressed sibling that the client accepts.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	f, fi, err := s.openFile(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()

	h := w.Header()
	ctype := mime.TypeByExtension(path.Ext(name))
	h.Set("Vary", "Accept-Encoding")
	ae := r.Header.Get("Accept-Encoding")
	// The precompressed siblings a file may have, best first.
	encodings := [...]struct{ name, suffix string }{{"br", ".br"}, {"gzip", ".gz"}}
	for _, enc := range encodings {
		if !acceptsEncoding(ae, enc.name) {
			continue
		}
		zf, zfi, err := s.openFile(name + enc.suffix)
		if err != nil {
			continue
		}
		defer zf.Close()
		f, fi = zf, zfi
		h.Set("Content-Encoding", enc.name)
		if ctype == "" {
			ctype = "application/octet-stream" // compressed bytes cannot be sniffed
		}
		break
	}
	if ctype != "" {
		h.Set("Content-Type", ctype)
	}

	tag, err := s.etags.get(name+"|"+h.Get("Content-Encoding"), f, fi)
	if err != nil {
		h.Del("Content-Encoding")
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	h.Set("ETag", tag)
	h.Set("Cache-Control", "no-cache") // not content-hashed yet: revalidate with the ETag
	http.ServeContent(w, r, name, fi.ModTime(), f)
}

// openFile opens name inside the document root. It fails for anything that
// is not a regular file, and os.Root fails for paths that leave the root.
func (s *Server) openFile(name string) (*os.File, fs.FileInfo, error) {
	f, err := s.root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = fs.ErrNotExist
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

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

// etagCache remembers the strong ETag of each file, so that a file is hashed
// once per version rather than on every request. It keeps one entry per key,
// replaced when the file's size or modification time changes.
type etagCache struct {
	mu sync.Mutex
	m  map[string]etagEntry
}

// etagEntry is the ETag of one version of a file.
type etagEntry struct {
	modTime time.Time
	size    int64
	tag     string
}

// get returns the ETag of f, whose FileInfo is fi, caching it under key. It
// hashes f on a miss and leaves f's offset at the start.
func (c *etagCache) get(key string, f io.ReadSeeker, fi fs.FileInfo) (string, error) {
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if ok && e.size == fi.Size() && e.modTime.Equal(fi.ModTime()) {
		return e.tag, nil
	}

	// Hash outside the lock: two requests may hash the same file at once,
	// which costs time but gives the same answer.
	sum := sha256.New()
	n, err := io.Copy(sum, f)
	if err != nil {
		return "", err
	}
	if n != fi.Size() {
		return "", errors.New("file changed while hashing")
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	tag := `"` + hex.EncodeToString(sum.Sum(nil)) + `"`

	c.mu.Lock()
	c.m[key] = etagEntry{modTime: fi.ModTime(), size: fi.Size(), tag: tag}
	c.mu.Unlock()
	return tag, nil
}
