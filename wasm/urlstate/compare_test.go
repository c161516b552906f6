package urlstate

import (
	"genplay/models/registry"
	"strings"
	"testing"
)

func TestCompareRoundTrip(t *testing.T) {
	s := Default()
	s.Spec.Data, s.Spec.Seed, s.Spec.Steps = "25gaussians", 7, 500
	s.Compare = Compare{On: true, Families: "vae,gan", Budget: BudgetTime, Seconds: 20}
	q := Encode(s)
	if !strings.Contains(q, "view=compare&fams=vae%2Cgan&budget=time&secs=20") && !strings.Contains(q, "view=compare&fams=vae,gan&budget=time&secs=20") {
		t.Errorf("Encode = %q, want the compare keys", q)
	}
	got, notices := Decode(q)
	if len(notices) > 0 {
		t.Errorf("notices %v", notices)
	}
	if got.Compare != s.Compare || got.Spec.Data != s.Spec.Data || got.Spec.Steps != 500 || got.Spec.Seed != 7 {
		t.Errorf("Decode(Encode) = %+v, want %+v", got, s)
	}
	if q := Encode(Default()); strings.Contains(q, "view") || strings.Contains(q, "fams") {
		t.Errorf("the default state names the compare keys: %q", q)
	}
}

func TestCompareFamilies(t *testing.T) {
	got, notices := Decode("v=1&view=compare&fams=gan,nope,ae,gan&d=8gaussians&s=1")
	if !got.Compare.On || got.Compare.Families != "ae,gan" {
		t.Errorf("Compare = %+v, want on with ae,gan in registry order, each once", got.Compare)
	}
	if len(notices) != 1 || notices[0].Key != KeyFamilies || !strings.Contains(notices[0].Message, "nope") {
		t.Errorf("notices %v, want one about nope", notices)
	}
	all, _ := Decode("v=1&view=compare&fams=" + strings.ReplaceAll(familyList(), " ", ""))
	if all.Compare.Families != "" || len(all.Compare.FamilyList()) != len(registry.Families()) {
		t.Errorf("every family: %+v, want the empty list that means all", all.Compare)
	}
	bad, notices := Decode("v=1&view=both&budget=forever")
	if bad.Compare.On || bad.Compare.Budget != "" || len(notices) != 2 {
		t.Errorf("bad view and budget: %+v, %v", bad.Compare, notices)
	}
}
