package claims

import (
	"encoding/csv"
	"math"
	"strings"
	"testing"
)

// board is a hand-made scoreboard on 8 Gaussians: the GAN misses two
// modes, the VAE is 0.1 less precise than diffusion, the AE's random codes
// are poor, the flow's exact NLL is 0.1 nats above the entropy, diffusion
// costs T = 1000 evaluations and DDIM-20 is within 0.02 of DDPM.
func board() []Row {
	row := func(fam string, p, r float64, modes int) Row {
		x := NewRow(fam, fam)
		x.Precision, x.Recall, x.Modes, x.ModesTotal, x.Evals, x.Step = p, r, modes, 8, 1, 500
		return x
	}
	ae, vae, gan, fl, dif := row("ae", 0.55, 0.40, 8), row("vae", 0.85, 0.93, 8), row("gan", 0.96, 0.70, 6), row("flow", 0.92, 0.95, 8), row("diffusion", 0.95, 0.94, 8)
	vae.NLL, vae.NLLKind, vae.NLLGap = 3.1, NLLBound, 0.5
	fl.NLL, fl.NLLKind, fl.NLLGap = 2.7, NLLExact, 0.1
	dif.Evals, dif.T = 1000, 1000
	dif.Fast = &SamplerPair{Slow: Sampled{"DDPM", 1000, 0.95, 0.94}, Fast: Sampled{"DDIM-20", 20, 0.94, 0.92}}
	return []Row{ae, vae, gan, fl, dif}
}

func judge(t *testing.T, rows []Row, id string) Verdict {
	t.Helper()
	for _, c := range Table {
		if c.ID == id {
			return c.Judge(rows)
		}
	}
	t.Fatalf("no claim %q", id)
	return Verdict{}
}

func TestBoardHolds(t *testing.T) {
	rows := board()
	for _, v := range Board(rows) {
		want := Holds
		if v.Claim.ID == "flow-matching-few-steps" {
			want = NotMeasured // no flow-matching row
		}
		if v.Mark != want {
			t.Errorf("%s: %v (%s), want %v", v.Claim.ID, v.Mark, v.Says, want)
		}
		if len(v.Cells) != len(rows) {
			t.Errorf("%s: %d cells for %d rows", v.Claim.ID, len(v.Cells), len(rows))
		}
		for i, c := range v.Cells {
			if c.Family != rows[i].Family {
				t.Errorf("%s: cell %d is %s, want %s", v.Claim.ID, i, c.Family, rows[i].Family)
			}
			if (c.Family == v.Claim.Subject) != (c.Mark != Context) {
				t.Errorf("%s: cell of %s marked %v", v.Claim.ID, c.Family, c.Mark)
			}
		}
	}
	if v := judge(t, rows, "gan-drops-modes"); !strings.Contains(v.Says, "6 of 8") {
		t.Errorf("GAN says %q, want the modes", v.Says)
	}
	if v := judge(t, rows, "diffusion-evals"); v.Cells[4].Text != "1000 evals (T = 1000)" {
		t.Errorf("diffusion cell %q", v.Cells[4].Text)
	}
}

// Each rule is contradicted by a change of the one number it reads, and
// says so.
func TestBoardContradicted(t *testing.T) {
	cases := []struct {
		id     string
		change func(rows []Row)
	}{
		{"gan-drops-modes", func(rows []Row) { rows[2].Modes, rows[2].Recall = 8, 0.9 }},
		{"vae-blurs", func(rows []Row) { rows[1].Precision = 0.92 }},
		{"ae-cannot-sample", func(rows []Row) { rows[0].Precision = 0.8 }},
		{"flow-exact", func(rows []Row) { rows[3].NLLGap = 0.5 }},
		{"flow-exact", func(rows []Row) { rows[3].NLLKind = NLLBound }},
		{"diffusion-evals", func(rows []Row) { rows[4].Evals = 50 }},
		{"fast-samplers", func(rows []Row) { rows[4].Fast.Fast.Recall = 0.8 }},
		{"fast-samplers", func(rows []Row) { rows[4].Fast.Fast.Evals = 100 }},
	}
	for _, c := range cases {
		rows := board()
		c.change(rows)
		v := judge(t, rows, c.id)
		if v.Mark != Fails || !strings.HasPrefix(v.Says, "Not") {
			t.Errorf("%s: %v, %q; want does not hold, said plainly", c.id, v.Mark, v.Says)
		}
	}
}

