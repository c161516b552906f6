package data

import (
	"fmt"
	"math"
	"strings"

	"genplay/tensor/math32"
	"genplay/tensor/rng"
)

// Set is a 2D data set: a named generator of points.
type Set struct {
	// Name is the set's identifier in specs and links, e.g. "8gaussians".
	Name string
	// Title is the set's name for people.
	Title string
	// Source names the recipe the generator follows.
	Source string
	// Centers holds the mixture centres as x0, y0, x1, y1, …; nil when the
	// set is not a Gaussian mixture.
	Centers []float32
	// Std is the standard deviation of each mixture component; 0 when the
	// set is not a Gaussian mixture.
	Std float32
	// Entropy is the differential entropy of the data distribution in nats,
	// the lowest expected NLL any model can reach; NaN when unknown.
	Entropy float64
	// Extent is a half-width that contains nearly all points: views show
	// [-Extent, Extent]².
	Extent float32

	sample func(dst []float32, r *rng.PCG)
}

// Dim returns 2: every Set is a set of 2D points.
func (s Set) Dim() int { return 2 }

// Sample fills dst with len(dst)/2 points as x0, y0, x1, y1, …. It panics if
// len(dst) is odd.
func (s Set) Sample(dst []float32, r *rng.PCG) {
	if len(dst)%2 != 0 {
		panic("data: odd destination length for 2D points")
	}
	s.sample(dst, r)
}

// HasEntropy reports whether the set's differential entropy is known.
func (s Set) HasEntropy() bool { return !math.IsNaN(s.Entropy) }

// Names returns the names of the built-in 2D sets in display order.
func Names() []string {
	sets := toySets()
	names := make([]string, len(sets))
	for i, s := range sets {
		names[i] = s.Name
	}
	return names
}

// Lookup returns the built-in 2D set with the given name, or the drawn set
// a name with DrawnPrefix holds (see Drawn).
func Lookup(name string) (Set, error) {
	if strings.HasPrefix(name, DrawnPrefix) {
		return Drawn(name)
	}
	for _, s := range toySets() {
		if s.Name == name {
			return s, nil
		}
	}
	return Set{}, fmt.Errorf("data: unknown 2D data set %q (known: %v)", name, Names())
}

// toySets is the one table of built-in 2D sets. The entropies are Monte-Carlo
// estimates with the exact densities (standard error ≤ 0.003 nats) except
// checkerboard's, which is exact.
func toySets() []Set {
	return []Set{
		eightGaussians(),
		grid25(),
		{Name: "swissroll", Title: "Swiss roll", Source: "FFJORD toy_data.py", Entropy: 2.674, Extent: 4, sample: swissRoll},
		{Name: "moons", Title: "Two moons", Source: "FFJORD toy_data.py", Entropy: 2.390, Extent: 4, sample: moons},
		{Name: "checkerboard", Title: "Checkerboard", Source: "FFJORD toy_data.py", Entropy: 3.4657359027997265 /* ln 32 */, Extent: 4.5, sample: checkerboard},
		{Name: "rings", Title: "Rings", Source: "FFJORD toy_data.py", Entropy: 2.624, Extent: 4, sample: rings},
		{Name: "spiral", Title: "Two spirals", Source: "FFJORD toy_data.py (2spirals)", Entropy: math.NaN(), Extent: 4.5, sample: spirals},
	}
}

// mixture samples an equal-weight isotropic Gaussian mixture.
func mixture(centers []float32, std float32) func(dst []float32, r *rng.PCG) {
	k := len(centers) / 2
	return func(dst []float32, r *rng.PCG) {
		for i := 0; i < len(dst); i += 2 {
			c := r.Intn(k)
			dst[i] = centers[2*c] + std*r.Normal()
			dst[i+1] = centers[2*c+1] + std*r.Normal()
		}
	}
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
		Name: "8gaussians", Title: "8 Gaussians", Source: "FFJORD toy_data.py",
		Centers: centers, Std: std, Entropy: 2.833, Extent: 4,
		sample: mixture(centers, std),
	}
}

// grid25 is the 2D grid of VEEGAN and PacGAN (fjxmlzn/PacGAN
// 2DGrid_GAN&PacGAN/config.py): 25 modes at {−4, −2, 0, 2, 4}², σ = 0.05.
// Its modes are far apart and narrow, the classic test of mode collapse.
func grid25() Set {
	centers := make([]float32, 0, 50)
	for i := -2; i <= 2; i++ {
		for j := -2; j <= 2; j++ {
			centers = append(centers, float32(2*i), float32(2*j))
		}
	}
	return Set{
		Name: "25gaussians", Title: "25 Gaussians", Source: "PacGAN 2D grid",
		Centers: centers, Std: 0.05, Entropy: 0.066, Extent: 5,
		sample: mixture(centers, 0.05),
	}
}

