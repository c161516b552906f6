package classifier

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"genplay/models"
	"genplay/tensor/rng"
	"genplay/tensor/safetensors"
)

// A classifier file is safetensors with these metadata keys, which Save
// writes and Load requires; the caller's own keys sit beside them.
const (
	MetaFormat = "format" // Format
	MetaConfig = "config" // the Config as JSON
	MetaImages = "images" // the input, as JSON {"rows":28,"cols":28,"classes":10}
)

// Format identifies the layout of classifier files.
const Format = "genplay-classifier/1"

// MaxBytes bounds the size of a classifier file Load accepts (the shipped
// one is about 1 MB).
const MaxBytes = 64 << 20

// Tensor names besides the layers' "conv.i.w", "conv.i.b", "net.i.w" and "net.i.b".
const (
	tensorMu  = "ref.mu"  // (FeatureDim) μ of the reference features
	tensorCov = "ref.cov" // (FeatureDim, FeatureDim) Σ of the reference features
)

// imagesMeta is the MetaImages value.
type imagesMeta struct {
	Rows    int `json:"rows"`
	Cols    int `json:"cols"`
	Classes int `json:"classes"`
}

// Save writes c's weights and reference statistics to w as safetensors
// (float32), with its Config and input size and the caller's meta (which
// may be nil) in the metadata. It returns an error if c has no reference
// statistics or meta uses one of the Meta keys.
func Save(w io.Writer, c *Classifier, meta map[string]string) error {
	if c.refMu == nil {
		return errors.New("classifier: no reference statistics to save (ComputeReference sets them)")
	}
	cfg, err := json.Marshal(c.cfg)
	if err != nil {
		return fmt.Errorf("classifier: %w", err)
	}
	img, err := json.Marshal(imagesMeta{c.rows, c.cols, c.classes})
	if err != nil {
		return fmt.Errorf("classifier: %w", err)
	}
	f := &safetensors.File{Metadata: map[string]string{MetaFormat: Format, MetaConfig: string(cfg), MetaImages: string(img)}}
	for k, v := range meta {
		if _, ok := f.Metadata[k]; ok {
			return fmt.Errorf("classifier: metadata key %q is reserved", k)
		}
		f.Metadata[k] = v
	}
	for _, wt := range c.Weights() {
		f.Tensors = append(f.Tensors, safetensors.Tensor{Name: wt.Name, Shape: slices.Clone(wt.T.Shape), Data: wt.T.Data})
	}
	fd := c.FeatureDim()
	mu, cov := make([]float32, fd), make([]float32, fd*fd)
	for i := range fd {
		mu[i] = float32(c.refMu[i])
		for j := range fd {
			cov[i*fd+j] = float32(c.refCov.At(i, j))
		}
	}
	f.Tensors = append(f.Tensors,
		safetensors.Tensor{Name: tensorMu, Shape: []int{fd}, Data: mu},
		safetensors.Tensor{Name: tensorCov, Shape: []int{fd, fd}, Data: cov})
	return safetensors.Write(w, f)
}

// Load reads a classifier file written by Save and returns the classifier
// and the caller's metadata (the Meta keys removed). It checks that the
// metadata names this format and a valid Config and input, and that the
// file holds exactly the tensors that Config implies, with their shapes,
// finite values and a symmetric covariance; anything else is an error that
// names what is wrong. Nothing is half-loaded.
func Load(r io.Reader) (*Classifier, map[string]string, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("classifier: reading: %w", err)
	}
	if len(b) > MaxBytes {
		return nil, nil, fmt.Errorf("classifier: file over the %d-byte limit", MaxBytes)
	}
	f, err := safetensors.Parse(b)
	if err != nil {
		return nil, nil, fmt.Errorf("classifier: %w", err)
	}
	if v := f.Metadata[MetaFormat]; v != Format {
		return nil, nil, fmt.Errorf("classifier: file format %q, want %q", v, Format)
	}
	var cfg Config
	if err := models.DecodeStrict([]byte(f.Metadata[MetaConfig]), &cfg); err != nil {
		return nil, nil, fmt.Errorf("classifier: config metadata: %w", err)
	}
	var img imagesMeta
	if err := models.DecodeStrict([]byte(f.Metadata[MetaImages]), &img); err != nil {
		return nil, nil, fmt.Errorf("classifier: images metadata: %w", err)
	}
	// The network the metadata describes must fit in the file before New
	// allocates it: a forged header must not make Load allocate gigabytes.
	if err := errors.Join(cfg.Validate(), checkInput(cfg, img.Rows, img.Cols, img.Classes)); err != nil {
		return nil, nil, err
	}
	params, in := 0, 1
	for _, out := range cfg.Conv {
		params += (in*convKernel*convKernel + 1) * out
		in = out
	}
	in = flatDim(cfg, img.Rows, img.Cols)
	for _, out := range append(slices.Clone(cfg.Hidden), img.Classes) {
		params += (in + 1) * out
		in = out
	}
	if params > len(b)/2 {
		return nil, nil, fmt.Errorf("classifier: the metadata describes %d weights, more than the %d-byte file can hold", params, len(b))
	}
	// The weights New draws are overwritten below.
	c, err := New(cfg, img.Rows, img.Cols, img.Classes, rng.New(0))
	if err != nil {
		return nil, nil, err
	}
	fd := c.FeatureDim()
	type slot struct {
		name  string
		shape []int
		dst   []float32
	}
	var slots []slot
	for _, w := range c.Weights() {
		slots = append(slots, slot{w.Name, w.T.Shape, w.T.Data})
	}
	mu, cov := make([]float32, fd), make([]float32, fd*fd)
	slots = append(slots, slot{tensorMu, []int{fd}, mu}, slot{tensorCov, []int{fd, fd}, cov})
	for _, s := range slots {
		t := f.Find(s.name)
		switch {
		case t == nil:
			return nil, nil, fmt.Errorf("classifier: file lacks tensor %q", s.name)
		case !slices.Equal(t.Shape, s.shape):
			return nil, nil, fmt.Errorf("classifier: tensor %q has shape %v, want %v", s.name, t.Shape, s.shape)
		case !finite(t.Data):
			return nil, nil, fmt.Errorf("classifier: tensor %q has a non-finite value", s.name)
		}
	}
	for _, t := range f.Tensors {
		if !slices.ContainsFunc(slots, func(s slot) bool { return s.name == t.Name }) {
			return nil, nil, fmt.Errorf("classifier: file has tensor %q, which the configuration does not use", t.Name)
		}
	}
	for _, s := range slots {
		copy(s.dst, f.Find(s.name).Data)
	}
	for i := range fd {
		for j := range i {
			if a, b := cov[i*fd+j], cov[j*fd+i]; a != b {
				return nil, nil, fmt.Errorf("classifier: tensor %q is not symmetric: [%d,%d] = %g, [%d,%d] = %g", tensorCov, i, j, a, j, i, b)
			}
		}
	}
	c.refMu, c.refCov = make([]float64, fd), mat.NewSymDense(fd, nil)
	for i := range fd {
		c.refMu[i] = float64(mu[i])
		for j := i; j < fd; j++ {
			c.refCov.SetSym(i, j, float64(cov[i*fd+j]))
		}
	}
	meta := map[string]string{}
	for k, v := range f.Metadata {
		if k != MetaFormat && k != MetaConfig && k != MetaImages {
			meta[k] = v
		}
	}
	return c, meta, nil
}

// finite reports whether every value of v is finite.
func finite(v []float32) bool {
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return false
		}
	}
	return true
}
