package report

import (
	"strings"
	"testing"

	"genplay/wasm/bench/gobench"
)

func meas(c, env, impl string, round int, unit string, samples ...float64) Measurement {
	r := gobench.Result{Unit: unit, Samples: samples, Value: gobench.Median(samples)}
	if unit == "steps/s" {
		r.LossFirst, r.LossLast = 1, 0.5
	}
	return Measurement{Case: c, Env: env, Impl: impl, Round: round, Result: r}
}

func TestBuild(t *testing.T) {
	ms := []Measurement{
		// Two rounds: the value is the median over rounds of each round's
		// median (3 and 5 → 4); the spread covers every window (2 to 6).
		meas("GEMM 64³", "chromium", "genplay", 1, "GFLOPS", 2, 3, 4),
		meas("GEMM 64³", "chromium", "genplay", 2, "GFLOPS", 4, 5, 6),
		meas("GEMM 64³", "chromium", "tfjs-wasm", 1, "GFLOPS", 40),
		meas("GEMM 64³", "native", "genplay", 1, "GFLOPS", 8),
		meas("DDPM step", "chromium", "genplay", 1, "steps/s", 90),
	}
	bad := meas("DDPM step", "chromium", "tfjs-wasm", 1, "steps/s", 45)
	bad.LossLast = 2 // did not learn: left out
	failed := meas("DDPM step", "chromium", "tfjs-cpu", 1, "steps/s")
	failed.Error = "TF.js backend cpu did not initialise\nat …"
	ms = append(ms, bad, failed)

	tb := Build(ms, []string{"GEMM 64³", "VAE step", "DDPM step"}, nil)
	if len(tb.Rows) != 3 {
		t.Fatalf("got %d rows, want 3 (GEMM native and chromium, DDPM chromium)", len(tb.Rows))
	}
	if r := tb.Rows[0]; r.Env != "native" || r.Case != "GEMM 64³" {
		t.Errorf("first row = %s %s, want GEMM 64³ native", r.Case, r.Env)
	}
	g := tb.Rows[1].Stats["genplay"]
	if g.Value != 4 || g.Spread != 1 || g.Rounds != 2 {
		t.Errorf("chromium GEMM genplay = %+v, want value 4, spread 1, 2 rounds", g)
	}
	// Paired: TF.js ran in round 1 only, where genplay had 3.
	if got := tb.Rows[1].ratio("tfjs-wasm"); got != 0.075 {
		t.Errorf("genplay ÷ TF.js wasm = %g, want 0.075 (3/40, round 1)", got)
	}
	ddpm := tb.Rows[2]
	if _, ok := ddpm.Stats["tfjs-wasm"]; ok {
		t.Error("a result whose loss did not drop has a statistic")
	}
	if len(ddpm.Errors) != 2 || !strings.Contains(ddpm.Errors[0], "loss did not drop") ||
		ddpm.Errors[1] != "tfjs-cpu round 1: TF.js backend cpu did not initialise" {
		t.Errorf("errors = %q", ddpm.Errors)
	}
}

