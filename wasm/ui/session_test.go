package ui

import (
	"bytes"
	"errors"
	"image/color"
	"image/png"
	"math"
	"slices"
	"strings"
	"testing"

	"genplay/models"
	"genplay/models/data"
	"genplay/wasm/protocol"
	"genplay/wasm/urlstate"
)

// fakeHost records what the page asks of the browser.
type fakeHost struct {
	downloads []download
	copied    []string
	query     string
	restarts  int
	copyErr   error
}

type download struct {
	name, mime string
	b          []byte
}

func (h *fakeHost) Download(name, mime string, b []byte) {
	h.downloads = append(h.downloads, download{name, mime, b})
}
func (h *fakeHost) Copy(text string, done func(error)) {
	h.copied = append(h.copied, text)
	done(h.copyErr)
}
func (h *fakeHost) SetQuery(q string) { h.query = q }
func (h *fakeHost) PageURL() string   { return "http://genplay.test/" }

// fakeWorker records the commands a session sends and its restarts.
type fakeWorker struct {
	sent     []protocol.Command
	restarts int
}

func (w *fakeWorker) Send(c protocol.Command) {
	protocol.Encode(c) // panics on a command the worker would refuse
	w.sent = append(w.sent, c)
}
func (w *fakeWorker) Restart() { w.restarts++ }

// newTestPage returns a page opened at query and its session, with the
// commands the session sends.
func newTestPage(t *testing.T, query string) (*Page, *Session, *fakeWorker, *fakeHost) {
	t.Helper()
	h := &fakeHost{}
	w := &fakeWorker{}
	p := NewPage(h, query)
	s := p.AddSession(SessionConfig{Worker: w})
	return p, s, w, h
}

// newTestRoot returns the session of a page opened at query, with the
// commands it sends.
func newTestRoot(t *testing.T, query string) (*Session, *[]protocol.Command, *fakeHost) {
	t.Helper()
	_, s, w, h := newTestPage(t, query)
	return s, &w.sent, h
}

// Capabilities of the families, as the worker reports them.
var (
	capsAE        = []protocol.Capability{protocol.CapEncode, protocol.CapReconstruct}
	capsVAE       = []protocol.Capability{protocol.CapEncode, protocol.CapReconstruct, protocol.CapLikelihood}
	capsGAN       = []protocol.Capability{protocol.CapField, protocol.CapTruncate}
	capsFlow      = []protocol.Capability{protocol.CapLikelihood, protocol.CapBijection, protocol.CapField}
	capsDiffusion = []protocol.Capability{protocol.CapLikelihood, protocol.CapChain, protocol.SamplerCap(protocol.SamplerDDPM), protocol.SamplerCap(protocol.SamplerDDIM),
		protocol.CapNoise, protocol.CapInpaint, protocol.CapTranslate}
	// capsStepper is a model that samples step by step with samplers of
	// its own, as flow matching does.
	capsStepper = []protocol.Capability{protocol.CapChain, protocol.SamplerCap(protocol.SamplerEuler), protocol.SamplerCap(protocol.SamplerHeun),
		protocol.CapNoise, protocol.CapInpaint}
)

func ops(cs []protocol.Command) string {
	var s []string
	for _, c := range cs {
		s = append(s, string(c.Op))
	}
	return strings.Join(s, ",")
}

func TestStartFromLink(t *testing.T) {
	q := urlstate.Encode(urlstate.State{
		Spec: models.Spec{Family: "gan", Data: "moons", Seed: 7, Steps: 500},
		View: protocol.View{Panel: protocol.PanelSamples, Psi: 0.3, Sampler: "ddpm", K: 50, T: 250, Strength: 0.5},
	})
	pg, r, w, _ := newTestPage(t, "?"+q)
	sent := &w.sent
	if len(pg.linkNotices) != 0 {
		t.Fatalf("notices for a good link: %v", pg.linkNotices)
	}
	r.Start()
	if got := ops(*sent); got != "view,play" {
		t.Fatalf("sent %s, want view,play", got)
	}
	v, p := (*sent)[0], (*sent)[1]
	if v.View.Psi != 0.3 || p.Until != 500 || p.Spec.Family != "gan" || p.Spec.Data != "moons" || p.Spec.Seed != 7 || p.Spec.Steps != 0 {
		t.Errorf("view %+v, play %+v", v.View, p)
	}
}

