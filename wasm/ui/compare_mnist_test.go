package ui

import (
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/claims"
	"genplay/models/metrics"
	"genplay/models/registry"
	"genplay/wasm/protocol"
)

// testManifest offers the GAN's and the flow's MNIST models with the
// figures of web/weights/manifest.json.
func testManifest() *registry.Manifest {
	model := func(fam string, steps int, m map[string]float64) registry.ManifestModel {
		e := registry.ManifestModel{Title: fam + " on MNIST", Family: fam, Data: "mnist",
			Spec: models.Spec{Family: fam, Data: "mnist", Seed: 1, Steps: steps}, Metrics: m}
		e.Name = fam + "-mnist"
		return e
	}
	return &registry.Manifest{Models: []registry.ManifestModel{
		model("gan", 5000, map[string]float64{"class_coverage": 0.7803, "fd": 161.8552, "precision": 0.813, "recall": 0.062}),
		model("flow", 3000, map[string]float64{"bpd": 1.857, "class_coverage": 0.9723, "fd": 96.5641, "precision": 0.689, "recall": 0.603}),
	}}
}

// On MNIST every tile loads its family's pretrained model; the budget
// trains each the same steps on from its model's; the scoreboard shows
// the image figures live, each followed by the manifest's.
func TestCompareMNIST(t *testing.T) {
	p, workers, h := newComparePage(t, "v=1&view=compare&d=mnist&fams=gan,flow")
	c := p.cmp
	if !c.images() || c.budget != imageBudget {
		t.Fatalf("images %v, budget %d", c.images(), c.budget)
	}
	for name, w := range workers {
		if last := w.sent[len(w.sent)-1]; last.Op != protocol.KindLoad || last.Model != name+"-mnist" {
			t.Errorf("%s's worker was sent %+v last, want a load of %s-mnist", name, last, name)
		}
	}
	for _, tl := range c.tiles {
		if !tl.loadShown() || !tl.s.loading() {
			t.Errorf("%s shows no download", tl.family)
		}
	}
	c.Play()
	if c.running() || !strings.Contains(c.info, "still loading") {
		t.Errorf("play while loading: running %v, %q", c.running(), c.info)
	}
	gan, flow := c.tiles[0], c.tiles[1]
	loaded := func(tl *tile, step int, stats ...protocol.Stat) {
		tl.s.Apply(protocol.Manifest{Manifest: testManifest()})
		spec := models.Spec{Family: tl.family, Data: "mnist", Seed: 1}
		tl.s.Apply(protocol.Progress{Seq: tl.s.seq, Model: tl.family + "-mnist", Spec: spec, Dim: 784, Rows: 28, Cols: 28, Step: step, Metrics: stats})
	}
	loaded(gan, 5000, protocol.Stat{Name: metrics.FD, Value: 150}, protocol.Stat{Name: metrics.ClassCoverage, Value: 0.8},
		protocol.Stat{Name: metrics.Precision, Value: 0.82}, protocol.Stat{Name: metrics.Recall, Value: 0.07})
	loaded(flow, 3000, protocol.Stat{Name: metrics.BPD, Value: 1.9})
	if c.loadingAny() || gan.base() != 5000 || flow.base() != 3000 {
		t.Fatalf("loaded: loading %v, bases %d %d", c.loadingAny(), gan.base(), flow.base())
	}
	c.Play()
	for name, want := range map[string]int{"gan": 5100, "flow": 3100} {
		w := workers[name]
		if last := w.sent[len(w.sent)-1]; last.Op != protocol.KindPlay || last.Until != want {
			t.Errorf("%s's worker was sent %+v last, want play to %d", name, last, want)
		}
	}
	rows := c.rows()
	if len(rows) != 4 || rows[0].Source != claims.SourceLive || rows[1].Source != claims.SourceRecorded || rows[1].Family != "gan" || rows[3].Family != "flow" {
		t.Fatalf("rows %+v", rows)
	}
	if rows[0].FD != 150 || rows[0].ClassCoverage != 0.8 || rows[1].FD != 161.8552 || rows[1].Step != 5000 {
		t.Errorf("the GAN's live and recorded rows: %+v / %+v", rows[0], rows[1])
	}
	if rows[2].BPD != 1.9 || rows[2].BPDKind != claims.NLLExact || rows[3].BPD != 1.857 {
		t.Errorf("the flow's bits per dimension: %v %s, recorded %v", rows[2].BPD, rows[2].BPDKind, rows[3].BPD)
	}
	keys := []string{}
	for _, col := range c.columns() {
		keys = append(keys, col.Key)
	}
	if k := strings.Join(keys, ","); !strings.Contains(k, "fd,class_coverage,precision,recall,bpd") || strings.Contains(k, "mmd2") {
		t.Errorf("image columns %s", k)
	}
	c.ExportCSV()
	csv := string(h.downloads[len(h.downloads)-1].b)
	if !strings.Contains(csv, "gan,recorded,5000,161.855") || !strings.Contains(csv, "gan,live,") {
		t.Errorf("CSV:\n%s", csv)
	}
	c.RepeatSeeds()
	if c.repeating() {
		t.Error("a repeat with seeds started on MNIST")
	}
}

// Switching the view's data set to MNIST loads the pretrained models; back
// on a 2D set the tiles train from scratch.
func TestCompareToMNIST(t *testing.T) {
	p, workers, _ := newComparePage(t, "v=1&view=compare&fams=vae,diffusion")
	c := p.cmp
	c.SetData("mnist")
	for name, w := range workers {
		if last := w.sent[len(w.sent)-1]; last.Op != protocol.KindLoad || last.Model != name+"-mnist" {
			t.Errorf("%s's worker was sent %+v last, want a load", name, last)
		}
	}
	if c.budget != imageBudget {
		t.Errorf("budget %d on MNIST", c.budget)
	}
	c.SetData("moons")
	for name, w := range workers {
		if last := w.sent[len(w.sent)-1]; last.Op != protocol.KindReset || last.Spec.Data != "moons" {
			t.Errorf("%s's worker was sent %+v last, want a reset on moons", name, last)
		}
	}
}
