package registry

import (
	"testing"

	"genplay/models"
)

// BenchmarkTrainStep8Gaussians times one training step of each family's
// default Spec on 8 Gaussians, the Spec the page trains by default; run it
// natively and under js/wasm to compare the two.
func BenchmarkTrainStep8Gaussians(b *testing.B) {
	for _, f := range Families() {
		b.Run(f.Name, func(b *testing.B) {
			m, src, r, err := Build(models.Spec{Family: f.Name, Data: "8gaussians", Seed: 1}, nil)
			if err != nil {
				b.Fatal(err)
			}
			m.TrainStep(src, r)
			b.ReportAllocs()
			for b.Loop() {
				m.TrainStep(src, r)
			}
		})
	}
}
