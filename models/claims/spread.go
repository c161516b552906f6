package claims

// The scoreboard over several runs (training seeds): each cell's mean ±
// sd, the board judged on the means, and for how many runs each claim
// holds, as genplay compare -seeds reports them natively.
//
// Notation:
//
//	S      runs, one scoreboard each: runs[s][f] is family f's row of run s
//	x_s    one column's value in run s, NaN where not measured
//	mean   (1/n) Σ x_s over the n measured values
//	sd     √(Σ (x_s − mean)² / (n − 1)), the sample standard deviation

import (
	"fmt"
	"math"
	"strconv"
)

// MeanSD returns the mean and the sample standard deviation of the finite
// values of xs and their count: NaN, NaN, 0 without any; sd NaN with one.
func MeanSD(xs []float64) (mean, sd float64, n int) {
	var s float64
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			s += x
			n++
		}
	}
	if n == 0 {
		return math.NaN(), math.NaN(), 0
	}
	mean = s / float64(n)
	if n == 1 {
		return mean, math.NaN(), 1
	}
	var q float64
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			q += (x - mean) * (x - mean)
		}
	}
	return mean, math.Sqrt(q / float64(n-1)), n
}

// column returns the values of family f's column key over runs; f indexes
// runs[0], and the other runs' rows are found by family.
func column(runs [][]Row, f int, value func(Row) float64) []float64 {
	fam := runs[0][f].Family
	var xs []float64
	for _, rows := range runs {
		if r := find(rows, fam); r != nil {
			xs = append(xs, value(*r))
		}
	}
	return xs
}

// MeanRows returns one row per family of runs[0] whose fields are the
// means over runs: Modes rounded to the nearest count, the NLL's kind,
// the evaluations and the step those of the first run, Fast the means of
// the runs that measured it. It panics if runs is empty.
func MeanRows(runs [][]Row) []Row {
	if len(runs) == 0 {
		panic("claims: MeanRows of no runs")
	}
	out := make([]Row, len(runs[0]))
	for f, first := range runs[0] {
		mean := func(v func(Row) float64) float64 { m, _, _ := MeanSD(column(runs, f, v)); return m }
		r := NewRow(first.Family, first.Title)
		r.Step, r.Evals, r.T = first.Step, first.Evals, first.T
		r.Precision, r.Recall = mean(precision), mean(recall)
		if m := mean(func(r Row) float64 { return modesOf(r) }); !math.IsNaN(m) {
			r.Modes, r.ModesTotal = int(math.Round(m)), first.ModesTotal
		}
		r.HighQuality = mean(func(r Row) float64 { return r.HighQuality })
		r.MMD2 = mean(func(r Row) float64 { return r.MMD2 })
		if m := mean(func(r Row) float64 { return r.NLL }); !math.IsNaN(m) {
			r.NLL, r.NLLKind = m, first.NLLKind
		}
		r.NLLGap = mean(func(r Row) float64 { return r.NLLGap })
		r.MsPerSample = mean(func(r Row) float64 { return r.MsPerSample })
		r.StepsPerSec = mean(func(r Row) float64 { return r.StepsPerSec })
		r.BusySec = mean(func(r Row) float64 { return r.BusySec })
		r.LossVar = mean(func(r Row) float64 { return r.LossVar })
		div := mean(func(r Row) float64 { return float64(r.Divergences) })
		r.Divergences = int(math.Round(div))
		r.FD = mean(func(r Row) float64 { return r.FD })
		r.ClassCoverage = mean(func(r Row) float64 { return r.ClassCoverage })
		if m := mean(func(r Row) float64 { return r.BPD }); !math.IsNaN(m) {
			r.BPD, r.BPDKind = m, first.BPDKind
		}
		r.Fast = meanFast(runs, f)
		out[f] = r
	}
	return out
}

func modesOf(r Row) float64 {
	if r.Modes < 0 {
		return math.NaN()
	}
	return float64(r.Modes)
}

