package ui

//go:generate go tool vugugen -skip-go-mod -skip-main .

import (
	"fmt"
	"image"
	"image/color"
	"strconv"
	"strings"

	"github.com/vugu/vugu"

	"genplay/models/data"
	"genplay/models/diffusion"
	"genplay/tensor/rng"
	"genplay/wasm/paint"
	"genplay/wasm/protocol"
)

// Sizes of the plots' bitmaps in pixels; CSS shows them at this size on
// wide screens and scales them down on narrow ones.
const (
	scatterSize = 480
	lossW       = 440
	lossH       = 240
	// realPoints is the number of data points shown behind the samples.
	realPoints = 1000
	// defaultData is the data set of the walking skeleton.
	defaultData = "8gaussians"
)

// Root is the page: controls, the samples plot, the loss plot and the
// status of training. Its exported methods are called with the EventEnv
// lock held: by Vugu for DOM events, by the app for worker messages.
type Root struct {
	send  func(protocol.Command)
	theme paint.Theme
	cfg   diffusion.Config

	seed uint64
	set  data.Set
	real []float32

	ready, running bool
	step           int
	rate           float64
	samples        int
	sampling       float64
	points         []float32
	notice         string // a problem to show, or ""
	stopped        bool   // whether the problem stopped training
	losses         lossLog

	scatter, loss        *image.RGBA
	scatterVer, lossVer  uint64
	lossAxis             paint.LogAxis
	lossOK               bool
	scatterSurf, lossSrf Surface
}

// NewRoot returns the page's root component. send delivers commands to the
// training worker; newSurface returns a Surface for the canvas with the given
// element id, or may be nil where there is no browser.
func NewRoot(send func(protocol.Command), newSurface func(id string) Surface) *Root {
	r := &Root{
		send:    send,
		theme:   paint.Light(),
		cfg:     diffusion.Default(),
		seed:    1,
		scatter: image.NewRGBA(image.Rect(0, 0, scatterSize, scatterSize)),
		loss:    image.NewRGBA(image.Rect(0, 0, lossW, lossH)),
	}
	if newSurface != nil {
		r.scatterSurf, r.lossSrf = newSurface("samples"), newSurface("loss")
	}
	r.useData(defaultData, r.seed)
	r.clearRun()
	return r
}

// useData switches to the named data set and draws its points for seed. An
// unknown name keeps the current set and shows a notice.
func (r *Root) useData(name string, seed uint64) {
	set, err := data.Lookup(name)
	if err != nil {
		r.notice = err.Error()
		return
	}
	r.set = set
	r.real = make([]float32, 2*realPoints)
	// Stream 1 keeps the shown data apart from the worker's draws.
	set.Sample(r.real, rng.NewStream(seed, 1))
}

// clearRun forgets the current training run: samples, losses and counters.
func (r *Root) clearRun() {
	r.step, r.samples, r.sampling, r.rate = 0, 0, 0, 0
	r.points = nil
	r.losses = lossLog{}
	r.paintScatter()
	r.paintLoss()
}

// Play asks the worker to train, resuming the current run.
func (r *Root) Play() {
	r.notice, r.stopped = "", false
	r.command(protocol.KindPlay)
}

// Pause asks the worker to stop training.
func (r *Root) Pause() { r.command(protocol.KindPause) }

// Reset asks the worker for a fresh model from the seed; the page clears when
// the worker confirms.
func (r *Root) Reset() {
	r.notice, r.stopped = "", false
	r.command(protocol.KindReset)
}

// SetSeed takes the seed typed into the seed field and resets to it; text
// that is not a seed shows a notice and changes nothing.
func (r *Root) SetSeed(text string) {
	seed, err := strconv.ParseUint(text, 10, 64)
	if err != nil {
		r.notice = fmt.Sprintf("%q is not a seed: use a whole number from 0 to %d.", text, uint64(1<<64-1))
		return
	}
	r.seed = seed
	r.useData(r.set.Name, seed)
	r.Reset()
}

func (r *Root) command(op protocol.Kind) {
	if r.send != nil {
		r.send(protocol.Command{Op: op, Seed: r.seed, Data: r.set.Name})
	}
}

// Apply takes a message from the worker into the page.
func (r *Root) Apply(m protocol.Message) {
	switch m := m.(type) {
	case protocol.Ready:
		r.ready = true
	case protocol.Progress:
		r.ready = true
		if m.Step-len(m.Losses) != r.step {
			// Not the continuation of the run shown: a reset, or a new seed.
			r.clearRun()
			r.losses.first = m.Step - len(m.Losses)
		}
		r.running = m.Running
		r.step, r.samples, r.sampling = m.Step, m.Samples, m.Sampling
		if m.StepsPerSec > 0 {
			r.rate = m.StepsPerSec
		}
		if m.Points != nil {
			r.points = m.Points
			r.paintScatter()
		}
		if len(m.Losses) > 0 {
			r.losses.add(m.Losses)
			r.paintLoss()
		}
	case protocol.Error:
		r.running, r.stopped = false, true
		r.notice = m.Message
	}
}

