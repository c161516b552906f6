package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/metrics"
	"genplay/models/pretrained"
	"genplay/models/registry"
	"genplay/models/train"
)

func cmdTrain(args []string) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	preset := fs.String("preset", "", "train the named preset (see eval -all for the list)")
	specFile := fs.String("spec", "", "read the Spec from this JSON `file`")
	family := fs.String("family", "diffusion", "model family")
	dataset := fs.String("data", "8gaussians", "data set")
	seed := fs.Uint64("seed", 1, "seed of every random draw")
	steps := fs.Int("steps", 3000, "training steps")
	config := fs.String("config", "", "family config as JSON, over the defaults")
	out := fs.String("o", "", "write the weights to this safetensors `file`")
	n := fs.Int("n", 2000, "samples for the final 2D metrics (0 skips the metrics; MNIST is scored by the protocol of models/pretrained)")
	dataDir, weightsDir := dirFlags(fs)
	budget := budgetFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	spec, err := specFrom(fs, *preset, *specFile, models.Spec{Family: *family, Data: *dataset, Seed: *seed, Steps: *steps, Config: json.RawMessage(*config)})
	if err != nil {
		return err
	}
	im, test, err := imageSets(spec.Data, *dataDir)
	if err != nil {
		return err
	}
	var scorer *pretrained.ImageScorer
	if test != nil && *n > 0 {
		// Before training: a missing classifier fails at once.
		if scorer, err = loadScorer(*weightsDir, test); err != nil {
			return err
		}
	}
	m, rep, err := run(spec, im, *n, *budget<<20, func(p train.Progress) {
		fmt.Fprintf(os.Stderr, "\r%s: step %d/%d  %s %.4f  %.0f steps/s ", spec.Family, p.Step, spec.Steps, p.Losses[0].Name, p.Losses[0].Value, p.StepsPerSec)
	})
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return err
	}
	var mj []byte
	if rep != nil {
		printTable(os.Stdout, []row{{spec: spec, label: spec.Family, rep: *rep}}, true)
		mj = reportJSON(*rep)
	}
	if scorer != nil {
		mets, err := pretrained.Score(&registry.Loaded{Spec: spec, Model: m, Source: im[0]}, scorer)
		if err != nil {
			return err
		}
		if mj, err = metricsJSON(mets); err != nil {
			return err
		}
		fmt.Printf("%s\n", mj)
	}
	if *out == "" {
		return nil
	}
	b, err := registry.SaveBytes(spec, m, mj)
	if err != nil {
		return err
	}
	return os.WriteFile(*out, b, 0o644)
}

// specFrom picks the Spec from a preset, a file or the flags, in that order.
func specFrom(fs *flag.FlagSet, preset, file string, flags models.Spec) (models.Spec, error) {
	switch {
	case preset != "":
		p, ok := registry.LookupPreset(preset)
		if !ok {
			return models.Spec{}, fmt.Errorf("unknown preset %q", preset)
		}
		return p.Spec, nil
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return models.Spec{}, err
		}
		return models.ParseSpec(b)
	}
	if len(flags.Config) == 0 {
		flags.Config = nil
	}
	return flags, flags.Validate()
}

// run trains spec (on an image set of im), refusing it if it costs over
// budget bytes, and, if n > 0 and the data is 2D, evaluates the result
// with n samples.
func run(spec models.Spec, im registry.Images, n int, budget int64, progress func(train.Progress)) (models.Model, *metrics.Report, error) {
	m, src, r, err := registry.BuildWithin(spec, im, budget)
	if err != nil {
		return nil, nil, err
	}
	sps, err := train.Run(m, src, spec.Steps, r, train.Options{Every: 100, Report: progress})
	if err != nil {
		return m, nil, err
	}
	set, is2D := src.(data.Set)
	if n <= 0 || !is2D {
		return m, nil, nil
	}
	rep := metrics.Evaluate(m, set, n, nllPoints, r, time.Now)
	rep.StepsPerSec = sps
	return m, &rep, nil
}

// nllPoints is the number of points the likelihood is averaged over
// (metrics.NLLPoints gives diffusion's bound, T network evaluations per
// point, a quarter of them).
const nllPoints = 2000
