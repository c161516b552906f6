package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"genplay/models/metrics/vocab"
	"io"
	"math"
	"os"
	"path/filepath"
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
	all := fs.Bool("all", false, "re-score every model of the weights manifest (no training)")
	jobs := fs.Int("j", runtime.NumCPU(), "models scored in parallel with -all")
	readme := fs.String("readme", "", "with -all, write the 2D and MNIST tables into this `file` between their markers")
	n := fs.Int("n", pretrained.Samples2D, "samples per evaluation of a 2D model (-w)")
	seed := fs.Uint64("seed", pretrained.Seed, "seed of the evaluation draws (-w)")
	draws := fs.Int("draws", 5, "with -all, draws of the GAN's truncation rows on MNIST (at least 3)")
	dataDir, weightsDir := dirFlags(fs)
	budget := budgetFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *all {
		if *draws < 3 || *draws > 10 {
			return fmt.Errorf("eval: -draws must be in [3, 10], got %d", *draws)
		}
		return evalAll(*jobs, *weightsDir, *dataDir, *readme, *draws)
	}
	l, test, err := loadIn(*weights, *budget, *dataDir)
	if err != nil {
		return err
	}
	if test != nil {
		s, err := loadScorer(*weightsDir, test)
		if err != nil {
			return err
		}
		rows, err := mnistRows(l, l.Spec.Family, s)
		if err != nil {
			return err
		}
		floor, err := s.Floor()
		if err != nil {
			return err
		}
		printMNISTTable(os.Stdout, floor, rows)
		return nil
	}
	set, is2D := l.Source.(data.Set)
	if !is2D {
		return fmt.Errorf("eval: %s is neither a 2D set nor an image set", l.Spec.Data)
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
		return metrics.Evaluate(m, set, *n, pretrained.NLLPoints2D, rng.New(*seed), time.Now)
	})
	for _, rw := range rows {
		if _, ok := l.Model.(models.Likelihood); ok && rw.label == l.Spec.Family && (math.IsNaN(rw.rep.NLL) || math.IsInf(rw.rep.NLL, 0)) {
			return fmt.Errorf("eval: the model's negative log-likelihood is %v: the model overflows", rw.rep.NLL)
		}
	}
	printTable(os.Stdout, rows, true)
	return nil
}

