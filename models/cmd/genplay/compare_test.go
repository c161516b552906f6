package main

import (
	"math"
	"strings"
	"testing"
	"time"

	"genplay/models/metrics"
)

// TestMeanSD checks the aggregation against values worked by hand:
// {1, 2, 3, 4} has mean 2.5 and sample variance 5/3; NaN and Inf are
// skipped; one value has no sd.
func TestMeanSD(t *testing.T) {
	m, sd, n := meanSD([]float64{1, 2, math.NaN(), 3, math.Inf(1), 4})
	if m != 2.5 || math.Abs(sd-math.Sqrt(5.0/3)) > 1e-15 || n != 4 {
		t.Errorf("meanSD = %v ± %v (n %d), want 2.5 ± %v (n 4)", m, sd, n, math.Sqrt(5.0/3))
	}
	if m, sd, n := meanSD([]float64{7}); m != 7 || !math.IsNaN(sd) || n != 1 {
		t.Errorf("one value: %v ± %v (n %d)", m, sd, n)
	}
	if m, _, n := meanSD([]float64{math.NaN()}); !math.IsNaN(m) || n != 0 {
		t.Errorf("no finite value: %v (n %d)", m, n)
	}
	reps := []metrics.Report{{Precision: 0.5, Modes: 6}, {Precision: 0.7, Modes: 8}, {Precision: 0.9, Modes: -1}}
	if got := pm(reps, fPrecision, 1, 2); got != "0.70 ± 0.20" {
		t.Errorf("pm precision = %q", got)
	}
	if got := pm(reps, fModes, 1, 1); got != "7.0 ± 1.4" {
		t.Errorf("pm modes = %q (the -1 count must be skipped)", got)
	}
}

// fakeClock returns a clock that advances by 1 ms at every call, so
// timings are reproducible.
func fakeClock() func() time.Time {
	t := time.Unix(0, 0)
	return func() time.Time { t = t.Add(time.Millisecond); return t }
}

func runCompare(t *testing.T) string {
	t.Helper()
	c, err := compare(compareOpts{data: "8gaussians", families: []string{"gan", "flow"}, seeds: 2, steps: 20, draws: 3, n: 200, jobs: 2, clock: func() func() time.Time { return fakeClock() }})
	if err != nil {
		t.Fatal(err)
	}
	for i := range c.reps {
		for s := range c.reps[i] {
			if c.errs[i][s] != nil || len(c.reps[i][s]) != 3 {
				t.Fatalf("family %d seed %d: %d draws, %v", i, s, len(c.reps[i][s]), c.errs[i][s])
			}
		}
		// The draws differ: they come from different streams.
		if c.reps[i][0][0].MMD == c.reps[i][0][1].MMD {
			t.Errorf("family %d: draws 0 and 1 give the same MMD² %v", i, c.reps[i][0][0].MMD)
		}
		// The seeds differ.
		if c.reps[i][0][0].Precision == c.reps[i][1][0].Precision && c.reps[i][0][0].MMD == c.reps[i][1][0].MMD {
			t.Errorf("family %d: seeds 1 and 2 score the same", i)
		}
	}
	var b strings.Builder
	c.write(&b)
	return b.String()
}

// TestCompare runs 2 seeds × 2 families with a few steps: the table has a
// row per family with mean ± sd cells, the board a row per claim with a
// seed count, and the same seeds give the same text twice.
func TestCompare(t *testing.T) {
	out := runCompare(t)
	parts := strings.Split(out, "\n\n")
	if len(parts) != 3 {
		t.Fatalf("%d parts, want a heading, the table and the board:\n%s", len(parts), out)
	}
	table := strings.Split(strings.TrimSpace(parts[1]), "\n")[2:]
	board := strings.Split(strings.TrimSpace(parts[2]), "\n")[2:]
	if len(table) != 2 {
		t.Fatalf("%d family rows, want 2:\n%s", len(table), out)
	}
	for _, l := range table {
		if cells := strings.Count(l, "|"); cells != 10 {
			t.Errorf("row has %d bars, want 10: %s", cells, l)
		}
		if strings.Count(l, "±") < 5 {
			t.Errorf("row has fewer than 5 mean ± sd cells: %s", l)
		}
	}
	if !strings.Contains(table[1], "exact") || !strings.Contains(table[0], "/8") {
		t.Errorf("the flow's NLL kind or the GAN's modes are missing:\n%s", out)
	}
	if want := 7; len(board) != want {
		t.Errorf("%d claim rows, want %d:\n%s", len(board), want, out)
	}
	for _, l := range board {
		if !strings.Contains(l, "(2/2)") && !strings.Contains(l, "(0/2)") && !strings.Contains(l, "(1/2)") && !strings.Contains(l, "| not measured |") {
			t.Errorf("claim row without a seed count: %s", l)
		}
	}
	if !strings.HasPrefix(table[0], "| GAN |") || !strings.HasPrefix(board[0], "| GANs drop modes |") {
		t.Errorf("rows out of order:\n%s", out)
	}
	if again := runCompare(t); again != out {
		t.Errorf("the same seeds gave different tables:\n%s\n---\n%s", out, again)
	}
}

// TestCompareRejects checks that bad flags get a clear error.
func TestCompareRejects(t *testing.T) {
	for _, args := range [][]string{
		{"-data", "mnist"}, {"-data", "nope"}, {"-families", "gan,nope"}, {"-families", "gan,gan"},
		{"-seeds", "0"}, {"-draws", "2"}, {"-steps", "-1"}, {"-n", "5"},
	} {
		if err := cmdCompare(args); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

// TestCompareFastSampler checks that diffusion gets a row of its faster
// sampler (DDIM-50, 50 evaluations against DDPM's T = 1000) and that the
// faster-samplers claim is judged from it rather than left unmeasured.
func TestCompareFastSampler(t *testing.T) {
	c, err := compare(compareOpts{data: "moons", families: []string{"diffusion"}, seeds: 1, steps: 5, draws: 3, n: 20, jobs: 1,
		clock: func() func() time.Time { return fakeClock() }})
	if err != nil {
		t.Fatal(err)
	}
	if c.evals[0] != 1000 || c.fixed[0] != 1000 || c.fastName[0] != "DDIM-50" || c.fastEvals[0] != 50 || len(c.fast[0][0]) != 3 {
		t.Fatalf("evals %d (T %d), fast %q %d evals, %d fast draws", c.evals[0], c.fixed[0], c.fastName[0], c.fastEvals[0], len(c.fast[0][0]))
	}
	var b strings.Builder
	c.write(&b)
	out := b.String()
	if !strings.Contains(out, "| Diffusion (DDPM), DDIM-50 |") || !strings.Contains(out, "≤ (VLB) | 1000 |") {
		t.Errorf("no DDIM-50 row or no VLB with 1000 evaluations:\n%s", out)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "| Faster samplers cut the cost |") && strings.Contains(l, "not measured") {
			t.Errorf("the faster-samplers claim is not measured: %s", l)
		}
	}
}