func TestBadLinkOpensDefaultsWithNotice(t *testing.T) {
	pg, r, w, _ := newTestPage(t, "?v=0&f=gan")
	sent := &w.sent
	if r.spec.Family != DefaultSpec().Family || pg.linkNotice() == "" {
		t.Errorf("family %q, notice %q", r.spec.Family, pg.linkNotice())
	}
	r.Start()
	if got := ops(*sent); got != "view,reset" {
		t.Errorf("sent %s, want view,reset", got)
	}
}

func TestLiveAndArchitectureParams(t *testing.T) {
	r, sent, _ := newTestRoot(t, "?v=1&f=ae")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Step: 10, Terms: []string{"total"}, Losses: make([]float32, 10), Running: true})
	rebuilt := r.rebuilt
	p, _ := r.param("lr")
	r.SetParam("lr", "1000") // the slider's top: the range's maximum
	if len(*sent) != 1 || (*sent)[0].Op != protocol.KindTune {
		t.Fatalf("a learning rate change sent %s, want tune", ops(*sent))
	}
	if !strings.Contains(string((*sent)[0].Spec.Config), `"lr":`+strings.TrimSuffix(short(float32(p.Max)), "")) && !strings.Contains(string((*sent)[0].Spec.Config), `"lr":0.1`) {
		t.Errorf("tune config %s lacks lr = %g", (*sent)[0].Spec.Config, p.Max)
	}
	if r.rebuilt != rebuilt {
		t.Error("a live change reset the plots")
	}
	r.SetParam("hidden", "128")
	if last := (*sent)[len(*sent)-1]; last.Op != protocol.KindReset || !strings.Contains(string(last.Spec.Config), `"hidden":128`) {
		t.Errorf("an architecture change sent %+v, want a reset with hidden 128", last)
	}
	if r.rebuilt == rebuilt || !strings.Contains(r.info, "step 0") {
		t.Errorf("rebuild not shown: rebuilt %d→%d, info %q", rebuilt, r.rebuilt, r.info)
	}
	// Values are clamped to the Param's range.
	r.SetParam("hidden", "100000")
	if !strings.Contains(string(r.spec.Config), `"hidden":512`) {
		t.Errorf("hidden not clamped: %s", r.spec.Config)
	}
}

func TestSliderMapping(t *testing.T) {
	r, _, _ := newTestRoot(t, "?v=1&f=gan")
	p, ok := r.param("lr_g")
	if !ok || !p.Log {
		t.Fatal("gan has no log-scaled lr_g")
	}
	for _, x := range []float64{p.Min, 1e-3, 2e-4, p.Max} {
		if got := sliderValue(p, sliderPos(p, x)); math.Abs(got-x)/x > 0.01 {
			t.Errorf("lr %g → slider → %g", x, got)
		}
	}
}

func TestKeys(t *testing.T) {
	r, _, w, _ := newTestPage(t, "")
	sent := &w.sent
	r.Key(" ")
	r.Key(" ")
	r.Key("ArrowRight")
	r.Key("r")
	r.Key("x")
	if got := ops(*sent); got != "play,pause,step,reset" {
		t.Errorf("keys sent %s", got)
	}
}

