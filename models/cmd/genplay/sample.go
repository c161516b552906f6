package main

import (
	"bufio"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/registry"
	"genplay/tensor/rng"
)

func cmdSample(args []string) error {
	fs := flag.NewFlagSet("sample", flag.ContinueOnError)
	weights := fs.String("w", "", "weights `file` written by train")
	n := fs.Int("n", 1000, "number of samples")
	seed := fs.Uint64("seed", 1, "seed of the draw")
	ddim := fs.Int("ddim", 0, "sample a diffusion model with DDIM in this many `steps` (0: DDPM)")
	psi := fs.Float64("psi", 1, "truncation ψ in [0, 1] for a GAN")
	budget := budgetFlag(fs)
	csvOut := fs.String("csv", "", "write the samples to this CSV `file`")
	pngOut := fs.String("png", "", "draw the samples over the data (images: as a grid) into this PNG `file`")
	dataDir, _ := dirFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *n < 1 || *n > 1_000_000 {
		return fmt.Errorf("sample: -n must be in [1, 1e6], got %d", *n)
	}
	l, _, err := loadIn(*weights, *budget, *dataDir)
	if err != nil {
		return err
	}
	dim := l.Source.Dim()
	pts := make([]float32, dim**n)
	r := rng.New(*seed)
	switch {
	case *ddim > 0:
		st, ok := l.Model.(models.Stepper)
		if !ok {
			return fmt.Errorf("sample: -ddim needs a model that samples step by step, not %s", l.Spec.Family)
		}
		if err := models.SampleWith(st, pts, dim, models.StepOpts(st, *ddim), r); err != nil {
			return err
		}
	case *psi != 1:
		t, ok := l.Model.(models.Truncator)
		if !ok {
			return fmt.Errorf("sample: -psi needs a GAN, not %s", l.Spec.Family)
		}
		if *psi < 0 || *psi > 1 {
			return fmt.Errorf("sample: -psi must be in [0, 1], got %g", *psi)
		}
		t.SampleTruncated(pts, float32(*psi), r)
	default:
		l.Model.Sample(pts, r)
	}
	if err := checkFinite("sample", pts, dim); err != nil {
		return err
	}
	if *csvOut != "" {
		if err := writeCSV(*csvOut, pts, dim); err != nil {
			return err
		}
	}
	if *pngOut != "" {
		set, is2D := l.Source.(data.Set)
		if im, ok := l.Source.(*data.Images); ok {
			return writeGridPNG(*pngOut, pts, im.Rows, im.Cols)
		}
		if !is2D {
			return fmt.Errorf("sample: -png draws 2D data and images, not %s", l.Spec.Data)
		}
		real := make([]float32, 2*2000)
		set.Sample(real, rng.New(*seed+1))
		if err := writePNG(*pngOut, real, pts, set.Extent); err != nil {
			return err
		}
	}
	return nil
}

// budgetFlag defines the -budget flag of a command that builds or loads a
// model: the memory budget of its Spec in MB (registry.Check).
func budgetFlag(fs *flag.FlagSet) *int64 {
	return fs.Int64("budget", models.DefaultBudget>>20, "refuse a model whose memory cost is over this many `MB` (0: no limit)")
}

// checkFinite returns an error naming the first value of pts, points of
// dimension dim, that is NaN or infinite, and how many are, or nil if
// every value is finite. A model whose weights are finite can still
// overflow: the samples of such a model are an error, not an output.
func checkFinite(what string, pts []float32, dim int) error {
	bad, first := 0, -1
	for i, v := range pts {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			if first < 0 {
				first = i
			}
			bad++
		}
	}
	if bad == 0 {
		return nil
	}
	return fmt.Errorf("%s: %d of %d sampled values are not finite (the first, %v, at point %d, coordinate %d): the model overflows; nothing was written",
		what, bad, len(pts), pts[first], first/dim, first%dim)
}

// load reads the weights file at path, refusing a Spec over budget MB; an
// image model is built on the MNIST assets of web/data (loadIn).
func load(path string, budget int64) (*registry.Loaded, error) {
	l, _, err := loadIn(path, budget, "web/data")
	return l, err
}

func writeCSV(path string, pts []float32, dim int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for i := 0; i < len(pts); i += dim {
		for j := range dim {
			if j > 0 {
				w.WriteByte(',')
			}
			fmt.Fprintf(w, "%g", pts[i+j])
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writePNG draws the real points in blue and the samples in orange on a
// 512×512 view of [−extent, extent]².
func writePNG(path string, real, fake []float32, extent float32) error {
	const size = 512
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	grey := color.RGBA{220, 224, 230, 255}
	for i := range size {
		img.Set(i, size/2, grey)
		img.Set(size/2, i, grey)
	}
	plot := func(pts []float32, c color.RGBA, r int) {
		for i := 0; i+1 < len(pts); i += 2 {
			px := int((pts[i]/extent + 1) / 2 * size)
			py := int((1 - pts[i+1]/extent) / 2 * size)
			for dy := -r; dy <= r; dy++ {
				for dx := -r; dx <= r; dx++ {
					if dx*dx+dy*dy <= r*r && px+dx >= 0 && px+dx < size && py+dy >= 0 && py+dy < size {
						img.Set(px+dx, py+dy, c)
					}
				}
			}
		}
	}
	plot(real, color.RGBA{120, 150, 220, 255}, 1)
	plot(fake, color.RGBA{235, 100, 30, 255}, 2)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
