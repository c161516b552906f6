package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

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

// gunzip returns the decompressed bytes of b, or an error if b is not one
// whole gzip stream.
func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

func TestGzipOnTheFly(t *testing.T) {
	dir := t.TempDir()
	text := strings.Repeat("genplay, a playground of generative models\n", 20)
	files := map[string]string{
		"data.json":         `{"x":"` + text + `"}`,
		"table.csv":         strings.Repeat("x,y\n1,2\n", 60),
		"notes.txt":         text,
		"page.html":         text,
		"style.css":         text,
		"app.js":            text,
		"icon.svg":          `<svg xmlns="http://www.w3.org/2000/svg">` + text + `</svg>`,
		"small.json":        `{"small":true}`,
		"m.safetensors":     text,
		"app.wasm":          text,
		"photo.png":         text,
		"archive.gz":        text,
		"unknown.bin":       text,
		"data/mnist.gpim":   text,
		"weights/m.json.gz": "a .gz file is not gzipped again",
	}
	writeFiles(t, dir, files)
	s := newTestServer(t, Config{Root: dir})
	for _, tc := range []struct {
		target, accept, rng string
		gzip                bool
	}{
		{"/data.json", "gzip", "", true},
		{"/table.csv", "gzip, deflate, br", "", true},
		{"/notes.txt", "*", "", true},
		{"/page.html", "br;q=1, gzip;q=0.5", "", true},
		{"/style.css", "gzip", "", true},
		{"/app.js", "gzip", "", true},
		{"/icon.svg", "gzip", "", true},
		{"/data.json", "", "", false},
		{"/data.json", "gzip;q=0", "", false},
		{"/data.json", "br, deflate", "", false},
		{"/data.json", "identity", "", false},
		{"/data.json", "gzip", "bytes=0-9", false}, // ranges are of the identity bytes
		{"/small.json", "gzip", "", false},         // smaller than minGzipSize
		{"/m.safetensors", "gzip", "", false},
		{"/app.wasm", "gzip", "", false},
		{"/photo.png", "gzip", "", false},
		{"/archive.gz", "gzip", "", false},
		{"/unknown.bin", "gzip", "", false},
		{"/data/mnist.gpim", "gzip", "", false},
	} {
		w := serve(s, "GET", tc.target, "Accept-Encoding", tc.accept, "Range", tc.rng)
		h := w.Header()
		desc := fmt.Sprintf("GET %s, Accept-Encoding %q, Range %q", tc.target, tc.accept, tc.rng)
		if got := h.Get("Vary"); got != "Accept-Encoding" {
			t.Errorf("%s: Vary %q, want Accept-Encoding", desc, got)
		}
		want := files[tc.target[1:]]
		if tc.rng != "" {
			if w.Code != http.StatusPartialContent || h.Get("Content-Encoding") != "" || w.Body.String() != want[:10] {
				t.Errorf("%s: %d, encoding %q, body %q; want 206 with identity bytes", desc, w.Code, h.Get("Content-Encoding"), w.Body)
			}
			continue
		}
		if w.Code != http.StatusOK {
			t.Errorf("%s: status %d, want 200", desc, w.Code)
			continue
		}
		identity := serve(s, "GET", tc.target).Header().Get("ETag")
		if !tc.gzip {
			if h.Get("Content-Encoding") != "" || w.Body.String() != want || h.Get("ETag") != identity {
				t.Errorf("%s: encoding %q, ETag %q, body %q; want the file as it is, ETag %q",
					desc, h.Get("Content-Encoding"), h.Get("ETag"), w.Body, identity)
			}
			continue
		}
		if got := h.Get("Content-Encoding"); got != "gzip" {
			t.Errorf("%s: Content-Encoding %q, want gzip", desc, got)
		}
		if got := h.Get("Content-Length"); got != "" {
			t.Errorf("%s: Content-Length %q, want none", desc, got)
		}
		if got, want := h.Get("ETag"), strings.TrimSuffix(identity, `"`)+`-gzip"`; got != want {
			t.Errorf("%s: ETag %q, want %q", desc, got, want)
		}
		if got, err := gunzip(w.Body.Bytes()); err != nil || string(got) != want {
			t.Errorf("%s: body does not gunzip to the file (err %v)", desc, err)
		}
		if ctype := mime.TypeByExtension(filepath.Ext(tc.target)); h.Get("Content-Type") != ctype {
			t.Errorf("%s: Content-Type %q, want %q", desc, h.Get("Content-Type"), ctype)
		}
	}
}