// Fail shows a problem of the page itself, such as a worker that could not
// start or a message that could not be read.
func (r *Root) Fail(err error) {
	r.running, r.stopped = false, true
	r.notice = err.Error()
}

func (r *Root) paintScatter() {
	paint.Scatter(r.scatter, paint.View{Extent: r.set.Extent, W: scatterSize, H: scatterSize}, r.theme,
		paint.Layer{Points: r.real, Color: r.theme.Real, Radius: 1.6},
		paint.Layer{Points: r.points, Color: r.theme.Generated, Radius: 2.1})
	r.scatterVer++
}

func (r *Root) paintLoss() {
	r.lossAxis, r.lossOK = paint.LossCurve(r.loss, r.losses.vals, r.theme)
	r.lossVer++
}

// Template helpers.

func (r *Root) status() string {
	switch {
	case !r.ready:
		return "starting"
	case r.running:
		return "training"
	case r.stopped:
		return "stopped"
	case r.step == 0:
		return "ready"
	}
	return "paused"
}

func (r *Root) stepText() string { return strconv.Itoa(r.step) }

func (r *Root) rateText() string {
	if !r.running || r.rate == 0 {
		return "–"
	}
	return strconv.FormatFloat(r.rate, 'f', 0, 64)
}

func (r *Root) seedText() string { return strconv.FormatUint(r.seed, 10) }

func (r *Root) samplingText() string {
	pct := int(100 * r.sampling)
	if r.samples == 0 {
		if r.step == 0 {
			return fmt.Sprintf("Samples appear after a full chain of %d denoising steps.", r.cfg.T)
		}
		return fmt.Sprintf("First sample: %d%% of %d denoising steps.", pct, r.cfg.T)
	}
	return fmt.Sprintf("Sample %d shown, %d points. Next: %d%%.", r.samples, len(r.points)/2, pct)
}

func (r *Root) samplingStyle() string {
	return fmt.Sprintf("width: %.1f%%", 100*r.sampling)
}

func (r *Root) lossCaption() string {
	if r.losses.steps() == 0 {
		return "No steps yet."
	}
	return fmt.Sprintf("Steps %d to %d; the line is a moving average.", r.losses.first+1, r.losses.first+r.losses.steps())
}

// tick is a label of the loss plot's vertical axis.
type tick struct {
	Label string
	Style string
}

func (r *Root) lossTicks() []tick {
	if !r.lossOK {
		return nil
	}
	var ts []tick
	for _, v := range r.lossAxis.Ticks() {
		top := 100 * r.lossAxis.Y(v) / float64(r.lossAxis.H)
		ts = append(ts, tick{Label: strconv.FormatFloat(v, 'g', 3, 64), Style: fmt.Sprintf("top: %.2f%%", top)})
	}
	return ts
}

func (r *Root) specRows() [][2]string {
	c := r.cfg
	return [][2]string{
		{"Process", fmt.Sprintf("DDPM, T = %d", c.T)},
		{"Schedule", fmt.Sprintf("linear β %s → %s", short(c.BetaStart), short(c.BetaEnd))},
		{"Network", fmt.Sprintf("MLP %d × %d, ReLU", c.Depth, c.Hidden)},
		{"Time input", fmt.Sprintf("sinusoidal, %d", c.EmbedDim)},
		{"Optimizer", fmt.Sprintf("Adam, lr %s", short(c.LearningRate))},
		{"Batch", strconv.Itoa(c.Batch)},
	}
}

// short formats a hyperparameter briefly: 0.02, 1e-4, 3e-3.
func short(v float32) string {
	if v != 0 && v < 0.01 {
		s := strconv.FormatFloat(float64(v), 'e', -1, 32) // "1e-04"
		return strings.Replace(s, "e-0", "e-", 1)
	}
	return strconv.FormatFloat(float64(v), 'g', -1, 32)
}

func swatch(c color.RGBA) string {
	return fmt.Sprintf("background: rgba(%d, %d, %d, %.2f)", c.R, c.G, c.B, float64(c.A)/255)
}

func (r *Root) realSwatch() string {
	return swatch(color.RGBA{r.theme.Real.R, r.theme.Real.G, r.theme.Real.B, 0xff})
}
func (r *Root) genSwatch() string { return swatch(r.theme.Generated) }

// onSeed handles the seed field's change event.
func (r *Root) onSeed(e vugu.DOMEvent) { r.SetSeed(e.PropString("target", "value")) }
