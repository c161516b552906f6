package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testRoot is the fixture document root: index.html, a fake app.wasm and its
// app.wasm.gz, sub/page.txt, and the dotfiles .secret and .gitignore.
const testRoot = "testdata/root"

// newTestServer returns a Server for cfg that is closed when the test ends.
func newTestServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	s, err := NewServer(cfg)
	if err != nil {
		t.Fatalf("NewServer(%+v): %v", cfg, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// serve sends one request through h and returns the recorded response.
// headers alternate names and values.
func serve(h http.Handler, method, target string, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// fixtureTime is the modification time writeFiles gives every file, so
// that a file and its precompressed siblings are equally new whatever the
// order they are written in.
var fixtureTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// writeFiles creates files under dir, all modified at fixtureTime; names
// are slash-separated.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, fixtureTime, fixtureTime); err != nil {
			t.Fatal(err)
		}
	}
}

func TestIndex(t *testing.T) {
	s := newTestServer(t, Config{Root: testRoot})
	w := serve(s, "GET", "/")
	if w.Code != http.StatusOK {
		t.Fatalf("GET /: status %d, want 200", w.Code)
	}
	if got, want := w.Header().Get("Content-Type"), "text/html; charset=utf-8"; got != want {
		t.Errorf("GET /: Content-Type %q, want %q", got, want)
	}
	if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("GET /: X-Content-Type-Options %q, want nosniff", got)
	}
	if !strings.Contains(w.Body.String(), "index of the server test root") {
		t.Errorf("GET /: body %q is not index.html", w.Body)
	}
}

func TestNotFound(t *testing.T) {
	s := newTestServer(t, Config{Root: testRoot})
	for _, target := range []string{"/missing.html", "/sub/missing", "/app.wasm/x", "/index.html.gz", "/sub"} {
		w := serve(s, "GET", target)
		if w.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, w.Code)
		}
		if got, want := w.Body.String(), "404 Not Found: no file "+target+"\n"; got != want {
			t.Errorf("GET %s: body %q, want %q", target, got, want)
		}
		if got := w.Header().Get("Content-Type"); got != "text/plain; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q, want text/plain", target, got)
		}
	}
}

func TestIndexMissing(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"other.html": "x"})
	s := newTestServer(t, Config{Root: dir})
	if w := serve(s, "GET", "/"); w.Code != http.StatusNotFound {
		t.Errorf("GET / without index.html: status %d, want 404", w.Code)
	}
}

// traversals are request targets that try to leave the document root.
var traversals = []string{
	"/../go.mod",
	"/../server/main.go",
	"/%2e%2e/go.mod",
	"/%2e%2e/x",
	"/%2E%2E%2Fgo.mod",
	"/sub/../../go.mod",
	"/sub/%2e%2e/%2e%2e/go.mod",
	"/..%5cgo.mod",
	"//etc/passwd",
	"/./index.html",
	"/sub//page.txt",
	"/C:/Windows/win.ini",
}

// leaked reports whether body holds a file from outside the document root.
func leaked(body string) bool {
	return strings.Contains(body, "module genplay") ||
		strings.Contains(body, "package main") ||
		strings.Contains(body, "root:")
}

func TestTraversal(t *testing.T) {
	s := newTestServer(t, Config{Root: testRoot})
	for _, target := range traversals {
		w := serve(s, "GET", target)
		if w.Code != http.StatusBadRequest && w.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 400 or 404", target, w.Code)
		}
		if leaked(w.Body.String()) {
			t.Errorf("GET %s: leaked %q", target, w.Body)
		}
	}
}

// TestTraversalOverTheWire sends the raw request lines through a real
// http.Server, so no client cleans the path on the way.
func TestTraversalOverTheWire(t *testing.T) {
	ts := httptest.NewServer(newTestServer(t, Config{Root: testRoot}))
	defer ts.Close()
	for _, target := range traversals {
		conn, err := net.Dial("tcp", ts.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n", target)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			conn.Close()
			t.Fatalf("GET %s: %v", target, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		conn.Close()
		if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 400 or 404", target, resp.StatusCode)
		}
		if leaked(string(body)) {
			t.Errorf("GET %s: leaked %q", target, body)
		}
	}
}

func TestSymlinks(t *testing.T) {
	dir := t.TempDir()
	const secret = "outside the root"
	writeFiles(t, dir, map[string]string{
		"outside/secret.txt": secret,
		"root/index.html":    "index",
	})
	root := filepath.Join(dir, "root")
	links := map[string]string{
		"leak.txt":   filepath.Join("..", "outside", "secret.txt"),
		"abs.txt":    filepath.Join(dir, "outside", "secret.txt"),
		"outdir":     filepath.Join("..", "outside"),
		"inside.txt": "index.html",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Skipf("cannot create symlinks: %v", err)
		}
	}
	s := newTestServer(t, Config{Root: root})
	for _, target := range []string{"/leak.txt", "/abs.txt", "/outdir/secret.txt", "/outdir"} {
		w := serve(s, "GET", target)
		if w.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, w.Code)
		}
		if strings.Contains(w.Body.String(), secret) {
			t.Errorf("GET %s: leaked %q", target, w.Body)
		}
	}
	// A link that stays inside the root is an ordinary file.
	if w := serve(s, "GET", "/inside.txt"); w.Code != http.StatusOK || w.Body.String() != "index" {
		t.Errorf("GET /inside.txt: %d %q, want 200 \"index\"", w.Code, w.Body)
	}
}

