package ui

import (
	"fmt"

	"genplay/wasm/protocol"
	"genplay/wasm/urlstate"
)

// The question a link asks when its step is beyond what the page replays in
// about a minute: the session opens at step 0 and offers to train to
// urlstate.MaxReplay of the data set, or to load the pretrained model of the
// family and data set, which is trained further.

// asking reports whether the session shows the question.
func (s *Session) asking() bool { return s.asked > 0 && !s.running && s.until == 0 && !s.loading() }

// askText is the question.
func (s *Session) askText() string {
	return fmt.Sprintf("The link asks for step %d, more than the page trains in about a minute.", s.asked)
}

// askReplayText labels the button that trains to the replay bound.
func (s *Session) askReplayText() string {
	return fmt.Sprintf("Train to step %d", urlstate.MaxReplay(s.spec.Data))
}

// askLoadText labels the button that loads the pretrained model, or is ""
// when the server offers none for the family and data set.
func (s *Session) askLoadText() string {
	name, ok := s.askModel()
	if !ok {
		return ""
	}
	e, _ := s.manifest.Model(name)
	return fmt.Sprintf("Load %s (step %d)", e.Title, e.Spec.Steps)
}

// askModel returns the name of the pretrained model of the session's family
// and data set.
func (s *Session) askModel() (string, bool) {
	if s.manifest == nil {
		return "", false
	}
	for _, e := range s.manifest.Models {
		if e.Family == s.spec.Family && e.Data == s.spec.Data {
			return e.Name, true
		}
	}
	return "", false
}

// ReplayAsked trains a fresh model to the replay bound and pauses there.
func (s *Session) ReplayAsked() {
	s.asked = 0
	s.until = urlstate.MaxReplay(s.spec.Data)
	s.notice, s.stopped = "", false
	s.do(protocol.Command{Op: protocol.KindPlay, Spec: s.spec, Until: s.until})
}

// LoadAsked loads the pretrained model of the family and data set.
func (s *Session) LoadAsked() {
	name, ok := s.askModel()
	s.asked = 0
	if !ok {
		return
	}
	s.choice = name
	s.startLoad(name)
}
