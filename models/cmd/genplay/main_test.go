package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"genplay/models"
)

// TestTrainSampleEval runs the tool's three commands on a short diffusion
// run: train writes weights with the Spec and metrics in the metadata (the
// model loads back resumed at its step), sample writes as many CSV rows as
// asked and a PNG, eval prints a table with the DDIM row.
func TestTrainSampleEval(t *testing.T) {
	dir := t.TempDir()
	w := filepath.Join(dir, "m.safetensors")
	if err := cmdTrain([]string{"-family", "diffusion", "-data", "moons", "-steps", "30", "-n", "200", "-o", w}); err != nil {
		t.Fatal(err)
	}
	l, err := load(w, models.DefaultBudget>>20)
	if err != nil {
		t.Fatal(err)
	}
	if l.Spec.Steps != 30 || l.Spec.Data != "moons" || l.Model.Steps() != 30 {
		t.Errorf("loaded spec %+v, %d steps", l.Spec, l.Model.Steps())
	}
	var m map[string]any
	if err := json.Unmarshal(l.Metrics, &m); err != nil || m["precision"] == nil || m["steps_per_sec"] == nil {
		t.Errorf("metrics metadata %s (%v)", l.Metrics, err)
	}
	csv, png := filepath.Join(dir, "s.csv"), filepath.Join(dir, "s.png")
	if err := cmdSample([]string{"-w", w, "-n", "50", "-ddim", "10", "-csv", csv, "-png", png}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(csv)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := 0
	for sc := bufio.NewScanner(f); sc.Scan(); rows++ {
		cols := strings.Split(sc.Text(), ",")
		if len(cols) != 2 {
			t.Fatalf("row %q has %d columns", sc.Text(), len(cols))
		}
		for _, c := range cols {
			if _, err := strconv.ParseFloat(c, 32); err != nil {
				t.Fatal(err)
			}
		}
	}
	if rows != 50 {
		t.Errorf("%d CSV rows, want 50", rows)
	}
	if b, err := os.ReadFile(png); err != nil || string(b[1:4]) != "PNG" {
		t.Errorf("PNG file: %v", err)
	}
	if err := cmdSample([]string{"-w", w, "-psi", "0.5"}); err == nil || !strings.Contains(err.Error(), "GAN") {
		t.Errorf("-psi on a diffusion model: %v", err)
	}
	if err := cmdEval([]string{"-w", w, "-n", "100"}); err != nil {
		t.Fatal(err)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	// The wording of a missing file's error differs between targets (Node's
	// file system under wasm): check its kind.
	if err := cmdEval([]string{"-w", filepath.Join(dir, "none")}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing weights: error %v, want one that is fs.ErrNotExist", err)
	}
	junk := filepath.Join(dir, "junk.safetensors")
	os.WriteFile(junk, []byte("not a weights file"), 0o644)
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"junk weights", cmdSample([]string{"-w", junk}), "safetensors:"},
		{"unknown preset", cmdTrain([]string{"-preset", "nope"}), "unknown preset"},
		{"bad config", cmdTrain([]string{"-family", "diffusion", "-config", `{"depth": -1}`, "-steps", "1"}), "depth"},
		{"stray argument", cmdTrain([]string{"-steps", "1", "extra"}), "unexpected"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, c.err, c.want)
		}
	}
}

func TestWriteSection(t *testing.T) {
	p := filepath.Join(t.TempDir(), "README.md")
	os.WriteFile(p, []byte("intro\n"+beginMarker+"\nold table\n"+endMarker+"\nafter\n"), 0o644)
	if err := writeSection(p, beginMarker, endMarker, []byte("| new |\n")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	if want := "intro\n" + beginMarker + "\n| new |\n" + endMarker + "\nafter\n"; string(b) != want {
		t.Errorf("README now\n%s\nwant\n%s", b, want)
	}
	os.WriteFile(p, []byte("no markers"), 0o644)
	if err := writeSection(p, beginMarker, endMarker, nil); err == nil {
		t.Error("a README without markers was accepted")
	}
}
