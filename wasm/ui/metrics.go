package ui

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"genplay/models/metrics/vocab"
	"genplay/wasm/paint"
	"genplay/wasm/protocol"
)

// The live metrics: the table of the newest values, their history over
// the steps, the loss curves, and both as CSV.

// metricInfo says how to show a metric.
type metricInfo struct {
	Label, Unit, Help string
	Digits            int
	Higher            bool // higher is better
}

// metricTable lists the metrics in display order, from the one metric
// vocabulary (package vocab) that make eval, the manifest and the README
// use; the worker sends the same names for every family, NaN where one does
// not apply. The page leaves out the two counts it shows inside others
// (modes in the data, beside the modes captured) or not at all (training
// speed, in the status line).
var metricTable = func() []struct {
	Name string
	metricInfo
} {
	var t []struct {
		Name string
		metricInfo
	}
	for _, m := range vocab.Table {
		switch m.Name {
		case vocab.ModesTotal, vocab.StepsPerSec, vocab.Density, vocab.Coverage, vocab.BPDBound:
			continue
		}
		t = append(t, struct {
			Name string
			metricInfo
		}{m.Name, metricInfo{m.Label, m.Unit, m.Help, m.Digits, m.Higher}})
	}
	return t
}()

// metricRow is a row of the metrics table; Why says why its value is
// "–", and is "" when it has one.
type metricRow struct {
	ID, Label, Value, Help, Why string
}

// metricRows are the newest metrics, in table order, with "–" for those
// that do not apply.
func (s *Session) metricRows() []metricRow {
	var rows []metricRow
	get := func(name string) (float64, bool) {
		for _, st := range s.metrics {
			if st.Name == name {
				return st.Value, true
			}
		}
		return math.NaN(), false
	}
	for _, m := range metricTable {
		v, ok := get(m.Name)
		if !ok && !s.isImages() && (m.Name == "fd" || m.Name == "class_coverage" || m.Name == "bpd") {
			continue
		}
		if !ok && s.isImages() && (m.Name == "modes" || m.Name == "high_quality" || m.Name == "mmd2" || m.Name == "nll" || m.Name == "nll_gap") {
			continue
		}
		if !ok && (m.Name == "nll" || m.Name == "nll_bound") {
			continue // a model's NLL is one or the other
		}
		text, why := "–", ""
		if !ok || math.IsNaN(v) {
			why = s.whyNoMetric(m.Name, ok)
		} else {
			text = strconv.FormatFloat(v, 'f', m.Digits, 64)
			if m.Name == "modes" {
				if tot, ok := get("modes_total"); ok && !math.IsNaN(tot) {
					text += " / " + strconv.Itoa(int(tot))
				}
			}
			if m.Unit != "" {
				text += " " + m.Unit
			}
		}
		rows = append(rows, metricRow{ID: "metric-" + m.Name, Label: m.Label, Value: text, Help: m.Help, Why: why})
	}
	return rows
}

// whyNoMetric says why the metric name shows "–": sent says whether the
// worker sent it (as NaN: it does not apply, or not yet) or not at all.
func (s *Session) whyNoMetric(name string, sent bool) string {
	fam := s.familyName()
	switch name {
	case "nll", "nll_bound", "nll_gap":
		if !s.has(protocol.CapLikelihood) && s.caps != nil {
			return "No likelihood for this model (" + fam + "): the page evaluates no density for it."
		}
		if name == "nll_gap" && s.isImages() {
			return "The data's entropy is known on the 2D sets only."
		}
		if s.running && s.has(protocol.CapChain) {
			return "The variational bound costs T network evaluations per point: it is computed when training pauses."
		}
	case "modes", "high_quality":
		if s.set.Name != "" && len(s.set.Centers) == 0 {
			return s.set.Title + " is not a mixture of Gaussians: there are no modes to count."
		}
	case "bpd":
		if !s.has(protocol.CapBijection) && s.caps != nil {
			return "Bits per dimension need an exact likelihood (the flow); this model (" + fam + ") has none."
		}
		return "Not scored yet: press Score samples."
	case "fd", "class_coverage":
		return "Not scored yet: press Score samples (the digit classifier scores 256 samples)."
	case "precision", "recall":
		if s.isImages() {
			return "Not scored yet: press Score samples (the digit classifier scores 256 samples)."
		}
	}
	if s.step == 0 && !sent {
		return "Not scored yet: the first sample brings it (press play)."
	}
	return "Not scored yet: the next sample brings it."
}

