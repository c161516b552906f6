package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"net"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"genplay/models/registry"
)

// DemoConfig says how shared demos are kept.
type DemoConfig struct {
	// Store keeps the demos.
	Store Store
	// MaxBytes bounds one demo file; at most registry.MaxWeightsBytes.
	MaxBytes int64
	// Quota bounds the bytes the store may hold (stored form included),
	// counted from the store's Usage when NewDemos is called; 0 means no
	// bound.
	Quota int64
	// Rate is the uploads per second a client (an IP address) may make
	// over time, and Burst how many at once; Rate 0 means no limit.
	Rate  float64
	Burst int
	// Now gives the time for the rate limit; time.Now if nil.
	Now func() time.Time
	// Log receives a line for each stored, deleted or corrupt demo; nil
	// logs nothing.
	Log *log.Logger
	// Images are the image data sets that demos may be trained on; a
	// demo on a set not here is refused.
	Images registry.Images
}

// Default demo limits, the flags' defaults.
const (
	DefaultDemoMaxBytes = 8 << 20
	DefaultDemoRate     = 1.0 / 6 // 10 uploads a minute
	DefaultDemoBurst    = 10
)

// maxStoredBytes bounds what a Store reads back: the largest demo any
// configuration accepts, in its stored form.
const maxStoredBytes = registry.MaxWeightsBytes + envelopeLen

// Demos serves the shared demos: the API under /api/demos and the pages
// at /d/<id>. Create one with NewDemos; it is safe for concurrent use.
type Demos struct {
	cfg     DemoConfig
	limiter *rateLimiter
	// checking holds a slot per upload being validated and stored, so
	// that concurrent uploads build at most cap(checking) models at once.
	checking chan struct{}

	mu   sync.Mutex // guards used
	used int64      // bytes stored and being stored, in stored form
}

// NewDemos returns the demo handler for cfg.
func NewDemos(cfg DemoConfig) (*Demos, error) {
	if cfg.Store == nil {
		return nil, errors.New("demos: no store")
	}
	if cfg.MaxBytes <= 0 || cfg.MaxBytes > registry.MaxWeightsBytes {
		return nil, fmt.Errorf("demos: size limit %d outside [1, %d]", cfg.MaxBytes, registry.MaxWeightsBytes)
	}
	if cfg.Quota < 0 || cfg.Rate < 0 || math.IsInf(cfg.Rate, 0) || cfg.Rate != cfg.Rate {
		return nil, errors.New("demos: negative quota or bad rate")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	used, err := cfg.Store.Usage(context.Background())
	if err != nil {
		return nil, err
	}
	d := &Demos{cfg: cfg, used: used, checking: make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))}
	if cfg.Rate > 0 {
		d.limiter = newRateLimiter(cfg.Rate, cfg.Burst)
	}
	return d, nil
}

// Paths of the demo routes.
const (
	demosAPI  = "/api/demos"
	demoPage  = "/d/"
	demoCache = "public, max-age=31536000, immutable"
)

// The demo routes routeDemo tells apart.
const (
	routeNone       = iota
	routeCollection // /api/demos
	routeItem       // /api/demos/<id>
	routePage       // /d/<id>
)

// routeDemo returns which demo route the URL path p is, and the id it
// names, not yet checked.
func routeDemo(p string) (id string, route int) {
	if p == demosAPI {
		return "", routeCollection
	}
	if id, ok := strings.CutPrefix(p, demosAPI+"/"); ok {
		return id, routeItem
	}
	if id, ok := strings.CutPrefix(p, demoPage); ok {
		return id, routePage
	}
	return "", routeNone
}

// badID returns why id, the part of the path after /api/demos/ or /d/, is
// not a demo id.
func badID(id string) string {
	switch {
	case id == "":
		return "no demo id"
	case len(id) > maxIDLen:
		return fmt.Sprintf("demo id longer than %d characters", maxIDLen)
	case strings.ContainsAny(id, "/\\"):
		return "slash in demo id"
	}
	return fmt.Sprintf("malformed demo id %q: want %d to %d characters 0-9 a-f", id, minIDLen, maxIDLen)
}

// publishReply is the JSON body of a successful POST /api/demos. Token is
// set only when the upload created the demo.
type publishReply struct {
	ID    string `json:"id"`
	URL   string `json:"url"`
	Token string `json:"token,omitempty"`
}

