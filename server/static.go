package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
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

// maxWeightsBytes bounds the files served under weights/: the page and
// the genplay tool refuse a weights file larger than this
// (registry.MaxWeightsBytes), so the server refuses it from its size alone,
// without reading or sending it.
const maxWeightsBytes = 64 << 20

// serveFile sends the file name of the document root: its best precompressed
// sibling that the client accepts, else the file gzipped on the fly if that
// helps, else the file itself. The Range header is checked before the file
// is opened, and its ranges against the size before anything is read.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	verdict, specs := parseRange(r.Header.Values("Range"))
	f, fi, err := s.openFile(name)
	if err != nil {
		httpError(w, http.StatusNotFound, "no file /"+name)
		return
	}
	defer f.Close()
	if strings.HasPrefix(name, "weights/") && fi.Size() > maxWeightsBytes {
		httpError(w, http.StatusForbidden, fmt.Sprintf("/%s is larger than the %d MiB a weights file may have", name, maxWeightsBytes>>20))
		return
	}

	h := w.Header()
	ctype := mime.TypeByExtension(path.Ext(name))
	if isHTML(ctype) {
		e, err := s.files.get(name+"|", f, fi, true)
		if err != nil {
			httpError(w, http.StatusInternalServerError, "cannot read /"+name)
			return
		}
		s.setPageHeaders(h, e.scripts, r.URL.Query().Get("embed") == "1")
	}
	h.Set("Vary", "Accept-Encoding")
	ae := r.Header.Get("Accept-Encoding")
	// The precompressed siblings a file may have, best first. A sibling
	// older than the file is left over from an earlier build: it is not
	// served.
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
		if zfi.ModTime().Before(fi.ModTime()) {
			zf.Close()
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

	var ranges []byteRange
	if verdict == rangeServe {
		verdict, ranges = resolveRanges(specs, fi.Size())
	}
	e, err := s.files.get(name+"|"+enc, f, fi, false)
	if err != nil {
		httpError(w, http.StatusInternalServerError, "cannot read /"+name)
		return
	}
	tag := e.tag
	if verdict == rangeUnsatisfiable || verdict == rangeServe {
		if !ifRangeHolds(r.Header.Get("If-Range"), tag, fi.ModTime()) {
			verdict = rangeWhole
		}
	}
	switch verdict {
	case rangeUnsatisfiable:
		h.Set("Content-Range", fmt.Sprintf("bytes */%d", fi.Size()))
		httpError(w, http.StatusRequestedRangeNotSatisfiable, "no satisfiable range in "+r.Header.Get("Range"))
		return
	case rangeWhole:
		r = r.Clone(r.Context())
		r.Header.Del("Range")
		r.Header.Del("If-Range")
	case rangeServe:
		r = r.Clone(r.Context())
		r.Header.Set("Range", formatRanges(ranges))
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
	pw := newProgressWriter(w, s.cfg.WriteIdle)
	if enc == "" {
		http.ServeContent(pw, r, name, fi.ModTime(), f)
		return
	}
	ew := &encodedResponse{ResponseWriter: pw, encoding: enc, compress: gzipNow, head: r.Method == http.MethodHead, pool: s.gzip}
	http.ServeContent(ew, r, name, fi.ModTime(), f)
	// Like ServeContent, which ignores errors writing the body, drop this
	// one: the status line is sent, and the client has most likely gone.
	_ = ew.close()
}

// isHTML reports whether the MIME type ctype is an HTML page.
func isHTML(ctype string) bool {
	mt, _, _ := strings.Cut(ctype, ";")
	return strings.TrimSpace(mt) == "text/html"
}

// hashLen is the number of hexadecimal digits of the SHA-256 that the
// genplay tool puts in the names of the weights files it writes.
const hashLen = 16

// contentHashed reports whether the slash-separated name is one of the
// content-hashed files the build writes, whose bytes never change under
// that name: weights/<stem>.<16 hex>.safetensors, where stem is a preset
// name ([a-z0-9_-], not empty) and the hex digits, lowercase, are the start
// of the file's SHA-256, as in
// weights/gan-8gaussians.3f2a1b9c0d4e5f60.safetensors. Nothing else is: not
// weights/manifest.json, not app.wasm (whose name does not change), and
// not a dated name elsewhere such as report.20250101.csv.
func contentHashed(name string) bool {
	base, ok := strings.CutPrefix(name, "weights/")
	if !ok {
		return false
	}
	rest, ok := strings.CutSuffix(base, ".safetensors")
	if !ok {
		return false
	}
	i := strings.LastIndexByte(rest, '.')
	if i <= 0 || len(rest)-i-1 != hashLen {
		return false
	}
	for _, c := range []byte(rest[:i]) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	for _, c := range []byte(rest[i+1:]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// openFile opens name inside the document root for reading. It fails for
// anything that is not a regular file, and os.Root fails for paths that
// leave the root. The name is looked up with Stat before it is opened, so
// that a FIFO or a device is refused without being opened, and it is
// opened non-blocking, so that one swapped in between cannot hold the
// request either.
func (s *Server) openFile(name string) (*os.File, fs.FileInfo, error) {
	fi, err := s.root.Stat(name)
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, fs.ErrNotExist
	}
	f, err := s.root.OpenFile(name, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, nil, err
	}
	fi, err = f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = fs.ErrNotExist
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// fileCache remembers what is computed from the bytes of each file: its
// strong ETag and, for a page, the CSP sources of its inline scripts. A
// file is read once per version rather than on every request. It keeps one
// entry per key, replaced when the file's size or modification time
// changes.
type fileCache struct {
	mu sync.Mutex
	m  map[string]fileEntry
}

// fileEntry is what fileCache keeps of one version of a file.
type fileEntry struct {
	modTime time.Time
	size    int64
	tag     string // the strong ETag: the hex SHA-256 of the bytes, quoted
	scripts string // the CSP sources of a page's inline scripts
	page    bool   // scripts was computed
}

// maxPageBytes bounds the HTML pages whose inline scripts are hashed: a
// page is read into memory for it.
const maxPageBytes = 1 << 20

// get returns the entry of f, whose FileInfo is fi, caching it under key.
// On a miss it reads f, and with page set it also hashes the page's
// inline scripts; it leaves f's offset at the start.
func (c *fileCache) get(key string, f io.ReadSeeker, fi fs.FileInfo, page bool) (fileEntry, error) {
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if ok && e.size == fi.Size() && e.modTime.Equal(fi.ModTime()) && (e.page || !page) {
		return e, nil
	}

	// Read outside the lock: two requests may read the same file at once,
	// which costs time but gives the same answer.
	sum := sha256.New()
	var src io.Reader = f
	var pageBytes bytes.Buffer
	if page {
		if fi.Size() > maxPageBytes {
			return fileEntry{}, errors.New("page too large to hash its scripts")
		}
		src = io.TeeReader(f, &pageBytes)
	}
	n, err := io.Copy(sum, src)
	if err != nil {
		return fileEntry{}, err
	}
	if n != fi.Size() {
		return fileEntry{}, errors.New("file changed while hashing")
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fileEntry{}, err
	}
	e = fileEntry{modTime: fi.ModTime(), size: fi.Size(), tag: `"` + hex.EncodeToString(sum.Sum(nil)) + `"`}
	if page {
		e.scripts, e.page = inlineScriptSources(pageBytes.Bytes()), true
	}

	c.mu.Lock()
	c.m[key] = e
	c.mu.Unlock()
	return e, nil
}
