package protocol

import (
	"slices"
	"testing"

	"genplay/models"
	"genplay/models/registry"
)

// TestPanelTable checks the table against itself: every row names a
// panel of Panels and knobs of Knobs, shows and reads what its figure
// holds, and every panel has a row.
func TestPanelTable(t *testing.T) {
	for _, name := range Panels {
		if !slices.ContainsFunc(PanelTable, func(p Panel) bool { return p.Name == name }) {
			t.Errorf("panel %q has no row", name)
		}
	}
	for i, p := range PanelTable {
		if !slices.Contains(Panels, p.Name) {
			t.Errorf("row %d: panel %q is not in Panels", i, p.Name)
		}
		if p.Label == "" || p.Title == "" || p.Caption == "" || len(p.Arrays) == 0 {
			t.Errorf("row %d (%s): label, title, caption and arrays are required: %+v", i, p.Name, p)
		}
		for _, k := range p.Knobs {
			if _, ok := KnobOf(k); !ok {
				t.Errorf("row %d (%s): knob %q is not in Knobs", i, p.Name, k)
			}
		}
		for _, a := range p.Optional {
			if slices.Contains(p.Arrays, a) {
				t.Errorf("row %d (%s): array %q is both required and optional", i, p.Name, a)
			}
		}
		if p.FieldColors != "" && !p.Reads(ArrField) {
			t.Errorf("row %d (%s): field colours without a field", i, p.Name)
		}
		if p.FieldColors != "" && p.FieldColors != "diverging" && p.FieldColors != "viridis" {
			t.Errorf("row %d (%s): field colours %q", i, p.Name, p.FieldColors)
		}
		if p.Name == PanelSamples && !p.Score {
			t.Errorf("row %d: a samples panel without Score", i)
		}
	}
}

// TestPanelsOfFamilies builds a small model of every family and checks
// that PanelsFor gives it a first panel, each panel once, and the rows
// that its capabilities select.
func TestPanelsOfFamilies(t *testing.T) {
	for _, f := range registry.Families() {
		spec := models.Spec{Family: f.Name, Data: "8gaussians", Seed: 1}
		m, _, _, err := registry.Build(spec, nil)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		caps := CapabilitiesOf(m)
		ps := PanelsFor(caps, false)
		if len(ps) == 0 {
			t.Fatalf("%s (%v): no panels", f.Name, caps)
		}
		var names []string
		for _, p := range ps {
			if slices.Contains(names, p.Name) {
				t.Errorf("%s: panel %q twice", f.Name, p.Name)
			}
			names = append(names, p.Name)
			if q, ok := PanelFor(p.Name, caps, false); !ok || q.Label != p.Label {
				t.Errorf("%s: PanelFor(%q) = %q, %v; PanelsFor gave %q", f.Name, p.Name, q.Label, ok, p.Label)
			}
		}
		t.Logf("%s %v: %v", f.Name, caps, names)
	}
}

// TestCapabilityRows checks which rows capabilities select: the first row
// that fits wins, Lacks excludes, Only2D keeps a panel off images.
func TestCapabilityRows(t *testing.T) {
	label := func(name string, caps ...Capability) string {
		p, _ := PanelFor(name, caps, false)
		return p.Label
	}
	if got := label(PanelSamples, CapField, CapTruncate); got != "Samples & discriminator" {
		t.Errorf("GAN-like samples: %q", got)
	}
	if got := label(PanelSamples, CapField, CapBijection, CapLikelihood); got != "Density & samples" {
		t.Errorf("flow-like samples: %q", got)
	}
	if got := label(PanelLatent, CapEncode, CapReconstruct); got != "Latent space" {
		t.Errorf("AE-like latent: %q", got)
	}
	if got := label(PanelLatent, CapEncode, CapReconstruct, CapLikelihood); got != "Encoder" {
		t.Errorf("VAE-like latent: %q", got)
	}
	if _, ok := PanelFor(PanelPrior, []Capability{CapEncode, CapLikelihood}, false); ok {
		t.Error("a model with a likelihood has the prior panel")
	}
	p := Panel{Name: PanelSamples, Only2D: true}
	if p.Fits(nil, true) || !p.Fits(nil, false) {
		t.Error("Only2D")
	}
}

// TestKnobs checks that DefaultView is valid, that every knob's default
// lies in its range, and that Set clamps a control's position to it.
func TestKnobs(t *testing.T) {
	v := DefaultView()
	if err := v.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, k := range Knobs {
		if k.Kind != KnobEnum && (k.Default < k.Min || k.Default > k.Max || k.Scale <= 0) {
			t.Errorf("%s: default %v outside [%v, %v] or scale %v", k.Key, k.Default, k.Min, k.Max, k.Scale)
		}
		if k.Kind == KnobEnum {
			if k.Set(&v, "nope") {
				t.Errorf("%s took an unknown option", k.Key)
			}
			continue
		}
		w := v
		if !k.Set(&w, "1e9") || k.Value(&w) != k.Max {
			t.Errorf("%s: a huge position gives %v, want %v", k.Key, k.Value(&w), k.Max)
		}
		if !k.Set(&w, "-1e9") || k.Value(&w) != k.Min {
			t.Errorf("%s: a negative position gives %v, want %v", k.Key, k.Value(&w), k.Min)
		}
		if k.Set(&w, "x") {
			t.Errorf("%s took a position that is not a number", k.Key)
		}
		if err := w.Validate(); err != nil {
			t.Errorf("%s at its minimum: %v", k.Key, err)
		}
		w.K = int(k.Max) + 1
		if k.Key == KnobK && w.Validate() == nil {
			t.Error("k above its range is valid")
		}
	}
	k, _ := KnobOf(KnobPsi)
	if !k.Set(&v, "35") || v.Psi != 0.35 || k.Position(&v) != "35" || k.Text(&v) != "0.35" {
		t.Errorf("psi from position 35: %v, %q, %q", v.Psi, k.Position(&v), k.Text(&v))
	}
}
