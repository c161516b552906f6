package worker

import (
	"testing"
	"time"

	"genplay/models"
	"genplay/models/registry"
	"genplay/wasm/protocol"
)

// BenchmarkWorkerShare plays each family's default 2D preset on 8 Gaussians
// in the worker's loop (Tick after Tick on the wall clock, the default view,
// every message encoded as for posting) after a warm-up, and the same
// Spec's training steps alone for as long, paired in one run. It reports
// the worker's steps per second over the bare loop's (worker/bare), and
// the shares of the worker's wall time that went to training, live
// samples and figures, and scoring:
//
//	go test -run '^$' -bench WorkerShare -benchtime 1x ./wasm/worker
//	PATH="$(go env GOROOT)/lib/wasm:$PATH" GOOS=js GOARCH=wasm go test -run '^$' -bench WorkerShare -benchtime 1x ./wasm/worker
func BenchmarkWorkerShare(b *testing.B) {
	const warm, window = 2 * time.Second, 6 * time.Second
	for _, f := range registry.Families() {
		spec := models.Spec{Family: f.Name, Data: "8gaussians", Seed: 1}
		b.Run(f.Name, func(b *testing.B) {
			for b.Loop() {
				// The bare loop: training steps only.
				m, src, r, err := registry.Build(spec, nil)
				if err != nil {
					b.Fatal(err)
				}
				for start := time.Now(); time.Since(start) < warm; {
					m.TrainStep(src, r)
				}
				n, start := 0, time.Now()
				for time.Since(start) < window {
					m.TrainStep(src, r)
					n++
				}
				bare := float64(n) / time.Since(start).Seconds()

				// The worker's loop.
				tr := newTrainer(defaults(), newServer(newClock()).fetch, func(protocol.Message) {})
				tr.Handle(protocol.Command{Op: protocol.KindView, View: view(protocol.PanelSamples)}, time.Now)
				tr.Handle(protocol.Command{Op: protocol.KindPlay, Spec: spec}, time.Now)
				loop := func(d time.Duration) {
					for start := time.Now(); time.Since(start) < d; {
						for _, m := range tr.Tick(time.Now) {
							protocol.Encode(m)
						}
					}
				}
				loop(warm)
				s := tr.s
				step0, wall0 := s.step, s.wall()
				train0, sample0, score0 := s.trainTime, s.sampleTime, s.scoreTime
				start = time.Now()
				loop(window)
				worker := float64(s.step-step0) / time.Since(start).Seconds()
				wall := (s.wall() - wall0).Seconds()
				b.ReportMetric(worker/bare, "worker/bare")
				b.ReportMetric(worker, "worker-steps/s")
				b.ReportMetric(bare, "bare-steps/s")
				b.ReportMetric((s.trainTime-train0).Seconds()/wall, "train-share")
				b.ReportMetric((s.sampleTime-sample0).Seconds()/wall, "sample-share")
				b.ReportMetric((s.scoreTime-score0).Seconds()/wall, "score-share")
			}
		})
	}
}