func TestLossTermsAndMetrics(t *testing.T) {
	r, _, h := newTestRoot(t, "?v=1&f=gan")
	terms := []string{"total", "d_loss", "g_loss"}
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Step: 2, Terms: terms, Losses: []float32{3, 1, 2, 3.5, 1.5, 2}, Running: true,
		Metrics: []protocol.Stat{{Name: "precision", Value: 0.75}, {Name: "modes", Value: 6}, {Name: "modes_total", Value: 8}, {Name: "nll", Value: math.NaN()}}})
	if len(r.losses) != 3 || r.losses[1].steps() != 2 || r.losses[1].vals[1] != 1.5 {
		t.Fatalf("losses %+v", r.losses)
	}
	series := r.lossSeries()
	if len(series) != 2 || series[0].Name != "d_loss" || series[1].Name != "g_loss" {
		t.Errorf("GAN loss series %+v, want d_loss and g_loss", series)
	}
	rows := map[string]string{}
	for _, m := range r.metricRows() {
		rows[m.ID] = m.Value
	}
	if rows["metric-precision"] != "0.750" || rows["metric-modes"] != "6 / 8" || rows["metric-nll"] != "–" {
		t.Errorf("metric rows %v", rows)
	}
	if c, tot := r.modesGauge(); c != 6 || tot != 8 {
		t.Errorf("gauge %d/%d", c, tot)
	}
	if !strings.Contains(h.query, "f=gan") || !strings.Contains(h.query, "n=2") {
		t.Errorf("address bar query %q lacks the family and step", h.query)
	}
	r.ExportMetricsCSV()
	if len(h.downloads) != 1 || !strings.HasPrefix(string(h.downloads[0].b), "step,precision,modes,modes_total,nll\n2,0.75,6,8,\n") {
		t.Errorf("metrics CSV %q", h.downloads)
	}
}

// pixel returns the colour at (x, y) of the main image.
func pixel(r *Session, x, y int) color.RGBA { return r.mainImg.RGBAAt(x, y) }

func TestFieldUnderSamples(t *testing.T) {
	r, _, _ := newTestRoot(t, "?v=1&f=flow")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Step: 1, Terms: []string{"total"}, Losses: []float32{1}, Caps: capsFlow})
	field := make([]float32, heatN*heatN)
	for i := range field {
		field[i] = float32(i % heatN) // rises from left to right
	}
	r.Apply(protocol.Figure{Panel: protocol.PanelSamples, Step: 1, Arrays: []protocol.Array{{Name: protocol.ArrPoints, Data: []float32{0, 0}}, {Name: protocol.ArrField, Data: field}}})
	if len(r.misread) != 0 {
		t.Error(r.misread)
	}
	left, right := pixel(r, 5, plotSize/3), pixel(r, plotSize-5, plotSize/3)
	if left == right || left == r.theme.Background {
		t.Errorf("heatmap not drawn: left %v, right %v", left, right)
	}
	if c := pixel(r, plotSize/2, plotSize/2); c != r.theme.Generated {
		t.Errorf("sample at the origin drawn %v, want %v", c, r.theme.Generated)
	}
}

