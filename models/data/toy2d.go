package data

import (
	"fmt"

	"genplay/tensor/math32"
	"genplay/tensor/rng"
)

// Set is a 2D data set: a named generator of points.
type Set struct {
	// Name is the set's identifier in specs and links, e.g. "8gaussians".
	Name string
	// Title is the set's name for people.
	Title string
	// Centers holds the mixture centres as x0, y0, x1, y1, …; nil when the
	// set is not a Gaussian mixture.
	Centers []float32
	// Std is the standard deviation of each mixture component; 0 when the
	// set is not a Gaussian mixture.
	Std float32
	// Extent is a half-width that contains nearly all points: views show
	// [-Extent, Extent]².
	Extent float32

	sample func(dst []float32, r *rng.PCG)
}

// Sample fills dst with len(dst)/2 points as x0, y0, x1, y1, …. It panics if
// len(dst) is odd.
func (s Set) Sample(dst []float32, r *rng.PCG) {
	if len(dst)%2 != 0 {
		panic("data: odd destination length for 2D points")
	}
	s.sample(dst, r)
}

// Names returns the names of the 2D sets in display order.
func Names() []string {
	sets := toySets()
	names := make([]string, len(sets))
	for i, s := range sets {
		names[i] = s.Name
	}
	return names
}

// Lookup returns the 2D set with the given name.
func Lookup(name string) (Set, error) {
	for _, s := range toySets() {
		if s.Name == name {
			return s, nil
		}
	}
	return Set{}, fmt.Errorf("data: unknown 2D data set %q (known: %v)", name, Names())
}

// toySets is the one table of 2D sets.
func toySets() []Set {
	return []Set{eightGaussians()}
}

// eightGaussians is FFJORD's "8gaussians" (rtqichen/ffjord lib/toy_data.py):
// centres on a circle of radius 4 at angles 2πi/8, points drawn with standard
// deviation 0.5 around them, and everything divided by 1.414, giving radius
// ≈ 2.83 and σ ≈ 0.354.
func eightGaussians() Set {
	const scale = 1 / float32(1.414)
	centers := make([]float32, 16)
	for i := range 8 {
		s, c := math32.Sincos(2 * math32.Pi * float32(i) / 8)
		centers[2*i] = 4 * c * scale
		centers[2*i+1] = 4 * s * scale
	}
	std := 0.5 * scale
	return Set{
		Name:    "8gaussians",
		Title:   "8 Gaussians",
		Centers: centers,
		Std:     std,
		Extent:  4,
		sample: func(dst []float32, r *rng.PCG) {
			for i := 0; i < len(dst); i += 2 {
				k := r.Intn(8)
				dst[i] = centers[2*k] + std*r.Normal()
				dst[i+1] = centers[2*k+1] + std*r.Normal()
			}
		},
	}
}
