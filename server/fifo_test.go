//go:build unix

package main

import (
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"genplay/models/registry"
)

// TestFIFORefused puts a FIFO in the root, which no process writes to:
// opening it for reading would block until one does. The server answers
// 404 at once, for the name and as a precompressed sibling.
func TestFIFORefused(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"page.txt": "the page text, long enough to be worth compressing: " + string(make([]byte, 300))})
	for _, name := range []string{"pipe.txt", "page.txt.gz"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := newTestServer(t, Config{Root: dir})
	done := make(chan struct{})
	go func() {
		defer close(done)
		if w := serve(s, "GET", "/pipe.txt"); w.Code != http.StatusNotFound {
			t.Errorf("GET /pipe.txt: %d, want 404", w.Code)
		}
		if w := serve(s, "GET", "/page.txt", "Accept-Encoding", "gzip"); w.Code != http.StatusOK || w.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("GET /page.txt beside a FIFO page.txt.gz: %d %q, want 200, gzipped on the fly", w.Code, w.Header().Get("Content-Encoding"))
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		// Unblock the reader so the test can end, then fail.
		if f, err := os.OpenFile(filepath.Join(dir, "pipe.txt"), os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
		t.Fatal("a request for a FIFO still hangs after 10 s")
	}
}

// TestWeightsLimitMatchesRegistry keeps the server's limit on weights
// files equal to the one the page and the genplay tool enforce.
func TestWeightsLimitMatchesRegistry(t *testing.T) {
	if maxWeightsBytes != registry.MaxWeightsBytes {
		t.Errorf("maxWeightsBytes = %d, registry.MaxWeightsBytes = %d", maxWeightsBytes, registry.MaxWeightsBytes)
	}
}
