package ui

import (
	"math"
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/claims"
	"genplay/models/metrics"
	"genplay/models/registry"
	"genplay/wasm/protocol"
	"genplay/wasm/urlstate"
)

// newComparePage opens a page at query whose Compare sessions get fake
// workers, returned by family.
func newComparePage(t *testing.T, query string) (*Page, map[string]*fakeWorker, *fakeHost) {
	t.Helper()
	p, _, _, h := newTestPage(t, query)
	workers := map[string]*fakeWorker{}
	p.Spawn = func(cfg SessionConfig) *Session {
		w := &fakeWorker{}
		workers[strings.TrimSuffix(strings.TrimPrefix(cfg.ID, "cmp-"), "-")] = w
		cfg.Worker = w
		return NewSession(cfg)
	}
	p.Start()
	return p, workers, h
}

// A compare link starts every family on its data set and seed, each
// trained to the link's step in a worker of its own; the main session
// stays at step 0; the address bar keeps the compare link.
func TestCompareLink(t *testing.T) {
	p, workers, h := newComparePage(t, "v=1&view=compare&d=moons&s=9&n=250")
	if !p.comparing() || len(p.cmp.tiles) != len(registry.Families()) {
		t.Fatalf("comparing %v with %d tiles, want every family", p.comparing(), len(p.cmp.tiles))
	}
	for _, f := range registry.Families() {
		w := workers[f.Name]
		if w == nil {
			t.Fatalf("no worker for %s", f.Name)
		}
		last := w.sent[len(w.sent)-1]
		if last.Op != protocol.KindPlay || last.Until != 250 || last.Spec.Family != f.Name || last.Spec.Data != "moons" || last.Spec.Seed != 9 {
			t.Errorf("%s's worker was sent %+v, want play to 250 on moons seed 9", f.Name, last)
		}
	}
	if p.Sessions[0].until != 0 {
		t.Errorf("the main session trains to %d, want 0", p.Sessions[0].until)
	}
	p.syncURL()
	if st, _ := urlstate.Decode(h.query); !st.Compare.On || st.Spec.Data != "moons" || st.Spec.Steps != 250 {
		t.Errorf("address bar %q, want the compare link at step 250", h.query)
	}
}

// The transport acts on every tile; the equal-steps budget is the
// play's Until.
func TestCompareTransport(t *testing.T) {
	p, workers, _ := newComparePage(t, "v=1&view=compare&fams=gan,diffusion")
	if len(p.cmp.tiles) != 2 {
		t.Fatalf("%d tiles, want gan and diffusion", len(p.cmp.tiles))
	}
	p.cmp.SetAmount("40")
	p.Key(" ")
	for name, w := range workers {
		if c := w.sent[len(w.sent)-1]; c.Op != protocol.KindPlay || c.Until != 40 {
			t.Errorf("%s: %+v after space, want play to 40", name, c)
		}
	}
	p.Key(" ")
	p.Key("ArrowRight")
	for name, w := range workers {
		n := len(w.sent)
		if w.sent[n-2].Op != protocol.KindPause || w.sent[n-1].Op != protocol.KindStep {
			t.Errorf("%s: %v then %v, want pause then step", name, w.sent[n-2].Op, w.sent[n-1].Op)
		}
	}
	p.cmp.SetAmount("zero")
	if p.cmp.budget != 40 || !strings.Contains(p.cmp.info, "not a budget") {
		t.Errorf("a bad budget: %d, %q", p.cmp.budget, p.cmp.info)
	}
}