// TestEveryPanelPaints feeds every row of the panel table a figure of
// its arrays, on 2D data and on images, and checks that the plot changes,
// that the page reads no array the row does not list, and that the row's
// caption shows. The worker's real figures are painted by the worker's
// tests (TestPagePaintsEveryFigure).
func TestEveryPanelPaints(t *testing.T) {
	pts := func(n int) []float32 {
		x := make([]float32, 2*n)
		for i := range x {
			x[i] = float32(i%7) - 3
		}
		return x
	}
	imgs := func(n int) []float32 {
		x := make([]float32, n*784)
		for i := range x {
			x[i] = float32(i%5) / 4
		}
		return x
	}
	for _, row := range protocol.PanelTable {
		for _, images := range []bool{false, true} {
			if images && row.Only2D {
				continue
			}
			// Capabilities that select the row: a family's, or the row's own.
			caps := row.Needs
			for _, c := range [][]protocol.Capability{capsAE, capsVAE, capsGAN, capsFlow, capsDiffusion, capsStepper, row.Needs} {
				if got, ok := protocol.PanelFor(row.Name, c, images); ok && got.Label == row.Label {
					caps = c
					break
				}
			}
			r, _, _ := newTestRoot(t, "?v=1")
			p := protocol.Progress{Spec: r.spec, Dim: 2, Step: 1, Terms: []string{"total"}, Losses: []float32{1}, Caps: caps}
			if images {
				p.Spec.Data, p.Dim, p.Rows, p.Cols = "mnist", 784, 28, 28
			}
			r.Apply(p)
			r.SetPanel(row.Name)
			if got, _ := r.row(); r.view.Panel != row.Name || got.Label != row.Label {
				t.Errorf("%s %q: the caps %v show panel %s, %q", row.Name, row.Label, caps, r.view.Panel, got.Label)
				continue
			}
			mk := pts
			if images {
				mk = imgs
			}
			data := map[string][]float32{
				protocol.ArrPoints: mk(8), protocol.ArrInputs: mk(8), protocol.ArrRecons: mk(8),
				protocol.ArrCodes: pts(20), protocol.ArrGrid: mk(100), protocol.ArrEnds: mk(2), protocol.ArrPath: mk(10),
				protocol.ArrFrames: mk(4 * 4), protocol.ArrFrameT: {3, 2, 1, 0}, protocol.ArrFirst: mk(4), protocol.ArrSecond: mk(4),
				protocol.ArrInput: mk(1), protocol.ArrMask: make([]float32, len(mk(1))), protocol.ArrPaths: pts(3 * 4),
			}
			var arrays []protocol.Array
			for _, name := range row.Arrays {
				arrays = append(arrays, protocol.Array{Name: name, Data: data[name]})
			}
			stats := []protocol.Stat{{Name: protocol.StatRows, Value: 10}, {Name: protocol.StatCols, Value: 10}, {Name: protocol.StatFrames, Value: 4},
				{Name: protocol.StatLatentDim, Value: 2}, {Name: protocol.StatFirstMs, Value: 10}, {Name: protocol.StatSecondMs, Value: 0.2}, {Name: protocol.StatSpeedup, Value: 50},
				{Name: protocol.StatPathPoints, Value: 4}}
			before := append([]byte(nil), r.mainImg.Pix...)
			r.Apply(protocol.Figure{Panel: row.Name, Step: 1, Arrays: arrays, Stats: stats})
			if bytes.Equal(before, r.mainImg.Pix) && r.mainImg.Rect.Dx() == plotSize {
				t.Errorf("%s %q (images %v): the figure changed nothing", row.Name, row.Label, images)
			}
			if len(r.misread) != 0 {
				t.Errorf("%s %q (images %v): %v", row.Name, row.Label, images, r.misread)
			}
			if r.panelCaption() == "" {
				t.Errorf("%s %q: no caption", row.Name, row.Label)
			}
		}
	}
}

func TestDrawingBecomesADataSet(t *testing.T) {
	r, sent, _ := newTestRoot(t, "?v=1&f=gan")
	r.SetData(dataDrawn)
	if !r.drawMode {
		t.Fatal("not drawing")
	}
	for i := range 10 {
		r.DrawAt(float64(40+20*i), 200, plotSize)
	}
	if r.drawnCount() != 30 {
		t.Fatalf("%d points drawn, want 30", r.drawnCount())
	}
	r.TrainOnDrawing()
	last := (*sent)[len(*sent)-1]
	if last.Op != protocol.KindReset || !strings.HasPrefix(last.Spec.Data, data.DrawnPrefix) || r.drawMode {
		t.Fatalf("train on drawing sent %+v (drawing %v)", last, r.drawMode)
	}
	pts, err := data.DecodeDrawn(last.Spec.Data)
	if err != nil || len(pts) != 60 {
		t.Fatalf("drawn data set: %d values, %v", len(pts), err)
	}
	if !strings.Contains(r.info, "your 30 points") {
		t.Errorf("info %q", r.info)
	}
	// A CSV that is not points keeps the data set and says why.
	r.ImportCSV("bad.csv", []byte("x,y\n1,2\nzz,3\n"), nil)
	if r.spec.Data != last.Spec.Data || !strings.Contains(r.notice, "line 3") {
		t.Errorf("bad CSV: data %q, notice %q", r.spec.Data, r.notice)
	}
	r.ImportCSV("ok.csv", []byte("x,y\n1,2\n-1,0.5\n0,0\n2,2\n"), nil)
	if pts, _ := data.DecodeDrawn(r.spec.Data); len(pts) != 8 {
		t.Errorf("CSV import gave %d values", len(pts))
	}
}

