package pretrained

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"genplay/models/classifier"
	"genplay/models/modeltest"
	"genplay/models/registry"
)

// maxTotalBytes is the budget of all committed weights together.
const maxTotalBytes = 25 << 20

// TestPretrainedWeights checks every file the manifest lists: it exists with
// the recorded size and SHA-256, loads, carries the manifest's metrics in
// its metadata, and reproduces them on the fixed seed.
func TestPretrainedWeights(t *testing.T) {
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
	read := func(t *testing.T, a registry.Asset) []byte {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(web, filepath.FromSlash(a.File)))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if int64(len(b)) != a.Bytes || hex.EncodeToString(sum[:]) != a.SHA256 {
			t.Fatalf("%s: %d bytes with sha256 %x, the manifest says %d bytes, %s", a.File, len(b), sum, a.Bytes, a.SHA256)
		}
		return b
	}
	var total int64
	for _, e := range man.Models {
		total += e.Bytes
	}
	train, test := modeltest.MNIST(t)
	im := registry.Images{train}
	var scorer *ImageScorer
	t.Run("data", func(t *testing.T) {
		for _, a := range man.Data {
			b := read(t, a)
			if a.Name == "classifier" {
				total += a.Bytes
				c, meta, err := classifier.Load(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				scorer = NewImageScorer(c, test)
				var rec map[string]float64
				if err := json.Unmarshal([]byte(meta["metrics"]), &rec); err != nil {
					t.Fatalf("classifier metrics: %v", err)
				}
				got, err := ClassifierMetrics(scorer)
				if err != nil {
					t.Fatal(err)
				}
				if err := Check(rec, got, 2e-4); err != nil {
					t.Errorf("classifier: %v", err)
				}
			}
		}
	})
	t.Logf("%d models, %.1f MB of weights", len(man.Models), float64(total)/1e6)
	if total > maxTotalBytes {
		t.Errorf("the weights take %d bytes, over the %d-byte budget", total, maxTotalBytes)
	}
	if scorer == nil {
		t.Fatal("the manifest lists no classifier")
	}
	var mu sync.Mutex // Score's image path shares the classifier's buffers
	for _, e := range man.Models {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			l, err := registry.Load(bytes.NewReader(read(t, e.Asset)), im)
			if err != nil {
				t.Fatal(err)
			}
			if spec, _ := l.Spec.Marshal(); !bytes.Equal(spec, mustMarshal(t, e.Spec)) {
				t.Errorf("file spec %s, manifest spec %s", spec, mustMarshal(t, e.Spec))
			}
			var meta map[string]float64
			if err := json.Unmarshal(l.Metrics, &meta); err != nil {
				t.Fatalf("metadata metrics: %v", err)
			}
			if err := Check(e.Metrics, meta, 0); err != nil {
				t.Errorf("metadata against manifest: %v", err)
			}
			if !registry.ImagesSet(e.Data) {
				got, err := Score(l, nil)
				if err != nil {
					t.Fatal(err)
				}
				if err := Check(e.Metrics, got, 2e-4); err != nil {
					t.Error(err)
				}
				return
			}
			mu.Lock()
			defer mu.Unlock()
			got, err := Score(l, scorer)
			if err != nil {
				t.Fatal(err)
			}
			if err := Check(e.Metrics, got, 2e-4); err != nil {
				t.Error(err)
			}
		})
	}
}

func mustMarshal(t *testing.T, v interface{ Marshal() ([]byte, error) }) []byte {
	t.Helper()
	b, err := v.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
