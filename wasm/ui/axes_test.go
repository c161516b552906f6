package ui

import (
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"genplay/tensor/rng"
	"genplay/wasm/paint"
	"genplay/wasm/protocol"
)

// checkTicks fails unless ticks holds at least three finite, increasing
// values inside [lo, hi] (up to rounding).
func checkTicks(t *testing.T, what string, ticks []float64, lo, hi float64) {
	t.Helper()
	if lo > hi {
		lo, hi = hi, lo
	}
	if len(ticks) < 3 {
		t.Errorf("%s: %d ticks %v over [%g, %g], want at least 3", what, len(ticks), ticks, lo, hi)
		return
	}
	eps := 1e-9 * math.Max(math.Abs(lo), math.Abs(hi))
	for i, v := range ticks {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < lo-eps || v > hi+eps {
			t.Errorf("%s: tick %g outside [%g, %g]", what, v, lo, hi)
		}
		if i > 0 && !(v > ticks[i-1]) && lo != hi {
			t.Errorf("%s: ticks %v not increasing", what, ticks)
		}
	}
}

// TestAxisTicksAnyRange asks for ticks over ranges of every scale and
// sign, narrow and degenerate ones among them: each axis gets at least
// three ticks inside its range.
func TestAxisTicksAnyRange(t *testing.T) {
	ranges := [][2]float64{{0, 1}, {-4, 4}, {0.999, 1.001}, {1000, 1000.5}, {5, 5}, {0, 0}, {-1e-9, 1e-9},
		{3, 7}, {1, 9.9}, {1e5, 3e5}, {-250, -249.9}, {10, 1}, {0, 1e12}, {123456, 123457}}
	g := rng.New(7)
	for range 2000 {
		e := math.Pow(10, float64(g.Intn(16))-8)
		a := (2*float64(g.Float32()) - 1) * e * 100
		b := a + float64(g.Float32())*e
		ranges = append(ranges, [2]float64{a, b})
	}
	for _, r := range ranges {
		checkTicks(t, "axisTicks", axisTicks(r[0], r[1]), r[0], r[1])
	}
	if axisTicks(math.NaN(), 1) != nil || axisTicks(0, math.Inf(1)) != nil {
		t.Error("ticks for a non-finite range")
	}
	// The decoded grid's axes: z₁ = -span at the first tile's centre and
	// span at the last's, so a tick of value v lies at the fraction
	// (v + span)/(2·span) between them; z₂ runs the other way.
	tg := paint.Grid{Rows: 28, Cols: 28, Across: 10, Down: 10, Scale: 2, Gap: imageGap}
	ta := tileAxes(tg, 3)
	w, _ := tg.Size()
	c0 := float64(tg.Tile(0).Min.X+tg.Tile(0).Max.X) / 2
	c9 := float64(tg.Tile(9).Min.X+tg.Tile(9).Max.X) / 2
	if len(ta.X) < 3 || len(ta.Y) < 3 {
		t.Errorf("tile axes %+v, want three ticks on each", ta)
	}
	for i, tk := range ta.X {
		v, _ := strconv.ParseFloat(tk.Label, 64)
		want := 100 * (c0 + (v+3)/6*(c9-c0)) / float64(w)
		if pos, _ := tickPos(tk.Style); math.Abs(pos-want) > 0.01 {
			t.Errorf("z₁ = %s at %.2f%%, want %.2f%%", tk.Label, pos, want)
		}
		if ypos, _ := tickPos(ta.Y[i].Style); math.Abs(ypos-(100-want)) > 0.01 {
			t.Errorf("z₂ = %s at %.2f%% from the top, want %.2f%%", ta.Y[i].Label, ypos, 100-want)
		}
	}
	for _, ext := range []float32{1e-3, 0.05, 1, 1.5, 2, 3, 4, 4.2, 7, 10, 33, 1e6} {
		a := squareAxes(ext, "x", "y")
		if len(a.X) < 3 || len(a.Y) < 3 {
			t.Errorf("square axes of extent %g: %d x ticks, %d y ticks", ext, len(a.X), len(a.Y))
		}
	}
}

