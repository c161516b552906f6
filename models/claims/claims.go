package claims

import (
	"fmt"
	"math"
	"strconv"
)

// Mark is a cell's verdict.
type Mark int

const (
	// NotMeasured: the numbers the rule reads are not there yet (or the
	// family is not in the comparison).
	NotMeasured Mark = iota
	// Holds: the rule holds on the scoreboard.
	Holds
	// Fails: the rule does not hold here; the data contradict the claim.
	Fails
	// Context: a number of another family that the rule compares with.
	Context
)

// String returns the mark's word for people and CSS: "holds", "fails",
// "not measured yet", "context".
func (m Mark) String() string {
	switch m {
	case Holds:
		return "holds"
	case Fails:
		return "does not hold here"
	case Context:
		return "context"
	}
	return "not measured yet"
}

// Class is the mark's one-word name for CSS and tests.
func (m Mark) Class() string {
	switch m {
	case Holds:
		return "holds"
	case Fails:
		return "fails"
	case Context:
		return "context"
	}
	return "unmeasured"
}

// Cell is one family's cell of a claim's row.
type Cell struct {
	Family string
	Text   string // the number the verdict reads, for people
	Mark   Mark
}

// Verdict is a claim judged on a scoreboard: the claim's mark (its
// subject family's), one cell per row of the scoreboard, and a sentence
// that says what the numbers show, plainly where they contradict it.
type Verdict struct {
	Claim Claim
	Mark  Mark
	Cells []Cell
	Says  string
}

// Claim is one claim of the literature and the rule that checks it.
type Claim struct {
	ID      string // "gan-drops-modes"
	Title   string // "GANs drop modes"
	Rule    string // the rule in words
	Subject string // the family the claim is about
	Panel   string // the single view's panel that shows it
	judge   func(c Claim, rows []Row) Verdict
}

// Judge checks the claim on the scoreboard rows.
func (c Claim) Judge(rows []Row) Verdict { return c.judge(c, rows) }

// The thresholds of the rules.
const (
	// blurMargin: a VAE blurs when its precision is this far below the
	// sharpest family's.
	blurMargin = 0.05
	// sampleGap: an autoencoder cannot sample when its precision is this
	// far below the best family's.
	sampleGap = 0.2
	// exactGap: an exact likelihood of a good model is within this many
	// nats of the data's entropy.
	exactGap = 0.2
	// fastMargin and fastFactor: a faster sampler reaches within
	// fastMargin of the default sampler's precision and recall with
	// fastFactor times fewer evaluations.
	fastMargin = 0.05
	fastFactor = 20
	// fewSteps: flow matching samples well in at most this many
	// evaluations.
	fewSteps = 20
)

// Table is the one table of claims, in the order the board shows them.
var Table = []Claim{
	{ID: "gan-drops-modes", Title: "GANs drop modes", Subject: "gan", Panel: "samples",
		Rule: "the GAN misses a mode of the mixture, or its recall is the lowest of all families", judge: judgeGAN},
	{ID: "vae-blurs", Title: "VAEs blur", Subject: "vae", Panel: "samples",
		Rule: "the VAE's precision is at least 0.05 below the sharpest family's", judge: judgeVAE},
	{ID: "ae-cannot-sample", Title: "Autoencoders cannot sample", Subject: "ae", Panel: "prior",
		Rule: "the AE's samples from random codes have a precision at least 0.2 below the best family's", judge: judgeAE},
	{ID: "flow-exact", Title: "A flow's likelihood is exact", Subject: "flow", Panel: "latent",
		Rule: "the flow's NLL is exact and within 0.2 nats of the data's entropy", judge: judgeFlow},
	{ID: "diffusion-evals", Title: "Diffusion pays in evaluations", Subject: "diffusion", Panel: "reverse",
		Rule: "diffusion's network evaluations per sample equal its T, and exceed every one-pass family's", judge: judgeDiffusion},
	{ID: "fast-samplers", Title: "Faster samplers cut the cost", Subject: "diffusion", Panel: "samplers",
		Rule: "DDIM-k reaches within 0.05 of DDPM's precision and recall with at least 20× fewer evaluations", judge: judgeFast},
	{ID: "flow-matching-few-steps", Title: "Flow matching needs few ODE steps", Subject: "flowmatch", Panel: "samples",
		Rule: "flow matching reaches within 0.05 of diffusion's precision and recall in at most 20 evaluations", judge: judgeFM},
}

// Board judges every claim of Table on rows.
func Board(rows []Row) []Verdict {
	out := make([]Verdict, len(Table))
	for i, c := range Table {
		out[i] = c.Judge(rows)
	}
	return out
}

// find returns the row of family, or nil.
func find(rows []Row, family string) *Row {
	for i := range rows {
		if rows[i].Family == family {
			return &rows[i]
		}
	}
	return nil
}

