package ui

import (
	"genplay/models/registry"
	"genplay/wasm/protocol"
)

// The pretrained models of the server's manifest: the one picked, its
// download and the session loaded from it.

// loadState is a load of a pretrained model: in progress, or done.
type loadState struct {
	name, title string
	what        string // the file being downloaded, or ""
	done, total int    // its bytes
	finished    bool   // the worker runs the loaded model
	step        int    // the loaded model's step count
}

// choosePretrained picks the pretrained model of the current family and
// data set, if the server offers one, or else the first.
func (s *Session) choosePretrained() {
	if s.manifest == nil || len(s.manifest.Models) == 0 {
		return
	}
	s.choice = s.manifest.Models[0].Name
	for _, e := range s.manifest.Models {
		if e.Family == s.spec.Family && e.Data == s.spec.Data {
			s.choice = e.Name
			return
		}
	}
}

// Choose picks the pretrained model to load.
func (s *Session) Choose(name string) { s.choice = name }

// Load asks the worker to load the chosen pretrained model.
func (s *Session) Load() {
	if s.loading() {
		return
	}
	s.startLoad(s.choice)
}

func (s *Session) startLoad(name string) {
	title := name
	total := 0
	if s.manifest != nil {
		if e, ok := s.manifest.Model(name); ok {
			title, total = e.Title, int(e.Bytes)
		}
	}
	s.notice, s.stopped, s.until = "", false, 0
	s.load = &loadState{name: name, title: title, total: total}
	s.do(protocol.Command{Op: protocol.KindLoad, Model: name})
}

// chosen returns the manifest entry of the chosen pretrained model.
func (s *Session) chosen() (registry.ManifestModel, bool) {
	if s.manifest == nil {
		return registry.ManifestModel{}, false
	}
	return s.manifest.Model(s.choice)
}

// loading reports whether a download is under way.
func (s *Session) loading() bool { return s.load != nil && !s.load.finished }

// loaded returns the manifest entry of the session's pretrained model.
func (s *Session) loaded() (registry.ManifestModel, bool) {
	if s.manifest == nil || s.model == "" {
		return registry.ManifestModel{}, false
	}
	return s.manifest.Model(s.model)
}