// TestChartTicks draws line charts of many shapes (one point, a flat
// line, a tiny rise, huge and log-scaled values) and checks that both axes
// of each carry at least three ticks placed on the chart.
func TestChartTicks(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, lossW, lossH))
	cases := []struct {
		name string
		x, y []float64
		logY bool
	}{
		{"one point", []float64{100}, []float64{0.5}, false},
		{"one point, log", []float64{100}, []float64{0.5}, true},
		{"flat", []float64{1, 2, 3}, []float64{0, 0, 0}, false},
		{"tiny rise", []float64{10, 11}, []float64{0.93, 0.9301}, false},
		{"tiny rise, log", []float64{10, 11}, []float64{0.93, 0.9301}, true},
		{"decades, log", []float64{0, 5000, 10000}, []float64{1e-4, 1, 1e3}, true},
		{"big steps", []float64{20000, 20001}, []float64{1, 2}, false},
		{"negative", []float64{0, 1}, []float64{-5, -4.9}, false},
	}
	for _, c := range cases {
		a, ok := paint.Lines(img, []paint.Series{{X: c.x, Y: c.y}}, paint.Light(), c.logY)
		if !ok {
			t.Fatalf("%s: nothing drawn", c.name)
		}
		ax := chartAxes(a, ok, "step", "value")
		if len(ax.X) < 3 || len(ax.Y) < 3 {
			t.Errorf("%s: %d x ticks %v, %d y ticks %v, want 3 each", c.name, len(ax.X), ax.X, len(ax.Y), ax.Y)
		}
		for _, tk := range append(ax.X, ax.Y...) {
			pos, err := tickPos(tk.Style)
			if err != nil || pos < -0.01 || pos > 100.01 {
				t.Errorf("%s: tick %q at %q, want inside the chart", c.name, tk.Label, tk.Style)
			}
		}
	}
	if ax := chartAxes(paint.LineAxis{}, false, "step", "value"); ax.Empty == "" || len(ax.X) != 0 {
		t.Errorf("an empty chart: %+v, want no ticks and a message", ax)
	}
}

// tickPos reads the percentage of a tick's style, "left: 12.50%".
func tickPos(style string) (float64, error) {
	_, rest, _ := strings.Cut(style, ": ")
	return strconv.ParseFloat(strings.TrimSuffix(rest, "%"), 64)
}

// TestDataFieldRange checks the colour range of a field against quantiles
// computed directly: on a field linear in x, the range is the 2nd and
// 98th percentiles of the data's x; on a log-density with a deep tail and
// a sharp peak away from the data, neither the tail nor the peak sets it.
func TestDataFieldRange(t *testing.T) {
	const n, ext = heatN, float32(4)
	grid := paint.GridPoints(ext, n)
	linear := make([]float32, n*n)
	for i := range linear {
		linear[i] = grid[2*i] // f(x, y) = x
	}
	g := rng.New(3)
	pts := make([]float32, 2*1000)
	xs := make([]float64, 0, 1000)
	for i := 0; i < len(pts); i += 2 {
		pts[i], pts[i+1] = 1+2*g.Float32(), 3*(2*g.Float32()-1)
		xs = append(xs, float64(pts[i]))
	}
	slices.Sort(xs)
	lo, hi := dataFieldRange(linear, n, ext, pts, 0.02, 0.98)
	wantLo, wantHi := quantileOf(xs, 0.02), quantileOf(xs, 0.98)
	if math.Abs(lo-wantLo) > 1e-5 || math.Abs(hi-wantHi) > 1e-5 {
		t.Errorf("linear field: range [%g, %g], want the data's quantiles [%g, %g]", lo, hi, wantLo, wantHi)
	}
	// A log-density: -1000 far from the data, a peak of 50 at (-3, -3)
	// where no data lie, and values in [-3, -1] where they do.
	logp := make([]float32, n*n)
	for i := range logp {
		x, y := grid[2*i], grid[2*i+1]
		switch {
		case x > 0.5 && x < 3.5:
			logp[i] = -3 + 2*(x-0.5)/3
		case x < -2.5 && y < -2.5:
			logp[i] = 50
		default:
			logp[i] = -1000
		}
	}
	lo, hi = dataFieldRange(logp, n, ext, pts, 0.02, 0.9)
	if lo < -3 || hi > -1 || hi-lo < 1 {
		t.Errorf("log-density: range [%g, %g], want inside the data's values [-3, -1] and spanning most of them", lo, hi)
	}
	gridLo, gridHi := paint.FieldRange(logp, 0.02)
	t.Logf("range over the data [%.3f, %.3f]; over the whole grid it would be [%g, %g]", lo, hi, gridLo, gridHi)
	// Without finite values at the data it falls back to the field's own.
	nan := make([]float32, n*n)
	for i := range nan {
		nan[i] = float32(math.NaN())
	}
	nan[0] = 1
	if lo, hi := dataFieldRange(nan, n, ext, pts, 0.02, 0.98); lo != 0.5 || hi != 1.5 {
		t.Errorf("no finite value at the data: range [%g, %g], want the field's [0.5, 1.5]", lo, hi)
	}
}

