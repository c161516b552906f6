package vocab

import "testing"

// TestTable checks that every name is listed once with a label and help.
func TestTable(t *testing.T) {
	names := []string{Precision, Recall, ModesCaptured, ModesTotal, HighQuality, Density, Coverage, MMD2,
		NLL, NLLBound, NLLGap, MsPerSample, StepsPerSec, FD, ClassCoverage, BPD, BPDBound}
	seen := map[string]int{}
	for _, m := range Table {
		seen[m.Name]++
		if m.Label == "" || m.Help == "" {
			t.Errorf("%s: empty label or help", m.Name)
		}
	}
	for _, n := range names {
		if seen[n] != 1 {
			t.Errorf("%s listed %d times", n, seen[n])
		}
	}
	if len(Table) != len(names) {
		t.Errorf("Table has %d entries, %d names", len(Table), len(names))
	}
	if Label("nope") != "nope" || Label(MMD2) != "MMD²" {
		t.Errorf("Label: %q %q", Label("nope"), Label(MMD2))
	}
}