func TestNoDirectoryListing(t *testing.T) {
	s := newTestServer(t, Config{Root: testRoot})
	for _, target := range []string{"/sub", "/sub/", "/index.html/"} {
		w := serve(s, "GET", target)
		if w.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, w.Code)
		}
		if strings.Contains(w.Body.String(), "page.txt") {
			t.Errorf("GET %s: listed the directory: %q", target, w.Body)
		}
	}
	if w := serve(s, "GET", "/sub/page.txt"); w.Code != http.StatusOK {
		t.Errorf("GET /sub/page.txt: status %d, want 200", w.Code)
	}
}

// TestDotfiles checks that hidden names are refused as malformed, whether
// they exist or not, so a response never tells which ones exist.
func TestDotfiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".env":            "SECRET=1",
		".git/config":     "SECRET=2",
		"sub/.hidden":     "SECRET=3",
		"sub/.hidden.gz":  "SECRET=4",
		".well-known/x":   "SECRET=5",
		"a/..b/c.txt":     "SECRET=6",
		"sub/.hidden.bak": "SECRET=7",
	})
	s := newTestServer(t, Config{Root: dir})
	for _, target := range []string{"/.env", "/.git/config", "/.git/", "/sub/.hidden", "/.well-known/x", "/a/..b/c.txt", "/sub/.hidden.bak", "/.missing"} {
		w := serve(s, "GET", target, "Accept-Encoding", "gzip")
		if w.Code != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 400", target, w.Code)
		}
		if body := w.Body.String(); strings.Contains(body, "SECRET") || !strings.Contains(body, "starts with a dot") {
			t.Errorf("GET %s: body %q, want the reason and no file", target, body)
		}
	}
	for _, target := range []string{"/.secret", "/.gitignore"} {
		if w := serve(newTestServer(t, Config{Root: testRoot}), "GET", target); w.Code != http.StatusBadRequest {
			t.Errorf("GET %s in %s: status %d, want 400", target, testRoot, w.Code)
		}
	}
}

// TestExistingPages serves a root laid out like web/ and checks that every
// page the playground loads is there with its Content-Type.
func TestExistingPages(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"index.html":   "<!doctype html>",
		"app.wasm":     "\x00asm app",
		"worker.wasm":  "\x00asm worker",
		"wasm_exec.js": "// wasm_exec",
		"style.css":    "body {}",
		"worker.js":    "importScripts()",
	})
	s := newTestServer(t, Config{Root: dir})
	for _, tc := range []struct{ target, ctype, body string }{
		{"/", "text/html; charset=utf-8", "<!doctype html>"},
		{"/index.html", "text/html; charset=utf-8", "<!doctype html>"},
		{"/app.wasm", "application/wasm", "\x00asm app"},
		{"/worker.wasm", "application/wasm", "\x00asm worker"},
		{"/wasm_exec.js", "text/javascript; charset=utf-8", "// wasm_exec"},
		{"/style.css", "text/css; charset=utf-8", "body {}"},
		{"/worker.js", "text/javascript; charset=utf-8", "importScripts()"},
	} {
		w := serve(s, "GET", tc.target, "Accept-Encoding", "gzip, deflate, br")
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != tc.ctype || w.Body.String() != tc.body {
			t.Errorf("GET %s: %d, type %q, body %q; want 200, %q, %q",
				tc.target, w.Code, w.Header().Get("Content-Type"), w.Body, tc.ctype, tc.body)
		}
	}
}

func TestMethods(t *testing.T) {
	s := newTestServer(t, Config{Root: testRoot})
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
		w := serve(s, method, "/")
		if w.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s /: status %d, want 405", method, w.Code)
		}
		if got := w.Header().Get("Allow"); got != "GET, HEAD" {
			t.Errorf("%s /: Allow %q, want \"GET, HEAD\"", method, got)
		}
		if got, want := w.Body.String(), "405 Method Not Allowed: use GET or HEAD\n"; got != want {
			t.Errorf("%s /: body %q, want %q", method, got, want)
		}
	}

	w := serve(s, "HEAD", "/app.wasm")
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Errorf("HEAD /app.wasm: status %d with %d body bytes, want 200 and none", w.Code, w.Body.Len())
	}
	fi, err := os.Stat(filepath.Join(testRoot, "app.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := w.Header().Get("Content-Length"), fmt.Sprint(fi.Size()); got != want {
		t.Errorf("HEAD /app.wasm: Content-Length %q, want %q", got, want)
	}
}

func TestNewServerErrors(t *testing.T) {
	file := filepath.Join(testRoot, "index.html")
	for _, root := range []string{"", filepath.Join(t.TempDir(), "missing"), file} {
		if s, err := NewServer(Config{Root: root}); err == nil {
			s.Close()
			t.Errorf("NewServer(Root: %q): no error", root)
		}
	}
}

func TestCacheControl(t *testing.T) {
	for _, dev := range []bool{false, true} {
		s := newTestServer(t, Config{Root: testRoot, Dev: dev})
		if got := serve(s, "GET", "/app.wasm").Header().Get("Cache-Control"); got != "no-cache" {
			t.Errorf("Dev=%v: file Cache-Control %q, want no-cache", dev, got)
		}
		want := ""
		if dev {
			want = "no-cache"
		}
		for _, target := range []string{"/missing", "/../go.mod"} {
			if got := serve(s, "GET", target).Header().Get("Cache-Control"); got != want {
				t.Errorf("Dev=%v: GET %s: Cache-Control %q, want %q", dev, target, got, want)
			}
		}
	}
}
