package ui

import (
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/registry"
	"genplay/wasm/protocol"
)

// TestImportSameSpec imports a file of the Spec the page shows: once the
// worker has handled it, "Checking …" gives way to "Loaded …", although
// neither the Spec nor the model changed.
func TestImportSameSpec(t *testing.T) {
	r, _, _ := newTestRoot(t, "")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Step: 40, Terms: []string{"total"}, Losses: make([]float32, 40)})
	r.ImportWeights("same.safetensors", []byte("abc"), nil)
	if !strings.HasPrefix(r.info, "Checking same.safetensors") {
		t.Fatalf("info %q while checking", r.info)
	}
	// A report of the old session, sent before the import was handled.
	r.Apply(protocol.Progress{Seq: r.seq - 1, Spec: r.spec, Dim: 2, Step: 41, Terms: []string{"total"}, Losses: make([]float32, 1)})
	if !strings.HasPrefix(r.info, "Checking") {
		t.Errorf("info %q before the worker handled the import", r.info)
	}
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Step: 3000, Terms: []string{"total"}})
	if r.info != "Loaded same.safetensors at step 3000." || r.importing != "" || r.step != 3000 {
		t.Errorf("after the import: info %q, importing %q, step %d", r.info, r.importing, r.step)
	}
}

// TestControlBudget raises the couplings of a flow on MNIST beyond what
// the memory budget allows with its other settings: the control takes the
// largest value that fits and says so.
func TestControlBudget(t *testing.T) {
	r, sent, _ := newTestRoot(t, "?v=1&f=flow&d=mnist&c.mask=checkerboard&c.batch=64&c.hidden=128")
	r.SetParam("couplings", "32")
	c, err := registry.Cost(r.spec)
	if err != nil || c.Bytes() > models.DefaultBudget {
		t.Fatalf("the page's Spec %s costs %d (%v)", r.spec.Config, c.Bytes(), err)
	}
	if !strings.Contains(r.info, "memory budget") || strings.Contains(string(r.spec.Config), `"couplings":32`) {
		t.Errorf("info %q, config %s", r.info, r.spec.Config)
	}
	last := (*sent)[len(*sent)-1]
	if last.Op != protocol.KindReset || string(last.Spec.Config) != string(r.spec.Config) {
		t.Errorf("sent %s with %s", last.Op, last.Spec.Config)
	}
	// A value that fits is taken as it is.
	r.SetParam("couplings", "4")
	if !strings.Contains(string(r.spec.Config), `"couplings":4`) || strings.Contains(r.info, "budget") {
		t.Errorf("couplings 4: config %s, info %q", r.spec.Config, r.info)
	}
}
