package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

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
	msPerImage     float64 // NaN-free; 0 for the real-digit floor
}

// writeMNISTTable scores the manifest's MNIST models with every sampler
// worth comparing — DDPM-1000 and DDIM-50 for diffusion, ψ = 1, 0.7 and 0.3
// for the GAN — times each at 1000 images, and writes the table into the
// README between its mnist markers.
func writeMNISTTable(readme, root string, man *registry.Manifest, im registry.Images, s *pretrained.ImageScorer) error {
	if s == nil {
		return fmt.Errorf("weights: the MNIST table needs the classifier")
	}
	floor, err := s.Floor()
	if err != nil {
		return err
	}
	type job struct {
		e    registry.ManifestModel
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
		wg.Go(func() { j.rows, j.err = mnistRows(root, j.e, im, s) })
	}
	wg.Wait()
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "| model | sampler | FD ↓ | class coverage ↑ | precision ↑ | recall ↑ | bits/dim ↓ | ms / image |\n")
	fmt.Fprintf(&buf, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	line := func(r mnistRow) {
		bpd := "–"
		if v, ok := r.mets[metrics.BPD]; ok {
			bpd = fmt.Sprintf("%.2f", v)
		} else if v, ok := r.mets[metrics.BPDBound]; ok {
			bpd = fmt.Sprintf("≤ %.2f", v)
		}
		ms := "–"
		if r.msPerImage > 0 {
			ms = fmt.Sprintf("%.3g", r.msPerImage)
		}
		fmt.Fprintf(&buf, "| %s | %s | %.2f | %.3f | %.3f | %.3f | %s | %s |\n",
			r.model, r.sampler, r.mets[metrics.FD], r.mets[metrics.ClassCoverage], r.mets[metrics.Precision], r.mets[metrics.Recall], bpd, ms)
	}
	line(mnistRow{model: "real test digits", sampler: "(the floor)", mets: floor})
	for _, j := range jobs {
		if j.err != nil {
			return fmt.Errorf("%s: %w", j.e.Name, j.err)
		}
		for _, r := range j.rows {
			line(r)
		}
	}
	os.Stdout.Write(buf.Bytes())
	return writeSection(readme, "<!-- mnist:begin -->", "<!-- mnist:end -->", buf.Bytes())
}

// mnistRows loads, from the server root root, one manifest model (its
// images from im) and scores its samplers.
func mnistRows(root string, e registry.ManifestModel, im registry.Images, s *pretrained.ImageScorer) ([]mnistRow, error) {
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(e.File)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	l, err := registry.Load(f, im)
	if err != nil {
		return nil, err
	}
	dim := 28 * 28
	x := make([]float32, pretrained.SamplesImages*dim)
	timed := func(sampler string, sample func(dst []float32, r *rng.PCG) error, mets map[string]float64) (mnistRow, error) {
		start := time.Now()
		if err := sample(x, rng.New(pretrained.Seed)); err != nil {
			return mnistRow{}, err
		}
		ms := float64(time.Since(start).Microseconds()) / 1000 / pretrained.SamplesImages
		if mets == nil {
			if mets, err = s.ScoreImages(x); err != nil {
				return mnistRow{}, err
			}
		}
		return mnistRow{model: e.Title, sampler: sampler, mets: mets, msPerImage: ms}, nil
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
		if err := add(timed(fmt.Sprintf("%s, %d steps", def.Title, max(def.FixedSteps, def.DefaultSteps)), plain, nil)); err != nil {
			return nil, err
		}
		sample := func(dst []float32, r *rng.PCG) error { return pretrained.SampleFast(l.Model, dst, dim, r) }
		if err := add(timed(fmt.Sprintf("%s, %d steps", samplerTitle(st, fast.Sampler), fast.Steps), sample, e.Metrics)); err != nil {
			return nil, err
		}
	case isTruncator:
		if err := add(timed("one pass, ψ = 1", plain, e.Metrics)); err != nil {
			return nil, err
		}
		for _, psi := range []float32{0.7, 0.3} {
			sample := func(dst []float32, r *rng.PCG) error { tr.SampleTruncated(dst, psi, r); return nil }
			if err := add(timed(fmt.Sprintf("one pass, ψ = %.1f", psi), sample, nil)); err != nil {
				return nil, err
			}
		}
	default:
		sampler := "one pass"
		if _, ok := l.Model.(models.Encoder); ok && !isLikelihood(l.Model) {
			sampler = "decoder of N(0, I)"
		}
		if err := add(timed(sampler, plain, e.Metrics)); err != nil {
			return nil, err
		}
	}
	return rows, nil
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
