package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"genplay/models"
	"genplay/models/registry"
	"genplay/tensor/safetensors"
)

// A Compare demo is a small JSON document, an index, stored and served
// like any demo: it names one demo per family, each a safetensors file
// uploaded first, and holds the Compare view's link query:
//
//	{"format":"genplay-compare/1","view":"v=1&view=compare&n=400",
//	 "demos":[{"family":"ae","id":"0123456789ab"},…]}
//
// An upload is an index when it starts with `{"format":` (a safetensors
// file starts with its header's length, 8 bytes little-endian: with those
// bytes it would announce a header of petabytes, which no valid file has).
// Every per-family file is a demo of its own, so each family of a
// published Compare session can also be opened alone at /d/<id>.
const (
	// IndexFormat is the "format" of a Compare index.
	IndexFormat = "genplay-compare/1"
	// maxIndexBytes bounds an index: a few hundred bytes per family.
	maxIndexBytes = 16 << 10
)

// indexPrefix starts every index.
var indexPrefix = []byte(`{"format":`)

// demoIndex is a Compare index, as the page writes it.
type demoIndex struct {
	Format string       `json:"format"`
	View   string       `json:"view"`
	Demos  []indexEntry `json:"demos"`
}

// indexEntry is one family's demo in an index.
type indexEntry struct {
	Family string `json:"family"`
	ID     string `json:"id"`
}

// isIndex reports whether the upload b is a Compare index rather than a
// safetensors file.
func isIndex(b []byte) bool { return bytes.HasPrefix(b, indexPrefix) }

// validate checks an upload before it is stored: a Compare index with
// validateIndex, anything else as a safetensors demo with validateDemo.
// A refusal of the content is a *demoError; any other error is the
// store's.
func (d *Demos) validate(ctx context.Context, b []byte) error {
	if isIndex(b) {
		return validateIndex(ctx, b, d.cfg.Store)
	}
	_, err := validateDemo(b, d.cfg.Images)
	return err
}

// validateIndex checks that b is a Compare index the server may store: at
// most maxIndexBytes of JSON that decodes strictly (no unknown field, no
// trailing data) with the format IndexFormat, a view that is a link's
// query (checkView), and one to len(registry.Families()) entries of
// distinct known families, each naming by a well-formed id a demo that st
// holds intact and whose Spec is of that family. An index is refused, not
// stored, when a demo it names is missing or damaged.
func validateIndex(ctx context.Context, b []byte, st Store) error {
	if len(b) > maxIndexBytes {
		return refuse("a Compare index is at most %d bytes; this one is %d", maxIndexBytes, len(b))
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var ix demoIndex
	if err := dec.Decode(&ix); err != nil {
		return refuse("not a valid Compare index: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return refuse("not a valid Compare index: data after the JSON object")
	}
	if ix.Format != IndexFormat {
		return refuse("Compare index format %q, want %q", ix.Format, IndexFormat)
	}
	if err := checkView(ix.View); err != nil {
		return err
	}
	fams := registry.Families()
	if len(ix.Demos) == 0 || len(ix.Demos) > len(fams) {
		return refuse("a Compare index names 1 to %d demos; this one names %d", len(fams), len(ix.Demos))
	}
	seen := map[string]bool{}
	for _, e := range ix.Demos {
		if _, err := registry.Lookup(e.Family); err != nil {
			return refuse("Compare index: %v", err)
		}
		if seen[e.Family] {
			return refuse("Compare index: the family %q is named twice", e.Family)
		}
		seen[e.Family] = true
		if !validID(e.ID) {
			return refuse("Compare index: %s", badID(e.ID))
		}
		o, err := st.Get(ctx, e.ID)
		switch {
		case errors.Is(err, ErrNotFound):
			return refuse("Compare index: no demo %s is stored for %s; publish the families' demos first", e.ID, e.Family)
		case errors.Is(err, ErrCorrupt):
			return refuse("Compare index: the demo %s of %s is damaged in the store", e.ID, e.Family)
		case err != nil:
			return fmt.Errorf("reading demo %s: %w", e.ID, err)
		}
		fam, err := demoFamily(o.Data)
		if err != nil {
			return refuse("Compare index: the demo %s named for %s is not a model's demo: %v", e.ID, e.Family, err)
		}
		if fam != e.Family {
			return refuse("Compare index: the demo %s is of the family %q, not %q", e.ID, fam, e.Family)
		}
	}
	return nil
}

// demoFamily returns the family of the Spec of the stored demo b, a
// safetensors file.
func demoFamily(b []byte) (string, error) {
	f, err := safetensors.Parse(b)
	if err != nil {
		return "", err
	}
	spec, err := models.ParseSpec([]byte(f.Metadata[registry.MetaSpec]))
	if err != nil {
		return "", err
	}
	return spec.Family, nil
}
