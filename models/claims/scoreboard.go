// Package claims holds the scoreboard of a comparison of families trained
// on the same data from the same seed, and the claims of the literature
// about the families, each a rule read from the scoreboard: GANs drop
// modes, VAEs blur, plain autoencoders cannot sample, flows give exact
// likelihoods, diffusion pays in network evaluations, faster samplers cut
// that cost. The page's Compare view and its tests use it; it is pure Go.
package claims

import (
	"encoding/csv"
	"math"
	"slices"
	"strconv"
	"strings"

	"genplay/models/metrics/vocab"
)

// NLL kinds of a Row.
const (
	NLLExact = "exact" // a normalizing flow's change of variables
	NLLBound = "bound" // an upper bound on the NLL (the VAE's IWAE, diffusion's VLB)
	NLLNone  = "none"  // the family has no likelihood
)

// Row is one family's line of the scoreboard. NaN means "not measured"
// for the float fields, -1 for the counts.
type Row struct {
	Family string // the registry's name: "gan"
	Title  string // its name for people
	Step   int    // training steps taken

	Precision, Recall float64 // k-NN precision and recall, k = 3
	Modes, ModesTotal int     // modes captured of the mixture's (-1, 0 off mixtures)
	HighQuality       float64 // fraction of samples within 3σ of a mode
	MMD2              float64 // unbiased MMD²
	NLL               float64 // mean NLL in nats of fresh real points
	NLLKind           string  // NLLExact, NLLBound or NLLNone
	NLLGap            float64 // NLL minus the data's entropy

	Evals       int     // network evaluations per sample of the default sampler
	T           int     // diffusion steps of a chain sampler with a fixed step count (0 otherwise)
	MsPerSample float64 // wall milliseconds per sample
	StepsPerSec float64 // training speed
	BusySec     float64 // wall seconds of training so far

	// TimeToPR and StepToPR are the wall seconds and steps at which
	// precision and recall both first reached 0.9; NaN and -1 until then.
	TimeToPR float64
	StepToPR int

	Divergences int     // losses that were not finite
	LossVar     float64 // variance of the total loss over the last window

	// Fast is the model's faster sampler scored beside its default one
	// (DDIM-k against DDPM), when measured.
	Fast *SamplerPair

	// Image sets: the Fréchet distance and the class coverage in the
	// features of the classifier the project ships, and bits per
	// dimension, exact or a bound (BPDKind NLLExact or NLLBound).
	FD, ClassCoverage float64
	BPD               float64
	BPDKind           string

	// Source is SourceLive for a row measured in this run, SourceRecorded
	// for the figures the manifest recorded for the pretrained weights.
	Source string
}

// Sources of a Row.
const (
	SourceLive     = "live"
	SourceRecorded = "recorded"
)

// SamplerPair is one sample of a model's default sampler and one of a
// faster sampler, each with its evaluations per sample and its quality.
type SamplerPair struct {
	Slow, Fast Sampled
}

// Sampled is one sampler's measurement.
type Sampled struct {
	Name              string // "DDPM", "DDIM-20"
	Evals             int
	Precision, Recall float64
}

// NewRow returns a row of family with nothing measured.
func NewRow(family, title string) Row {
	nan := math.NaN()
	return Row{Family: family, Title: title, Precision: nan, Recall: nan, Modes: -1, HighQuality: nan, MMD2: nan,
		NLL: nan, NLLKind: NLLNone, NLLGap: nan, MsPerSample: nan, StepsPerSec: nan, TimeToPR: nan, StepToPR: -1, LossVar: nan,
		FD: nan, ClassCoverage: nan, BPD: nan, BPDKind: NLLNone, Source: SourceLive}
}

// RecordedRow returns the row of the figures recorded for pretrained
// weights of family at step, from the manifest's metrics (keyed by the
// names of package metrics: "fd", "class_coverage", "precision",
// "recall", "bpd" or "bpd_bound", and on 2D sets "modes", "nll" and the
// rest); what the record lacks is not measured.
func RecordedRow(family, title string, step int, m map[string]float64) Row {
	r := NewRow(family, title)
	r.Source, r.Step = SourceRecorded, step
	get := func(key string) float64 {
		if v, ok := m[key]; ok {
			return v
		}
		return math.NaN()
	}
	r.Precision, r.Recall = get("precision"), get("recall")
	r.FD, r.ClassCoverage = get("fd"), get("class_coverage")
	if v := get("bpd"); !math.IsNaN(v) {
		r.BPD, r.BPDKind = v, NLLExact
	} else if v := get("bpd_bound"); !math.IsNaN(v) {
		r.BPD, r.BPDKind = v, NLLBound
	}
	if v := get("modes"); !math.IsNaN(v) {
		r.Modes, r.ModesTotal = int(v), int(get("modes_total"))
	}
	r.HighQuality, r.MMD2 = get("high_quality"), get("mmd2")
	if v := get("nll"); !math.IsNaN(v) {
		r.NLL, r.NLLKind = v, NLLExact
	} else if v := get("nll_bound"); !math.IsNaN(v) {
		r.NLL, r.NLLKind = v, NLLBound
	}
	r.NLLGap = get("nll_gap")
	return r
}