// metricsNote explains metrics that read better than the model is: a
// high recall beside a low precision comes from samples spread far and
// wide (an untrained model's noise covers the data), not from a model that
// covers the data well.
func (s *Session) metricsNote() string {
	var p, r float64 = math.NaN(), math.NaN()
	for _, st := range s.metrics {
		switch st.Name {
		case "precision":
			p = st.Value
		case "recall":
			r = st.Value
		}
	}
	if math.IsNaN(p) || math.IsNaN(r) || !(r >= 0.8 && p < 0.5) {
		return ""
	}
	return fmt.Sprintf("Recall %.3f reads well only beside precision %.3f: most samples lie far from the data, and samples spread that wide cover it by chance. Read the two together.", r, p)
}

// modesGauge is the share of modes captured, for the gauge; -1 when the
// data set is not a mixture.
func (s *Session) modesGauge() (captured, total int) {
	var c, t float64 = math.NaN(), math.NaN()
	for _, st := range s.metrics {
		switch st.Name {
		case "modes":
			c = st.Value
		case "modes_total":
			t = st.Value
		}
	}
	if math.IsNaN(c) || math.IsNaN(t) || t <= 0 {
		return -1, 0
	}
	return int(c), int(t)
}

func (s *Session) hasModes() bool { _, t := s.modesGauge(); return t > 0 }

func (s *Session) modesStyle() string {
	c, t := s.modesGauge()
	if t <= 0 {
		return "width: 0%"
	}
	return fmt.Sprintf("width: %.1f%%", 100*float64(c)/float64(t))
}

func (s *Session) modesText() string {
	c, t := s.modesGauge()
	return fmt.Sprintf("%d of %d modes", c, t)
}

// historyCap bounds the rows of a metric history: when it is full, every
// other row is dropped, the newest kept, and later rows are kept once per
// twice as many adds, so that the history spans the whole run at an even
// resolution.
const historyCap = 1 << 10

// metricHistory holds metric values by step, at most historyCap rows.
type metricHistory struct {
	steps []float64
	names []string
	vals  map[string][]float64
	// stride is the number of adds a row stands for, of which it keeps
	// the newest; fill counts those of the newest row.
	stride, fill int
}

// add records the metrics of step.
func (h *metricHistory) add(step int, stats []protocol.Stat) {
	if h.vals == nil {
		h.vals = map[string][]float64{}
		h.stride = 1
	}
	if n := len(h.steps); n > 0 && h.steps[n-1] == float64(step) {
		return
	}
	if n := len(h.steps); n > 0 && h.fill < h.stride {
		// The newest row stands for fewer than stride adds: this one
		// takes its place.
		h.steps = h.steps[:n-1]
		for _, name := range h.names {
			h.vals[name] = h.vals[name][:n-1]
		}
	} else {
		if n == historyCap {
			h.steps = thin(h.steps)
			for name, v := range h.vals {
				h.vals[name] = thin(v)
			}
			h.stride *= 2
		}
		h.fill = 0
	}
	h.fill++
	h.steps = append(h.steps, float64(step))
	for _, s := range stats {
		if !slices.Contains(h.names, s.Name) {
			h.names = append(h.names, s.Name)
			h.vals[s.Name] = make([]float64, len(h.steps)-1)
			for i := range h.vals[s.Name] {
				h.vals[s.Name][i] = math.NaN()
			}
		}
	}
	for _, n := range h.names {
		v := math.NaN()
		for _, s := range stats {
			if s.Name == n {
				v = s.Value
			}
		}
		h.vals[n] = append(h.vals[n], v)
	}
}

// thin keeps the odd-indexed values of v, the last one among them when
// len(v) is even, in place.
func thin(v []float64) []float64 {
	for i := 1; i < len(v); i += 2 {
		v[i/2] = v[i]
	}
	return v[:len(v)/2]
}

// CSV returns the history as CSV: a step column, then one per metric.
func (h *metricHistory) CSV() []byte {
	header := append([]string{"step"}, h.names...)
	rows := make([][]float64, len(h.steps))
	for i, s := range h.steps {
		row := []float64{s}
		for _, n := range h.names {
			row = append(row, h.vals[n][i])
		}
		rows[i] = row
	}
	return paint.CSV(header, rows)
}

// lossColors colour the loss terms; the total comes first.
var lossColors = []color.RGBA{{0x1d, 0x4e, 0xa0, 0xff}, {0xd5, 0x5e, 0x00, 0xff}, {0x00, 0x9e, 0x73, 0xff}, {0xcc, 0x79, 0xa7, 0xff}, {0x56, 0xb4, 0xe9, 0xff}}

// legendItem is an entry of a chart's legend.
type legendItem struct {
	Label, Style string
}

