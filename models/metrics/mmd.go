package metrics

import (
	"slices"

	"genplay/tensor/math32"
)

// MMDScales are the bandwidths of MMD's kernel sum as fractions of the real
// data's median pairwise distance. The smaller ones see structure at the
// scale of one mode, which the median alone misses (on FFJORD's 8 Gaussians,
// dropping 4 of the 8 modes moves the median-bandwidth MMD² by only 1e-4).
var MMDScales = [...]float64{1.0 / 32, 1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0 / 2, 1}

// MMD returns the unbiased estimate of the squared maximum mean discrepancy
// (Gretton et al. 2012, eq. 3) between x and y with the kernel
// k(a, b) = Σ_σ exp(−‖a−b‖²/(2σ²)) over the given bandwidths. The estimate
// can be slightly negative when the distributions match. It panics unless
// both sets have at least two points.
//
// Notation (code ↔ Gretton et al.):
//
//	x, y      the samples X and Y, nx = m and ny = n points of dimension dim
//	gamma[i]  1/(2σᵢ²), in increasing order
//	kern      k(a, b), each term exp(−γ‖a−b‖²) in float32 by math32.Exp
//
// The squared distances and the kernel terms are float32, and the sums of
// the three U-statistics float64: so the page scores a live sample with
// float32 arithmetic, which Go compiles to wasm far faster than math.Exp's
// float64, and gets the same bits natively and in the browser. Terms are
// added from the widest bandwidth on, and a pair stops at the first term
// that underflows to 0 (γ‖a−b‖² above about 104), since every narrower one
// does too; on well separated modes most pairs need one or two exps. The
// result is within about 1e-6 of the float64 formula (the test holds it to
// a float64 reference).
func MMD(x, y []float32, dim int, sigmas []float64) float64 {
	nx, ny := len(x)/dim, len(y)/dim
	if nx < 2 || ny < 2 {
		panic("metrics: MMD needs at least two points in each set")
	}
	gamma := make([]float32, len(sigmas))
	for i, s := range sigmas {
		gamma[i] = float32(1 / (2 * s * s))
	}
	slices.Sort(gamma)
	kern := func(a, b []float32) float64 {
		var d float32
		for i, v := range a {
			e := v - b[i]
			d += e * e
		}
		var s float64
		for _, g := range gamma {
			e := math32.Exp(-g * d)
			if e == 0 {
				break // and so are the terms of the larger γ
			}
			s += float64(e)
		}
		return s
	}
	// Step 1: the within-set sums, each unordered pair once, doubled.
	within := func(z []float32, n int) float64 {
		var s float64
		for i := range n {
			for j := i + 1; j < n; j++ {
				s += kern(z[i*dim:(i+1)*dim], z[j*dim:(j+1)*dim])
			}
		}
		return 2 * s / float64(n*(n-1))
	}
	// Step 2: the cross sum over every pair.
	var cross float64
	for i := range nx {
		for j := range ny {
			cross += kern(x[i*dim:(i+1)*dim], y[j*dim:(j+1)*dim])
		}
	}
	// Step 3: eq. 3.
	return within(x, nx) + within(y, ny) - 2*cross/float64(nx*ny)
}

// Bandwidths returns MMDScales times the median pairwise distance of real.
func Bandwidths(real []float32, dim int) []float64 {
	med := MedianDistance(real, dim)
	bw := make([]float64, len(MMDScales))
	for i, s := range MMDScales {
		bw[i] = s * med
	}
	return bw
}
