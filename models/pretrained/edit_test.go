package pretrained

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"genplay/models"
	"genplay/models/classifier"
	"genplay/models/modeltest"
	"genplay/models/registry"
	"genplay/tensor/rng"
)

// loadEntry loads the manifest's model or data asset of the given name.
func loadEntry(t *testing.T, name string) []byte {
	t.Helper()
	root, err := modeltest.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	web := filepath.Join(root, "web")
	mb, err := os.ReadFile(filepath.Join(web, registry.ManifestPath))
	if err != nil {
		t.Fatal(err)
	}
	man, err := registry.ParseManifest(mb)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := man.Asset(name)
	if e, isModel := man.Model(name); isModel {
		a, ok = e.Asset, true
	}
	if !ok {
		t.Fatalf("the manifest lists no %s", name)
	}
	b, err := os.ReadFile(filepath.Join(web, filepath.FromSlash(a.File)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDiffusionEditsDigits measures the pretrained MNIST diffusion model's
// image editing, judged by the shipped classifier: inpainting the lower
// half of test digits keeps every known pixel exactly and mostly completes
// the right digit; SDEdit at a small strength keeps the digit, at full
// strength it draws an unrelated one. (Pixels lie in [0, 1], a spread of
// about 0.3, so the linear schedule's noise swamps them early: at strength
// 0.3 only 10 of these 20 digits keep their label.)
func TestDiffusionEditsDigits(t *testing.T) {
	train, test := modeltest.MNIST(t)
	l, err := registry.Load(bytes.NewReader(loadEntry(t, "diffusion-mnist")), registry.Images{train})
	if err != nil {
		t.Fatal(err)
	}
	c, _, err := classifier.Load(bytes.NewReader(loadEntry(t, "classifier")))
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	d := test.Dim()
	x := make([]float32, n*d)
	labels := make([]uint8, n)
	test.Batch(x, labels, 0, n)
	agree := func(y []float32) int {
		pred := make([]uint8, n)
		c.Predict(pred, y)
		k := 0
		for i := range pred {
			if pred[i] == labels[i] {
				k++
			}
		}
		return k
	}

	known := make([]bool, n*d)
	for i := range n {
		for j := range d / 2 { // the upper 14 rows
			known[i*d+j] = true
		}
	}
	y := make([]float32, n*d)
	l.Model.(models.Inpainter).Inpaint(y, x, known, rng.New(Seed))
	for i, k := range known {
		if k && y[i] != x[i] {
			t.Fatalf("inpainting changed known pixel %d: %v → %v", i, x[i], y[i])
		}
	}
	inpainted := agree(y)

	tr := l.Model.(models.Translator)
	tr.Translate(y, x, 0.15, rng.New(Seed))
	small := agree(y)
	tr.Translate(y, x, 1, rng.New(Seed))
	full := agree(y)
	t.Logf("labels kept of %d test digits: inpainting the lower half %d, SDEdit at strength 0.15 %d, at strength 1 %d", n, inpainted, small, full)
	if inpainted < n/2 {
		t.Errorf("inpainting completed %d of %d digits as their label, want at least half", inpainted, n)
	}
	if small < n*8/10 {
		t.Errorf("SDEdit at strength 0.15 kept %d of %d labels, want at least 80%%", small, n)
	}
	if full > n/2 {
		t.Errorf("SDEdit at strength 1 kept %d of %d labels: it should ignore its input", full, n)
	}
}
