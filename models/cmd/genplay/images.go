package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"

	"genplay/models"
	"genplay/models/classifier"
	"genplay/models/data"
	"genplay/models/pretrained"
	"genplay/models/registry"
	"genplay/tensor/safetensors"
)

// Image data sets (MNIST) for the commands that load or train one model:
// train, sample and eval read the image assets that make mnist writes, as
// make weights does, and score images with the classifier the weights
// manifest names.

// dirFlags defines -datadir and -weights: the folders of the MNIST assets
// and of the pretrained weights (the metric classifier).
func dirFlags(fs *flag.FlagSet) (dataDir, weightsDir *string) {
	dataDir = fs.String("datadir", "web/data", "`folder` with the MNIST assets (make mnist), for MNIST models")
	weightsDir = fs.String("weights", "web/weights", "`folder` with manifest.json and the MNIST metric classifier, for MNIST models")
	return
}

// imageSets returns the image sets a Spec on the data set name needs, read
// from dataDir (none for a 2D set), and the test digits.
func imageSets(name, dataDir string) (registry.Images, *data.Images, error) {
	if !registry.ImagesSet(name) {
		return nil, nil, nil
	}
	train, test, err := readMNIST(dataDir)
	if err != nil {
		return nil, nil, err
	}
	return registry.Images{train}, test, nil
}

// loadIn reads the weights file at path, refusing a Spec over budget MB;
// a model of an image set is built on the set read from dataDir. It also
// returns the test digits of an image model (nil for 2D).
func loadIn(path string, budget int64, dataDir string) (*registry.Loaded, *data.Images, error) {
	if path == "" {
		return nil, nil, fmt.Errorf("no weights file (-w)")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	f, err := safetensors.Parse(b)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	// The Spec names the data set; LoadWithin checks it again.
	var im registry.Images
	var test *data.Images
	if spec, err := models.ParseSpec([]byte(f.Metadata[registry.MetaSpec])); err == nil {
		if im, test, err = imageSets(spec.Data, dataDir); err != nil {
			return nil, nil, err
		}
	}
	l, err := registry.LoadWithin(bytes.NewReader(b), im, budget<<20)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return l, test, nil
}

// loadScorer returns a scorer of images against test with the classifier
// that the manifest in weightsDir names.
func loadScorer(weightsDir string, test *data.Images) (*pretrained.ImageScorer, error) {
	mb, err := os.ReadFile(filepath.Join(weightsDir, "manifest.json"))
	if err != nil {
		return nil, fmt.Errorf("the MNIST metrics need the classifier: %w", err)
	}
	man, err := registry.ParseManifest(mb)
	if err != nil {
		return nil, err
	}
	a, ok := man.Asset("classifier")
	if !ok {
		return nil, fmt.Errorf("%s names no classifier", filepath.Join(weightsDir, "manifest.json"))
	}
	f, err := os.Open(filepath.Join(filepath.Dir(weightsDir), filepath.FromSlash(a.File)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c, _, err := classifier.Load(f)
	if err != nil {
		return nil, err
	}
	return pretrained.NewImageScorer(c, test), nil
}

// writeGridPNG draws the images x (rows×cols pixels in [0, 1] each) as a
// grid of ⌈√n⌉ columns, white on black with a one-pixel gap, each pixel
// scaled up 2×.
func writeGridPNG(path string, x []float32, rows, cols int) error {
	const scale, gap = 2, 1
	d := rows * cols
	n := len(x) / d
	across := int(math.Ceil(math.Sqrt(float64(n))))
	down := (n + across - 1) / across
	cw, ch := cols*scale+gap, rows*scale+gap
	img := image.NewGray(image.Rect(0, 0, across*cw+gap, down*ch+gap))
	for i := range img.Pix {
		img.Pix[i] = 64 // the gaps
	}
	for k := range n {
		ox, oy := gap+k%across*cw, gap+k/across*ch
		for y := range rows {
			for xx := range cols {
				v := min(max(x[k*d+y*cols+xx], 0), 1) // NaN reads as 1; checkFinite refused them
				g := color.Gray{uint8(v*255 + 0.5)}
				for sy := range scale {
					for sx := range scale {
						img.SetGray(ox+xx*scale+sx, oy+y*scale+sy, g)
					}
				}
			}
		}
	}
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
