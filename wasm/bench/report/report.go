// Package report turns the measurements of genplay's `make bench` into its
// one markdown table: one row per benchmark and place it ran, one column
// per competitor, then genplay's ratios to each and the targets.
// It is pure: ../cmd/benchtable does the measuring.
package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"genplay/wasm/bench/gobench"
)

// Measurement is one competitor's result on one case, in one place and one
// round.
type Measurement struct {
	Case  string `json:"case"`  // e.g. "GEMM 256³"
	Env   string `json:"env"`   // "native", "node" or "chromium"
	Impl  string `json:"impl"`  // "genplay", "blas32", "naive", "tfjs-wasm", "tfjs-cpu", "torch"
	Round int    `json:"round"` // from 1
	gobench.Result
}

// Target is one of the goals for genplay in one row: Value ≥ Min
// when Against is "", else Value / Against's value ≥ Min.
type Target struct {
	Case, Env string
	Against   string
	Min       float64
}

// Impls are the competitors, in column order, with their column titles
// and the short names of the ratio columns.
var Impls = []struct{ Name, Title, Short string }{
	{"genplay", "genplay", "genplay"},
	{"blas32", "gonum blas32", "blas32"},
	{"naive", "naive i-j-k", "naive"},
	{"tfjs-wasm", "TF.js wasm-SIMD", "TF.js wasm"},
	{"tfjs-cpu", "TF.js cpu", "TF.js cpu"},
	{"torch", "PyTorch CPU", "torch"},
}

// Legend explains the columns; Markdown prints it under the table.
const Legend = "Columns: each competitor's value (median over rounds); spread = (max − min)/median of genplay's windows over all rounds; " +
	"IQR = interquartile range of genplay's round values / their median; " +
	"÷ X = median over rounds of genplay's value / X's value in the same round, [first–third quartile] with two rounds or more; " +
	"÷ native = genplay here / genplay natively."

// Envs are the places, in row order.
var Envs = []string{"native", "node", "chromium"}

// Stat summarises one competitor in one row over all rounds.
type Stat struct {
	Value   float64         // median over rounds of each round's median
	Spread  float64         // (max − min)/median over every window of every round
	IQR     float64         // (third − first quartile)/median of the rounds' values
	Rounds  int             // rounds with a value
	ByRound map[int]float64 // each round's value, by round number
}

// Row is one case in one place.
type Row struct {
	Case, Env, Unit string
	Stats           map[string]Stat // by Impl; absent competitors are missing
	Errors          []string
}

// Table is the summary of a run.
type Table struct {
	Rows    []Row
	Targets []Target
	Notes   []string // printed under the table
}

