package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"genplay/models/metrics/vocab"
	"io"
	"os"
	"path/filepath"
	"sync"

	"genplay/models"
	"genplay/models/metrics"
	"genplay/models/pretrained"
	"genplay/models/registry"
	"genplay/tensor/rng"
)

// mnistRow is one line of the README's MNIST table.
type mnistRow struct {
	model, sampler string
	mets           map[string]float64
	evals          int  // network evaluations per image; 0 for the real-digit floor
	recorded       bool // the sampler of the manifest's metrics
}

// writeMNISTTable scores the manifest's MNIST models by the protocol of
// models/pretrained with every sampler worth comparing — DDPM-1000 and
// DDIM-50 for diffusion, ψ = 1, 0.7 and 0.3 for the GAN — with the network
// evaluations each takes per image (wall times on a shared machine do not
// reproduce), checks the rows of the manifest's samplers against its
// recorded metrics, and prints the table and the GAN's truncation over
// draws draws (truncationTable); with readme set it writes both there
// between the mnist markers.
func writeMNISTTable(readme, root string, man *registry.Manifest, im registry.Images, s *pretrained.ImageScorer, draws int) error {
	if s == nil {
		return fmt.Errorf("weights: the MNIST table needs the classifier")
	}
	floor, err := s.Floor()
	if err != nil {
		return err
	}
	type job struct {
		e    registry.ManifestModel
		l    *registry.Loaded
		rows []mnistRow
		err  error
	}
	var jobs []*job
	for _, e := range man.Models {
		if registry.ImagesSet(e.Data) {
			jobs = append(jobs, &job{e: e})
		}
	}
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() {
			if j.l, j.err = loadEntry(root, j.e, im); j.err == nil {
				j.rows, j.err = mnistRows(j.l, j.e.Title, s)
			}
		})
	}
	wg.Wait()
	var rows []mnistRow
	var trunc []byte
	for _, j := range jobs {
		if j.err != nil {
			return fmt.Errorf("%s: %w", j.e.Name, j.err)
		}
		for _, r := range j.rows {
			if r.recorded {
				if err := checkRecorded(j.e.Metrics, r.mets); err != nil {
					return fmt.Errorf("%s, %s: the manifest's metrics are not this protocol's (genplay weights -rescore): %w", j.e.Name, r.sampler, err)
				}
			}
		}
		rows = append(rows, j.rows...)
		if tr, ok := j.l.Model.(models.Truncator); ok {
			if trunc, err = truncationTable(j.l.Model, tr, s, draws); err != nil {
				return fmt.Errorf("%s: %w", j.e.Name, err)
			}
		}
	}
	var buf bytes.Buffer
	printMNISTTable(&buf, floor, rows)
	if trunc != nil {
		buf.WriteString("\n")
		buf.Write(trunc)
	}
	os.Stdout.Write(buf.Bytes())
	if readme == "" {
		return nil
	}
	return writeSection(readme, "<!-- mnist:begin -->", "<!-- mnist:end -->", buf.Bytes())
}

// checkRecorded compares the image metrics of a row with the manifest's
// record of the same sampler (which holds bits/dim besides).
func checkRecorded(recorded, got map[string]float64) error {
	sub := map[string]float64{}
	for k := range got {
		sub[k] = recorded[k]
	}
	return pretrained.Check(sub, got, 2e-4)
}

// printMNISTTable writes the floor of real digits and rows as a Markdown
// table.
func printMNISTTable(w io.Writer, floor map[string]float64, rows []mnistRow) {
	fmt.Fprintln(w, header("model", "sampler", vocab.FD+" ↓", vocab.ClassCoverage+" ↑", vocab.Precision+" ↑", vocab.Recall+" ↑", vocab.BPD+" ↓", "evals / image"))
	fmt.Fprintf(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	line := func(r mnistRow) {
		bpd := "–"
		if v, ok := r.mets[metrics.BPD]; ok {
			bpd = fmt.Sprintf("%.2f", v)
		} else if v, ok := r.mets[metrics.BPDBound]; ok {
			bpd = fmt.Sprintf("≤ %.2f", v)
		}
		ms := "–"
		if r.evals > 0 {
			ms = fmt.Sprint(r.evals)
		}
		fmt.Fprintf(w, "| %s | %s | %.2f | %.3f | %.3f | %.3f | %s | %s |\n",
			r.model, r.sampler, r.mets[metrics.FD], r.mets[metrics.ClassCoverage], r.mets[metrics.Precision], r.mets[metrics.Recall], bpd, ms)
	}
	line(mnistRow{model: "real test digits", sampler: "(the floor)", mets: floor})
	for _, r := range rows {
		line(r)
	}
}

// truncationTable measures a GAN's truncation over draws draws of the
// protocol (draw d: samples from rng.New(Seed+d), precision and recall
// against test digits d·N to (d+1)·N − 1) at ψ = 1, 0.7 and 0.3, and
// returns a Markdown table of the mean ± sd of each number.
func truncationTable(m models.Model, tr models.Truncator, s *pretrained.ImageScorer, draws int) ([]byte, error) {
	keys := []string{metrics.FD, metrics.ClassCoverage, metrics.Precision, metrics.Recall}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "| GAN on MNIST, %d draws | FD ↓ | class coverage ↑ | precision ↑ | recall ↑ |\n", draws)
	fmt.Fprintf(&buf, "| --- | ---: | ---: | ---: | ---: |\n")
	x := make([]float32, pretrained.SamplesImages*28*28)
	for _, psi := range []float32{1, 0.7, 0.3} {
		vals := make([][]float64, len(keys))
		for d := range draws {
			r := rng.New(pretrained.Seed + uint64(d))
			if psi == 1 {
				m.Sample(x, r)
			} else {
				tr.SampleTruncated(x, psi, r)
			}
			got, err := s.ScoreDraw(x, d)
			if err != nil {
				return nil, err
			}
			for i, k := range keys {
				vals[i] = append(vals[i], got[k])
			}
		}
		fmt.Fprintf(&buf, "| ψ = %.1f |", psi)
		for i, v := range vals {
			mean, sd, _ := meanSD(v)
			f := "%.3f ± %.3f"
			if i == 0 {
				f = "%.1f ± %.1f"
			}
			fmt.Fprintf(&buf, " "+f+" |", mean, sd)
		}
		buf.WriteString("\n")
	}
	return buf.Bytes(), nil
}

