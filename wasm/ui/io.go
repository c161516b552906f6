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
func (s *Session) fileStem() string {
	d := s.spec.Data
	if strings.HasPrefix(d, data.DrawnPrefix) {
		d = "drawn"
	}
	return fmt.Sprintf("genplay-%s-%s-step%d", s.spec.Family, d, s.step)
}

func (s *Session) download(name, mime string, b []byte) {
	if s.host != nil {
		s.host.Download(name, mime, b)
	}
	s.info = fmt.Sprintf("Saved %s.", name)
}

// ExportPNG saves the main view as a PNG.
func (s *Session) ExportPNG() {
	b, err := encode.PNG(s.mainImg)
	if err != nil {
		s.notice = "Could not make the PNG: " + err.Error()
		return
	}
	s.download(s.fileStem()+"-"+s.view.Panel+".png", "image/png", b)
}

// ExportSamplesCSV saves the newest sample as CSV: x,y per point, or one
// row of pixels per image.
func (s *Session) ExportSamplesCSV() {
	if len(s.points) == 0 || s.dim == 0 {
		s.notice = "There is no sample to save yet."
		return
	}
	var header []string
	if s.dim == 2 {
		header = []string{"x", "y"}
	} else {
		for i := range s.dim {
			header = append(header, fmt.Sprintf("p%d", i))
		}
	}
	s.download(s.fileStem()+"-samples.csv", "text/csv", paint.PointsCSV(s.points, s.dim, header))
}

// ExportGIF saves the reverse process as an animated GIF.
func (s *Session) ExportGIF() {
	n := s.frames()
	if n == 0 {
		s.notice = "Open the reverse process first: its frames make the GIF."
		return
	}
	keep := s.frame
	frames := make([]*image.RGBA, 0, n)
	for i := range n {
		s.frame = i
		s.paintMain()
		frames = append(frames, cloneRGBA(s.mainImg))
	}
	s.frame = keep
	s.paintMain()
	b, err := encode.GIF(frames, 8)
	if err != nil {
		s.notice = "Could not make the GIF: " + err.Error()
		return
	}
	s.download(s.fileStem()+"-reverse.gif", "image/gif", b)
}

func cloneRGBA(img *image.RGBA) *image.RGBA {
	c := image.NewRGBA(img.Rect)
	copy(c.Pix, img.Pix)
	return c
}

// ExportMetricsCSV saves the metrics' history.
func (s *Session) ExportMetricsCSV() {
	if len(s.history.steps) == 0 {
		s.notice = "There are no metrics yet: train or sample first."
		return
	}
	s.download(s.fileStem()+"-metrics.csv", "text/csv", s.history.CSV())
}

// ExportWeights asks the worker for the weights file; it arrives as a
// Weights message and downloads then.
func (s *Session) ExportWeights() { s.do(protocol.Command{Op: protocol.KindExport}) }

// ImportWeights hands a weights file to the worker; the worker checks it
// and keeps the current model if it is bad.
func (s *Session) ImportWeights(name string, b []byte, err error) {
	if err != nil {
		s.notice = fmt.Sprintf("Could not read %s: %v. The current model stays.", name, err)
		return
	}
	if len(b) == 0 {
		s.notice = fmt.Sprintf("%s is empty. The current model stays.", name)
		return
	}
	s.notice, s.stopped, s.until = "", false, 0
	s.info = fmt.Sprintf("Checking %s…", name)
	s.importing = name
	s.do(protocol.Command{Op: protocol.KindImport, Weights: b})
}

// The file inputs and the drop zone.

func (s *Session) readFiles(files js.Value, limit int, done func(string, []byte, error)) {
	fr, ok := s.host.(FileReader)
	if !ok || !files.Truthy() || files.Get("length").Int() == 0 {
		return
	}
	fr.ReadFile(files, limit, done)
}

func (s *Session) onWeightsFile(e vugu.DOMEvent) {
	s.readFiles(e.JSEvent().Get("target").Get("files"), MaxWeightsFile, s.ImportWeights)
}

func (s *Session) onCSVFile(e vugu.DOMEvent) {
	s.readFiles(e.JSEvent().Get("target").Get("files"), 1<<20, s.ImportCSV)
}

func (s *Session) onDragOver(e vugu.DOMEvent) { e.PreventDefault() }

// onDrop takes a dropped file: CSV points by their name, weights otherwise.
func (s *Session) onDrop(e vugu.DOMEvent) {
	e.PreventDefault()
	files := e.JSEvent().Get("dataTransfer").Get("files")
	if !files.Truthy() || files.Get("length").Int() == 0 {
		return
	}
	name := files.Index(0).Get("name").String()
	if strings.HasSuffix(strings.ToLower(name), ".csv") {
		s.readFiles(files, 1<<20, s.ImportCSV)
		return
	}
	s.readFiles(files, MaxWeightsFile, s.ImportWeights)
}
