package urlstate

import (
	"html"
	"slices"
	"strconv"
	"strings"

	"genplay/models/registry"
)

// Compare is the state of the Compare view: every family picked, trained
// side by side on the State's data set from its seed, to its Steps under
// the equal-steps budget.
type Compare struct {
	// On shows the Compare view rather than the single model's.
	On bool
	// Families are the families compared, comma-separated in the order of
	// registry.Families; "" means all of them.
	Families string
	// Budget is BudgetSteps (every family trains the same number of
	// steps) or BudgetTime (the same wall-clock seconds).
	Budget string
	// Seconds is the wall-clock budget of BudgetTime.
	Seconds int
}

// The budgets of the Compare view.
const (
	BudgetSteps = "steps"
	BudgetTime  = "time"
)

// The keys of the Compare view.
const (
	KeyView     = "view"
	KeyFamilies = "fams"
	KeyBudget   = "budget"
	KeySeconds  = "secs"
)

// MaxSeconds bounds the wall-clock budget a link may name.
const MaxSeconds = 3600

// DefaultSeconds is the wall-clock budget of a Compare view opened without one.
const DefaultSeconds = 30

// compareFields are the key table's entries of the Compare view.
func compareFields() []field {
	return []field{
		{key: KeyView,
			get: func(s *State) string {
				if s.Compare.On {
					return "compare"
				}
				return "single"
			},
			set: func(s *State, raw string) string {
				switch raw {
				case "compare", "single":
					s.Compare.On = raw == "compare"
					return ""
				}
				return "is not single or compare"
			}},
		{key: KeyFamilies,
			get: func(s *State) string { return s.Compare.Families },
			set: func(s *State, raw string) string {
				fams, why := ParseFamilies(raw)
				s.Compare.Families = strings.Join(fams, ",")
				if len(fams) == len(registry.Families()) {
					s.Compare.Families = ""
				}
				return why
			}},
		{key: KeyBudget,
			get: func(s *State) string {
				if s.Compare.Budget == "" {
					return BudgetSteps
				}
				return s.Compare.Budget
			},
			set: func(s *State, raw string) string {
				if raw != BudgetSteps && raw != BudgetTime {
					return "is not steps or time"
				}
				s.Compare.Budget = raw
				return ""
			}},
		intField(KeySeconds, 1, MaxSeconds, func(s *State) *int { return &s.Compare.Seconds }),
	}
}

// ParseFamilies reads a comma-separated list of families: it returns the
// known ones in the order of registry.Families, each once, and why it
// dropped any ("" if none). An empty list, or one without a known family,
// means all of them.
func ParseFamilies(raw string) ([]string, string) {
	var names, unknown []string
	asked := strings.Split(raw, ",")
	for _, f := range registry.Families() {
		names = append(names, f.Name)
	}
	var out []string
	for _, n := range names {
		if slices.Contains(asked, n) {
			out = append(out, n)
		}
	}
	for _, a := range asked {
		if a != "" && !slices.Contains(names, a) {
			unknown = append(unknown, a)
		}
	}
	why := ""
	if len(unknown) > 0 {
		why = "names no model family in " + strings.Join(unknown, ", ") + " (" + strings.Join(names, ", ") + ")"
	}
	if len(out) == 0 {
		out = names
	}
	return out, why
}

// FamilyList returns the families compared.
func (c Compare) FamilyList() []string {
	fams, _ := ParseFamilies(c.Families)
	return fams
}

// The Compare view's embed code's iframe size, in CSS pixels. Embed mode
// shows the grid and the claims board (web/compare.css, .compare-embed):
// at 980 px wide the grid holds four tiles of about 225 px a row, so six
// families take two rows of about 330 px (the square plot, the stats, the
// sparkline and the badge); with the embed bar (about 37 px) and the
// claims board's head and seven rows (about 480 px) that is about 1180 px.
const (
	CompareEmbedWidth  = 980
	CompareEmbedHeight = 1180
)

// CompareEmbedCode returns the HTML of an iframe that shows the Compare
// view of s in embed mode, as EmbedCode does for the single view, in an
// iframe of CompareEmbedWidth × CompareEmbedHeight.
func CompareEmbedCode(pageURL string, s State) string {
	base, _, _ := strings.Cut(pageURL, "#")
	src := base + "#" + Encode(Embed(s))
	return `<iframe src="` + html.EscapeString(src) + `" width="` + strconv.Itoa(CompareEmbedWidth) +
		`" height="` + strconv.Itoa(CompareEmbedHeight) + `" style="border:0" loading="lazy" title="genplay: compare"></iframe>`
}