func TestImportWeights(t *testing.T) {
	r, sent, _ := newTestRoot(t, "")
	r.ImportWeights("w.safetensors", nil, errors.New("too big"))
	if len(*sent) != 0 || !strings.Contains(r.notice, "The current model stays") {
		t.Errorf("read error: sent %s, notice %q", ops(*sent), r.notice)
	}
	r.ImportWeights("w.safetensors", []byte("abc"), nil)
	if len(*sent) != 1 || (*sent)[0].Op != protocol.KindImport || string((*sent)[0].Weights) != "abc" {
		t.Errorf("import sent %+v", *sent)
	}
	// The worker's refusal shows as a notice; the session stays.
	r.Apply(protocol.Error{Message: "The file is not a genplay weights file. The current model stays."})
	if !strings.Contains(r.notice, "not a genplay weights file") || r.stopped || r.info != "" {
		t.Errorf("notice %q, stopped %v, info %q", r.notice, r.stopped, r.info)
	}
	// A good file: the new session shows, and says where it came from.
	r.ImportWeights("gan.safetensors", []byte("abc"), nil)
	r.Apply(protocol.Progress{Seq: r.seq, Spec: models.Spec{Family: "gan", Data: "moons", Seed: 3, Steps: 700}, Dim: 2, Step: 700})
	if r.spec.Family != "gan" || r.step != 700 || r.info != "Loaded gan.safetensors at step 700." {
		t.Errorf("after the import: %s at %d, info %q", r.spec.Family, r.step, r.info)
	}
}

func TestDivergedRunShowsStep(t *testing.T) {
	r, _, _ := newTestRoot(t, "")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Step: 40, Terms: []string{"total"}, Losses: make([]float32, 40), Running: true})
	r.Apply(protocol.Error{Step: 41, Message: "Training diverged at step 41.", Stopped: true})
	if r.status() != "stopped" || r.running || !strings.Contains(r.notice, "41") {
		t.Errorf("status %s, running %v, notice %q", r.status(), r.running, r.notice)
	}
}

func TestShareAndEmbed(t *testing.T) {
	pg, r, _, h := newTestPage(t, "?v=1&f=vae&p=manifold")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Step: 300, Terms: []string{"total"}, Caps: capsVAE})
	pg.Share()
	if len(h.copied) != 1 || !strings.HasPrefix(h.copied[0], "http://genplay.test/?v=1&f=vae") || !strings.Contains(h.copied[0], "n=300") || !strings.Contains(h.copied[0], "p=manifold") {
		t.Errorf("copied %q", h.copied)
	}
	if !strings.Contains(r.info, "300") {
		t.Errorf("info %q", r.info)
	}
	st, notices := urlstate.Decode(strings.TrimPrefix(h.copied[0], "http://genplay.test/"))
	if len(notices) != 0 || st.Spec.Steps != 300 || st.View.Panel != protocol.PanelManifold {
		t.Errorf("the shared link decodes to %+v, %v", st, notices)
	}
	h.copyErr = errors.New("denied")
	pg.Embed()
	if !strings.HasPrefix(h.copied[1], "<iframe") || !strings.Contains(h.copied[1], "embed=1") || pg.shown != shownEmbed {
		t.Errorf("embed code %q", h.copied[1])
	}
	e, es, _, _ := newTestPage(t, "?v=1&f=vae&embed=1")
	if !e.embed || !es.embed || strings.Contains(e.openLink(), "embed") {
		t.Errorf("embed mode %v, %v, open link %q", e.embed, es.embed, e.openLink())
	}
}

func TestExports(t *testing.T) {
	r, _, h := newTestRoot(t, "?v=1&f=gan")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Step: 5, Terms: []string{"total"}, Points: []float32{1, 2, 3, 4}})
	r.ExportPNG()
	r.ExportSamplesCSV()
	if len(h.downloads) != 2 {
		t.Fatalf("%d downloads", len(h.downloads))
	}
	if _, err := png.Decode(bytes.NewReader(h.downloads[0].b)); err != nil || h.downloads[0].mime != "image/png" {
		t.Errorf("PNG: %v, %s", err, h.downloads[0].mime)
	}
	if got := string(h.downloads[1].b); got != "x,y\n1,2\n3,4\n" || !strings.HasSuffix(h.downloads[1].name, "step5-samples.csv") {
		t.Errorf("samples CSV %q named %s", got, h.downloads[1].name)
	}
	r.ExportGIF()
	if !strings.Contains(r.notice, "reverse process") {
		t.Errorf("GIF without frames: notice %q", r.notice)
	}
}

