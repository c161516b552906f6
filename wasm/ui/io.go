package ui

import (
	"fmt"
	"image"
	"strings"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"

	"genplay/models/data"
	"genplay/wasm/paint"
	"genplay/wasm/paint/encode"
	"genplay/wasm/protocol"
)

// Data in and out: exports of the picture, the samples, the reverse
// process, the metrics and the weights; imports of weights and of points.

// MaxWeightsFile bounds a weights file the page reads.
const MaxWeightsFile = 64 << 20

// FileReader reads the first file of a FileList; a Host may offer it.
type FileReader interface {
	// ReadFile reads the first file of files (a FileList) of at most limit
	// bytes and calls done with its name and bytes or an error.
	ReadFile(files js.Value, limit int, done func(name string, b []byte, err error))
}

// fileStem names the exported files: "gan-8gaussians-step1200".
func (r *Root) fileStem() string {
	d := r.spec.Data
	if strings.HasPrefix(d, data.DrawnPrefix) {
		d = "drawn"
	}
	return fmt.Sprintf("genplay-%s-%s-step%d", r.spec.Family, d, r.step)
}

func (r *Root) download(name, mime string, b []byte) {
	if r.host != nil {
		r.host.Download(name, mime, b)
	}
	r.info = fmt.Sprintf("Saved %s.", name)
}

// ExportPNG saves the main view as a PNG.
func (r *Root) ExportPNG() {
	b, err := encode.PNG(r.mainImg)
	if err != nil {
		r.notice = "Could not make the PNG: " + err.Error()
		return
	}
	r.download(r.fileStem()+"-"+r.view.Panel+".png", "image/png", b)
}

// ExportSamplesCSV saves the newest sample as CSV: x,y per point, or one
// row of pixels per image.
func (r *Root) ExportSamplesCSV() {
	if len(r.points) == 0 || r.dim == 0 {
		r.notice = "There is no sample to save yet."
		return
	}
	var header []string
	if r.dim == 2 {
		header = []string{"x", "y"}
	} else {
		for i := range r.dim {
			header = append(header, fmt.Sprintf("p%d", i))
		}
	}
	r.download(r.fileStem()+"-samples.csv", "text/csv", paint.PointsCSV(r.points, r.dim, header))
}

// ExportGIF saves the reverse process as an animated GIF.
func (r *Root) ExportGIF() {
	n := r.frames()
	if n == 0 {
		r.notice = "Open the reverse process first: its frames make the GIF."
		return
	}
	keep := r.frame
	frames := make([]*image.RGBA, 0, n)
	for i := range n {
		r.frame = i
		r.paintMain()
		frames = append(frames, cloneRGBA(r.mainImg))
	}
	r.frame = keep
	r.paintMain()
	b, err := encode.GIF(frames, 8)
	if err != nil {
		r.notice = "Could not make the GIF: " + err.Error()
		return
	}
	r.download(r.fileStem()+"-reverse.gif", "image/gif", b)
}

func cloneRGBA(img *image.RGBA) *image.RGBA {
	c := image.NewRGBA(img.Rect)
	copy(c.Pix, img.Pix)
	return c
}

// ExportMetricsCSV saves the metrics' history.
func (r *Root) ExportMetricsCSV() {
	if len(r.history.steps) == 0 {
		r.notice = "There are no metrics yet: train or sample first."
		return
	}
	r.download(r.fileStem()+"-metrics.csv", "text/csv", r.history.CSV())
}

// ExportWeights asks the worker for the weights file; it arrives as a
// Weights message and downloads then.
func (r *Root) ExportWeights() { r.do(protocol.Command{Op: protocol.KindExport}) }

// ImportWeights hands a weights file to the worker; the worker checks it
// and keeps the current model if it is bad.
func (r *Root) ImportWeights(name string, b []byte, err error) {
	if err != nil {
		r.notice = fmt.Sprintf("Could not read %s: %v. The current model stays.", name, err)
		return
	}
	if len(b) == 0 {
		r.notice = fmt.Sprintf("%s is empty. The current model stays.", name)
		return
	}
	r.notice, r.stopped, r.until = "", false, 0
	r.info = fmt.Sprintf("Checking %s…", name)
	r.importing = name
	r.do(protocol.Command{Op: protocol.KindImport, Weights: b})
}

// The file inputs and the drop zone.

func (r *Root) readFiles(files js.Value, limit int, done func(string, []byte, error)) {
	fr, ok := r.host.(FileReader)
	if !ok || !files.Truthy() || files.Get("length").Int() == 0 {
		return
	}
	fr.ReadFile(files, limit, done)
}

func (r *Root) onWeightsFile(e vugu.DOMEvent) {
	r.readFiles(e.JSEvent().Get("target").Get("files"), MaxWeightsFile, r.ImportWeights)
}

func (r *Root) onCSVFile(e vugu.DOMEvent) {
	r.readFiles(e.JSEvent().Get("target").Get("files"), 1<<20, r.ImportCSV)
}

func (r *Root) onDragOver(e vugu.DOMEvent) { e.PreventDefault() }

// onDrop takes a dropped file: CSV points by their name, weights otherwise.
func (r *Root) onDrop(e vugu.DOMEvent) {
	e.PreventDefault()
	files := e.JSEvent().Get("dataTransfer").Get("files")
	if !files.Truthy() || files.Get("length").Int() == 0 {
		return
	}
	name := files.Index(0).Get("name").String()
	if strings.HasSuffix(strings.ToLower(name), ".csv") {
		r.readFiles(files, 1<<20, r.ImportCSV)
		return
	}
	r.readFiles(files, MaxWeightsFile, r.ImportWeights)
}
