package urlstate

import (
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/registry"
)

// TestLinkOverBudget opens a link whose settings each lie in their ranges
// but together need gigabytes: it opens with lowered settings within the
// budget and a notice that names them, and the link of the result opens
// as it is.
func TestLinkOverBudget(t *testing.T) {
	s, notices := Decode("?v=1&f=flow&d=mnist&n=20&c.couplings=32&c.hidden=512&c.depth=6&c.batch=1024")
	c, err := registry.Cost(s.Spec)
	if err != nil || c.Bytes() > models.DefaultBudget {
		t.Fatalf("the decoded Spec %s costs %d (%v), over the budget", s.Spec.Config, c.Bytes(), err)
	}
	if len(notices) != 1 || !strings.Contains(notices[0].Message, "memory budget") || !strings.Contains(notices[0].Message, "c.couplings=32") {
		t.Errorf("notices %v, want one about the memory budget naming c.couplings=32", notices)
	}
	t.Logf("%s: %v", s.Spec.Config, notices)
	again, notices := Decode(Encode(s))
	if len(notices) != 0 || string(again.Spec.Config) != string(s.Spec.Config) {
		t.Errorf("the fitted link reopens as %s with %v, want %s and no notices", again.Spec.Config, notices, s.Spec.Config)
	}
	// A link within the budget is untouched.
	if _, notices := Decode("?v=1&f=flow&d=mnist&c.couplings=8&c.hidden=128&c.batch=64&c.mask=checkerboard"); len(notices) != 0 {
		t.Errorf("a link within the budget: %v", notices)
	}
}
