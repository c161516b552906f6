package claims

import (
	"math"
	"strings"
	"testing"
)

// RecordedRow reads the manifest's metrics of an MNIST model and of a 2D
// one; what the record lacks is not measured.
func TestRecordedRow(t *testing.T) {
	// The figures of the manifest's flow-mnist and vae-8gaussians.
	flow := RecordedRow("flow", "Normalizing flow", 3000, map[string]float64{"bpd": 1.857, "class_coverage": 0.9723, "fd": 96.5641, "precision": 0.689, "recall": 0.603})
	if flow.Source != SourceRecorded || flow.Step != 3000 || flow.FD != 96.5641 || flow.BPD != 1.857 || flow.BPDKind != NLLExact ||
		flow.Precision != 0.689 || !math.IsNaN(flow.MMD2) || flow.Modes != -1 || flow.NLLKind != NLLNone {
		t.Errorf("flow-mnist %+v", flow)
	}
	vae := RecordedRow("vae", "VAE", 3000, map[string]float64{"modes": 8, "modes_total": 8, "nll_bound": 3.1869, "nll_gap": 0.3539, "precision": 0.849, "recall": 0.991})
	if vae.Modes != 8 || vae.ModesTotal != 8 || vae.NLL != 3.1869 || vae.NLLKind != NLLBound || !math.IsNaN(vae.FD) || vae.BPDKind != NLLNone {
		t.Errorf("vae-8gaussians %+v", vae)
	}
	if r := NewRow("gan", "GAN"); r.Source != SourceLive {
		t.Errorf("a new row's source %q", r.Source)
	}
}

// The image columns have unique keys, show the MNIST figures, sort like
// the 2D ones, and the CSV gives the bits per dimension's kind a column.
func TestImageColumns(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range ImageColumns {
		if seen[c.Key] {
			t.Errorf("column %q twice", c.Key)
		}
		seen[c.Key] = true
	}
	for _, k := range []string{"fd", "class_coverage", "precision", "recall", "bpd", "ms_per_sample", "source"} {
		if !seen[k] {
			t.Errorf("no image column %q", k)
		}
	}
	a := RecordedRow("diffusion", "Diffusion", 3000, map[string]float64{"fd": 55.286, "class_coverage": 0.9891, "precision": 0.84, "recall": 0.508})
	b := NewRow("ae", "Autoencoder")
	b.FD, b.ClassCoverage = 155.5, 0.90
	c := NewRow("flow", "Flow")
	rows := Sort([]Row{b, c, a}, "fd", false)
	if rows[0].Family != "diffusion" || rows[1].Family != "ae" || rows[2].Family != "flow" {
		t.Errorf("sorted by FD: %s %s %s, want diffusion, ae, flow (unmeasured last)", rows[0].Family, rows[1].Family, rows[2].Family)
	}
	rows = Sort(rows, "class_coverage", false)
	if rows[0].Family != "diffusion" {
		t.Errorf("sorted by class coverage (higher first): %s first", rows[0].Family)
	}
	out := string(CSVOf(ImageColumns, []Row{a}))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "family,source,step,fd,class_coverage,precision,recall,bpd,bpd_kind,") ||
		!strings.HasPrefix(lines[1], "diffusion,recorded,3000,55.286,0.9891,0.84,0.508,,none,") {
		t.Errorf("CSV:\n%s", out)
	}
	if got := SpreadText([][]Row{{a}, {a}}, 0, "fd"); got != "55.29 ± 0.00" {
		t.Errorf("FD over two runs %q", got)
	}
}