func TestGzipConditional(t *testing.T) {
	s := newTestServer(t, Config{Root: weightsRoot(t)})
	const target = "/weights/manifest.json"
	identity := serve(s, "GET", target).Header().Get("ETag")
	gz := serve(s, "GET", target, "Accept-Encoding", "gzip").Header().Get("ETag")
	if gz == identity || !strings.HasSuffix(gz, `-gzip"`) {
		t.Fatalf("gzip ETag %q, want the identity ETag %q with -gzip", gz, identity)
	}
	for _, tc := range []struct {
		name, accept, header, value string
		code                        int
		encoding                    string
	}{
		{"gzip tag, gzip accepted", "gzip", "If-None-Match", gz, http.StatusNotModified, ""},
		{"weak gzip tag", "gzip", "If-None-Match", "W/" + gz, http.StatusNotModified, ""},
		{"identity tag, gzip accepted", "gzip", "If-None-Match", identity, http.StatusOK, "gzip"},
		{"gzip tag, identity only", "", "If-None-Match", gz, http.StatusOK, ""},
		{"identity tag, identity only", "", "If-None-Match", identity, http.StatusNotModified, ""},
		{"If-Match gzip tag", "gzip", "If-Match", gz, http.StatusOK, "gzip"},
		{"If-Match identity tag, gzip accepted", "gzip", "If-Match", identity, http.StatusPreconditionFailed, ""},
	} {
		w := serve(s, "GET", target, "Accept-Encoding", tc.accept, tc.header, tc.value)
		if w.Code != tc.code || w.Header().Get("Content-Encoding") != tc.encoding {
			t.Errorf("%s: status %d, encoding %q; want %d, %q", tc.name, w.Code, w.Header().Get("Content-Encoding"), tc.code, tc.encoding)
		}
		if tc.code != http.StatusOK && w.Body.Len() != 0 {
			t.Errorf("%s: %d with a %d-byte body, want none", tc.name, w.Code, w.Body.Len())
		}
	}

	w := serve(s, "HEAD", target, "Accept-Encoding", "gzip")
	h := w.Header()
	if w.Code != http.StatusOK || w.Body.Len() != 0 || h.Get("Content-Encoding") != "gzip" ||
		h.Get("Content-Length") != "" || h.Get("ETag") != gz {
		t.Errorf("HEAD with gzip: %d, %d body bytes, encoding %q, length %q, ETag %q; want 200, none, gzip, none, %q",
			w.Code, w.Body.Len(), h.Get("Content-Encoding"), h.Get("Content-Length"), h.Get("ETag"), gz)
	}
}

// TestGzipOverTheWire fetches a file through a real server and client,
// which asks for gzip and decompresses it, so the stream must be whole.
func TestGzipOverTheWire(t *testing.T) {
	dir := weightsRoot(t)
	ts := httptest.NewServer(newTestServer(t, Config{Root: dir}))
	defer ts.Close()
	for _, name := range []string{"weights/manifest.json", "index.html"} {
		resp, err := ts.Client().Get(ts.URL + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("GET /%s: %v", name, err)
		}
		if !resp.Uncompressed || !bytes.Equal(body, readFile(t, dir, name)) {
			t.Errorf("GET /%s: uncompressed by the client %v, %d bytes; want true and the file", name, resp.Uncompressed, len(body))
		}
	}
}

// TestGzipPoolConcurrent serves different texts gzipped on the fly from
// many goroutines at once: every body, made by a pooled writer that served
// other responses before, decompresses to its own file.
func TestGzipPoolConcurrent(t *testing.T) {
	dir := t.TempDir()
	files := make(map[string]string)
	for i := range 8 {
		files[fmt.Sprintf("f%d.txt", i)] = strings.Repeat(fmt.Sprintf("text number %d of eight\n", i), 50+i)
	}
	writeFiles(t, dir, files)
	s := newTestServer(t, Config{Root: dir})
	errs := make(chan error, 8*25)
	for g := range 8 {
		go func() {
			for k := range 25 {
				name := fmt.Sprintf("f%d.txt", (g+k)%8)
				w := serve(s, "GET", "/"+name, "Accept-Encoding", "gzip")
				got, err := gunzip(w.Body.Bytes())
				switch {
				case err != nil:
					errs <- fmt.Errorf("%s: %v", name, err)
				case string(got) != files[name]:
					errs <- fmt.Errorf("%s: decompressed to %d bytes of another text", name, len(got))
				default:
					errs <- nil
				}
			}
		}()
	}
	for range 8 * 25 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
