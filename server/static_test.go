package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
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
		".safetensors": "application/octet-stream",
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

func TestAcceptsEncoding(t *testing.T) {
	for _, tc := range []struct {
		header, enc string
		want        bool
	}{
		{"", "gzip", false},
		{"gzip", "gzip", true},
		{"x-gzip", "gzip", false},
		{"gzip ; q=1.0", "gzip", true},
		{"gzip;q=0.000", "gzip", false},
		{"gzip;q=bad", "gzip", false},
		{"br, gzip", "br", true},
		{"*", "br", true},
		{"*;q=0, br", "br", true},
		{"br;q=0, *", "br", false},
	} {
		if got := acceptsEncoding(tc.header, tc.enc); got != tc.want {
			t.Errorf("acceptsEncoding(%q, %q) = %v, want %v", tc.header, tc.enc, got, tc.want)
		}
	}
}
