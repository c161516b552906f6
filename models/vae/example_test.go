package vae_test

import (
	"fmt"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/metrics"
	"genplay/models/vae"
	"genplay/tensor/rng"
)

// Train a VAE on 8 Gaussians for 300 steps, sample from it and count the
// modes its samples reach.
func Example() {
	set, _ := data.Lookup("8gaussians")
	r := rng.New(1)
	m, _ := vae.New(vae.Default(), set.Dim(), r)
	var src models.Source = set
	var losses []models.Loss
	for range 300 {
		losses = m.TrainStep(src, r)
	}
	fmt.Println("loss terms:", losses[0].Name, losses[1].Name, losses[2].Name)
	pts := make([]float32, 2*1000)
	m.Sample(pts, r)
	fmt.Println("modes captured:", metrics.Modes(pts, set.Centers, 2, set.Std).Captured)
	// Output:
	// loss terms: total recon kl
	// modes captured: 8
}