// variants returns the rows for a trained model: its plain sampler, and the
// sampler variants that measure a claim: DDIM with 50 steps for diffusion
// (a default sampler of fixed length), truncation ψ = 0.5 for a GAN.
func variants(spec models.Spec, m models.Model, eval func(models.Model) metrics.Report) []row {
	rows := []row{{spec: spec, label: spec.Family, rep: eval(m)}}
	if st, ok := m.(models.Stepper); ok && st.Samplers()[0].FixedSteps > 0 {
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

// evalAll re-scores, without training, every model that the manifest in
// weightsDir lists, by the protocol of models/pretrained (the numbers the
// manifest records): the 2D models with their variants, jobs at a time,
// then the MNIST models (writeMNISTTable). It fails if a recomputed number
// differs from the manifest's, which genplay weights -rescore fixes. With
// readme set it writes both tables there.
func evalAll(jobs int, weightsDir, dataDir, readme string, draws int) error {
	mb, err := os.ReadFile(filepath.Join(weightsDir, "manifest.json"))
	if err != nil {
		return err
	}
	man, err := registry.ParseManifest(mb)
	if err != nil {
		return err
	}
	root := filepath.Dir(weightsDir)
	// Grouped by data set, then family, in preset order.
	var entries []registry.ManifestModel
	for _, d := range dataOrder(registry.Presets()) {
		for _, e := range man.Models {
			if e.Data == d && !registry.ImagesSet(d) {
				entries = append(entries, e)
			}
		}
	}
	results := make([][]row, len(entries))
	work := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range max(jobs, 1) {
		wg.Go(func() {
			for i := range work {
				e := entries[i]
				start := time.Now()
				results[i] = evalEntry(root, e)
				mu.Lock()
				done++
				fmt.Fprintf(os.Stderr, "eval: %d/%d %s (%.1fs)\n", done, len(entries), e.Name, time.Since(start).Seconds())
				mu.Unlock()
			}
		})
	}
	for i := range entries {
		work <- i
	}
	close(work)
	wg.Wait()
	var rows []row
	var errs []error
	for _, rs := range results {
		rows = append(rows, rs...)
		for _, r := range rs {
			if r.err != nil {
				errs = append(errs, fmt.Errorf("%s %s: %w", r.spec.Data, r.label, r.err))
			}
		}
	}
	var buf bytes.Buffer
	printTable(&buf, rows, false)
	os.Stdout.Write(buf.Bytes())
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if readme != "" {
		if err := writeSection(readme, beginMarker, endMarker, buf.Bytes()); err != nil {
			return err
		}
	}
	train, test, err := readMNIST(dataDir)
	if err != nil {
		return err
	}
	s, err := loadScorer(weightsDir, test)
	if err != nil {
		return err
	}
	return writeMNISTTable(readme, root, man, registry.Images{train}, s, draws)
}

// evalEntry loads one 2D model of the manifest from the server root root
// and scores it and its variants by the protocol; the plain row must
// reproduce the manifest's metrics.
func evalEntry(root string, e registry.ManifestModel) []row {
	fail := func(err error) []row { return []row{{spec: e.Spec, label: e.Spec.Family, err: err}} }
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(e.File)))
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	l, err := registry.Load(f, nil)
	if err != nil {
		return fail(err)
	}
	set, is2D := l.Source.(data.Set)
	if !is2D {
		return fail(fmt.Errorf("%s is not a 2D set", e.Data))
	}
	rows := variants(l.Spec, l.Model, func(m models.Model) metrics.Report {
		r := pretrained.Evaluate2D(m, set, time.Now)
		r.StepsPerSec = math.NaN() // not retrained: no training speed
		return r
	})
	if err := pretrained.Check(e.Metrics, pretrained.Metrics2D(rows[0].rep), 2e-4); err != nil {
		rows[0].err = fmt.Errorf("the manifest's metrics are not this protocol's (genplay weights -rescore): %w", err)
	}
	return rows
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

// printTable writes rows as a Markdown table, with the timing columns
// (ms / 1000 samples, steps/s) if timed is set: eval -all leaves them out,
// since wall times on a shared machine do not reproduce.
func printTable(w io.Writer, rows []row, timed bool) {
	head, rule := "", ""
	if timed {
		head, rule = " ms / 1000 samples | steps/s |", " ---: | ---: |"
	}
	fmt.Fprintln(w, header("data", "model", vocab.ModesCaptured, vocab.HighQuality+" %", vocab.Precision, vocab.Recall, vocab.Density, vocab.Coverage, vocab.MMD2+" ×1e3", vocab.NLL, vocab.NLLGap)+head)
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"+rule)
	for _, r := range rows {
		if r.err != nil {
			cols := 11
			if timed {
				cols += 2
			}
			fmt.Fprintf(w, "| %s | %s | failed: %v |%s\n", r.spec.Data, r.label, r.err, strings.Repeat(" |", cols-3))
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
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
			r.spec.Data, r.label, modes, num(100*p.HighQuality, "%.1f"),
			num(p.Precision, "%.3f"), num(p.Recall, "%.3f"), num(p.Density, "%.3f"), num(p.Coverage, "%.3f"),
			num(1e3*p.MMD, "%.2f"), nll, num(p.NLLGap, "%.3f"))
		if timed {
			fmt.Fprintf(w, " %s | %s |", num(1000*p.MsPerSample, "%.1f"), num(p.StepsPerSec, "%.0f"))
		}
		fmt.Fprintln(w)
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
