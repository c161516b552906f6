package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/metrics"
	"genplay/models/pretrained"
	"genplay/models/registry"
	"genplay/tensor/rng"
)

// row is one line of the metric table.
type row struct {
	spec  models.Spec
	label string // the family, with the sampler variant if any
	rep   metrics.Report
	err   error
}

func cmdEval(args []string) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	weights := fs.String("w", "", "evaluate this weights `file`")
	all := fs.Bool("all", false, "train and evaluate every preset")
	jobs := fs.Int("j", runtime.NumCPU(), "presets trained in parallel with -all")
	readme := fs.String("readme", "", "with -all, write the table into this `file` between its eval markers")
	n := fs.Int("n", 2000, "samples per evaluation")
	seed := fs.Uint64("seed", 7, "seed of the evaluation draws")
	budget := budgetFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *all {
		return evalAll(*jobs, *n, *readme)
	}
	l, err := load(*weights, *budget)
	if err != nil {
		return err
	}
	set, is2D := l.Source.(data.Set)
	if !is2D {
		return fmt.Errorf("eval: %s is not a 2D set", l.Spec.Data)
	}
	if *n < 1 || *n > 1_000_000 {
		return fmt.Errorf("eval: -n must be in [1, 1e6], got %d", *n)
	}
	// The samples Evaluate scores, drawn as it draws them: it drops
	// points that are not finite, which would score a broken model.
	r := rng.New(*seed)
	r.Split()
	probe := make([]float32, 2**n)
	l.Model.Sample(probe, r)
	if err := checkFinite("eval", probe, 2); err != nil {
		return err
	}
	rows := variants(l.Spec, l.Model, func(m models.Model) metrics.Report {
		return metrics.Evaluate(m, set, *n, nllPoints, rng.New(*seed), time.Now)
	})
	for _, rw := range rows {
		if _, ok := l.Model.(models.Likelihood); ok && rw.label == l.Spec.Family && (math.IsNaN(rw.rep.NLL) || math.IsInf(rw.rep.NLL, 0)) {
			return fmt.Errorf("eval: the model's negative log-likelihood is %v: the model overflows", rw.rep.NLL)
		}
	}
	printTable(os.Stdout, rows)
	return nil
}

// variants returns the rows for a trained model: its plain sampler, and the
// sampler variants that measure a claim: DDIM with 50 steps for diffusion,
// truncation ψ = 0.5 for a GAN.
func variants(spec models.Spec, m models.Model, eval func(models.Model) metrics.Report) []row {
	rows := []row{{spec: spec, label: spec.Family, rep: eval(m)}}
	if st, ok := m.(models.Stepper); ok {
		opts := models.StepOpts(st, pretrained.FastSteps)
		label := fmt.Sprintf("%s %s-%d", spec.Family, samplerTitle(st, opts.Sampler), opts.Steps)
		rows = append(rows, row{spec: spec, label: label, rep: eval(stepped{m, st, opts})})
	}
	if t, ok := m.(models.Truncator); ok {
		rows = append(rows, row{spec: spec, label: spec.Family + " ψ=0.5", rep: eval(truncated{m, t})})
	}
	return rows
}

// stepped samples a Stepper with the sampler and knobs of opts (diffusion:
// DDIM-50, η = 0).
type stepped struct {
	models.Model
	st   models.Stepper
	opts models.SampleOpts
}

func (s stepped) Sample(dst []float32, r *rng.PCG) {
	if err := models.SampleWith(s.st, dst, 2, s.opts, r); err != nil {
		panic(err) // pretrained.FastSteps is valid for every preset
	}
}

// truncated samples a GAN with truncation ψ = 0.5.
type truncated struct {
	models.Model
	t models.Truncator
}

func (s truncated) Sample(dst []float32, r *rng.PCG) { s.t.SampleTruncated(dst, 0.5, r) }

