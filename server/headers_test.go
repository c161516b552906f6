package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// policy splits a Content-Security-Policy value into its directives.
func policy(t *testing.T, v string) map[string]string {
	t.Helper()
	m := make(map[string]string)
	for d := range strings.SplitSeq(v, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		if _, dup := m[name]; dup {
			t.Errorf("directive %s twice in %q", name, v)
		}
		m[name] = value
	}
	return m
}

// TestSecurityHeaders checks that every response, files, errors and
// /healthz alike, carries the security headers.
func TestSecurityHeaders(t *testing.T) {
	s := newTestServer(t, Config{Root: testRoot})
	for _, tc := range []struct{ method, target string }{
		{"GET", "/"}, {"GET", "/app.wasm"}, {"GET", "/missing"}, {"GET", "/../x"},
		{"POST", "/"}, {"GET", "/healthz"}, {"HEAD", "/sub/page.txt"},
	} {
		w := serve(s, tc.method, tc.target)
		h := w.Header()
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" || h.Get("Content-Security-Policy") == "" {
			t.Errorf("%s %s (%d): X-Content-Type-Options %q, Referrer-Policy %q, CSP %q; want nosniff, same-origin and a policy",
				tc.method, tc.target, w.Code, h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"), h.Get("Content-Security-Policy"))
		}
	}
	p := policy(t, serve(s, "GET", "/app.wasm").Header().Get("Content-Security-Policy"))
	if p["default-src"] != "'none'" || p["frame-ancestors"] != "'none'" || p["script-src"] != "'self' 'wasm-unsafe-eval'" {
		t.Errorf("resource policy %v: want default-src 'none', frame-ancestors 'none', script-src 'self' 'wasm-unsafe-eval'", p)
	}
}

// TestPagePolicy checks the policy of a page: the hash of its inline
// script, and who may frame the full page and the embed view.
func TestPagePolicy(t *testing.T) {
	dir := t.TempDir()
	script := "\n    console.log('boot');\n  "
	writeFiles(t, dir, map[string]string{
		"index.html": "<!doctype html><script src=\"wasm_exec.js\"></script><SCRIPT type=\"module\">" + script + "</SCRIPT><p>x</p>",
	})
	sum := sha256.Sum256([]byte(script))
	hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	for _, tc := range []struct {
		cfg       Config
		target    string
		ancestors string
		xfo       string
	}{
		{Config{Root: dir}, "/", "'self'", "SAMEORIGIN"},
		{Config{Root: dir}, "/index.html?v=1&f=gan", "'self'", "SAMEORIGIN"},
		{Config{Root: dir}, "/?embed=1&f=gan", "*", ""},
		{Config{Root: dir, EmbedAncestors: "https://blog.example 'self'"}, "/?embed=1", "https://blog.example 'self'", ""},
	} {
		s := newTestServer(t, tc.cfg)
		for _, accept := range []string{"", "gzip"} {
			w := serve(s, "GET", tc.target, "Accept-Encoding", accept)
			p := policy(t, w.Header().Get("Content-Security-Policy"))
			if want := "'self' 'wasm-unsafe-eval' 'unsafe-eval' " + hash; p["script-src"] != want {
				t.Errorf("GET %s: script-src %q, want %q", tc.target, p["script-src"], want)
			}
			if p["frame-ancestors"] != tc.ancestors {
				t.Errorf("GET %s (EmbedAncestors %q): frame-ancestors %q, want %q", tc.target, tc.cfg.EmbedAncestors, p["frame-ancestors"], tc.ancestors)
			}
			for name, want := range map[string]string{"worker-src": "'self'", "connect-src": "'self' blob:", "object-src": "'none'", "style-src-attr": "'unsafe-inline'"} {
				if p[name] != want {
					t.Errorf("GET %s: %s %q, want %q", tc.target, name, p[name], want)
				}
			}
			if got := w.Header().Get("X-Frame-Options"); got != tc.xfo {
				t.Errorf("GET %s: X-Frame-Options %q, want %q", tc.target, got, tc.xfo)
			}
		}
	}
	if _, err := NewServer(Config{Root: dir, EmbedAncestors: "*; script-src *"}); err == nil {
		t.Error("NewServer accepted EmbedAncestors that inject a directive")
	}
}

// TestPagePolicyWebIndex hashes the inline script of the real web/index.html
// and checks it against a hash computed from the file by other means: the
// text between the last "<script>" and its "</script>".
func TestPagePolicyWebIndex(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "web", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	var want string
	for rest := b; ; {
		i := bytes.Index(rest, []byte("<script>"))
		if i < 0 {
			break
		}
		rest = rest[i+len("<script>"):]
		j := bytes.Index(rest, []byte("</script>"))
		if j < 0 {
			t.Fatal("web/index.html has an unclosed inline script")
		}
		sum := sha256.Sum256(rest[:j])
		want += " 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		rest = rest[j:]
	}
	if want == "" {
		t.Fatal("web/index.html has no inline script")
	}
	if got := inlineScriptSources(b); got != want {
		t.Errorf("inline script sources of web/index.html: %q, want %q (wasm_exec.js is loaded by src, and not hashed)", got, want)
	}
}