// verdict returns the claim's verdict with one cell per row: the subject's
// cell marked m, the others Context; text formats a row's cell. A missing
// subject is NotMeasured with says explaining so.
func verdict(c Claim, rows []Row, m Mark, text func(Row) string, says string) Verdict {
	v := Verdict{Claim: c, Mark: m, Says: says}
	if find(rows, c.Subject) == nil {
		v.Mark, v.Says = NotMeasured, "No "+c.Subject+" model is in the comparison."
	}
	for _, r := range rows {
		cell := Cell{Family: r.Family, Text: text(r), Mark: Context}
		if r.Family == c.Subject {
			cell.Mark = v.Mark
		}
		v.Cells = append(v.Cells, cell)
	}
	return v
}

func f3(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}

// best returns the row other than skip with the highest value of f, or nil
// when none is measured.
func best(rows []Row, skip string, f func(Row) float64) *Row {
	var b *Row
	for i := range rows {
		if rows[i].Family == skip || math.IsNaN(f(rows[i])) {
			continue
		}
		if b == nil || f(rows[i]) > f(*b) {
			b = &rows[i]
		}
	}
	return b
}

func precision(r Row) float64 { return r.Precision }
func recall(r Row) float64    { return r.Recall }

func judgeGAN(c Claim, rows []Row) Verdict {
	text := func(r Row) string {
		if r.Modes >= 0 {
			return fmt.Sprintf("%d/%d modes, R %s", r.Modes, r.ModesTotal, f3(r.Recall))
		}
		return "R " + f3(r.Recall)
	}
	g := find(rows, "gan")
	if g == nil || math.IsNaN(g.Recall) {
		return verdict(c, rows, NotMeasured, text, "The GAN has no scored sample yet.")
	}
	lowest := true
	for _, r := range rows {
		if r.Family != "gan" && !math.IsNaN(r.Recall) && r.Recall < g.Recall {
			lowest = false
		}
	}
	missing := g.Modes >= 0 && g.Modes < g.ModesTotal
	switch {
	case missing:
		return verdict(c, rows, Holds, text, fmt.Sprintf("The GAN captured %d of %d modes.", g.Modes, g.ModesTotal))
	case lowest:
		return verdict(c, rows, Holds, text, fmt.Sprintf("The GAN's recall %s is the lowest of the families.", f3(g.Recall)))
	}
	s := fmt.Sprintf("Not here: the GAN's recall %s is not the lowest", f3(g.Recall))
	if g.Modes >= 0 {
		s += fmt.Sprintf(" and it captured all %d modes", g.ModesTotal)
	}
	return verdict(c, rows, Fails, text, s+".")
}

func judgeVAE(c Claim, rows []Row) Verdict {
	text := func(r Row) string { return "P " + f3(r.Precision) }
	v, b := find(rows, "vae"), best(rows, "vae", precision)
	if v == nil || math.IsNaN(v.Precision) || b == nil {
		return verdict(c, rows, NotMeasured, text, "The VAE or the other families have no scored sample yet.")
	}
	if v.Precision < b.Precision-blurMargin {
		return verdict(c, rows, Holds, text, fmt.Sprintf("The VAE's precision %s is %s below the sharpest family's (%s, %s).",
			f3(v.Precision), f3(b.Precision-v.Precision), b.Family, f3(b.Precision)))
	}
	return verdict(c, rows, Fails, text, fmt.Sprintf("Not here: the VAE's precision %s is within %.2f of the sharpest family's (%s, %s).",
		f3(v.Precision), blurMargin, b.Family, f3(b.Precision)))
}

func judgeAE(c Claim, rows []Row) Verdict {
	text := func(r Row) string { return "P " + f3(r.Precision) }
	a, b := find(rows, "ae"), best(rows, "ae", precision)
	if a == nil || math.IsNaN(a.Precision) || b == nil {
		return verdict(c, rows, NotMeasured, text, "The AE or the other families have no scored sample yet.")
	}
	if a.Precision <= b.Precision-sampleGap {
		return verdict(c, rows, Holds, text, fmt.Sprintf("Decoding random codes, the AE reaches precision %s against %s for %s.",
			f3(a.Precision), f3(b.Precision), b.Family))
	}
	return verdict(c, rows, Fails, text, fmt.Sprintf("Not here: the AE's random codes reach precision %s, within %.1f of the best (%s, %s).",
		f3(a.Precision), sampleGap, b.Family, f3(b.Precision)))
}