func TestCrashAndRestart(t *testing.T) {
	_, r, h, _ := newTestPage(t, "")
	sent := &h.sent
	r.Fail(errors.New("The training worker stopped unexpectedly."))
	if r.crashed == "" || r.status() != "stopped" {
		t.Fatalf("crash not shown: %q, %s", r.crashed, r.status())
	}
	r.Key(" ")
	if len(*sent) != 0 {
		t.Error("a key reached the crashed worker")
	}
	r.Restart()
	if h.restarts != 1 || r.crashed != "" || ops(*sent) != "view,reset" {
		t.Errorf("restart: %d restarts, crashed %q, sent %s", h.restarts, r.crashed, ops(*sent))
	}
}

func TestFamilySwitchKeepsAPanelItHas(t *testing.T) {
	r, sent, _ := newTestRoot(t, "?v=1&f=diffusion&p=reverse")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Caps: capsDiffusion})
	if r.view.Panel != protocol.PanelReverse || len(r.tabs()) != 7 || r.tabs()[3].Label != "DDPM vs DDIM" {
		t.Fatalf("diffusion: panel %s, %d tabs", r.view.Panel, len(r.tabs()))
	}
	r.SetFamily("gan")
	last := (*sent)[len(*sent)-1]
	if last.Op != protocol.KindReset || last.Spec.Family != "gan" || last.Spec.Config != nil {
		t.Errorf("family switch sent %+v", last)
	}
	if len(r.tabs()) != 0 {
		t.Errorf("the diffusion model's tabs stay after switching: %v", r.tabs())
	}
	gan := r.spec
	r.Apply(protocol.Progress{Seq: r.seq, Spec: gan, Dim: 2, Caps: capsGAN})
	if r.view.Panel != protocol.PanelSamples || len(r.tabs()) != 1 || r.tabs()[0].Label != "Samples & discriminator" {
		t.Errorf("panel %s, tabs %v after switching to gan", r.view.Panel, r.tabs())
	}
	if last := (*sent)[len(*sent)-1]; last.Op != protocol.KindView || last.View.Panel != protocol.PanelSamples {
		t.Errorf("the switch of panel sent %+v", last)
	}
	r.SetFamily("ae")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Caps: capsAE})
	if r.view.Panel != protocol.PanelRecon {
		t.Errorf("panel %s after switching to ae", r.view.Panel)
	}
}

// TestLinkToAPanelTheFamilyLacks opens a link to the GAN's latent space:
// the page shows the GAN's first panel and says why.
func TestLinkToAPanelTheFamilyLacks(t *testing.T) {
	pg, r, w, _ := newTestPage(t, "?v=1&f=gan&p=latent")
	if len(pg.linkNotices) != 0 {
		t.Fatalf("notices before the worker spoke: %v", pg.linkNotices)
	}
	r.Start()
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Caps: capsGAN})
	if r.view.Panel != protocol.PanelSamples || !strings.Contains(pg.linkNotice(), `no panel "latent"`) || !strings.Contains(pg.linkNotice(), "Samples & discriminator") {
		t.Errorf("panel %s, notice %q", r.view.Panel, pg.linkNotice())
	}
	if last := w.sent[len(w.sent)-1]; last.Op != protocol.KindView || last.View.Panel != protocol.PanelSamples {
		t.Errorf("sent %+v", last)
	}
	// A link that names no panel opens the family's first without a word.
	pg, r, _, _ = newTestPage(t, "?v=1&f=ae")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Caps: capsAE})
	if r.view.Panel != protocol.PanelRecon || pg.linkNotice() != "" {
		t.Errorf("ae: panel %s, notice %q", r.view.Panel, pg.linkNotice())
	}
}

