package worker

import (
	"encoding/json"
	"math"
	"testing"

	"genplay/models"
	"genplay/models/metrics"
	"genplay/wasm/protocol"
)

// TestPausedImageScores loads a trained image model of each kind (one
// that samples in a pass, one that samples step by step, and the
// autoencoder, whose first panel shows no samples) and expects its image
// metrics without a View asking for them: scored after the load at the
// loaded step, and again after a step, at the new one. A second trainer
// loading the same model scores the same numbers.
func TestPausedImageScores(t *testing.T) {
	for _, c := range []struct {
		family, config, panel string
	}{
		{"vae", `{"hidden":8,"latent":2}`, protocol.PanelSamples},
		{"diffusion", `{"hidden":8,"T":20}`, protocol.PanelSamples},
		{"ae", `{"hidden":8,"latent":2}`, protocol.PanelRecon},
	} {
		t.Run(c.family, func(t *testing.T) {
			fds := make([]float64, 2)
			for i := range fds {
				tr, clk, srv := realTrainer()
				set := serveScoring(t, srv, 28) // loads build MNIST's 28×28
				spec := models.Spec{Family: c.family, Data: "mnist", Seed: 3, Steps: 4, Config: json.RawMessage(c.config)}
				b, _ := trained(spec, set)
				srv.addModel(c.family+"-mnist", c.family+" on MNIST", spec, b)
				tr.view = view(c.panel)
				msgs := tr.Handle(load(c.family+"-mnist"), clk.tick)
				if es := errorsIn(msgs); len(es) > 0 {
					t.Fatalf("load: %+v", es)
				}
				fd := lastFD(t, append(msgs, idle(t, tr, clk)...))
				if tr.s.scoredStep != 4 || math.IsNaN(fd) {
					t.Fatalf("after the load: scored at step %d, FD %v; want step 4 and a number", tr.s.scoredStep, fd)
				}
				fds[i] = fd
				msgs = tr.Handle(protocol.Command{Op: protocol.KindStep, Spec: spec}, clk.tick)
				lastFD(t, append(msgs, idle(t, tr, clk)...))
				if tr.s.scoredStep != 5 {
					t.Errorf("after a step: scored at step %d, want 5", tr.s.scoredStep)
				}
				if tr.Busy() {
					t.Errorf("still busy after the score of step 5")
				}
			}
			if fds[0] != fds[1] {
				t.Errorf("FD after the same load: %v then %v", fds[0], fds[1])
			}
		})
	}
}

// lastFD returns the FD of the last Progress among msgs that has one, NaN
// if none has.
func lastFD(t *testing.T, msgs []protocol.Message) float64 {
	t.Helper()
	fd := math.NaN()
	for _, p := range progresses(msgs) {
		for _, st := range p.Metrics {
			if st.Name == metrics.FD {
				fd = st.Value
			}
		}
	}
	return fd
}
