//go:build !js

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// wasmBuild is the Makefile's build of the wasm binary (WASMBUILD), which
// TestWasmSizes checks the Makefile still uses.
const wasmBuild = "WASMBUILD := GOEXPERIMENT=nojsonv2 $(WASM) $(GO) build -ldflags='-s -w'"

// growth is how far past the README's figure a binary may grow before
// TestWasmSizes fails: 10 %.
const growth = 1.10

// TestWasmSizes builds app.wasm (the page's and the workers' program) as
// make build does and fails when it, raw or brotli-compressed, is more than
// 10 % larger than the README's "Bytes and boot" table says. It compresses
// it itself unless web/ holds the same binary with its .br sibling (make
// build).
func TestWasmSizes(t *testing.T) {
	root := moduleRoot(t)
	mk, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(mk), wasmBuild+"\n") {
		t.Fatalf("the Makefile no longer has the line\n\t%s\nwhich this test builds the binaries by; update both", wasmBuild)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := sizeTable(string(readme))
	if err != nil {
		t.Fatal(err)
	}
	bins := []string{"app"}
	got := make([][2]int, len(bins)) // raw, brotli
	errs := make([]error, len(bins))
	var wg sync.WaitGroup
	dir := t.TempDir()
	for i, b := range bins {
		wg.Go(func() { got[i], errs[i] = measure(root, dir, b) })
	}
	wg.Wait()
	for i, b := range bins {
		if errs[i] != nil {
			t.Fatalf("%s.wasm: %v", b, errs[i])
		}
		w, ok := want[b+".wasm"]
		if !ok {
			t.Fatalf("the README's size table has no row %s.wasm", b)
		}
		for k, what := range []string{"raw", "brotli"} {
			limit := int(float64(w[k]) * growth)
			t.Logf("%s.wasm %s: %d bytes, the README says %d (limit %d)", b, what, got[i][k], w[k], limit)
			if got[i][k] > limit {
				t.Errorf("%s.wasm is %d bytes %s, more than 10 %% past the README's %d: shrink it, or update the README's table (and say why it grew)",
					b, got[i][k], what, w[k])
			}
		}
	}
}

// measure builds cmd/<name> into dir and returns its size raw and as
// brotli: the size of web/<name>.wasm.br when web/<name>.wasm holds the
// same bytes and the sibling decompresses to them, else of a fresh
// compression.
func measure(root, dir, name string) ([2]int, error) {
	out := filepath.Join(dir, name+".wasm")
	cmd := exec.Command("go", "build", "-ldflags=-s -w", "-o", out, "./wasm/"+name)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOEXPERIMENT=nojsonv2")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return [2]int{}, fmt.Errorf("go build: %v\n%s", err, msg)
	}
	bin, err := os.ReadFile(out)
	if err != nil {
		return [2]int{}, err
	}
	web := filepath.Join(root, "web", name+".wasm")
	if built, err := os.ReadFile(web); err == nil && bytes.Equal(built, bin) {
		if br, err := os.ReadFile(web + ".br"); err == nil && decompresses(br, bin) {
			return [2]int{len(bin), len(br)}, nil
		}
	}
	var br bytes.Buffer
	if err := Compress(&br, bin); err != nil {
		return [2]int{}, err
	}
	return [2]int{len(bin), br.Len()}, nil
}

// sizeTable reads the rows of the README's table between <!-- bytes:begin
// --> and <!-- bytes:end -->: | file | raw | gzip | brotli |, with the
// sizes in bytes (commas allowed).
func sizeTable(readme string) (map[string][2]int, error) {
	_, rest, ok := strings.Cut(readme, "<!-- bytes:begin -->")
	table, _, ok2 := strings.Cut(rest, "<!-- bytes:end -->")
	if !ok || !ok2 {
		return nil, fmt.Errorf("the README has no <!-- bytes:begin --> … <!-- bytes:end --> table")
	}
	rows := map[string][2]int{}
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		if len(cells) != 4 {
			continue
		}
		name := strings.Trim(strings.TrimSpace(cells[0]), "`")
		if !strings.HasSuffix(name, ".wasm") {
			continue
		}
		var sizes [2]int
		for k, c := range []string{cells[1], cells[3]} {
			n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(c), ",", ""))
			if err != nil {
				return nil, fmt.Errorf("the README's size table: row %s: %q is not a number of bytes", name, strings.TrimSpace(c))
			}
			sizes[k] = n
		}
		rows[name] = sizes
	}
	return rows, nil
}

func moduleRoot(t *testing.T) string {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		t.Fatal("not inside the genplay module")
	}
	return filepath.Dir(gomod)
}