// servePublish handles POST /api/demos.
func (d *Demos) servePublish(w http.ResponseWriter, r *http.Request) {
	if d.limiter != nil {
		if ok, wait := d.limiter.allow(clientIP(r), d.cfg.Now()); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)))
			httpError(w, http.StatusTooManyRequests, fmt.Sprintf("too many uploads from this address; retry in %v", wait))
			return
		}
	}
	if r.ContentLength > d.cfg.MaxBytes {
		httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("a demo is at most %d bytes", d.cfg.MaxBytes))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, d.cfg.MaxBytes))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("a demo is at most %d bytes", d.cfg.MaxBytes))
		return
	case err != nil:
		httpError(w, http.StatusBadRequest, "reading the upload: "+err.Error())
		return
	case len(body) == 0:
		httpError(w, http.StatusBadRequest, "empty upload: send a safetensors file as the body")
		return
	}
	select {
	case d.checking <- struct{}{}:
		defer func() { <-d.checking }()
	case <-r.Context().Done():
		return // the client has gone
	}
	if err := d.validate(r.Context(), body); isDemoError(err) {
		httpError(w, http.StatusUnprocessableEntity, err.Error())
		return
	} else if err != nil {
		d.logf("checking an upload: %v", err)
		httpError(w, http.StatusInternalServerError, "the upload could not be checked")
		return
	}
	id, token, err := d.publish(r.Context(), body)
	var full *quotaError
	switch {
	case errors.As(err, &full):
		httpError(w, http.StatusInsufficientStorage, err.Error())
		return
	case err != nil:
		d.logf("publishing a demo: %v", err)
		httpError(w, http.StatusInternalServerError, "the demo could not be stored")
		return
	}
	status := http.StatusOK
	if token != "" {
		status = http.StatusCreated
		w.Header().Set("Location", demoPage+id)
		d.logf("stored demo %s (%d bytes)", id, len(body))
	}
	writeJSON(w, status, publishReply{ID: id, URL: demoPage + id, Token: token})
}

// A quotaError is an upload refused because the store is full.
type quotaError struct{ used, size, quota int64 }

func (e *quotaError) Error() string {
	return fmt.Sprintf("the demo store is full: %d of %d bytes used, this demo needs %d more; delete demos or raise -demo-quota",
		e.used, e.quota, e.size)
}

// publish stores body, a validated demo, and returns its id and, if this
// call created it, its deletion token (empty if the same file was already
// stored).
//
// The id is the shortest prefix of the hex SHA-256 of body, minIDLen digits
// or more in steps of idLenStep, that no other file has: if a different
// file holds a prefix, the next longer one is tried. So the same file
// always gets the same id, and a collision never serves the wrong file. A
// corrupt object under a prefix counts as a different file.
func (d *Demos) publish(ctx context.Context, body []byte) (id, token string, err error) {
	sum := sha256.Sum256(body)
	full := hex.EncodeToString(sum[:])
	// Each turn either moves to a longer id or follows an upload that took
	// this one; the bound only stops a store that keeps contradicting
	// itself.
	for n, turns := minIDLen, 0; n <= maxIDLen && turns < 64; turns++ {
		id := full[:n]
		o, err := d.cfg.Store.Get(ctx, id)
		switch {
		case err == nil && o.Sum == sum:
			return id, "", nil
		case err == nil || errors.Is(err, ErrCorrupt):
			n += idLenStep
			continue
		case !errors.Is(err, ErrNotFound):
			return "", "", err
		}
		token := rand.Text()
		err = d.create(ctx, id, NewObject(body, token))
		if errors.Is(err, ErrExist) {
			continue // another upload took the id: look at what it holds
		}
		if err != nil {
			return "", "", err
		}
		return id, token, nil
	}
	return "", "", fmt.Errorf("demos: found no free id for %s", full)
}

// create stores o under id within the quota. Its bytes are counted before
// the store is asked and uncounted if it fails, so concurrent uploads
// cannot overrun the quota, nor be refused for bytes counted twice.
func (d *Demos) create(ctx context.Context, id string, o *Object) error {
	size := storedSize(o)
	d.mu.Lock()
	if d.cfg.Quota > 0 && d.used+size > d.cfg.Quota {
		used := d.used
		d.mu.Unlock()
		return &quotaError{used: used, size: size, quota: d.cfg.Quota}
	}
	d.used += size
	d.mu.Unlock()
	err := d.cfg.Store.Create(ctx, id, o)
	if err != nil {
		d.mu.Lock()
		d.used -= size
		d.mu.Unlock()
	}
	return err
}

// storedSize returns the bytes o takes in a Store.
func storedSize(o *Object) int64 { return int64(envelopeLen + len(o.Data)) }

