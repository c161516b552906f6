package registry

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"

	"genplay/models"
)

// ManifestFormat identifies the layout of the pretrained-weights manifest.
const ManifestFormat = "genplay-manifest/1"

// ManifestPath is where the server's root holds the manifest.
const ManifestPath = "weights/manifest.json"

// MaxManifestBytes bounds the size of a manifest ParseManifest accepts.
const MaxManifestBytes = 1 << 20

// Manifest lists the pretrained weights the server hosts and the data
// assets they were trained on. make weights writes it; the page reads it to
// offer the models and to check every file it downloads.
type Manifest struct {
	// Format is ManifestFormat.
	Format string `json:"format"`
	// Models lists the weight files, in display order.
	Models []ManifestModel `json:"models"`
	// Data lists the data assets that image data sets need.
	Data []Asset `json:"data"`
}

// Asset is a file the server hosts, with what a download checks.
type Asset struct {
	// Name is the asset's identifier: a model's preset name, or a data
	// set's name ("mnist").
	Name string `json:"name"`
	// File is the file's path from the server's root, such as
	// "weights/gan-8gaussians.3f2a1b9c0d4e5f60.safetensors" or
	// "data/mnist.gpim". Weight files carry the first 16 hex digits of
	// their SHA-256 in the name, so the server can let caches keep them
	// forever.
	File string `json:"file"`
	// Bytes is the file's size.
	Bytes int64 `json:"bytes"`
	// SHA256 is the hex SHA-256 of the file's bytes.
	SHA256 string `json:"sha256"`
}

// ManifestModel is one pretrained model.
type ManifestModel struct {
	Asset
	// Title is the model's name for people.
	Title string `json:"title"`
	// Family and Data repeat the Spec's, for listing without decoding it.
	Family string `json:"family"`
	Data   string `json:"data"`
	// Spec is the training run that made the weights.
	Spec models.Spec `json:"spec"`
	// Metrics holds the measured metrics, as in the weights file's
	// metadata: the same numbers come back from the file on a fixed seed.
	Metrics map[string]float64 `json:"metrics"`
}

// Model returns the manifest's model of the given name.
func (m *Manifest) Model(name string) (ManifestModel, bool) {
	for _, e := range m.Models {
		if e.Name == name {
			return e, true
		}
	}
	return ManifestModel{}, false
}

// Asset returns the manifest's data asset of the given name.
func (m *Manifest) Asset(name string) (Asset, bool) {
	for _, a := range m.Data {
		if a.Name == name {
			return a, true
		}
	}
	return Asset{}, false
}

// ValidName reports whether s is a well-formed name of a manifest entry:
// 1 to 64 bytes of a-z, 0-9 and '-', the first not '-' (the pattern
// ^[a-z0-9][a-z0-9-]{0,63}$). Links name models by it too.
func ValidName(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !lowerOrDigit(c) && c != '-' {
			return false
		}
	}
	return true
}

// validFile reports whether s is a plain file name under weights/ or data/:
// the pattern ^(weights|data)/[a-z0-9][a-z0-9.-]{0,127}$.
func validFile(s string) bool {
	dir, name, ok := strings.Cut(s, "/")
	if !ok || dir != "weights" && dir != "data" {
		return false
	}
	if len(name) == 0 || len(name) > 128 || !lowerOrDigit(name[0]) {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !lowerOrDigit(c) && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// lowerOrDigit reports whether c is in a-z or 0-9.
func lowerOrDigit(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }

// ParseManifest decodes a manifest strictly (unknown keys, trailing data and
// documents over MaxManifestBytes are errors) and checks every entry: names
// unique and well formed, files inside weights/ or data/, sizes positive,
// SHA-256 sums 64 hex digits, Specs valid and agreeing with Family and
// Data.
func ParseManifest(b []byte) (*Manifest, error) {
	if len(b) > MaxManifestBytes {
		return nil, fmt.Errorf("registry: manifest is %d bytes, over the %d-byte limit", len(b), MaxManifestBytes)
	}
	var m Manifest
	if err := models.DecodeStrict(b, &m); err != nil {
		return nil, fmt.Errorf("registry: manifest: %w", err)
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

// Validate checks the manifest as ParseManifest does.
func (m *Manifest) Validate() error {
	if m.Format != ManifestFormat {
		return fmt.Errorf("registry: manifest format %q, want %q", m.Format, ManifestFormat)
	}
	var errs []error
	seen := map[string]bool{}
	check := func(kind string, a Asset) {
		switch {
		case !ValidName(a.Name):
			errs = append(errs, fmt.Errorf("registry: manifest %s name %q is not [a-z0-9-], 1 to 64 long", kind, a.Name))
		case seen[kind+" "+a.Name]:
			errs = append(errs, fmt.Errorf("registry: manifest lists %s %q twice", kind, a.Name))
		}
		seen[kind+" "+a.Name] = true
		if !validFile(a.File) || path.Clean(a.File) != a.File {
			errs = append(errs, fmt.Errorf("registry: manifest %s %q: file %q is not a plain name under weights/ or data/", kind, a.Name, a.File))
		}
		if a.Bytes <= 0 || a.Bytes > MaxWeightsBytes*2 {
			errs = append(errs, fmt.Errorf("registry: manifest %s %q: %d bytes", kind, a.Name, a.Bytes))
		}
		if h, err := hex.DecodeString(a.SHA256); err != nil || len(h) != 32 {
			errs = append(errs, fmt.Errorf("registry: manifest %s %q: sha256 %q is not 64 hex digits", kind, a.Name, a.SHA256))
		}
	}
	for _, e := range m.Models {
		check("model", e.Asset)
		if err := e.Spec.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("registry: manifest model %q: %w", e.Name, err))
		}
		if e.Spec.Family != e.Family || e.Spec.Data != e.Data {
			errs = append(errs, fmt.Errorf("registry: manifest model %q is listed as %s on %s but its spec says %s on %s",
				e.Name, e.Family, e.Data, e.Spec.Family, e.Spec.Data))
		}
	}
	for _, a := range m.Data {
		check("data", a)
	}
	return errors.Join(errs...)
}

// Marshal returns the manifest as indented JSON, ending in a newline.
func (m *Manifest) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