// evalAll trains every preset with jobs workers and prints the table.
func evalAll(jobs, n int, readme string) error {
	var presets []registry.Preset
	for _, p := range registry.Presets() {
		if p.Is2D() {
			presets = append(presets, p)
		}
	}
	results := make([][]row, len(presets))
	work := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range max(jobs, 1) {
		wg.Go(func() {
			for i := range work {
				spec := presets[i].Spec
				start := time.Now()
				m, _, err := run(spec, 0, models.DefaultBudget, nil)
				if err != nil {
					results[i] = []row{{spec: spec, label: spec.Family, err: err}}
				} else {
					_, set, _, _ := registry.Dataset(spec.Data, nil) // a 2D preset
					sps := float64(spec.Steps) / time.Since(start).Seconds()
					results[i] = variants(spec, m, func(m models.Model) metrics.Report {
						r := metrics.Evaluate(m, set, n, nllPoints, rng.New(spec.Seed+100), time.Now)
						r.StepsPerSec = sps
						return r
					})
				}
				mu.Lock()
				done++
				fmt.Fprintf(os.Stderr, "eval: %d/%d %s (%.1fs)\n", done, len(presets), presets[i].Name, time.Since(start).Seconds())
				mu.Unlock()
			}
		})
	}
	for i := range presets {
		work <- i
	}
	close(work)
	wg.Wait()
	var rows []row
	// Group by data set, then family, in preset order.
	for _, d := range dataOrder(presets) {
		for i, p := range presets {
			if p.Spec.Data == d {
				rows = append(rows, results[i]...)
			}
		}
	}
	var buf bytes.Buffer
	printTable(&buf, rows)
	os.Stdout.Write(buf.Bytes())
	if readme == "" {
		return nil
	}
	return writeSection(readme, beginMarker, endMarker, buf.Bytes())
}

func dataOrder(ps []registry.Preset) []string {
	var order []string
	seen := map[string]bool{}
	for _, p := range ps {
		if !seen[p.Spec.Data] {
			seen[p.Spec.Data] = true
			order = append(order, p.Spec.Data)
		}
	}
	return order
}

// Markers of the README section that eval -all rewrites.
const (
	beginMarker = "<!-- eval:begin -->"
	endMarker   = "<!-- eval:end -->"
)

// writeSection replaces the text between the markers begin and end of the
// file at path with table.
func writeSection(path, beginMarker, endMarker string, table []byte) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(b)
	i, j := strings.Index(s, beginMarker), strings.Index(s, endMarker)
	if i < 0 || j < i {
		return fmt.Errorf("%s has no %s … %s section", path, beginMarker, endMarker)
	}
	out := s[:i+len(beginMarker)] + "\n" + string(table) + s[j:]
	return os.WriteFile(path, []byte(out), 0o644)
}

// printTable writes rows as a Markdown table.
func printTable(w io.Writer, rows []row) {
	fmt.Fprintln(w, "| data | model | modes | HQ % | precision | recall | density | coverage | MMD² ×1e3 | NLL (nats) | NLL − H | ms / 1000 samples | steps/s |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range rows {
		if r.err != nil {
			fmt.Fprintf(w, "| %s | %s | failed: %v |||||||||||\n", r.spec.Data, r.label, r.err)
			continue
		}
		p := r.rep
		modes := "–"
		if p.Modes >= 0 {
			modes = fmt.Sprintf("%d/%d", p.Modes, p.ModesTotal)
		}
		nll := num(p.NLL, "%.3f")
		if !math.IsNaN(p.NLL) && !p.NLLKind.Exact() {
			nll = "≤ " + nll
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			r.spec.Data, r.label, modes, num(100*p.HighQuality, "%.1f"),
			num(p.Precision, "%.3f"), num(p.Recall, "%.3f"), num(p.Density, "%.3f"), num(p.Coverage, "%.3f"),
			num(1e3*p.MMD, "%.2f"), nll, num(p.NLLGap, "%.3f"), num(1000*p.MsPerSample, "%.1f"), num(p.StepsPerSec, "%.0f"))
	}
}

func num(v float64, format string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	return fmt.Sprintf(format, v)
}

// reportJSON returns the finite numbers of rep under their names
// (metrics.Report.Stats) as a JSON object, for a weights file's metadata,
// with the NLL's kind (nll_kind: "exact" or the bound's name).
func reportJSON(rep metrics.Report) []byte {
	m := map[string]any{}
	for _, st := range rep.Stats() {
		if !math.IsNaN(st.Value) && !math.IsInf(st.Value, 0) {
			m[st.Name] = math.Round(st.Value*1e4) / 1e4
		}
	}
	if !math.IsNaN(rep.NLL) {
		m["nll_kind"] = "exact"
		if !rep.NLLKind.Exact() {
			m["nll_kind"] = rep.NLLKind.Bound
		}
	}
	b, err := json.Marshal(m) // map keys are sorted: the output is deterministic
	if err != nil {
		panic(err)
	}
	return b
}