// Build summarises ms into rows: cases in the order given (cases absent
// from ms are left out), places in Envs order. Measurements with an error
// are listed in the row's Errors and left out of its statistics, and so
// are training results whose loss did not drop.
func Build(ms []Measurement, cases []string, targets []Target) *Table {
	t := &Table{Targets: targets}
	for _, c := range cases {
		for _, e := range Envs {
			row := Row{Case: c, Env: e, Stats: map[string]Stat{}}
			found := false
			for _, im := range Impls {
				var values, samples []float64
				byRound := map[int]float64{}
				for _, m := range ms {
					if m.Case != c || m.Env != e || m.Impl != im.Name {
						continue
					}
					found = true
					if m.Unit != "" {
						row.Unit = m.Unit
					}
					switch {
					case m.Error != "":
						row.Errors = append(row.Errors, fmt.Sprintf("%s round %d: %s", im.Name, m.Round, firstLine(m.Error)))
						continue
					case m.Unit == "steps/s" && !(m.LossLast < m.LossFirst):
						row.Errors = append(row.Errors, fmt.Sprintf("%s round %d: loss did not drop (%g → %g)", im.Name, m.Round, m.LossFirst, m.LossLast))
						continue
					}
					values = append(values, m.Value)
					samples = append(samples, m.Samples...)
					byRound[m.Round] = m.Value
				}
				if len(values) > 0 {
					med := gobench.Median(values)
					q1, q3 := Quartiles(values)
					row.Stats[im.Name] = Stat{Value: med, Spread: (slices.Max(samples) - slices.Min(samples)) / med,
						IQR: (q3 - q1) / med, Rounds: len(values), ByRound: byRound}
				}
			}
			if found {
				t.Rows = append(t.Rows, row)
			}
		}
	}
	return t
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// ratio returns the median over rounds of genplay's value over impl's in
// the same round, or NaN when no round has both.
func (r Row) ratio(impl string) float64 {
	rs := r.pairedRatios(impl)
	if len(rs) == 0 {
		return math.NaN()
	}
	return gobench.Median(rs)
}

// pairedRatios returns genplay's value over impl's for every round that
// has both, in round order.
func (r Row) pairedRatios(impl string) []float64 {
	g, ok1 := r.Stats["genplay"]
	o, ok2 := r.Stats[impl]
	if !ok1 || !ok2 {
		return nil
	}
	var rounds []int
	for k := range g.ByRound {
		rounds = append(rounds, k)
	}
	slices.Sort(rounds)
	var rs []float64
	for _, k := range rounds {
		if ov, ok := o.ByRound[k]; ok && ov != 0 {
			rs = append(rs, g.ByRound[k]/ov)
		}
	}
	return rs
}

// Quartiles returns the first and third quartiles of xs, interpolated
// linearly between order statistics (R's type 7, NumPy's default); 0, 0
// for no values. xs is not modified.
func Quartiles(xs []float64) (q1, q3 float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	at := func(q float64) float64 {
		h := q * float64(len(s)-1)
		lo := int(math.Floor(h))
		if lo+1 >= len(s) {
			return s[lo]
		}
		return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
	}
	return at(0.25), at(0.75)
}

// native returns the row of the same case natively, if any.
func (t *Table) native(r Row) (Row, bool) {
	for _, n := range t.Rows {
		if n.Case == r.Case && n.Env == "native" {
			return n, true
		}
	}
	return Row{}, false
}

// Markdown writes the table, its target verdicts and notes.
func (t *Table) Markdown(w io.Writer) error {
	head := []string{"benchmark", "where", "unit"}
	for _, im := range Impls {
		head = append(head, im.Title)
	}
	head = append(head, "spread", "IQR")
	for _, im := range Impls[1:] {
		head = append(head, "÷ "+im.Short)
	}
	head = append(head, "÷ native", "target (issue)")
	lines := [][]string{head}
	for _, r := range t.Rows {
		cells := []string{r.Case, r.Env, r.Unit}
		for _, im := range Impls {
			cells = append(cells, value(r.Stats, im.Name))
		}
		if g, ok := r.Stats["genplay"]; ok {
			cells = append(cells, fmt.Sprintf("%.0f %%", 100*g.Spread), fmt.Sprintf("%.0f %%", 100*g.IQR))
		} else {
			cells = append(cells, "", "")
		}
		for _, im := range Impls[1:] {
			c := times(r.ratio(im.Name))
			if rs := r.pairedRatios(im.Name); len(rs) >= 2 {
				q1, q3 := Quartiles(rs)
				c += fmt.Sprintf(" [%.2f–%.2f]", q1, q3)
			}
			cells = append(cells, c)
		}
		vsNative := math.NaN()
		if n, ok := t.native(r); ok && r.Env != "native" {
			g, ok1 := r.Stats["genplay"]
			ng, ok2 := n.Stats["genplay"]
			if ok1 && ok2 {
				vsNative = g.Value / ng.Value
			}
		}
		cells = append(cells, times(vsNative), t.verdicts(r))
		lines = append(lines, cells)
	}
	if err := writeMarkdown(w, lines); err != nil {
		return err
	}
	notes := []string{Legend}
	for _, r := range t.Rows {
		for _, e := range r.Errors {
			notes = append(notes, fmt.Sprintf("ERROR %s, %s: %s", r.Case, r.Env, e))
		}
	}
	notes = append(notes, t.Notes...)
	for _, n := range notes {
		if _, err := fmt.Fprintf(w, "\n%s", n); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w)
	return err
}

// verdicts says, for each target of r, whether genplay reached it.
func (t *Table) verdicts(r Row) string {
	var out []string
	for _, tg := range t.Targets {
		if tg.Case != r.Case || tg.Env != r.Env {
			continue
		}
		got, want := math.NaN(), ""
		if tg.Against == "" {
			if g, ok := r.Stats["genplay"]; ok {
				got = g.Value
			}
			want = fmt.Sprintf("≥ %g %s", tg.Min, r.Unit)
		} else {
			got = r.ratio(tg.Against)
			want = fmt.Sprintf("≥ %g× %s", tg.Min, title(tg.Against))
		}
		verdict := "no data"
		switch {
		case math.IsNaN(got):
		case got >= tg.Min:
			verdict = "**met**"
		default:
			verdict = "missed"
		}
		out = append(out, want+": "+verdict)
	}
	return strings.Join(out, "; ")
}

func title(impl string) string {
	for _, im := range Impls {
		if im.Name == impl {
			return im.Title
		}
	}
	return impl
}

func value(stats map[string]Stat, impl string) string {
	s, ok := stats[impl]
	if !ok {
		return "–"
	}
	return num(s.Value)
}

// num prints three significant digits for values from 1 to 999.
func num(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

func times(r float64) string {
	if math.IsNaN(r) {
		return "–"
	}
	return fmt.Sprintf("%.2f×", r)
}

// writeMarkdown writes lines as a markdown table with padded columns; the
// first line is the header.
func writeMarkdown(w io.Writer, lines [][]string) error {
	width := make([]int, len(lines[0]))
	for _, l := range lines {
		for i, c := range l {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	var b strings.Builder
	row := func(l []string) {
		b.WriteString("|")
		for i, c := range l {
			b.WriteString(" " + c + strings.Repeat(" ", width[i]-len([]rune(c))) + " |")
		}
		b.WriteString("\n")
	}
	row(lines[0])
	b.WriteString("|")
	for i := range width {
		b.WriteString(strings.Repeat("-", width[i]+2) + "|")
	}
	b.WriteString("\n")
	for _, l := range lines[1:] {
		row(l)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
