package main

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
)

// The three longest paths cleanPath may see near its limits.
var (
	longestPath = "/" + strings.Repeat("a", maxElemLen) + "/" + strings.Repeat("b", maxPathLen-maxElemLen-2)
	longPath    = longestPath + "c"
	longElem    = "/" + strings.Repeat("a", maxElemLen+1)
)

func TestCleanPath(t *testing.T) {
	for _, tc := range []struct {
		path string
		name string // the name returned, or "" for a refusal
		code int    // the status of a refusal
		msg  string // a part of the refusal's reason
	}{
		{"/", "index.html", 0, ""},
		{"/index.html", "index.html", 0, ""},
		{"/app.wasm", "app.wasm", 0, ""},
		{"/wasm_exec.js", "wasm_exec.js", 0, ""},
		{"/weights/manifest.json", "weights/manifest.json", 0, ""},
		{"/weights/gan-8gaussians.3f2a1b9c0d4e5f60.safetensors", "weights/gan-8gaussians.3f2a1b9c0d4e5f60.safetensors", 0, ""},
		{"/data/mnist.gpim", "data/mnist.gpim", 0, ""},
		{"/a..b", "a..b", 0, ""},
		{"/a.", "a.", 0, ""},
		{longestPath, longestPath[1:], 0, ""},

		{"", "", 400, "does not start with /"},
		{"index.html", "", 400, "does not start with /"},
		{longPath, "", 400, "longer than 512 bytes"},
		{longElem, "", 400, "element longer than 255 bytes"},
		{"//", "", 400, "empty path element"},
		{"//etc/passwd", "", 400, "empty path element"},
		{"/a//b", "", 400, "empty path element"},
		{"/a//", "", 400, "empty path element"},
		{"/.", "", 400, `path element "."`},
		{"/./index.html", "", 400, `path element "."`},
		{"/..", "", 400, `path element ".."`},
		{"/../go.mod", "", 400, `path element ".."`},
		{"/sub/../../go.mod", "", 400, `path element ".."`},
		{"/sub/..", "", 400, `path element ".."`},
		{"/../", "", 400, `path element ".."`},
		{"/.git/config", "", 400, "starts with a dot"},
		{"/.env", "", 400, "starts with a dot"},
		{"/sub/.hidden/", "", 400, "starts with a dot"},
		{"/..b", "", 400, "starts with a dot"},
		{"/a\x00b", "", 400, "control character"},
		{"/a\nb", "", 400, "control character"},
		{"/a\x7fb", "", 400, "control character"},
		{`/..\go.mod`, "", 400, "starts with a dot"},
		{`/sub\page.txt`, "", 400, "backslash"},
		{"/C:/Windows/win.ini", "", 400, `character ':' not allowed`},
		{"/a b", "", 400, `character ' ' not allowed`},
		{"/caf\u00e9", "", 400, "non-ASCII character"},
		{"/a\xffb", "", 400, "non-ASCII character"},
		{"/a%2fb", "", 400, `character '%' not allowed`},
		{"/a?b", "", 400, `character '?' not allowed`},

		{"/sub/", "", 404, "directories are not listed"},
		{"/index.html/", "", 404, "directories are not listed"},
	} {
		name, bad := cleanPath(tc.path)
		switch {
		case tc.name != "" && (bad != nil || name != tc.name):
			t.Errorf("cleanPath(%q) = %q, %v; want %q", tc.path, name, bad, tc.name)
		case tc.name == "" && bad == nil:
			t.Errorf("cleanPath(%q) = %q; want a %d refusal", tc.path, name, tc.code)
		case tc.name == "" && (bad.status != tc.code || !strings.Contains(bad.msg, tc.msg)):
			t.Errorf("cleanPath(%q): refused with %d %q; want %d and a reason with %q",
				tc.path, bad.status, bad.msg, tc.code, tc.msg)
		}
	}
}

// TestBadRequests sends malformed paths through the handler, both as
// decoded and as percent-encoded request targets.
func TestBadRequests(t *testing.T) {
	s := newTestServer(t, Config{Root: testRoot})
	for _, tc := range []struct{ target, body string }{
		{"/%2e%2e/go.mod", `400 Bad Request: path element ".."`},
		{"/sub/%2E%2E%2F%2E%2E%2Fgo.mod", `400 Bad Request: path element ".."`},
		{"/..%5cgo.mod", "400 Bad Request: path element starts with a dot (hidden files are not served)"},
		{"/sub%5cpage.txt", "400 Bad Request: backslash in path"},
		{"/index.html%00.txt", "400 Bad Request: control character in path"},
		{"/a%0d%0aSet-Cookie:x", "400 Bad Request: control character in path"},
		{"/a//b", "400 Bad Request: empty path element (//)"},
		{"/.git/config", "400 Bad Request: path element starts with a dot (hidden files are not served)"},
		{"/%3Cscript%3E", `400 Bad Request: character '<' not allowed in path (use A-Z a-z 0-9 . _ -)`},
		{longPath, "400 Bad Request: path longer than 512 bytes"},
	} {
		w := serve(s, "GET", tc.target)
		if w.Code != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 400", tc.target, w.Code)
		}
		if got := w.Body.String(); got != tc.body+"\n" {
			t.Errorf("GET %s: body %q, want %q", tc.target, got, tc.body+"\n")
		}
		if got := w.Header().Get("Content-Type"); got != "text/plain; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q, want text/plain", tc.target, got)
		}
	}
}

// FuzzCleanPath checks that cleanPath either refuses a path with 400 or 404
// and a reason, or returns a name made of allowed characters, with no empty,
// dot or dot-dot elements, that os.Root opens without escaping the root.
func FuzzCleanPath(f *testing.F) {
	for _, seed := range traversals {
		f.Add(seed)
	}
	for _, seed := range []string{
		"/", "/index.html", "/sub/page.txt", "/sub/", "/weights/gan.3f2a1b9c.safetensors",
		"/a\x00b", `/a\b`, "/.git/config", "/a//b", "/caf\u00e9", longPath, longElem,
	} {
		f.Add(seed)
	}
	dir := f.TempDir()
	writeFiles(f, dir, map[string]string{"index.html": "index", "sub/page.txt": "page"})
	root, err := os.OpenRoot(dir)
	if err != nil {
		f.Fatal(err)
	}
	defer root.Close()

	f.Fuzz(func(t *testing.T, urlPath string) {
		name, bad := cleanPath(urlPath)
		if bad != nil {
			if bad.status != http.StatusBadRequest && bad.status != http.StatusNotFound || bad.msg == "" {
				t.Fatalf("cleanPath(%q): refusal %d %q, want 400 or 404 with a reason", urlPath, bad.status, bad.msg)
			}
			return
		}
		if urlPath != "/" && "/"+name != urlPath {
			t.Fatalf("cleanPath(%q) = %q, which is not the path without its slash", urlPath, name)
		}
		if !fs.ValidPath(name) || name == "." {
			t.Fatalf("cleanPath(%q) = %q, not a valid io/fs path", urlPath, name)
		}
		for elem := range strings.SplitSeq(name, "/") {
			if elem == ".." || elem[0] == '.' || checkElem(elem) != "" {
				t.Fatalf("cleanPath(%q) = %q, with the element %q", urlPath, name, elem)
			}
		}
		file, err := root.Open(name)
		if err == nil {
			file.Close()
			return
		}
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			t.Fatalf("cleanPath(%q) = %q, which os.Root refuses: %v", urlPath, name, err)
		}
	})
}
