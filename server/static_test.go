package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// readFixture returns the bytes of a file of the fixture root.
func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testRoot, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestContentTypes(t *testing.T) {
	s := newTestServer(t, Config{Root: testRoot})
	if got := serve(s, "GET", "/app.wasm").Header().Get("Content-Type"); got != "application/wasm" {
		t.Errorf("GET /app.wasm: Content-Type %q, want application/wasm", got)
	}
	for ext, want := range map[string]string{
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
		if got := mime.TypeByExtension(ext); got != want {
			t.Errorf("mime.TypeByExtension(%q) = %q, want %q", ext, got, want)
		}
	}
}

func TestRange(t *testing.T) {
	s := newTestServer(t, Config{Root: testRoot})
	want := readFixture(t, "app.wasm")
	for _, tc := range []struct {
		rng          string
		start, end   int // the bytes want[start:end]
		contentRange string
	}{
		{"bytes=0-3", 0, 4, "bytes 0-3/57"},
		{"bytes=8-14", 8, 15, "bytes 8-14/57"},
		{"bytes=-5", 52, 57, "bytes 52-56/57"},
		{"bytes=50-", 50, 57, "bytes 50-56/57"},
	} {
		w := serve(s, "GET", "/app.wasm", "Range", tc.rng)
		if w.Code != http.StatusPartialContent {
			t.Errorf("Range %s: status %d, want 206", tc.rng, w.Code)
			continue
		}
		if got := w.Header().Get("Content-Range"); got != tc.contentRange {
			t.Errorf("Range %s: Content-Range %q, want %q", tc.rng, got, tc.contentRange)
		}
		if got := w.Body.Bytes(); !bytes.Equal(got, want[tc.start:tc.end]) {
			t.Errorf("Range %s: body %q, want %q", tc.rng, got, want[tc.start:tc.end])
		}
	}
	if w := serve(s, "GET", "/app.wasm", "Range", "bytes=100-"); w.Code != http.StatusRequestedRangeNotSatisfiable {
		t.Errorf("Range bytes=100-: status %d, want 416", w.Code)
	}
}

func TestETag(t *testing.T) {
	s := newTestServer(t, Config{Root: testRoot})
	sum := sha256.Sum256(readFixture(t, "app.wasm"))
	want := `"` + hex.EncodeToString(sum[:]) + `"`

	w := serve(s, "GET", "/app.wasm")
	tag := w.Header().Get("ETag")
	if tag != want {
		t.Fatalf("ETag %q, want the strong SHA-256 tag %q", tag, want)
	}
	if w := serve(s, "GET", "/app.wasm"); w.Header().Get("ETag") != tag {
		t.Errorf("second GET: ETag %q, want %q", w.Header().Get("ETag"), tag)
	}

	for _, tc := range []struct {
		name, value string
		code        int
	}{
		{"If-None-Match", tag, http.StatusNotModified},
		{"If-None-Match", "W/" + tag, http.StatusNotModified}, // weak comparison, RFC 9110 section 13.1.2
		{"If-None-Match", `"other", ` + tag, http.StatusNotModified},
		{"If-None-Match", "*", http.StatusNotModified},
		{"If-None-Match", `"other"`, http.StatusOK},
		{"If-Modified-Since", w.Header().Get("Last-Modified"), http.StatusNotModified},
	} {
		w := serve(s, "GET", "/app.wasm", tc.name, tc.value)
		if w.Code != tc.code {
			t.Errorf("%s: %s: status %d, want %d", tc.name, tc.value, w.Code, tc.code)
		}
		if tc.code == http.StatusNotModified && w.Body.Len() != 0 {
			t.Errorf("%s: %s: 304 with a %d-byte body", tc.name, tc.value, w.Body.Len())
		}
	}

	gz := serve(s, "GET", "/app.wasm", "Accept-Encoding", "gzip").Header().Get("ETag")
	if gz == "" || gz == tag {
		t.Errorf("gzip ETag %q, want one that differs from the identity ETag %q", gz, tag)
	}
}

func TestETagChangesWithFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "data.json")
	writeFiles(t, dir, map[string]string{"data.json": `{"v":1}`})
	s := newTestServer(t, Config{Root: dir})
	before := serve(s, "GET", "/data.json").Header().Get("ETag")

	writeFiles(t, dir, map[string]string{"data.json": `{"v":2}`}) // same size
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(p, later, later); err != nil {
		t.Fatal(err)
	}
	w := serve(s, "GET", "/data.json", "If-None-Match", before)
	if w.Code != http.StatusOK || w.Body.String() != `{"v":2}` {
		t.Fatalf("after a change: %d %q, want 200 with the new content", w.Code, w.Body)
	}
	if after := w.Header().Get("ETag"); after == before {
		t.Errorf("ETag %q did not change with the file", after)
	}
}

func TestETagConcurrent(t *testing.T) {
	s := newTestServer(t, Config{Root: testRoot})
	want := serve(newTestServer(t, Config{Root: testRoot}), "GET", "/app.wasm").Header().Get("ETag")
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			enc := ""
			if i%2 == 1 {
				enc = "gzip"
			}
			w := serve(s, "GET", "/app.wasm", "Accept-Encoding", enc)
			if enc == "" && w.Header().Get("ETag") != want {
				t.Errorf("concurrent GET: ETag %q, want %q", w.Header().Get("ETag"), want)
			}
		})
	}
	wg.Wait()
}

func TestPrecompressed(t *testing.T) {
	s := newTestServer(t, Config{Root: testRoot})
	plain, gz := readFixture(t, "app.wasm"), readFixture(t, "app.wasm.gz")
	for _, tc := range []struct {
		accept, encoding string
	}{
		{"", ""},
		{"gzip", "gzip"},
		{"GZIP", "gzip"},
		{"deflate, gzip;q=0.5", "gzip"},
		{"gzip, deflate, br", "gzip"}, // there is no app.wasm.br
		{"*", "gzip"},
		{"gzip;q=0", ""},
		{"*;q=0", ""},
		{"gzip;q=0, *", ""},
		{"identity", ""},
		{"br", ""},
		{"deflate", ""},
	} {
		w := serve(s, "GET", "/app.wasm", "Accept-Encoding", tc.accept)
		if w.Code != http.StatusOK {
			t.Errorf("Accept-Encoding %q: status %d, want 200", tc.accept, w.Code)
			continue
		}
		h := w.Header()
		if got := h.Get("Content-Encoding"); got != tc.encoding {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.accept, got, tc.encoding)
		}
		if got := h.Get("Content-Type"); got != "application/wasm" {
			t.Errorf("Accept-Encoding %q: Content-Type %q, want application/wasm", tc.accept, got)
		}
		if got := h.Get("Vary"); got != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: Vary %q, want Accept-Encoding", tc.accept, got)
		}
		want := plain
		if tc.encoding == "gzip" {
			want = gz
		}
		if !bytes.Equal(w.Body.Bytes(), want) {
			t.Errorf("Accept-Encoding %q: body is not the %q file", tc.accept, tc.encoding)
		}
	}

	// The committed sibling must decompress to the file it stands for.
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(zr); err != nil || !bytes.Equal(got, plain) {
		t.Errorf("app.wasm.gz does not decompress to app.wasm (err %v)", err)
	}
}