// loadEntry loads one manifest model from the server root root, its images
// from im.
func loadEntry(root string, e registry.ManifestModel, im registry.Images) (*registry.Loaded, error) {
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(e.File)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return registry.Load(f, im)
}

// mnistRows scores the samplers of a loaded image model, titled title, by
// the protocol; the rows of the sampler that pretrained.Score uses are
// marked recorded.
func mnistRows(l *registry.Loaded, title string, s *pretrained.ImageScorer) ([]mnistRow, error) {
	dim := l.Source.Dim()
	x := make([]float32, pretrained.SamplesImages*dim)
	scored := func(sampler string, evals int, sample func(dst []float32, r *rng.PCG) error, recorded bool) (mnistRow, error) {
		if err := sample(x, rng.New(pretrained.Seed)); err != nil {
			return mnistRow{}, err
		}
		if err := checkFinite("eval", x, dim); err != nil {
			return mnistRow{}, err
		}
		mets, err := s.ScoreImages(x)
		if err != nil {
			return mnistRow{}, err
		}
		return mnistRow{model: title, sampler: sampler, mets: mets, evals: evals, recorded: recorded}, nil
	}
	plain := func(dst []float32, r *rng.PCG) error { l.Model.Sample(dst, r); return nil }
	var rows []mnistRow
	add := func(r mnistRow, err error) error {
		rows = append(rows, r)
		return err
	}
	st, isStepper := l.Model.(models.Stepper)
	tr, isTruncator := l.Model.(models.Truncator)
	switch {
	case isStepper:
		// The manifest's metrics are the fast sampler's (pretrained.SampleFast);
		// the default sampler over all its steps is scored here.
		def, fast := st.Samplers()[0], models.StepOpts(st, pretrained.FastSteps)
		k := max(def.FixedSteps, def.DefaultSteps)
		if err := add(scored(fmt.Sprintf("%s, %d steps", def.Title, k), k*max(def.EvalsPerStep, 1), plain, false)); err != nil {
			return nil, err
		}
		sample := func(dst []float32, r *rng.PCG) error { return pretrained.SampleFast(l.Model, dst, dim, r) }
		if err := add(scored(fmt.Sprintf("%s, %d steps", samplerTitle(st, fast.Sampler), fast.Steps), fast.Steps*evalsPerStep(st, fast.Sampler), sample, true)); err != nil {
			return nil, err
		}
	case isTruncator:
		if err := add(scored("one pass, ψ = 1", 1, plain, true)); err != nil {
			return nil, err
		}
		for _, psi := range []float32{0.7, 0.3} {
			sample := func(dst []float32, r *rng.PCG) error { tr.SampleTruncated(dst, psi, r); return nil }
			if err := add(scored(fmt.Sprintf("one pass, ψ = %.1f", psi), 1, sample, false)); err != nil {
				return nil, err
			}
		}
	default:
		sampler := "one pass"
		if _, ok := l.Model.(models.Encoder); ok && !isLikelihood(l.Model) {
			sampler = "decoder of N(0, I)"
		}
		if err := add(scored(sampler, 1, plain, true)); err != nil {
			return nil, err
		}
	}
	if l.Metrics != nil {
		// bits/dim: the recorded figure (pretrained.Score measures it).
		var rec map[string]float64
		if err := json.Unmarshal(l.Metrics, &rec); err == nil {
			for i := range rows {
				for _, k := range []string{metrics.BPD, metrics.BPDBound} {
					if v, ok := rec[k]; ok && rows[i].recorded {
						rows[i].mets[k] = v
					}
				}
			}
		}
	}
	return rows, nil
}

// evalsPerStep returns the network evaluations per step of st's sampler
// name (at least 1).
func evalsPerStep(st models.Stepper, name string) int {
	for _, info := range st.Samplers() {
		if info.Name == name {
			return max(info.EvalsPerStep, 1)
		}
	}
	return 1
}

// samplerTitle returns the title of st's sampler name.
func samplerTitle(st models.Stepper, name string) string {
	for _, info := range st.Samplers() {
		if info.Name == name {
			return info.Title
		}
	}
	return name
}

// isLikelihood reports whether m has a likelihood: an encoder without one
// is an autoencoder, whose samples decode codes drawn from N(0, I).
func isLikelihood(m models.Model) bool {
	_, ok := m.(models.Likelihood)
	return ok
}