// meanFast returns the mean of family f's sampler pairs over the runs
// that measured one, or nil.
func meanFast(runs [][]Row, f int) *SamplerPair {
	var pairs []SamplerPair
	fam := runs[0][f].Family
	for _, rows := range runs {
		if r := find(rows, fam); r != nil && r.Fast != nil {
			pairs = append(pairs, *r.Fast)
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	p := pairs[0]
	of := func(v func(SamplerPair) float64) float64 {
		xs := make([]float64, len(pairs))
		for i, q := range pairs {
			xs[i] = v(q)
		}
		m, _, _ := MeanSD(xs)
		return m
	}
	p.Slow.Precision = of(func(q SamplerPair) float64 { return q.Slow.Precision })
	p.Slow.Recall = of(func(q SamplerPair) float64 { return q.Slow.Recall })
	p.Fast.Precision = of(func(q SamplerPair) float64 { return q.Fast.Precision })
	p.Fast.Recall = of(func(q SamplerPair) float64 { return q.Fast.Recall })
	return &p
}

// spreadFormat is how SpreadText writes a column: the scale of its values
// and the decimals of mean and sd (negative: that many significant
// digits); columns that do not vary over runs of
// the same budget (the family, its step and evaluations) have none.
var spreadFormat = map[string]struct {
	scale float64
	d     int
}{
	"precision": {1, 3}, "recall": {1, 3}, "modes": {1, 1}, "high_quality": {100, 1}, "mmd2": {1, 4},
	"nll": {1, 3}, "ms_per_sample": {1, 4}, "steps_per_sec": {1, 0}, "time_to_pr": {1, 1},
	"divergences": {1, 1}, "loss_var": {1, -3}, "fd": {1, 2}, "class_coverage": {1, 3}, "bpd": {1, 3},
}

// SpreadText returns family f's cell of the column key over runs: its
// mean ± sd ("0.953 ± 0.012"), the mean alone for one measured run, "–"
// for none; the columns without spread (family, step, evals) as the
// first run shows them. Modes add the mixture's count, the NLL its kind,
// the time to P,R ≥ 0.9 how many runs reached it.
func SpreadText(runs [][]Row, f int, key string) string {
	c, ok := lookup(key)
	if !ok || len(runs) == 0 {
		return "–"
	}
	first := runs[0][f]
	format, ok := spreadFormat[key]
	if !ok {
		return c.Text(first)
	}
	mean, sd, n := MeanSD(column(runs, f, c.Value))
	if n == 0 {
		if key == "time_to_pr" {
			return "not yet"
		}
		return c.Text(NewRow(first.Family, first.Title))
	}
	num := func(x float64) string {
		if format.d < 0 {
			return strconv.FormatFloat(format.scale*x, 'g', -format.d, 64)
		}
		return strconv.FormatFloat(format.scale*x, 'f', format.d, 64)
	}
	s := num(mean)
	if !math.IsNaN(sd) {
		s += " ± " + num(sd)
	}
	switch key {
	case "modes":
		s += " /" + strconv.Itoa(first.ModesTotal)
	case "nll":
		s += " " + first.NLLKind
	case "bpd":
		s += " " + first.BPDKind
	case "time_to_pr":
		s += fmt.Sprintf(" s (%d of %d runs)", n, len(runs))
	}
	return s
}

// RunsHolding says for each claim of Table for how many runs it holds:
// "every run (5/5)", "some (2/5)", "none (0/5)" or "not measured".
func RunsHolding(runs [][]Row) []string {
	out := make([]string, len(Table))
	for k, c := range Table {
		holds, measured := 0, 0
		for _, rows := range runs {
			switch c.Judge(rows).Mark {
			case Holds:
				holds++
				measured++
			case Fails:
				measured++
			}
		}
		switch {
		case measured == 0:
			out[k] = "not measured"
		case holds == measured:
			out[k] = fmt.Sprintf("every run (%d/%d)", holds, measured)
		case holds == 0:
			out[k] = fmt.Sprintf("none (0/%d)", measured)
		default:
			out[k] = fmt.Sprintf("some (%d/%d)", holds, measured)
		}
	}
	return out
}
