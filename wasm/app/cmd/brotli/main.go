//go:build !js

// Command brotli writes a brotli sibling next to each file it is given
// (app.wasm → app.wasm.br), at quality 11, for the server to send to
// browsers that accept br. A sibling that already holds the file's bytes is
// left alone, so that a rebuild that changed nothing costs a decompression
// (a tenth of a second) instead of a compression (ten seconds and more for
// a wasm binary). The files are compressed in parallel.
//
//	go run ./wasm/app/cmd/brotli web/app.wasm web/worker.wasm
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/andybalholm/brotli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: brotli FILE...  (writes FILE.br beside each FILE)")
		os.Exit(2)
	}
	files := os.Args[1:]
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Go(func() { errs[i] = sibling(f) })
	}
	wg.Wait()
	failed := false
	for _, err := range errs {
		if err != nil {
			fmt.Fprintln(os.Stderr, "brotli:", err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

// sibling writes path+".br" unless it already decompresses to path's bytes.
// It writes a temporary file and renames it, so that a server never sends a
// partial sibling.
func sibling(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dst := path + ".br"
	if old, err := os.ReadFile(dst); err == nil && decompresses(old, src) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".brotli-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if err := Compress(tmp, src); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %v", path, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), dst)
}

// Compress writes src to w as a brotli stream of quality 11, the best.
func Compress(w io.Writer, src []byte) error {
	bw := brotli.NewWriterLevel(w, brotli.BestCompression)
	if _, err := bw.Write(src); err != nil {
		return err
	}
	return bw.Close()
}

// decompresses reports whether the brotli stream br holds exactly want.
func decompresses(br, want []byte) bool {
	got, err := io.ReadAll(io.LimitReader(brotli.NewReader(bytes.NewReader(br)), int64(len(want))+1))
	return err == nil && bytes.Equal(got, want)
}