// TestSamplersOfTheModel checks that the sampler knob offers the model's
// samplers only, that the view moves to the model's default sampler, and
// that η shows only for a model with DDIM.
func TestSamplersOfTheModel(t *testing.T) {
	r, sent, _ := newTestRoot(t, "?v=1&p=reverse")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Caps: capsStepper})
	if r.view.Sampler != protocol.SamplerEuler || r.view.Panel != protocol.PanelReverse {
		t.Errorf("sampler %q, panel %q", r.view.Sampler, r.view.Panel)
	}
	if last := (*sent)[len(*sent)-1]; last.Op != protocol.KindView || last.View.Sampler != protocol.SamplerEuler {
		t.Errorf("sent %+v", last)
	}
	var keys, options []string
	for _, k := range r.knobs() {
		keys = append(keys, k.Key)
		for _, o := range k.Options {
			options = append(options, o.Name)
		}
	}
	if strings.Join(keys, ",") != "smp,k" || strings.Join(options, ",") != "euler,heun" {
		t.Errorf("knobs %v, sampler options %v", keys, options)
	}
	r.SetKnob(protocol.KnobSampler, protocol.SamplerHeun)
	if r.view.Sampler != protocol.SamplerHeun {
		t.Errorf("sampler %q after picking Heun", r.view.Sampler)
	}
}

// TestTwoSessions shows two sessions on one page: each has its own worker
// and element ids, and only the first drives the address bar.
func TestTwoSessions(t *testing.T) {
	h := &fakeHost{}
	pg := NewPage(h, "?v=1&f=gan")
	w1, w2 := &fakeWorker{}, &fakeWorker{}
	a := pg.AddSession(SessionConfig{Worker: w1})
	b := pg.AddSession(SessionConfig{ID: "b-", Worker: w2, State: urlstate.State{Spec: models.Spec{Family: "flow", Data: "moons", Seed: 2}, View: protocol.DefaultView()}})
	pg.Start()
	if ops(w1.sent) != "view,reset" || ops(w2.sent) != "view,reset" || w1.sent[1].Spec.Family != "gan" || w2.sent[1].Spec.Family != "flow" {
		t.Fatalf("sent %s %s", ops(w1.sent), ops(w2.sent))
	}
	b.Apply(protocol.Progress{Seq: b.seq, Spec: b.spec, Dim: 2, Step: 9, Caps: capsFlow})
	if strings.Contains(h.query, "f=flow") {
		t.Errorf("the second session set the address bar: %q", h.query)
	}
	a.Apply(protocol.Progress{Seq: a.seq, Spec: a.spec, Dim: 2, Step: 4, Caps: capsGAN})
	if !strings.Contains(h.query, "f=gan") || !strings.Contains(h.query, "n=4") {
		t.Errorf("address bar %q", h.query)
	}
	if a.elemID("main") != "main" || b.elemID("main") != "b-main" || b.step != 9 || a.step != 4 {
		t.Errorf("ids %s %s, steps %d %d", a.elemID("main"), b.elemID("main"), a.step, b.step)
	}
	pg.Key(" ")
	if ops(w1.sent) != "view,reset,play" || ops(w2.sent) != "view,reset" {
		t.Errorf("a key went to %s / %s", ops(w1.sent), ops(w2.sent))
	}
}

func TestLinkToAPretrainedModelTrainedFurther(t *testing.T) {
	r, sent, _ := newTestRoot(t, "?v=1&f=gan&d=moons&m=gan-moons&n=6000")
	r.Start()
	if got := ops(*sent); got != "view,load" || (*sent)[1].Model != "gan-moons" {
		t.Fatalf("sent %s", got)
	}
	spec := models.Spec{Family: "gan", Data: "moons", Seed: 1, Steps: 4000}
	r.Apply(protocol.Progress{Seq: r.seq, Spec: spec, Model: "gan-moons", Dim: 2, Step: 4000})
	last := (*sent)[len(*sent)-1]
	if last.Op != protocol.KindPlay || last.Until != 6000 {
		t.Errorf("after the load sent %+v, want a play until step 6000", last)
	}
}