// lab returns the CIELAB coordinates of an sRGB colour under D65 (the
// standard formulas of CIE 15:2004).
func lab(c color.RGBA) [3]float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	r, g, b := lin(c.R), lin(c.G), lin(c.B)
	X := (0.4124*r + 0.3576*g + 0.1805*b) / 0.95047
	Y := 0.2126*r + 0.7152*g + 0.0722*b
	Z := (0.0193*r + 0.1192*g + 0.9505*b) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	return [3]float64{116*f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))}
}

func deltaE(a, b color.RGBA) float64 {
	p, q := lab(a), lab(b)
	return math.Sqrt((p[0]-q[0])*(p[0]-q[0]) + (p[1]-q[1])*(p[1]-q[1]) + (p[2]-q[2])*(p[2]-q[2]))
}

// TestRealnessDistinctFromPoints checks that every colour of the D(x)
// scale is far (CIE76 ΔE ≥ 30) from the data's blue and the samples'
// vermillion, so that neither kind of point hides in the field, while
// the old scale used both points' hues at its ends.
func TestRealnessDistinctFromPoints(t *testing.T) {
	th := paint.Light()
	real := th.Real
	real.A = 0xff
	minE := math.Inf(1)
	for i := 0; i <= 100; i++ {
		c := Realness(float64(i) / 100)
		minE = math.Min(minE, math.Min(deltaE(c, real), deltaE(c, th.Generated)))
	}
	old := math.Min(deltaE(paint.Diverging(0), th.Generated), deltaE(paint.Diverging(1), real))
	t.Logf("smallest ΔE from a point colour: %.1f (the orange–blue scale: %.1f)", minE, old)
	if minE < 30 {
		t.Errorf("the D(x) scale comes within ΔE %.1f of a point colour, want ≥ 30", minE)
	}
	if Realness(0) == Realness(1) || Realness(math.NaN()) != paint.Neutral {
		t.Error("the D(x) scale does not tell its ends apart, or NaN is not neutral")
	}
}

// TestOutsideMarked draws samples inside and outside the view: the ones
// outside are counted and marked on the edge they leave by, in the
// samples' colour.
func TestOutsideMarked(t *testing.T) {
	v := paint.View{Extent: 4, W: 100, H: 100}
	pts := []float32{0, 0, 100, 0, 0, -9, 3.9, 3.9, float32(math.Inf(1)), 1}
	if n := outside(pts, 4); n != 3 {
		t.Errorf("%d points outside, want 3 (right, below, and an infinite x)", n)
	}
	img := image.NewRGBA(image.Rect(0, 0, 100, 100))
	gen := paint.Light().Generated
	markOutside(img, v, pts, gen)
	count := func(x0, y0, x1, y1 int) int {
		n := 0
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				if img.RGBAAt(x, y) == gen {
					n++
				}
			}
		}
		return n
	}
	if right := count(88, 44, 100, 56); right < 5 {
		t.Errorf("%d marker pixels at the right edge's middle, want a triangle", right)
	}
	if bottom := count(44, 88, 56, 100); bottom < 5 {
		t.Errorf("%d marker pixels at the bottom edge's middle, want a triangle", bottom)
	}
	if inside := count(20, 20, 80, 80); inside != 0 {
		t.Errorf("%d marker pixels inside the view, want none", inside)
	}
}