func TestBrotliPreferred(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"app.wasm":     "plain",
		"app.wasm.gz":  "fake gzip",
		"app.wasm.br":  "fake brotli",
		"model.bin.br": "fake brotli, unknown type",
		"model.bin":    "plain model",
		"only.wasm.br": "no plain file",
		"dir.css":      "plain css",
		"dir.css.gz/x": "a directory is not a sibling",
	})
	s := newTestServer(t, Config{Root: dir})
	for _, tc := range []struct {
		target, accept, encoding, ctype, body string
	}{
		{"/app.wasm", "gzip, deflate, br", "br", "application/wasm", "fake brotli"},
		{"/app.wasm", "br;q=0.1, gzip", "br", "application/wasm", "fake brotli"},
		{"/app.wasm", "br;q=0, gzip", "gzip", "application/wasm", "fake gzip"},
		{"/app.wasm", "gzip", "gzip", "application/wasm", "fake gzip"},
		{"/app.wasm", "", "", "application/wasm", "plain"},
		{"/model.bin", "br", "br", "application/octet-stream", "fake brotli, unknown type"},
		{"/dir.css", "gzip", "", "text/css; charset=utf-8", "plain css"},
	} {
		w := serve(s, "GET", tc.target, "Accept-Encoding", tc.accept)
		h := w.Header()
		if w.Code != http.StatusOK || h.Get("Content-Encoding") != tc.encoding ||
			h.Get("Content-Type") != tc.ctype || w.Body.String() != tc.body {
			t.Errorf("GET %s, Accept-Encoding %q: %d, encoding %q, type %q, body %q; want 200, %q, %q, %q",
				tc.target, tc.accept, w.Code, h.Get("Content-Encoding"), h.Get("Content-Type"), w.Body,
				tc.encoding, tc.ctype, tc.body)
		}
	}
	if w := serve(s, "GET", "/only.wasm", "Accept-Encoding", "br"); w.Code != http.StatusNotFound {
		t.Errorf("GET /only.wasm with only a .br sibling: status %d, want 404", w.Code)
	}
}

