//go:build !js

package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// TestSibling writes a sibling that decompresses to the file, leaves it
// alone while the file is unchanged, and rewrites it once the file changes.
func TestSibling(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.wasm")
	src := bytes.Repeat([]byte("genplay wasm "), 5000)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	read := func() []byte {
		b, err := os.ReadFile(path + ".br")
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	unpack := func(br []byte) []byte {
		b, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if err := sibling(path); err != nil {
		t.Fatal(err)
	}
	first := read()
	if !bytes.Equal(unpack(first), src) {
		t.Fatal("the sibling does not decompress to the file")
	}
	if len(first) >= len(src)/10 {
		t.Errorf("%d bytes compressed to %d: brotli should do better on a repeated text", len(src), len(first))
	}
	// Unchanged: the sibling keeps an old modification time (not rewritten).
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := os.Chtimes(path+".br", old, old); err != nil {
		t.Fatal(err)
	}
	if err := sibling(path); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path + ".br"); err != nil || !fi.ModTime().Equal(old) {
		t.Errorf("the sibling of an unchanged file was rewritten (%v)", err)
	}
	// Changed: rewritten.
	src = append(src, "changed"...)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := sibling(path); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(unpack(read()), src) {
		t.Error("the sibling of a changed file was not rewritten")
	}
	// No temporary files are left behind.
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 2 {
		t.Errorf("%d files in the folder, want the file and its sibling", len(ents))
	}
}

func TestSiblingMissingFile(t *testing.T) {
	if err := sibling(filepath.Join(t.TempDir(), "missing.wasm")); err == nil {
		t.Error("a missing file gave no error")
	}
}

func TestSizeTable(t *testing.T) {
	readme := "x\n<!-- bytes:begin -->\n| file | raw | gzip | brotli |\n| --- | ---: | ---: | ---: |\n| `app.wasm` | 6,204,151 | 1,613,693 | 1,185,502 |\n| worker.wasm | 5782135 | 1522931 | 1123108 |\n| both | 1 | 2 | 3 |\n<!-- bytes:end -->\n"
	rows, err := sizeTable(readme)
	if err != nil {
		t.Fatal(err)
	}
	if rows["app.wasm"] != [2]int{6204151, 1185502} || rows["worker.wasm"] != [2]int{5782135, 1123108} || len(rows) != 2 {
		t.Errorf("rows %v", rows)
	}
	if _, err := sizeTable("no table"); err == nil {
		t.Error("a README without the table gave no error")
	}
	if _, err := sizeTable("<!-- bytes:begin -->\n| app.wasm | many | 1 | 2 |\n<!-- bytes:end -->"); err == nil {
		t.Error("a size that is not a number gave no error")
	}
}
