package main

import (
	"bufio"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"genplay/models/metrics"
	"genplay/models/modeltest"
)

// TestMNISTCommands runs train, sample and eval on an MNIST GAN: train
// reads the MNIST assets as make weights does and records the image
// metrics of the shipped classifier, sample writes 784 values per row and
// a grid of digits, eval prints the MNIST table; without the assets, the
// error says how to make them.
func TestMNISTCommands(t *testing.T) {
	root, err := modeltest.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	modeltest.MNIST(t) // fails with the make target when the assets are missing
	dirs := []string{"-datadir", filepath.Join(root, "web", "data"), "-weights", filepath.Join(root, "web", "weights")}
	dir := t.TempDir()
	w := filepath.Join(dir, "gan.safetensors")
	if err := cmdTrain(append([]string{"-family", "gan", "-data", "mnist", "-steps", "2", "-n", "1", "-o", w}, dirs...)); err != nil {
		t.Fatal(err)
	}
	l, test, err := loadIn(w, 0, dirs[1])
	if err != nil {
		t.Fatal(err)
	}
	if l.Spec.Data != "mnist" || test == nil || test.Len() != 10000 {
		t.Fatalf("loaded %+v with %v test digits", l.Spec, test)
	}
	var m map[string]float64
	if err := json.Unmarshal(l.Metrics, &m); err != nil || m[metrics.FD] <= 0 || m[metrics.ClassCoverage] < 0 {
		t.Errorf("metrics metadata %s (%v), want the image metrics", l.Metrics, err)
	}

	csv, pic := filepath.Join(dir, "s.csv"), filepath.Join(dir, "s.png")
	if err := cmdSample(append([]string{"-w", w, "-n", "10", "-psi", "0.7", "-csv", csv, "-png", pic}, dirs[:2]...)); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(csv)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for ; sc.Scan(); rows++ {
		if n := len(strings.Split(sc.Text(), ",")); n != 784 {
			t.Fatalf("row %d has %d columns, want 784", rows, n)
		}
	}
	if rows != 10 {
		t.Errorf("%d CSV rows, want 10", rows)
	}
	pf, err := os.Open(pic)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	img, err := png.Decode(pf)
	if err != nil {
		t.Fatal(err)
	}
	// 10 digits: 4 across, 3 down, 28·2 pixels and a 1-pixel gap each.
	if b := img.Bounds(); b.Dx() != 4*57+1 || b.Dy() != 3*57+1 {
		t.Errorf("grid of %v, want 229×172", b)
	}

	if err := cmdEval(append([]string{"-w", w}, dirs...)); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"sample": cmdSample([]string{"-w", w, "-datadir", dir}),
		"eval":   cmdEval([]string{"-w", w, "-datadir", dir}),
	} {
		if err == nil || !strings.Contains(err.Error(), "make mnist") {
			t.Errorf("%s without the MNIST assets: %v, want an error naming make mnist", name, err)
		}
	}
	if err := cmdEval(append([]string{"-w", w, "-weights", dir}, dirs[:2]...)); err == nil || !strings.Contains(err.Error(), "classifier") {
		t.Errorf("eval without a classifier: %v", err)
	}
}