func TestContentHashed(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"weights/gan-8gaussians.3f2a1b9c0d4e5f60.safetensors", true},
		{"weights/classifier.d7d7de427d257d96.safetensors", true},
		{"weights/a_b-9.0123456789abcdef.safetensors", true},
		{"gan-8gaussians.3f2a1b9c0d4e5f60.safetensors", false},     // not under weights/
		{"data/weights/gan.3f2a1b9c0d4e5f60.safetensors", false},   // nor deeper
		{"weights/sub/gan.3f2a1b9c0d4e5f60.safetensors", false},    // the build writes no folders there
		{"weights/gan.3f2a1b9c0d4e5f6.safetensors", false},         // 15 digits
		{"weights/gan.3f2a1b9c0d4e5f600.safetensors", false},       // 17 digits
		{"weights/gan.3F2A1B9C0D4E5F60.safetensors", false},        // upper case
		{"weights/gan.3f2a1b9c0d4e5f6g.safetensors", false},        // not hex
		{"weights/.3f2a1b9c0d4e5f60.safetensors", false},           // empty stem
		{"weights/3f2a1b9c0d4e5f60.safetensors", false},            // no stem
		{"weights/a.b.3f2a1b9c0d4e5f60.safetensors", false},        // a dot in the stem
		{"weights/Gan.3f2a1b9c0d4e5f60.safetensors", false},        // presets are lower case
		{"weights/gan.3f2a1b9c0d4e5f60.json", false},               // another ext
		{"weights/gan.3f2a1b9c0d4e5f60.safetensors.gz", false},     // a sibling's own name
		{"weights/manifest.json", false},                           // the manifest is revalidated
		{"report.20250101.csv", false},                             // a dated name
		{"weights/report.2025010120250101.safetensors.bak", false}, // not the build's ext
		{"app.0123456789abcdef.wasm", false},                       // the build does not hash the wasm
		{"x." + strings.Repeat("f", 64) + ".wasm", false},          // nor anything else
		{"data/mnist.00112233aabbccdd.gpim", false},                // data files are not hashed
		{"index.html", false},
	} {
		if got := contentHashed(tc.name); got != tc.want {
			t.Errorf("contentHashed(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// weightsRoot creates a document root laid out like web/ with pretrained
// weights and data, and returns it.
func weightsRoot(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"index.html":            strings.Repeat("<p>genplay</p>\n", 40),
		"weights/manifest.json": `{"models":[` + strings.Repeat(`{"name":"gan-8gaussians","file":"gan-8gaussians.3f2a1b9c0d4e5f60.safetensors"},`, 8) + `{}]}`,
		"weights/gan-8gaussians.3f2a1b9c0d4e5f60.safetensors": safetensorsBytes,
		"app.0123abcd.js":             strings.Repeat("console.log(1);\n", 40),
		"report.2025010120250101.csv": strings.Repeat("1,2\n", 100),
		"data/mnist.gpim":             strings.Repeat("\x01\x02\x03\x04", 100),
	})
	return dir
}

// safetensorsBytes is a small safetensors file: an 8-byte little-endian
// header length, the JSON header, and 8 bytes of float32 data.
const safetensorsBytes = "\x3c\x00\x00\x00\x00\x00\x00\x00" +
	`{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}      ` +
	"\x00\x00\x80\x3f\x00\x00\x00\x40"

func TestCacheControlHashed(t *testing.T) {
	dir := weightsRoot(t)
	for _, dev := range []bool{false, true} {
		s := newTestServer(t, Config{Root: dir, Dev: dev})
		for _, tc := range []struct{ target, cache string }{
			{"/weights/gan-8gaussians.3f2a1b9c0d4e5f60.safetensors", cacheImmutable},
			{"/app.0123abcd.js", "no-cache"},
			{"/report.2025010120250101.csv", "no-cache"},
			{"/weights/manifest.json", "no-cache"},
			{"/data/mnist.gpim", "no-cache"},
			{"/", "no-cache"},
		} {
			if dev {
				tc.cache = "no-cache"
			}
			for _, accept := range []string{"", "gzip"} {
				w := serve(s, "GET", tc.target, "Accept-Encoding", accept)
				tag := w.Header().Get("ETag")
				if w.Code != http.StatusOK || tag == "" {
					t.Errorf("Dev=%v: GET %s (Accept-Encoding %q): status %d, ETag %q; want 200 and an ETag",
						dev, tc.target, accept, w.Code, tag)
					continue
				}
				if got := w.Header().Get("Cache-Control"); got != tc.cache {
					t.Errorf("Dev=%v: GET %s: Cache-Control %q, want %q", dev, tc.target, got, tc.cache)
				}
				w = serve(s, "GET", tc.target, "Accept-Encoding", accept, "If-None-Match", tag)
				if w.Code != http.StatusNotModified || w.Body.Len() != 0 {
					t.Errorf("Dev=%v: GET %s (Accept-Encoding %q) If-None-Match %s: status %d with %d body bytes, want 304 and none",
						dev, tc.target, accept, tag, w.Code, w.Body.Len())
				}
				if got := w.Header().Get("Cache-Control"); got != tc.cache {
					t.Errorf("Dev=%v: 304 for %s: Cache-Control %q, want %q", dev, tc.target, got, tc.cache)
				}
				if got := w.Header().Get("ETag"); got != tag {
					t.Errorf("Dev=%v: 304 for %s: ETag %q, want %q", dev, tc.target, got, tag)
				}
			}
		}
	}
}

func TestRangeSafetensors(t *testing.T) {
	s := newTestServer(t, Config{Root: weightsRoot(t)})
	const target = "/weights/gan-8gaussians.3f2a1b9c0d4e5f60.safetensors"
	tag := serve(s, "GET", target).Header().Get("ETag")
	n := len(safetensorsBytes)
	for _, tc := range []struct {
		name       string
		headers    []string
		start, end int // the bytes safetensorsBytes[start:end]
	}{
		{"header length", []string{"Range", "bytes=0-7"}, 0, 8},
		{"data", []string{"Range", fmt.Sprintf("bytes=%d-", n-8)}, n - 8, n},
		{"gzip accepted", []string{"Range", "bytes=0-7", "Accept-Encoding", "gzip"}, 0, 8},
		{"If-Range", []string{"Range", "bytes=0-7", "If-Range", tag}, 0, 8},
	} {
		w := serve(s, "GET", target, tc.headers...)
		h := w.Header()
		if w.Code != http.StatusPartialContent {
			t.Errorf("%s: status %d, want 206", tc.name, w.Code)
			continue
		}
		if got, want := h.Get("Content-Range"), fmt.Sprintf("bytes %d-%d/%d", tc.start, tc.end-1, n); got != want {
			t.Errorf("%s: Content-Range %q, want %q", tc.name, got, want)
		}
		if got := h.Get("Content-Encoding"); got != "" {
			t.Errorf("%s: Content-Encoding %q, want none", tc.name, got)
		}
		if got, want := h.Get("Cache-Control"), cacheImmutable; got != want {
			t.Errorf("%s: Cache-Control %q, want %q", tc.name, got, want)
		}
		if got, want := w.Body.String(), safetensorsBytes[tc.start:tc.end]; got != want {
			t.Errorf("%s: body %q, want %q", tc.name, got, want)
		}
	}
	// A stale If-Range gets the whole file.
	if w := serve(s, "GET", target, "Range", "bytes=0-7", "If-Range", `"stale"`); w.Code != http.StatusOK || w.Body.String() != safetensorsBytes {
		t.Errorf("stale If-Range: status %d with %d bytes, want 200 and the whole file", w.Code, w.Body.Len())
	}
}

func TestPrecompressedData(t *testing.T) {
	dir := weightsRoot(t)
	plain := readFile(t, dir, "data/mnist.gpim")
	var zbuf bytes.Buffer
	zw := gzip.NewWriter(&zbuf)
	zw.Write(plain)
	zw.Close()
	writeFiles(t, dir, map[string]string{"data/mnist.gpim.gz": zbuf.String()})
	s := newTestServer(t, Config{Root: dir})
	for _, tc := range []struct {
		accept, encoding string
		body             []byte
	}{
		{"gzip, deflate, br", "gzip", zbuf.Bytes()},
		{"", "", plain},
		{"br", "", plain},
	} {
		w := serve(s, "GET", "/data/mnist.gpim", "Accept-Encoding", tc.accept)
		h := w.Header()
		if w.Code != http.StatusOK || h.Get("Content-Encoding") != tc.encoding ||
			h.Get("Content-Type") != "application/octet-stream" || !bytes.Equal(w.Body.Bytes(), tc.body) {
			t.Errorf("Accept-Encoding %q: %d, encoding %q, type %q, %d bytes; want 200, %q, application/octet-stream, %d bytes",
				tc.accept, w.Code, h.Get("Content-Encoding"), h.Get("Content-Type"), w.Body.Len(), tc.encoding, len(tc.body))
		}
		if got, want := h.Get("Content-Length"), fmt.Sprint(len(tc.body)); got != want {
			t.Errorf("Accept-Encoding %q: Content-Length %q, want %s", tc.accept, got, want)
		}
	}

	// Content-Encoding is on the responses that carry sibling bytes only.
	tag := serve(s, "GET", "/data/mnist.gpim", "Accept-Encoding", "gzip").Header().Get("ETag")
	for _, tc := range []struct {
		name, header, value string
		code                int
		encoding, length    string
	}{
		{"range", "Range", "bytes=0-3", http.StatusPartialContent, "gzip", "4"},
		{"If-None-Match", "If-None-Match", tag, http.StatusNotModified, "", ""},
		{"stale If-Match", "If-Match", `"stale"`, http.StatusPreconditionFailed, "", ""},
	} {
		w := serve(s, "GET", "/data/mnist.gpim", "Accept-Encoding", "gzip", tc.header, tc.value)
		h := w.Header()
		if w.Code != tc.code || h.Get("Content-Encoding") != tc.encoding || h.Get("Content-Length") != tc.length {
			t.Errorf("%s: %d, encoding %q, length %q; want %d, %q, %q",
				tc.name, w.Code, h.Get("Content-Encoding"), h.Get("Content-Length"), tc.code, tc.encoding, tc.length)
		}
	}
}

// readFile returns the bytes of the slash-separated name under dir.
func readFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
