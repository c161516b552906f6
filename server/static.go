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
		".csv":         "text/csv; charset=utf-8",
		".txt":         "text/plain; charset=utf-8",
		".svg":         "image/svg+xml",
		".safetensors": "application/octet-stream",
		".gpim":        "application/octet-stream",
	} {
		if err := mime.AddExtensionType(ext, typ); err != nil {
			panic("server: " + err.Error())
		}
	}
}

// Cache-Control values. A content-hashed name never changes its bytes, so
// browsers may keep it for a year without asking again (a year is the
// longest freshness RFC 2616, section 14.21, let servers give); any other
// file must be revalidated with its ETag, which costs a round trip and a 304.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// serveFile sends the file name of the document root: its best precompressed
// sibling that the client accepts, else the file gzipped on the fly if that
// helps, else the file itself.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	f, fi, err := s.openFile(name)
	if err != nil {
		httpError(w, http.StatusNotFound, "no file /"+name)
		return
	}
	defer f.Close()

	h := w.Header()
	ctype := mime.TypeByExtension(path.Ext(name))
	h.Set("Vary", "Accept-Encoding")
	ae := r.Header.Get("Accept-Encoding")
	// The precompressed siblings a file may have, best first.
	encodings := [...]struct{ name, suffix string }{{"br", ".br"}, {"gzip", ".gz"}}
	enc := ""
	for _, e := range encodings {
		if !acceptsEncoding(ae, e.name) {
			continue
		}
		zf, zfi, err := s.openFile(name + e.suffix)
		if err != nil {
			continue
		}
		defer zf.Close()
		f, fi, enc = zf, zfi, e.name
		if ctype == "" {
			ctype = "application/octet-stream" // compressed bytes cannot be sniffed
		}
		break
	}
	if ctype != "" {
		h.Set("Content-Type", ctype)
	}

	tag, err := s.etags.get(name+"|"+enc, f, fi)
	if err != nil {
		httpError(w, http.StatusInternalServerError, "cannot read /"+name)
		return
	}
	// Ranges are offsets into the identity bytes, so a Range request is never
	// gzipped on the fly.
	gzipNow := enc == "" && compressible(ctype) && fi.Size() >= minGzipSize &&
		acceptsEncoding(ae, "gzip") && r.Header.Get("Range") == ""
	if gzipNow {
		enc = "gzip"
		tag = strings.TrimSuffix(tag, `"`) + `-gzip"`
	}
	h.Set("ETag", tag)
	switch {
	case s.cfg.Dev:
		// ServeHTTP has set no-cache.
	case contentHashed(name):
		h.Set("Cache-Control", cacheImmutable)
	default:
		h.Set("Cache-Control", cacheRevalidate)
	}
	if enc == "" {
		http.ServeContent(w, r, name, fi.ModTime(), f)
		return
	}
	ew := &encodedResponse{ResponseWriter: w, encoding: enc, compress: gzipNow, head: r.Method == http.MethodHead}
	http.ServeContent(ew, r, name, fi.ModTime(), f)
	// Like ServeContent, which ignores errors writing the body, drop this
	// one: the status line is sent, and the client has most likely gone.
	_ = ew.close()
}

// contentHashed reports whether the last element of the slash-separated name
// has the form <stem>.<hash>.<ext>, where stem and ext are not empty, ext has
// no dot, and hash is 8 to 64 lowercase hexadecimal digits, as in
// gan-8gaussians.3f2a1b9c0d4e5f60.safetensors.
func contentHashed(name string) bool {
	base := path.Base(name)
	i := strings.LastIndexByte(base, '.')
	if i < 0 || i == len(base)-1 {
		return false // no ext
	}
	rest := base[:i]
	j := strings.LastIndexByte(rest, '.')
	if j <= 0 {
		return false // no stem
	}
	hash := rest[j+1:]
	if len(hash) < 8 || len(hash) > 64 {
		return false
	}
	for _, c := range []byte(hash) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
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