// The scoreboard reads each tile's metrics; the claims board reads the
// scoreboard; a tile opens in the single view and comes back intact.
func TestCompareScoreboard(t *testing.T) {
	p, _, _ := newComparePage(t, "v=1&view=compare&fams=gan,diffusion")
	prog := func(fam string, step int, stats ...protocol.Stat) protocol.Progress {
		return protocol.Progress{Spec: registrySpec(fam), Dim: 2, Step: step, StepsPerSec: 100, Terms: []string{"total"}, Losses: []float32{1}, Metrics: stats}
	}
	gan, dif := p.cmp.tiles[0], p.cmp.tiles[1]
	gan.s.Apply(prog("gan", 1, protocol.Stat{Name: metrics.Precision, Value: 0.95}, protocol.Stat{Name: metrics.Recall, Value: 0.6},
		protocol.Stat{Name: metrics.ModesCaptured, Value: 5}, protocol.Stat{Name: metrics.ModesTotal, Value: 8}))
	dif.s.Apply(prog("diffusion", 1, protocol.Stat{Name: metrics.Precision, Value: 0.92}, protocol.Stat{Name: metrics.Recall, Value: 0.93},
		protocol.Stat{Name: metrics.NLLBound, Value: 3.2}))
	p.cmp.BeforeBuild()
	rows := p.cmp.boardRows()
	if rows[0].Modes != 5 || rows[0].NLLKind != claims.NLLNone || rows[1].NLLKind != claims.NLLBound || rows[1].Evals != 1000 || rows[1].T != 1000 || rows[0].Evals != 1 {
		t.Errorf("rows %+v", rows)
	}
	if rows[1].StepToPR != 1 || math.IsNaN(rows[1].TimeToPR) || rows[0].StepToPR != -1 {
		t.Errorf("time to P,R ≥ 0.9: gan %d, diffusion %d %v", rows[0].StepToPR, rows[1].StepToPR, rows[1].TimeToPR)
	}
	for _, v := range p.cmp.verdicts() {
		switch v.Claim.ID {
		case "gan-drops-modes", "diffusion-evals":
			if v.Mark != claims.Holds {
				t.Errorf("%s: %v (%s)", v.Claim.ID, v.Mark, v.Says)
			}
		}
	}
	p.cmp.Open(gan)
	if p.comparing() || p.Main() != gan.s || len(p.shownSessions()) != 1 || p.compareLabel() != "← Compare" {
		t.Errorf("an open tile is not the single view's session")
	}
	p.ToggleCompare()
	if !p.comparing() || p.Main() != p.Sessions[0] || gan.s.step != 1 {
		t.Errorf("back in the grid: comparing %v, GAN at step %d", p.comparing(), gan.s.step)
	}
	p.ToggleCompare()
	if p.comparing() {
		t.Errorf("the Compare button did not go back to the single view")
	}
}

func registrySpec(fam string) models.Spec {
	return models.Spec{Family: fam, Data: "8gaussians", Seed: 1}
}

// Measure DDPM vs DDIM shows diffusion's samplers panel in its tile; the
// panel's figure fills the faster-samplers claim.
func TestCompareSamplers(t *testing.T) {
	p, workers, _ := newComparePage(t, "v=1&view=compare&fams=gan,diffusion")
	dif := p.cmp.tiles[1]
	caps := []protocol.Capability{protocol.CapChain, protocol.SamplerCap(protocol.SamplerDDPM), protocol.SamplerCap(protocol.SamplerDDIM)}
	dif.s.Apply(protocol.Progress{Spec: registrySpec("diffusion"), Dim: 2, Step: 5, Caps: caps})
	p.cmp.MeasureSamplers()
	if dif.s.view.Panel != protocol.PanelSamplers {
		t.Fatalf("diffusion's tile shows %q, want the samplers panel", dif.s.view.Panel)
	}
	if w := workers["gan"]; len(w.sent) > 0 && w.sent[len(w.sent)-1].Op == protocol.KindView {
		t.Errorf("the GAN, which has no such panel, was sent %+v", w.sent[len(w.sent)-1])
	}
	st := func(name string, v float64) protocol.Stat { return protocol.Stat{Name: name, Value: v} }
	dif.s.Apply(protocol.Figure{Panel: protocol.PanelSamplers, Step: 5, Stats: []protocol.Stat{
		st(protocol.StatFirstEvals, 1000), st(protocol.StatSecondEvals, 20),
		st(protocol.StatFirstPrecision, 0.95), st(protocol.StatFirstRecall, 0.94),
		st(protocol.StatSecondPrecision, 0.93), st(protocol.StatSecondRecall, 0.92)}})
	for _, v := range p.cmp.verdicts() {
		if v.Claim.ID == "fast-samplers" && (v.Mark != claims.Holds || !strings.Contains(v.Says, "50×")) {
			t.Errorf("fast samplers: %v %q", v.Mark, v.Says)
		}
	}
}