func judgeFlow(c Claim, rows []Row) Verdict {
	text := func(r Row) string {
		if r.NLLKind == NLLNone || math.IsNaN(r.NLL) {
			return "no likelihood"
		}
		if math.IsNaN(r.NLLGap) {
			return "NLL " + f3(r.NLL) + " " + r.NLLKind
		}
		return "gap " + f3(r.NLLGap) + " " + r.NLLKind
	}
	f := find(rows, "flow")
	if f == nil || math.IsNaN(f.NLLGap) {
		return verdict(c, rows, NotMeasured, text, "The flow's NLL or the data's entropy is not measured yet.")
	}
	if f.NLLKind == NLLExact && f.NLLGap <= exactGap {
		return verdict(c, rows, Holds, text, fmt.Sprintf("The flow's exact NLL is %s nats above the data's entropy.", f3(f.NLLGap)))
	}
	if f.NLLKind != NLLExact {
		return verdict(c, rows, Fails, text, "Not here: the flow's likelihood is reported as "+f.NLLKind+".")
	}
	return verdict(c, rows, Fails, text, fmt.Sprintf("Not yet here: the flow's exact NLL is %s nats above the data's entropy, over %.1f.", f3(f.NLLGap), exactGap))
}

func judgeDiffusion(c Claim, rows []Row) Verdict {
	text := func(r Row) string {
		if r.Evals <= 0 {
			return "–"
		}
		if r.T > 0 {
			return fmt.Sprintf("%d evals (T = %d)", r.Evals, r.T)
		}
		if r.Evals == 1 {
			return "1 eval"
		}
		return fmt.Sprintf("%d evals", r.Evals)
	}
	d := find(rows, "diffusion")
	if d == nil || d.Evals <= 0 {
		return verdict(c, rows, NotMeasured, text, "Diffusion's evaluations per sample are not known yet.")
	}
	most := 0
	for _, r := range rows {
		if r.Family != "diffusion" && r.Evals > most {
			most = r.Evals
		}
	}
	if d.T > 0 && d.Evals == d.T && d.Evals > most {
		return verdict(c, rows, Holds, text, fmt.Sprintf("A diffusion sample costs %d network evaluations (T = %d), the others at most %d.", d.Evals, d.T, most))
	}
	return verdict(c, rows, Fails, text, fmt.Sprintf("Not here: a diffusion sample costs %d evaluations with T = %d; the others at most %d.", d.Evals, d.T, most))
}

func judgeFast(c Claim, rows []Row) Verdict {
	text := func(r Row) string {
		if r.Fast == nil {
			return "–"
		}
		p := r.Fast
		return fmt.Sprintf("%s: %d evals, P %s R %s; %s: %d, P %s R %s", p.Slow.Name, p.Slow.Evals, f3(p.Slow.Precision), f3(p.Slow.Recall),
			p.Fast.Name, p.Fast.Evals, f3(p.Fast.Precision), f3(p.Fast.Recall))
	}
	d := find(rows, "diffusion")
	if d == nil || d.Fast == nil || math.IsNaN(d.Fast.Fast.Precision) || math.IsNaN(d.Fast.Slow.Precision) {
		return verdict(c, rows, NotMeasured, text, "The two samplers have not been compared yet (the DDPM vs DDIM panel measures them).")
	}
	p := d.Fast
	dp, dr := p.Slow.Precision-p.Fast.Precision, p.Slow.Recall-p.Fast.Recall
	factor := float64(p.Slow.Evals) / float64(max(p.Fast.Evals, 1))
	if dp <= fastMargin && dr <= fastMargin && factor >= fastFactor {
		return verdict(c, rows, Holds, text, fmt.Sprintf("%s is within %.2f of %s's precision and recall with %.0f× fewer evaluations.", p.Fast.Name, fastMargin, p.Slow.Name, factor))
	}
	return verdict(c, rows, Fails, text, fmt.Sprintf("Not here: %s is %s below in precision and %s in recall at %.0f× fewer evaluations.", p.Fast.Name, f3(dp), f3(dr), factor))
}

func judgeFM(c Claim, rows []Row) Verdict {
	text := func(r Row) string {
		if r.Evals <= 0 {
			return "–"
		}
		unit := "evals"
		if r.Evals == 1 {
			unit = "eval"
		}
		return fmt.Sprintf("%d %s, P %s R %s", r.Evals, unit, f3(r.Precision), f3(r.Recall))
	}
	f, d := find(rows, "flowmatch"), find(rows, "diffusion")
	if f == nil {
		return verdict(c, rows, NotMeasured, func(Row) string { return "–" }, "No flow-matching model is in the comparison.")
	}
	if d == nil || math.IsNaN(f.Precision) || math.IsNaN(d.Precision) || f.Evals <= 0 {
		return verdict(c, rows, NotMeasured, text, "Flow matching or diffusion has no scored sample yet.")
	}
	if f.Evals <= fewSteps && d.Precision-f.Precision <= fastMargin && d.Recall-f.Recall <= fastMargin {
		return verdict(c, rows, Holds, text, fmt.Sprintf("Flow matching reaches P %s R %s in %d evaluations.", f3(f.Precision), f3(f.Recall), f.Evals))
	}
	return verdict(c, rows, Fails, text, fmt.Sprintf("Not here: flow matching reaches P %s R %s in %d evaluations against diffusion's P %s R %s.",
		f3(f.Precision), f3(f.Recall), f.Evals, f3(d.Precision), f3(d.Recall)))
}