// TestSamplerKnobsAndCaption checks that the knobs of a panel that picks
// its sampler are those the sampler reads, and that the caption and the
// sampler line say what the settings are.
func TestSamplerKnobsAndCaption(t *testing.T) {
	r, _, _ := newTestRoot(t, "?v=1&f=diffusion&p=samples&smp=ddpm&k=50")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Caps: capsDiffusion, Sampler: "DDIM, 20 steps (live preview)"})
	keys := func() string {
		var ks []string
		for _, k := range r.knobs() {
			ks = append(ks, k.Key)
		}
		return strings.Join(ks, ",")
	}
	if got := keys(); got != "smp" {
		t.Errorf("DDPM shows the knobs %s, want the sampler only", got)
	}
	if c := r.panelCaption(); !strings.Contains(c, "DDPM runs all T = 1000 steps") {
		t.Errorf("DDPM caption %q", c)
	}
	if s := r.samplingText(); !strings.Contains(s, "DDPM, all T = 1000 steps") {
		t.Errorf("paused DDPM sampler line %q", s)
	}
	r.SetKnob(protocol.KnobSampler, protocol.SamplerDDIM)
	if got := keys(); got != "smp,k,eta" {
		t.Errorf("DDIM shows the knobs %s, want smp,k,eta", got)
	}
	c := r.panelCaption()
	if !strings.Contains(c, "k = 50 of T = 1000") || !strings.Contains(c, "20×") || strings.Contains(c, "k = 20") {
		t.Errorf("DDIM caption %q, want k = 50 and 20× fewer evaluations", c)
	}
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Caps: capsDiffusion, Sampler: "DDIM, 20 steps (live preview)", Running: true})
	if s := r.samplingText(); !strings.Contains(s, "Live samples while training: DDIM, 20 steps") || !strings.Contains(s, "DDIM, k = 50 of T = 1000 steps, η = 0.00") {
		t.Errorf("training sampler line %q", s)
	}
	r.SetPanel(protocol.PanelSamplers)
	r.Apply(protocol.Figure{Panel: protocol.PanelSamplers, Step: 0, Stats: []protocol.Stat{{Name: protocol.StatK, Value: 50}}})
	if got := keys(); got != "k,eta" {
		t.Errorf("the samplers panel shows %s, want k,eta", got)
	}
	if c := r.panelCaption(); !strings.Contains(c, "T = 1000 steps") || !strings.Contains(c, "k = 50 steps and η = 0.00") || strings.Contains(c, "{") {
		t.Errorf("samplers caption %q", c)
	}
}

// TestReverseFrameT checks that a frame of the reverse process shows its t.
func TestReverseFrameT(t *testing.T) {
	r, _, _ := newTestRoot(t, "?v=1&f=diffusion&p=reverse")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Caps: capsDiffusion})
	frames := make([]float32, 3*4)
	r.Apply(protocol.Figure{Panel: protocol.PanelReverse, Step: 1,
		Arrays: []protocol.Array{{Name: protocol.ArrFrames, Data: frames}, {Name: protocol.ArrFrameT, Data: []float32{1000, 500, 0}}},
		Stats:  []protocol.Stat{{Name: protocol.StatFrames, Value: 3}}})
	if got := r.frameT(); got != "t = 0 of 1000" {
		t.Errorf("last frame %q, want t = 0 of 1000", got)
	}
	r.SetFrame("1")
	if got := r.frameT(); got != "t = 500 of 1000" {
		t.Errorf("frame 1 %q, want t = 500 of 1000", got)
	}
}