func TestHealthz(t *testing.T) {
	s := newTestServer(t, Config{Root: testRoot})
	w := serve(s, "GET", "/healthz")
	if w.Code != http.StatusOK || w.Body.String() != "ok\n" || w.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("GET /healthz: %d %q, Cache-Control %q; want 200 \"ok\\n\" no-store", w.Code, w.Body, w.Header().Get("Cache-Control"))
	}
	if w := serve(s, "HEAD", "/healthz"); w.Code != http.StatusOK {
		t.Errorf("HEAD /healthz: %d, want 200", w.Code)
	}
	if w := serve(s, "POST", "/healthz"); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz: %d, want 405", w.Code)
	}
}

func TestRequestLimits(t *testing.T) {
	s := newTestServer(t, Config{Root: testRoot})
	for _, tc := range []struct {
		target string
		status int
	}{
		{"/?" + strings.Repeat("q", maxURILen), http.StatusRequestURITooLong},
		{"/?" + strings.Repeat("q", 64<<10), http.StatusOK},
		{"/sub%2fpage.txt", http.StatusBadRequest},
		{"/sub%2Fpage.txt", http.StatusBadRequest},
		{"/sub/page.txt", http.StatusOK},
		{"/sub/%70age.txt", http.StatusOK}, // an encoded letter is that letter
	} {
		if w := serve(s, "GET", tc.target); w.Code != tc.status {
			t.Errorf("GET %.50s: %d, want %d", tc.target, w.Code, tc.status)
		}
	}
}

// TestAccessLog checks the handler's records: one JSON object per request
// with its method, path, status, bytes and duration.
func TestAccessLog(t *testing.T) {
	var buf bytes.Buffer
	s := newTestServer(t, Config{Root: testRoot, AccessLog: slog.New(slog.NewJSONHandler(&buf, nil))})
	serve(s, "GET", "/")
	serve(s, "GET", "/missing")
	serve(s, "POST", "/x")
	serve(s, "GET", "/app.wasm", "Range", "bytes=0-3")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	want := []struct {
		method, path string
		status       int
	}{{"GET", "/", 200}, {"GET", "/missing", 404}, {"POST", "/x", 405}, {"GET", "/app.wasm", 206}}
	if len(lines) != len(want) {
		t.Fatalf("%d records, want %d:\n%s", len(lines), len(want), buf.String())
	}
	index := readFixture(t, "index.html")
	for i, line := range lines {
		var rec struct {
			Msg, Method, Path string
			Status            int
			Bytes             int64
			Ms                *float64
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("record %q: %v", line, err)
		}
		w := want[i]
		if rec.Msg != "request" || rec.Method != w.method || rec.Path != w.path || rec.Status != w.status || rec.Ms == nil || *rec.Ms < 0 {
			t.Errorf("record %s: want %s %s %d with a duration", line, w.method, w.path, w.status)
		}
		switch i {
		case 0:
			if rec.Bytes != int64(len(index)) {
				t.Errorf("GET / logged %d bytes, want %d", rec.Bytes, len(index))
			}
		case 3:
			if rec.Bytes != 4 {
				t.Errorf("Range 0-3 logged %d bytes, want 4", rec.Bytes)
			}
		}
	}
}

// TestStaleSibling serves a precompressed sibling only when it is at least
// as new as its original.
func TestStaleSibling(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"app.wasm": "new wasm", "app.wasm.gz": "old gzip", "app.wasm.br": "old brotli",
		"same.wasm": "plain", "same.wasm.gz": "equally new gzip",
	})
	old := fixtureTime.Add(-time.Second)
	for _, name := range []string{"app.wasm.gz", "app.wasm.br"} {
		if err := os.Chtimes(filepath.Join(dir, name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	s := newTestServer(t, Config{Root: dir})
	for _, tc := range []struct{ target, encoding, body string }{
		{"/app.wasm", "", "new wasm"},
		{"/same.wasm", "gzip", "equally new gzip"}, // gzip -k keeps the original's time
	} {
		w := serve(s, "GET", tc.target, "Accept-Encoding", "br, gzip")
		if w.Code != http.StatusOK || w.Header().Get("Content-Encoding") != tc.encoding || w.Body.String() != tc.body {
			t.Errorf("GET %s: %d %q %q, want 200 %q %q", tc.target, w.Code, w.Header().Get("Content-Encoding"), w.Body, tc.encoding, tc.body)
		}
	}
}

// TestOversizedWeights refuses a weights file over the limit from its size
// alone: the file is sparse, and the server neither sends nor hashes it.
func TestOversizedWeights(t *testing.T) {
	dir := t.TempDir()
	const name = "weights/big.0123456789abcdef.safetensors"
	writeFiles(t, dir, map[string]string{name: "", "weights/ok.0123456789abcdef.safetensors": safetensorsBytes})
	if err := os.Truncate(filepath.Join(dir, name), maxWeightsBytes+1); err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, Config{Root: dir})
	w := serve(s, "GET", "/"+name)
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "64 MiB") {
		t.Errorf("GET oversized weights: %d %q, want 403 naming the limit", w.Code, w.Body)
	}
	if len(s.files.m) != 0 {
		t.Errorf("the oversized file was read: the file cache holds %v", s.files.m)
	}
	if w := serve(s, "GET", "/weights/ok.0123456789abcdef.safetensors"); w.Code != http.StatusOK {
		t.Errorf("GET small weights: %d, want 200", w.Code)
	}
}