// Column is one column of the scoreboard: its key (the CSV header), its
// title, how it formats a row and the number it sorts by (NaN last).
type Column struct {
	Key, Title string
	Help       string
	Text       func(r Row) string
	Value      func(r Row) float64
	// Higher is better: the board sorts it descending first.
	Higher bool
}

// Columns are the scoreboard's columns, in order.
var Columns = []Column{
	{Key: "family", Title: "Family", Text: func(r Row) string { return r.Title }, Value: func(Row) float64 { return math.NaN() }},
	{Key: "step", Title: "Step", Text: func(r Row) string { return strconv.Itoa(r.Step) }, Value: func(r Row) float64 { return float64(r.Step) }, Higher: true},
	{Key: vocab.Precision, Title: vocab.Label(vocab.Precision), Help: help(vocab.Precision),
		Text: func(r Row) string { return fixed(r.Precision, 3) }, Value: func(r Row) float64 { return r.Precision }, Higher: true},
	{Key: vocab.Recall, Title: vocab.Label(vocab.Recall), Help: help(vocab.Recall),
		Text: func(r Row) string { return fixed(r.Recall, 3) }, Value: func(r Row) float64 { return r.Recall }, Higher: true},
	{Key: vocab.ModesCaptured, Title: vocab.Label(vocab.ModesCaptured), Help: help(vocab.ModesCaptured),
		Text: func(r Row) string {
			if r.Modes < 0 {
				return "–"
			}
			return strconv.Itoa(r.Modes) + "/" + strconv.Itoa(r.ModesTotal)
		}, Value: func(r Row) float64 {
			if r.Modes < 0 {
				return math.NaN()
			}
			return float64(r.Modes)
		}, Higher: true},
	{Key: vocab.HighQuality, Title: vocab.Label(vocab.HighQuality) + " (%)", Help: help(vocab.HighQuality),
		Text: func(r Row) string { return fixed(100*r.HighQuality, 1) }, Value: func(r Row) float64 { return r.HighQuality }, Higher: true},
	{Key: vocab.MMD2, Title: vocab.Label(vocab.MMD2), Help: help(vocab.MMD2),
		Text: func(r Row) string { return fixed(r.MMD2, 4) }, Value: func(r Row) float64 { return r.MMD2 }},
	{Key: vocab.NLL, Title: vocab.Label(vocab.NLL) + " (nats)", Help: "Mean −log p of fresh data: exact for a flow, an upper bound for the VAE and diffusion.",
		Text: func(r Row) string {
			if r.NLLKind == NLLNone || math.IsNaN(r.NLL) {
				return "none"
			}
			return fixed(r.NLL, 3) + " " + r.NLLKind
		}, Value: func(r Row) float64 { return r.NLL }},
	{Key: "evals", Title: "Evals / sample", Help: "network evaluations per sample",
		Text: func(r Row) string {
			if r.Evals <= 0 {
				return "–"
			}
			return strconv.Itoa(r.Evals)
		}, Value: func(r Row) float64 {
			if r.Evals <= 0 {
				return math.NaN()
			}
			return float64(r.Evals)
		}},
	{Key: vocab.MsPerSample, Title: vocab.Label(vocab.MsPerSample) + " (ms)", Help: help(vocab.MsPerSample), Text: func(r Row) string { return fixed(r.MsPerSample, 4) }, Value: func(r Row) float64 { return r.MsPerSample }},
	{Key: vocab.StepsPerSec, Title: vocab.Label(vocab.StepsPerSec), Help: help(vocab.StepsPerSec), Text: func(r Row) string { return fixed(r.StepsPerSec, 0) }, Value: func(r Row) float64 { return r.StepsPerSec }, Higher: true},
	{Key: "time_to_pr", Title: "P,R ≥ 0.9 at", Help: "wall seconds (and step) at which precision and recall first both reached 0.9",
		Text: func(r Row) string {
			if r.StepToPR < 0 {
				return "not yet"
			}
			return fixed(r.TimeToPR, 1) + " s (step " + strconv.Itoa(r.StepToPR) + ")"
		}, Value: func(r Row) float64 { return r.TimeToPR }},
	{Key: "divergences", Title: "Divergences", Help: "losses that were not finite",
		Text: func(r Row) string { return strconv.Itoa(r.Divergences) }, Value: func(r Row) float64 { return float64(r.Divergences) }},
	{Key: "loss_var", Title: "Loss var.", Help: "variance of the total loss over the last 100 steps",
		Text: func(r Row) string { return sci(r.LossVar) }, Value: func(r Row) float64 { return r.LossVar }},
}

// help is the vocabulary's sentence for the metric name.
func help(name string) string {
	m, _ := vocab.Of(name)
	return m.Help
}

// sourceColumn says whether a row was measured here or recorded.
var sourceColumn = Column{Key: "source", Title: "Figures", Help: "live: measured in this run; recorded: the manifest's figures for the pretrained weights",
	Text: func(r Row) string { return r.Source }, Value: func(Row) float64 { return math.NaN() }}