// lossSeries are the curves of the loss chart: for a GAN its
// discriminator and generator losses, otherwise every term.
func (s *Session) lossSeries() []paint.Series {
	var ss []paint.Series
	for i, l := range s.losses {
		if i >= len(s.terms) || s.terms[i] == "total" && s.duplicate(i) {
			continue
		}
		xs := make([]float64, len(l.vals))
		ys := make([]float64, len(l.vals))
		stride := max(1, l.stride)
		for j, v := range l.vals {
			xs[j] = float64(l.first + (j+1)*stride)
			ys[j] = float64(v)
		}
		ss = append(ss, paint.Series{Name: s.terms[i], Color: lossColors[i%len(lossColors)], X: xs, Y: smooth(ys)})
	}
	return ss
}

// duplicate reports whether the loss term i repeats another term, or is
// the total of an adversarial pair (a discriminator's and a generator's
// loss), which only repeats the generator's.
func (s *Session) duplicate(i int) bool {
	if slices.Contains(s.terms, "d_loss") && slices.Contains(s.terms, "g_loss") {
		return true
	}
	for j, l := range s.losses {
		if j != i && len(l.vals) == len(s.losses[i].vals) && slices.Equal(l.vals, s.losses[i].vals) {
			return true
		}
	}
	return false
}

// smooth is an exponential moving average that starts from the mean of
// the first values, so that a noisy loss reads as a trend.
func smooth(ys []float64) []float64 {
	out := make([]float64, len(ys))
	const a = 0.05
	var m float64
	init := false
	for i, y := range ys {
		if math.IsNaN(y) || math.IsInf(y, 0) {
			out[i] = math.NaN()
			continue
		}
		if !init {
			m, init = y, true
		} else {
			m += a * (y - m)
		}
		out[i] = m
	}
	return out
}

// allPositive reports whether every value of the series is positive, so
// that the chart can use a log axis.
func allPositive(ss []paint.Series) bool {
	for _, s := range ss {
		for _, y := range s.Y {
			if y <= 0 {
				return false
			}
		}
	}
	return true
}

// legend lists the series of a chart, each named by name.
func legend(ss []paint.Series, name func(string) string) []legendItem {
	var items []legendItem
	for _, s := range ss {
		items = append(items, legendItem{Label: name(s.Name), Style: swatch(s.Color)})
	}
	return items
}

// BeforeBuild paints the charts whose data changed since they were
// painted.
func (s *Session) BeforeBuild() {
	if s.lossStale {
		s.paintLoss()
	}
	if s.metricStale {
		s.paintMetrics()
	}
}

// paintLoss draws the loss chart, with its axes and legend, once per build
// with new losses rather than at every render.
func (s *Session) paintLoss() {
	ss := s.lossSeries()
	logY := allPositive(ss)
	a, ok := paint.Lines(s.lossImg, ss, s.theme, logY)
	y := "loss"
	if logY {
		y = "loss (log scale)"
	}
	s.lossAx, s.lossKey = chartAxes(a, ok, "training step", y), legend(ss, termLabel)
	if e, loaded := s.loaded(); ok && loaded {
		// The worker's first report of a pretrained model carries the
		// loss of its weights on one batch, at its step: a ring.
		at := float64(e.Spec.Steps)
		for _, sr := range ss {
			if len(sr.X) > 0 && sr.X[0] == at && !math.IsNaN(sr.Y[0]) {
				ring(s.lossImg, a.PX(at), a.PY(sr.Y[0]), 5, sr.Color)
			}
		}
		s.lossKey = append(s.lossKey, legendItem{Label: fmt.Sprintf("○ the pretrained weights at step %d, one batch", e.Spec.Steps), Style: "background: none"})
	}
	s.lossVer++
	s.lossStale = false
}

// termLabel names a loss term for people.
func termLabel(t string) string {
	switch t {
	case "total":
		return "loss"
	case "d_loss":
		return "discriminator"
	case "g_loss":
		return "generator"
	case "recon":
		return "reconstruction"
	case "kl":
		return "KL"
	}
	return t
}

// chartMetrics are the metrics of the fidelity and diversity chart.
var chartMetrics = []string{"precision", "recall", "class_coverage"}

// metricSeries are the curves of the metric history chart: precision,
// recall and, on images, class coverage over the steps, each from its
// recorded value (recordedPoints) on.
func (s *Session) metricSeries() []paint.Series {
	var ss []paint.Series
	rec := s.recordedPoints()
	for i, n := range chartMetrics {
		xs, ys := s.history.steps, s.history.vals[n]
		if v, ok := rec[n]; ok {
			xs, ys = append([]float64{float64(s.recordedStep())}, xs...), append([]float64{v}, ys...)
		}
		if finiteCount(ys) == 0 {
			continue
		}
		ss = append(ss, paint.Series{Name: n, Color: lossColors[(i+1)%len(lossColors)], X: xs, Y: ys})
	}
	return ss
}