// The edges of the thresholds: 0.05 below the sharpest is not yet blur,
// a gap of exactly 0.2 nats is exact enough, exactly 20× fewer counts.
func TestBoardEdges(t *testing.T) {
	rows := board()
	rows[1].Precision = 0.90 // the sharpest is the GAN at 0.96
	if v := judge(t, rows, "vae-blurs"); v.Mark != Holds {
		t.Errorf("VAE 0.06 below the sharpest: %v", v.Mark)
	}
	rows[1].Precision = 0.92
	if v := judge(t, rows, "vae-blurs"); v.Mark != Fails {
		t.Errorf("VAE 0.04 below the sharpest: %v", v.Mark)
	}
	rows[3].NLLGap = 0.2
	if v := judge(t, rows, "flow-exact"); v.Mark != Holds {
		t.Errorf("gap 0.2: %v", v.Mark)
	}
	rows[4].Fast.Fast.Evals = 50
	if v := judge(t, rows, "fast-samplers"); v.Mark != Holds {
		t.Errorf("exactly 20× fewer: %v", v.Mark)
	}
}

// Rows with nothing measured, and a comparison without the subject, are
// not measured: no verdict is guessed.
func TestBoardNotMeasured(t *testing.T) {
	var rows []Row
	for _, f := range []string{"ae", "vae", "gan", "flow", "diffusion"} {
		rows = append(rows, NewRow(f, f))
	}
	for _, v := range Board(rows) {
		if v.Mark != NotMeasured {
			t.Errorf("%s on an empty board: %v", v.Claim.ID, v.Mark)
		}
	}
	only := board()[:2]
	if v := judge(t, only, "gan-drops-modes"); v.Mark != NotMeasured || !strings.Contains(v.Says, "No gan") {
		t.Errorf("without a GAN: %v %q", v.Mark, v.Says)
	}
}

func TestFlowMatchingRule(t *testing.T) {
	rows := board()
	fm := NewRow("flowmatch", "Flow matching")
	fm.Precision, fm.Recall, fm.Evals = 0.93, 0.92, 10
	rows = append(rows, fm)
	if v := judge(t, rows, "flow-matching-few-steps"); v.Mark != Holds {
		t.Errorf("FM at 10 evals within 0.02: %v %q", v.Mark, v.Says)
	}
	rows[5].Evals = 40
	if v := judge(t, rows, "flow-matching-few-steps"); v.Mark != Fails {
		t.Errorf("FM at 40 evals: %v", v.Mark)
	}
}

func TestSort(t *testing.T) {
	rows := board()
	rows[3].Recall = math.NaN()
	Sort(rows, "recall", false)
	got := []string{}
	for _, r := range rows {
		got = append(got, r.Family)
	}
	if want := "diffusion vae gan ae flow"; strings.Join(got, " ") != want {
		t.Errorf("by recall: %v, want %s (unmeasured last)", got, want)
	}
	Sort(rows, "recall", true)
	if rows[0].Family != "ae" || rows[4].Family != "flow" {
		t.Errorf("by recall reversed: first %s last %s", rows[0].Family, rows[4].Family)
	}
	Sort(rows, "mmd2", false) // none measured: by name
	if rows[0].Family != "ae" || rows[1].Family != "diffusion" {
		t.Errorf("unmeasured column: %s %s", rows[0].Family, rows[1].Family)
	}
	Sort(rows, "evals", false) // lower is better
	if rows[4].Family != "diffusion" {
		t.Errorf("by evals: last %s", rows[4].Family)
	}
}

func TestCSV(t *testing.T) {
	rows := board()
	recs, err := csv.NewReader(strings.NewReader(string(CSV(rows)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+len(rows) || len(recs[0]) != len(Columns)+1 {
		t.Fatalf("%d lines of %d fields", len(recs), len(recs[0]))
	}
	col := func(key string) int {
		for i, k := range recs[0] {
			if k == key {
				return i
			}
		}
		t.Fatalf("no column %s", key)
		return -1
	}
	if got := recs[4][col("nll")] + " " + recs[4][col("nll_kind")]; got != "2.7 exact" {
		t.Errorf("flow's NLL %q", got)
	}
	if got := recs[1][col("nll")] + "|" + recs[1][col("nll_kind")]; got != "|none" {
		t.Errorf("AE's NLL %q, want empty and none", got)
	}
	if got := recs[5][col("evals")]; got != "1000" {
		t.Errorf("diffusion evals %q", got)
	}
	if got := recs[3][col("time_to_pr")]; got != "" {
		t.Errorf("time to P,R of a run that did not reach it: %q", got)
	}
}