func TestTickLabel(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 0.5: "0.5", 1000: "1000", 2500: "2500", 1e4: "1e4", 2e5: "2e5", 1e-4: "1e-4", 0.001: "1e-3", -3: "-3", 0.25: "0.25"} {
		if got := tickLabel(v); got != want {
			t.Errorf("tickLabel(%g) = %q, want %q", v, got, want)
		}
	}
}

func TestStaleProgressDoesNotUndoAPick(t *testing.T) {
	r, _, _ := newTestRoot(t, "")
	r.SetFamily("flow")
	flowSeq := r.seq
	flow := r.spec
	r.SetFamily("gan")
	// The worker's report of the flow, sent before it read the GAN's reset.
	r.Apply(protocol.Progress{Seq: flowSeq, Spec: flow, Dim: 2})
	if r.spec.Family != "gan" {
		t.Fatalf("a stale report switched the page to %s", r.spec.Family)
	}
	gan := r.spec
	gan.Steps = 0
	r.Apply(protocol.Progress{Seq: r.seq, Spec: gan, Dim: 2, Step: 0})
	if r.spec.Family != "gan" || r.status() != "ready" {
		t.Errorf("family %s, status %s", r.spec.Family, r.status())
	}
}

func TestIntControlsKeepTheirStep(t *testing.T) {
	r, sent, _ := newTestRoot(t, "?v=1&f=diffusion")
	r.SetParam("embed_dim", "7")
	if last := (*sent)[len(*sent)-1]; last.Op != protocol.KindReset || !strings.Contains(string(last.Spec.Config), `"embed_dim":8`) {
		t.Errorf("embed_dim 7 sent %+v, want a reset with the even 8", last)
	}
	var c control
	for _, g := range r.groups() {
		for _, x := range g.Controls {
			if x.Key == "embed_dim" {
				c = x
			}
		}
	}
	if c.Min != "2" || c.Step != "2" || c.Value != "8" {
		t.Errorf("embed_dim slider min %s step %s value %s", c.Min, c.Step, c.Value)
	}
}

// TestNewPanelIsARow adds a panel to the table, as a new family would, and
// shows it with no code of its own: its tab, caption and knob come from
// its row, and its points are painted over the data.
func TestNewPanelIsARow(t *testing.T) {
	panels, table := protocol.Panels, protocol.PanelTable
	t.Cleanup(func() { protocol.Panels, protocol.PanelTable = panels, table })
	protocol.Panels = append(slices.Clone(panels), "path")
	protocol.PanelTable = append(slices.Clone(table), protocol.Panel{
		Name: "path", Needs: []protocol.Capability{protocol.CapNoise}, Label: "Probability path", Title: "The path from data to noise",
		Caption: "The data carried to time t.", Knobs: []string{protocol.KnobT}, Arrays: []string{protocol.ArrPoints},
	})
	r, _, _ := newTestRoot(t, "?v=1")
	r.Apply(protocol.Progress{Seq: r.seq, Spec: r.spec, Dim: 2, Caps: capsStepper})
	r.SetPanel("path")
	if r.view.Panel != "path" || r.tabs()[len(r.tabs())-1].Label != "Probability path" || r.panelCaption() != "The data carried to time t." {
		t.Fatalf("panel %q, tabs %v", r.view.Panel, r.tabs())
	}
	if ks := r.knobs(); len(ks) != 1 || ks[0].Key != protocol.KnobT {
		t.Errorf("knobs %+v", ks)
	}
	gen := r.theme.Generated
	count := func() int {
		n := 0
		for y := range plotSize {
			for x := range plotSize {
				if r.mainImg.RGBAAt(x, y) == gen {
					n++
				}
			}
		}
		return n
	}
	before := count()
	r.Apply(protocol.Figure{Panel: "path", Step: 0, Arrays: []protocol.Array{{Name: protocol.ArrPoints, Data: []float32{0, 0, 1, 1, -2, 2}}}})
	if after := count(); after <= before || len(r.misread) != 0 {
		t.Errorf("generated pixels %d → %d, problems %v", before, after, r.misread)
	}
}
