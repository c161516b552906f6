package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/registry"
)

// writeWeights writes the weights of a fresh model of spec, with edit
// applied to them, to a file in dir.
func writeWeights(t *testing.T, dir string, spec models.Spec, edit func([]models.Weight)) string {
	t.Helper()
	m, _, _, err := registry.Build(spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	edit(m.Weights())
	b, err := registry.SaveBytes(spec, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "w.safetensors")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestNonFiniteOutput runs sample and eval on a GAN whose finite weights
// overflow: both fail with a message and write nothing; and the genplay
// binary exits with status 1.
func TestNonFiniteOutput(t *testing.T) {
	dir := t.TempDir()
	spec := models.Spec{Family: "gan", Data: "moons", Seed: 1, Steps: 1}
	w := writeWeights(t, dir, spec, func(ws []models.Weight) {
		for _, w := range ws {
			for i := range w.T.Data {
				w.T.Data[i] = 3e38
			}
		}
	})
	csv := filepath.Join(dir, "s.csv")
	err := cmdSample([]string{"-w", w, "-n", "100", "-csv", csv})
	if err == nil || !strings.Contains(err.Error(), "not finite") {
		t.Errorf("sample of an overflowing model: %v", err)
	}
	if _, serr := os.Stat(csv); serr == nil {
		t.Errorf("sample wrote %s", csv)
	}
	if err := cmdEval([]string{"-w", w, "-n", "100"}); err == nil || !strings.Contains(err.Error(), "not finite") {
		t.Errorf("eval of an overflowing model: %v", err)
	}
	if testing.Short() || runtime.GOOS == "js" {
		// The exit status of the real command is checked natively: a
		// js/wasm test cannot start a process.
		return
	}
	for _, cmd := range [][]string{{"sample", "-w", w, "-n", "10"}, {"eval", "-w", w, "-n", "10"}} {
		out, err := exec.Command("go", append([]string{"run", "."}, cmd...)...).CombinedOutput()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(string(out), "not finite") {
			t.Errorf("genplay %s: %v\n%s", strings.Join(cmd, " "), err, out)
		}
	}
}

// TestBudgetFlag trains a Spec over the default budget: refused with the
// setting to lower, and trained with -budget raised.
func TestBudgetFlag(t *testing.T) {
	cfg, _ := json.Marshal(map[string]int{"hidden": 1024, "depth": 2, "batch": 16})
	args := []string{"-family", "ae", "-data", "moons", "-steps", "1", "-n", "0", "-config", string(cfg)}
	c, err := registry.Cost(models.Spec{Family: "ae", Data: "moons", Config: cfg, Steps: 1})
	if err != nil {
		t.Fatal(err)
	}
	small := c.Bytes()>>20 - 1
	err = cmdTrain(append(args, "-budget", itoa(small)))
	if err == nil || !strings.Contains(err.Error(), "over the memory budget") || !strings.Contains(err.Error(), "hidden (now 1024") {
		t.Errorf("train over a budget of %d MB: %v", small, err)
	}
	if err := cmdTrain(append(args, "-budget", itoa(c.Bytes()>>20+1))); err != nil {
		t.Errorf("train within the budget: %v", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
