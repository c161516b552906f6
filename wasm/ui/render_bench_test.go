package ui

import (
	"io"
	"testing"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/staticrender"

	"genplay/wasm/protocol"
)

// BenchmarkRenderPage builds and renders the page of a diffusion session
// on 8 Gaussians with a sample, losses and metrics, as the render loop
// does after every batch of worker messages.
func BenchmarkRenderPage(b *testing.B) {
	pg := NewPage(nil, "?v=1")
	s := pg.AddSession(SessionConfig{})
	pts := make([]float32, 1024)
	for i := range pts {
		pts[i] = float32(i%9) - 4
	}
	s.Apply(protocol.Progress{Seq: s.seq, Spec: s.spec, Dim: 2, Step: 500, Terms: []string{"total"}, Losses: make([]float32, 500),
		Points: pts, Samples: 1, Caps: capsDiffusion,
		Metrics: []protocol.Stat{{Name: "precision", Value: 0.9}, {Name: "recall", Value: 0.8}}})
	renderBench(b, pg)
}

// renderBench builds and renders root into nothing, b.N times.
func renderBench(b *testing.B, root vugu.Builder) {
	r := staticrender.New(io.Discard)
	env, err := vugu.NewBuildEnv(r.EventEnv())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Render(env.RunBuild(root)); err != nil {
			b.Fatal(err)
		}
	}
}