// ImageColumns are the scoreboard's columns on an image set, in order.
var ImageColumns = []Column{
	col("family"), sourceColumn, col("step"),
	{Key: vocab.FD, Title: vocab.Label(vocab.FD), Help: help(vocab.FD),
		Text: func(r Row) string { return fixed(r.FD, 2) }, Value: func(r Row) float64 { return r.FD }},
	{Key: vocab.ClassCoverage, Title: vocab.Label(vocab.ClassCoverage), Help: help(vocab.ClassCoverage),
		Text: func(r Row) string { return fixed(r.ClassCoverage, 3) }, Value: func(r Row) float64 { return r.ClassCoverage }, Higher: true},
	col("precision"), col("recall"),
	{Key: vocab.BPD, Title: vocab.Label(vocab.BPD), Help: "bits per pixel of the data: exact for a flow, a bound for the VAE and diffusion",
		Text: func(r Row) string {
			if r.BPDKind == NLLNone || math.IsNaN(r.BPD) {
				return "none"
			}
			return fixed(r.BPD, 3) + " " + r.BPDKind
		}, Value: func(r Row) float64 { return r.BPD }},
	{Key: vocab.MsPerSample, Title: vocab.Label(vocab.MsPerSample) + " (ms)", Help: help(vocab.MsPerSample), Text: func(r Row) string { return fixed(r.MsPerSample, 3) }, Value: func(r Row) float64 { return r.MsPerSample }},
	col("evals"), col("steps_per_sec"), col("divergences"), col("loss_var"),
}

// col returns the column key of Columns; it panics if there is none.
func col(key string) Column {
	i := ColumnIndex(key)
	if i < 0 {
		panic("claims: no column " + key)
	}
	return Columns[i]
}

// ColumnsFor returns the scoreboard's columns of an image set or of a 2D
// set.
func ColumnsFor(images bool) []Column {
	if images {
		return ImageColumns
	}
	return Columns
}

// ColumnIndex returns the index in Columns of the column key, or -1.
func ColumnIndex(key string) int {
	return slices.IndexFunc(Columns, func(c Column) bool { return c.Key == key })
}

// lookup returns the column key of Columns or ImageColumns.
func lookup(key string) (Column, bool) {
	if i := ColumnIndex(key); i >= 0 {
		return Columns[i], true
	}
	if i := slices.IndexFunc(ImageColumns, func(c Column) bool { return c.Key == key }); i >= 0 {
		return ImageColumns[i], true
	}
	return Column{}, false
}

// Sort orders rows by the column key, the better values first (descending
// where Higher, else ascending), unmeasured values last, the family's name
// breaking ties; by family name when key is unknown or "family". It sorts
// in place and returns rows.
func Sort(rows []Row, key string, reverse bool) []Row {
	c, ok := lookup(key)
	slices.SortStableFunc(rows, func(a, b Row) int {
		if ok && key != "family" {
			x, y := c.Value(a), c.Value(b)
			switch {
			case math.IsNaN(x) && !math.IsNaN(y):
				return 1
			case !math.IsNaN(x) && math.IsNaN(y):
				return -1
			case x != y && !math.IsNaN(x):
				less := x < y
				if c.Higher != reverse {
					less = !less
				}
				if less {
					return -1
				}
				return 1
			}
		}
		return strings.Compare(a.Family, b.Family)
	})
	return rows
}

// CSV returns the scoreboard as CSV: a header of the columns' keys, then
// one line per row with the numbers in full (empty where not measured) and
// the NLL's kind in a column of its own.
func CSV(rows []Row) []byte { return CSVOf(Columns, rows) }

// CSVOf is CSV with the columns cols (Columns or ImageColumns); the bits
// per dimension's kind, like the NLL's, gets a column of its own.
func CSVOf(cols []Column, rows []Row) []byte {
	var b strings.Builder
	w := csv.NewWriter(&b)
	head := []string{}
	for _, c := range cols {
		head = append(head, c.Key)
		if c.Key == "nll" || c.Key == "bpd" {
			head = append(head, c.Key+"_kind")
		}
	}
	w.Write(head)
	for _, r := range rows {
		line := []string{}
		for _, c := range cols {
			switch c.Key {
			case "family":
				line = append(line, r.Family)
			case "source":
				line = append(line, r.Source)
			case "nll":
				line = append(line, num(r.NLL), r.NLLKind)
			case "bpd":
				line = append(line, num(r.BPD), r.BPDKind)
			case "time_to_pr":
				line = append(line, num(r.TimeToPR))
			default:
				line = append(line, num(c.Value(r)))
			}
		}
		w.Write(line)
	}
	w.Flush()
	return []byte(b.String())
}

func num(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

// fixed formats x with d decimals, "–" for NaN.
func fixed(x float64, d int) string {
	if math.IsNaN(x) {
		return "–"
	}
	return strconv.FormatFloat(x, 'f', d, 64)
}

// sci formats x in 3 significant digits, "–" for NaN.
func sci(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}