func TestMarkdown(t *testing.T) {
	ms := []Measurement{
		meas("GEMM 256³", "native", "genplay", 1, "GFLOPS", 12),
		meas("GEMM 256³", "native", "blas32", 1, "GFLOPS", 16),
		meas("GEMM 256³", "chromium", "genplay", 1, "GFLOPS", 9),
		meas("GEMM 256³", "chromium", "tfjs-wasm", 1, "GFLOPS", 45),
		meas("DDPM step", "chromium", "genplay", 1, "steps/s", 150),
		meas("DDPM step", "chromium", "tfjs-wasm", 1, "steps/s", 80),
		meas("DDPM step", "chromium", "tfjs-cpu", 1, "steps/s", 19.5),
	}
	targets := []Target{
		{Case: "GEMM 256³", Env: "chromium", Min: 8},
		{Case: "DDPM step", Env: "chromium", Against: "tfjs-wasm", Min: 2},
	}
	tb := Build(ms, []string{"GEMM 256³", "DDPM step"}, targets)
	tb.Notes = []string{"A note."}
	var b strings.Builder
	if err := tb.Markdown(&b); err != nil {
		t.Fatal(err)
	}
	want := `| benchmark | where    | unit    | genplay | gonum blas32 | naive i-j-k | TF.js wasm-SIMD | TF.js cpu | PyTorch CPU | spread | IQR | ÷ blas32 | ÷ naive | ÷ TF.js wasm | ÷ TF.js cpu | ÷ torch | ÷ native | target (issue)               |
|-----------|----------|---------|---------|--------------|-------------|-----------------|-----------|-------------|--------|-----|----------|---------|--------------|-------------|---------|----------|------------------------------|
| GEMM 256³ | native   | GFLOPS  | 12.0    | 16.0         | –           | –               | –         | –           | 0 %    | 0 % | 0.75×    | –       | –            | –           | –       | –        |                              |
| GEMM 256³ | chromium | GFLOPS  | 9.00    | –            | –           | 45.0            | –         | –           | 0 %    | 0 % | –        | –       | 0.20×        | –           | –       | 0.75×    | ≥ 8 GFLOPS: **met**          |
| DDPM step | chromium | steps/s | 150     | –            | –           | 80.0            | 19.5      | –           | 0 %    | 0 % | –        | –       | 1.88×        | 7.69×       | –       | –        | ≥ 2× TF.js wasm-SIMD: missed |

` + Legend + `
A note.
`
	if got := b.String(); got != want {
		t.Errorf("Markdown:\n%s\nwant:\n%s", got, want)
	}
}

// TestPairedRatios checks that ratios pair rounds (a slow round slows both
// competitors and cancels), with quartiles over rounds and the IQR of the
// values.
func TestPairedRatios(t *testing.T) {
	var ms []Measurement
	// Load doubles the time in rounds 2 and 4: the values halve, the ratio
	// stays 3 except in round 5, where genplay alone was slow (2).
	for r, v := range []float64{90, 45, 90, 45, 60} {
		ms = append(ms, meas("DDPM step", "chromium", "genplay", r+1, "steps/s", v))
		tf := v / 3
		if r == 4 {
			tf = 30
		}
		ms = append(ms, meas("DDPM step", "chromium", "tfjs-wasm", r+1, "steps/s", tf))
	}
	tb := Build(ms, []string{"DDPM step"}, nil)
	row := tb.Rows[0]
	if got := row.ratio("tfjs-wasm"); got != 3 {
		t.Errorf("paired ratio = %g, want 3", got)
	}
	if q1, q3 := Quartiles(row.pairedRatios("tfjs-wasm")); q1 != 3 || q3 != 3 {
		t.Errorf("quartiles of the ratios = %g, %g; want 3, 3", q1, q3)
	}
	// Values 45, 45, 60, 90, 90: quartiles 45 and 90, median 60.
	if g := row.Stats["genplay"]; g.Value != 60 || g.IQR != 0.75 {
		t.Errorf("genplay = %+v, want median 60 and IQR 45/60", g)
	}
}

func TestQuartiles(t *testing.T) {
	for _, tt := range []struct {
		in     []float64
		q1, q3 float64
	}{
		{nil, 0, 0},
		{[]float64{7}, 7, 7},
		{[]float64{4, 1, 3, 2}, 1.75, 3.25}, // NumPy: percentile([1,2,3,4], [25, 75])
		{[]float64{1, 2, 3, 4, 5}, 2, 4},
	} {
		if q1, q3 := Quartiles(tt.in); q1 != tt.q1 || q3 != tt.q3 {
			t.Errorf("Quartiles(%v) = %g, %g; want %g, %g", tt.in, q1, q3, tt.q1, tt.q3)
		}
	}
}