// swissRoll is FFJORD's "swissroll": sklearn make_swiss_roll(noise=1.0),
// keeping the x and z columns, divided by 5. With t = 1.5π(1 + 2u),
// the point is (t·cos t, t·sin t) + N(0, I), then /5.
func swissRoll(dst []float32, r *rng.PCG) {
	for i := 0; i < len(dst); i += 2 {
		t := 1.5 * math32.Pi * (1 + 2*r.Float32())
		s, c := math32.Sincos(t)
		dst[i] = (t*c + r.Normal()) / 5
		dst[i+1] = (t*s + r.Normal()) / 5
	}
}

// moons is FFJORD's "moons": sklearn make_moons(noise=0.1), two interleaved
// half circles, then ×2 and shifted by (−1, −0.2). The angle is drawn
// uniformly rather than on sklearn's even grid, the same distribution.
func moons(dst []float32, r *rng.PCG) {
	for i := 0; i < len(dst); i += 2 {
		s, c := math32.Sincos(math32.Pi * r.Float32())
		var x, y float32
		if r.Uint32()&1 == 0 {
			x, y = c, s // outer moon
		} else {
			x, y = 1-c, 1-s-0.5 // inner moon
		}
		dst[i] = 2*(x+0.1*r.Normal()) - 1
		dst[i+1] = 2*(y+0.1*r.Normal()) - 0.2
	}
}

// checkerboard is FFJORD's "checkerboard": uniform on the 8 dark squares of
// a 4×4 board of 2×2 squares covering [−4, 4]², so its entropy is ln 32.
func checkerboard(dst []float32, r *rng.PCG) {
	for i := 0; i < len(dst); i += 2 {
		x1 := 4*r.Float32() - 2
		x2 := r.Float32() - 2*float32(r.Uint32()&1)
		x2 += float32(int(math.Floor(float64(x1))) & 1)
		dst[i], dst[i+1] = 2*x1, 2*x2
	}
}

// rings is FFJORD's "rings": four concentric circles of radius 3, 2.25, 1.5
// and 0.75 with equal weight, plus isotropic noise of σ = 0.08.
func rings(dst []float32, r *rng.PCG) {
	for i := 0; i < len(dst); i += 2 {
		radius := 0.75 * float32(1+r.Intn(4))
		s, c := math32.Sincos(2 * math32.Pi * r.Float32())
		dst[i] = radius*c + 0.08*r.Normal()
		dst[i+1] = radius*s + 0.08*r.Normal()
	}
}

// spirals is FFJORD's "2spirals": n = √u·540·2π/360, the arm point
// (−cos(n)·n + v/2, sin(n)·n + w/2) or its mirror image, then /3 plus
// N(0, 0.1²) per coordinate.
func spirals(dst []float32, r *rng.PCG) {
	for i := 0; i < len(dst); i += 2 {
		n := math32.Sqrt(r.Float32()) * 540 * 2 * math32.Pi / 360
		s, c := math32.Sincos(n)
		x := -c*n + 0.5*r.Float32()
		y := s*n + 0.5*r.Float32()
		if r.Uint32()&1 == 1 {
			x, y = -x, -y
		}
		dst[i] = x/3 + 0.1*r.Normal()
		dst[i+1] = y/3 + 0.1*r.Normal()
	}
}

// MaxPoints bounds the number of points FromPoints accepts.
const MaxPoints = 10000

// FromPoints returns a set that draws one of the given points uniformly and
// jitters it with N(0, jitter²) per coordinate: a mixture with the points as
// centres, for data a person draws. points holds x0, y0, x1, y1, ….
func FromPoints(points []float32, jitter float32) (Set, error) {
	switch {
	case len(points) == 0 || len(points)%2 != 0:
		return Set{}, fmt.Errorf("data: drawn points need an even, non-zero number of coordinates, got %d", len(points))
	case len(points)/2 > MaxPoints:
		return Set{}, fmt.Errorf("data: %d drawn points, over the limit of %d", len(points)/2, MaxPoints)
	case !(jitter > 0 && jitter <= 1):
		return Set{}, fmt.Errorf("data: jitter must be in (0, 1], got %g", jitter)
	}
	var extent float32 = 1
	for _, v := range points {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) || v < -100 || v > 100 {
			return Set{}, fmt.Errorf("data: drawn point coordinate %g is not within [-100, 100]", v)
		}
		extent = max(extent, v+3*jitter, -v+3*jitter)
	}
	centers := append([]float32(nil), points...)
	return Set{
		Name: "points", Title: "Your points", Source: "drawn by hand",
		Centers: centers, Std: jitter, Entropy: math.NaN(), Extent: extent,
		sample: mixture(centers, jitter),
	}, nil
}
