package worker

import (
	"math"

	"genplay/models"
)

// The last good weights: a copy taken with every Progress, put back when a
// loss stops being finite.

// snapshot holds a copy of a model's weights and the step they are of.
type snapshot struct {
	step int
	data [][]float32
}

// take copies the weights of s's model, reusing the snapshot's buffers,
// unless one of them is not finite: the step whose loss was still finite
// may have broken them, and the snapshot keeps the weights it had.
func (sn *snapshot) take(s *session) {
	ws := s.m.Weights()
	for _, w := range ws {
		for _, v := range w.T.Data {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return
			}
		}
	}
	if sn.data == nil || len(sn.data) != len(ws) {
		sn.data = make([][]float32, len(ws)) // not nil once taken, even without weights
	}
	for i, w := range ws {
		sn.data[i] = append(sn.data[i][:0], w.T.Data...)
	}
	sn.step = s.step
}

// restore puts the session back to its snapshot: a model built afresh from
// its Spec, so that the optimizer's moments, which a non-finite gradient
// has poisoned, start anew, with the snapshot's weights (resumed at its
// step: models.Resumer). A session whose
// snapshot was never taken (its weights were not finite at the first
// Progress) gets the fresh model as built, at step 0. If the build fails,
// the old model keeps the snapshot's weights, or, without a snapshot that
// fits it, its own.
func (tr *trainer) restore() {
	s := tr.s
	taken := s.snap.data != nil
	m, src, _, err := tr.cfg.build(s.spec, tr.images)
	if err == nil && (!taken || fits(m, s.snap.data)) {
		s.m, s.src = m, src
		s.start, s.sampler = tr.cfg.chainsOf(m, s.dim)
		s.ch = nil
		if !taken {
			s.step = 0
		}
	}
	if taken && fits(s.m, s.snap.data) {
		for i, w := range s.m.Weights() {
			copy(w.T.Data, s.snap.data[i])
		}
		s.step = s.snap.step
		if r, ok := s.m.(models.Resumer); ok && s.step > 0 {
			r.Resume(s.step)
		}
	}
	s.losses = s.losses[:0] // the steps after the snapshot are undone
	s.rateSteps = 0
}

// fits reports whether data holds a snapshot of m's weights: as many
// tensors, each of the same length.
func fits(m models.Model, data [][]float32) bool {
	ws := m.Weights()
	if len(ws) != len(data) {
		return false
	}
	for i, w := range ws {
		if len(w.T.Data) != len(data[i]) {
			return false
		}
	}
	return true
}