// serveGet handles GET and HEAD /api/demos/<id>: the file, checked against
// its SHA-256, which is also its ETag.
func (d *Demos) serveGet(w http.ResponseWriter, r *http.Request, id string) {
	o, err := d.cfg.Store.Get(r.Context(), id)
	switch {
	case errors.Is(err, ErrNotFound):
		httpError(w, http.StatusNotFound, "no demo "+id)
		return
	case errors.Is(err, ErrCorrupt):
		d.logf("demo %s: %v", id, err)
		httpError(w, http.StatusInternalServerError, "demo "+id+" is damaged in the store and is not served")
		return
	case err != nil:
		d.logf("reading demo %s: %v", id, err)
		httpError(w, http.StatusInternalServerError, "demo "+id+" could not be read")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", `attachment; filename="genplay-demo-`+id+`.safetensors"`)
	h.Set("ETag", `"`+hex.EncodeToString(o.Sum[:])+`"`)
	if h.Get("Cache-Control") == "" { // -dev sets no-cache
		h.Set("Cache-Control", demoCache)
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(o.Data))
}

// serveDelete handles DELETE /api/demos/<id>, which needs the header
// Authorization: Bearer <token>, the token the upload that created the
// demo was given.
func (d *Demos) serveDelete(w http.ResponseWriter, r *http.Request, id string) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="genplay demos"`)
		httpError(w, http.StatusUnauthorized, "deleting a demo needs its token: Authorization: Bearer <token>")
		return
	}
	o, err := d.cfg.Store.Get(r.Context(), id)
	switch {
	case errors.Is(err, ErrNotFound):
		httpError(w, http.StatusNotFound, "no demo "+id)
		return
	case err != nil:
		d.logf("reading demo %s: %v", id, err)
		httpError(w, http.StatusInternalServerError, "demo "+id+" could not be read")
		return
	}
	th := sha256.Sum256([]byte(token))
	if subtle.ConstantTimeCompare(th[:], o.TokenHash[:]) != 1 {
		httpError(w, http.StatusForbidden, "wrong token for demo "+id)
		return
	}
	err = d.cfg.Store.Delete(r.Context(), id)
	switch {
	case err == nil:
		d.mu.Lock()
		d.used -= storedSize(o)
		d.mu.Unlock()
	case !errors.Is(err, ErrNotFound): // a concurrent DELETE took it
		d.logf("deleting demo %s: %v", id, err)
		httpError(w, http.StatusInternalServerError, "demo "+id+" could not be deleted")
		return
	}
	d.logf("deleted demo %s", id)
	w.WriteHeader(http.StatusNoContent)
}

// serve handles the demo routes; it returns false, having written nothing,
// for any other path. page serves the document for /d/<id>.
func (d *Demos) serve(w http.ResponseWriter, r *http.Request, page func(http.ResponseWriter, *http.Request)) bool {
	id, route := routeDemo(r.URL.Path)
	if route == routeNone {
		return false
	}
	method := r.Method
	switch {
	case route == routeCollection:
		if method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			httpError(w, http.StatusMethodNotAllowed, "use POST to publish a demo")
			return true
		}
		d.servePublish(w, r)
		return true
	case !validID(id):
		httpError(w, http.StatusBadRequest, badID(id))
		return true
	case route == routePage:
		if method != http.MethodGet && method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			httpError(w, http.StatusMethodNotAllowed, "use GET or HEAD")
			return true
		}
		page(w, r)
		return true
	}
	switch method {
	case http.MethodGet, http.MethodHead:
		d.serveGet(w, r, id)
	case http.MethodDelete:
		d.serveDelete(w, r, id)
	default:
		w.Header().Set("Allow", "GET, HEAD, DELETE")
		httpError(w, http.StatusMethodNotAllowed, "use GET, HEAD or DELETE")
	}
	return true
}

// clientIP returns the IP address of the client of r, the key of its rate
// limit. It trusts no header: behind a proxy, every client shares the
// proxy's address.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// writeJSON replies with status and v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// logf logs a line if a logger is set.
func (d *Demos) logf(format string, args ...any) {
	if d.cfg.Log != nil {
		d.cfg.Log.Printf(format, args...)
	}
}

// serveDemoPage serves the page for /d/<id>: index.html of the document
// root with <base href="../"> inserted (see insertBase), so that its relative URLs
// (style.css, app.wasm, worker.js) resolve as they do at /, under the
// page's Content-Security-Policy (setPageHeaders: its inline scripts'
// hashes, and the embed view's frame rules with ?embed=1). The page reads
// the id from its path and loads the demo from /api/demos/<id>.
func (s *Server) serveDemoPage(w http.ResponseWriter, r *http.Request) {
	f, _, err := s.openFile("index.html")
	if err != nil {
		httpError(w, http.StatusNotFound, "no file /index.html")
		return
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		httpError(w, http.StatusInternalServerError, "cannot read /index.html")
		return
	}
	b = insertBase(b)
	sum := sha256.Sum256(b)
	h := w.Header()
	s.setPageHeaders(h, inlineScriptSources(b), r.URL.Query().Get("embed") == "1")
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	h.Set("Cache-Control", cacheRevalidate)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
}

// insertBase returns the HTML document b with <base href="../"> after its
// <head> tag, or if it has none, after its doctype, or else at its start:
// the base element must come before any element with a URL.
func insertBase(b []byte) []byte {
	const base = `<base href="../">`
	lower := bytes.ToLower(b)
	i := 0
	if j := bytes.Index(lower, []byte("<head>")); j >= 0 {
		i = j + len("<head>")
	} else if bytes.HasPrefix(lower, []byte("<!doctype")) {
		if j := bytes.IndexByte(b, '>'); j >= 0 {
			i = j + 1
		}
	}
	return slices.Concat(b[:i], []byte(base), b[i:])
}