// recordedPoints are the chart's metrics that the manifest records for the
// loaded pretrained model, at its step (recordedStep); nil for a model
// built or imported.
func (s *Session) recordedPoints() map[string]float64 {
	e, ok := s.loaded()
	if !ok {
		return nil
	}
	out := map[string]float64{}
	for _, n := range chartMetrics {
		if v, ok := e.Metrics[n]; ok && !math.IsNaN(v) {
			out[n] = v
		}
	}
	return out
}

// recordedStep is the step of the loaded pretrained model's recorded
// metrics: the step count it was trained for.
func (s *Session) recordedStep() int {
	e, _ := s.loaded()
	return e.Spec.Steps
}

// paintMetrics draws the metric history chart, with its axes and legend:
// the recorded values of a pretrained model as rings, the live ones as
// lines, and dots where a metric has a single live value.
func (s *Session) paintMetrics() {
	ss := s.metricSeries()
	a, ok := paint.Lines(s.metricImg, ss, s.theme, false)
	s.metricAx = chartAxes(a, ok, "training step", "score (0–1)")
	s.metricKey = legend(ss, func(n string) string { return n })
	rec := s.recordedPoints()
	for _, sr := range ss {
		live := 0
		for i, y := range sr.Y {
			if math.IsNaN(y) {
				continue
			}
			if _, r := rec[sr.Name]; r && i == 0 {
				ring(s.metricImg, a.PX(sr.X[i]), a.PY(y), 5, sr.Color)
				continue
			}
			live++
		}
		if live == 1 {
			for i, y := range sr.Y {
				if _, r := rec[sr.Name]; !math.IsNaN(y) && !(r && i == 0) {
					ring(s.metricImg, a.PX(sr.X[i]), a.PY(y), 2, sr.Color)
				}
			}
		}
	}
	if ok && len(rec) > 0 {
		s.metricKey = append(s.metricKey, legendItem{Label: fmt.Sprintf("○ recorded at step %d (pretrained)", s.recordedStep()), Style: "background: none"})
	}
	s.metricVer++
	s.metricStale = false
}

// ring draws a circle of radius r pixels, 2 pixels wide, centred on
// (x, y).
func ring(img *image.RGBA, x, y, r float64, c color.RGBA) {
	b := img.Bounds()
	for py := int(y - r - 2); py <= int(y+r+2); py++ {
		for px := int(x - r - 2); px <= int(x+r+2); px++ {
			d := math.Hypot(float64(px)+0.5-x, float64(py)+0.5-y)
			if math.Abs(d-r) <= 1 && image.Pt(px, py).In(b) {
				img.SetRGBA(px, py, c)
			}
		}
	}
}

// chartAxes labels a line chart: at least minTicks ticks on each axis
// (the chart's own, or round values of its range when it has fewer). A
// chart with nothing to draw has no axes but says so.
func chartAxes(a paint.LineAxis, ok bool, xt, yt string) axes {
	if !ok {
		return axes{Empty: "Nothing to plot yet: it fills in as the model trains and is scored."}
	}
	out := axes{XTitle: xt, YTitle: yt}
	for _, v := range enoughTicks(a.XTicks, a.X0, a.X1) {
		out.X = append(out.X, tick{Label: compact(v), Style: fmt.Sprintf("left: %.2f%%", 100*a.PX(v)/float64(a.W))})
	}
	ys := a.YTicks
	if a.LogY {
		ys = logTicks(ys, a.Y0, a.Y1)
	} else {
		ys = enoughTicks(ys, a.Y0, a.Y1)
	}
	for _, v := range ys {
		out.Y = append(out.Y, tick{Label: tickLabel(v), Style: fmt.Sprintf("top: %.2f%%", 100*a.PY(v)/float64(a.H))})
	}
	return out
}

// compact formats a step count: 1200, 15k.
func compact(v float64) string {
	if math.Abs(v) >= 10000 {
		return strconv.FormatFloat(v/1000, 'g', 3, 64) + "k"
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// tickLabel formats an axis value briefly: 0.5, 20, 1e-4, 3e5.
func tickLabel(v float64) string {
	a := math.Abs(v)
	if a != 0 && (a < 0.01 || a >= 1e4) {
		s := strconv.FormatFloat(v, 'e', -1, 64) // "1e-04", "2e+05"
		s = strings.Replace(s, "e-0", "e-", 1)
		s = strings.Replace(s, "e+0", "e", 1)
		return strings.Replace(s, "e+", "e", 1)
	}
	// Ticks are round numbers: three significant digits, no exponent.
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// finiteCount counts the finite values of ys.
func finiteCount(ys []float64) int {
	n := 0
	for _, y := range ys {
		if !math.IsNaN(y) && !math.IsInf(y, 0) {
			n++
		}
	}
	return n
}