// TestKeysMatchThePlot checks the colour key of panels whose points are
// not data and samples: codes coloured by position have no data/samples
// key, the forward process's points are the noised data, and the classes
// of MNIST codes have a key.
func TestKeysMatchThePlot(t *testing.T) {
	labels := func(ks []keyItem) string {
		var out []string
		for _, k := range ks {
			out = append(out, k.Label)
		}
		return strings.Join(out, "|")
	}
	r, _, _ := newTestRoot(t, "?v=1&f=ae&p=latent")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Caps: capsAE})
	if got := labels(r.keys()); strings.Contains(got, "data|") || strings.Contains(got, "samples") || !strings.Contains(got, "coloured by") {
		t.Errorf("AE latent key %q", got)
	}
	r, _, _ = newTestRoot(t, "?v=1&f=diffusion&p=forward")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Caps: capsDiffusion})
	if got := labels(r.keys()); strings.Contains(got, "samples") || strings.Contains(got, "model") || !strings.Contains(got, "noised") {
		t.Errorf("forward process key %q", got)
	}
	r, _, _ = newTestRoot(t, "?v=1&f=vae&d=mnist&p=latent")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 784, Rows: 28, Cols: 28, Caps: capsVAE})
	ks := r.keys()
	if len(ks) != 10 || ks[3].Label != "digit 3" || ks[3].Style != swatch(paint.Okabe(3)) {
		t.Errorf("MNIST latent key %q, want the ten digits in their colours", labels(ks))
	}
	r, _, _ = newTestRoot(t, "?v=1&f=gan")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Caps: capsGAN})
	if got := labels(r.keys()); got != "data|samples|D(x): 0 generated → 1 real" {
		t.Errorf("GAN key %q", got)
	}
}

// TestDashesSayWhy checks that every metric shown as "–" says why.
func TestDashesSayWhy(t *testing.T) {
	for _, c := range []struct {
		query string
		caps  []protocol.Capability
		name  string
		want  string
	}{
		{"?v=1&f=gan", capsGAN, "nll", "No likelihood for this model (GAN)"},
		{"?v=1&f=ae", capsAE, "nll", "No likelihood for this model (Autoencoder)"},
		{"?v=1&f=gan&d=moons", capsGAN, "modes", "not a mixture"},
		{"?v=1&f=flow", capsFlow, "precision", "Not scored yet"},
	} {
		r, _, _ := newTestRoot(t, c.query)
		r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Caps: c.caps,
			Metrics: []protocol.Stat{{Name: "nll", Value: math.NaN()}, {Name: "modes", Value: math.NaN()}, {Name: "precision", Value: math.NaN()}}})
		found := false
		for _, m := range r.metricRows() {
			if m.Value == "–" && m.Why == "" {
				t.Errorf("%s: %s shows – without a reason", c.query, m.ID)
			}
			if m.ID == "metric-"+c.name {
				found = true
				if !strings.Contains(m.Why, c.want) {
					t.Errorf("%s: %s reads %q, why %q, want %q", c.query, m.ID, m.Value, m.Why, c.want)
				}
			}
		}
		if !found {
			t.Errorf("%s: no row %s", c.query, c.name)
		}
	}
}

// TestUntrainedRecallExplained checks that a high recall beside a low
// precision comes with a note, and a good pair without one.
func TestUntrainedRecallExplained(t *testing.T) {
	r, _, _ := newTestRoot(t, "?v=1")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Caps: capsDiffusion,
		Metrics: []protocol.Stat{{Name: "precision", Value: 0}, {Name: "recall", Value: 1}}})
	if n := r.metricsNote(); !strings.Contains(n, "Recall 1.000") || !strings.Contains(n, "precision 0.000") {
		t.Errorf("note %q", n)
	}
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Caps: capsDiffusion, Step: 1,
		Metrics: []protocol.Stat{{Name: "precision", Value: 0.95}, {Name: "recall", Value: 0.97}}})
	if n := r.metricsNote(); n != "" {
		t.Errorf("note %q for a trained model", n)
	}
}
