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
	m := NewMMDSum(x, y, dim, sigmas)
	for !m.Advance(m.Rows()) {
	}
	return m.Value()
}

// MMDSum computes MMD in pieces, a few rows of the pair sums at a time, so
// that a caller that must stay responsive (the page's worker) can
// interleave it with other work. Advancing it to the end gives MMD's
// result bit for bit: the three sums are added in the same order.
type MMDSum struct {
	x, y   []float32
	dim    int
	nx, ny int
	gamma  []float32 // 1/(2σᵢ²), in increasing order
	// row is the next row of the pair sums: rows 0…nx−1 are the points of
	// x (their pairs within x, then with every point of y), rows nx…nx+ny−1
	// those of y (their pairs within y).
	row             int
	sxx, syy, cross float64
}

// NewMMDSum starts the MMD of x and y; see MMD. It panics unless both sets
// have at least two points.
func NewMMDSum(x, y []float32, dim int, sigmas []float64) *MMDSum {
	nx, ny := len(x)/dim, len(y)/dim
	if nx < 2 || ny < 2 {
		panic("metrics: MMD needs at least two points in each set")
	}
	gamma := make([]float32, len(sigmas))
	for i, s := range sigmas {
		gamma[i] = float32(1 / (2 * s * s))
	}
	slices.Sort(gamma)
	return &MMDSum{x: x, y: y, dim: dim, nx: nx, ny: ny, gamma: gamma}
}

// Rows returns the number of rows of the pair sums: the points of both
// sets. A row of x costs len(x)/dim − i − 1 + len(y)/dim kernel terms.
func (m *MMDSum) Rows() int { return m.nx + m.ny }

// Advance adds up to k more rows to the sums and reports whether every row
// has been added.
func (m *MMDSum) Advance(k int) (done bool) {
	dim := m.dim
	for ; k > 0 && m.row < m.nx+m.ny; k-- {
		if i := m.row; i < m.nx {
			// Step 1: the pairs within x, each unordered pair once; step
			// 2: the cross pairs of this point of x.
			a := m.x[i*dim : (i+1)*dim]
			for j := i + 1; j < m.nx; j++ {
				m.sxx += m.kern(a, m.x[j*dim:(j+1)*dim])
			}
			for j := range m.ny {
				m.cross += m.kern(a, m.y[j*dim:(j+1)*dim])
			}
		} else {
			// Step 1 for y.
			i -= m.nx
			a := m.y[i*dim : (i+1)*dim]
			for j := i + 1; j < m.ny; j++ {
				m.syy += m.kern(a, m.y[j*dim:(j+1)*dim])
			}
		}
		m.row++
	}
	return m.row == m.nx+m.ny
}

// Value returns the estimate of eq. 3 from the rows added so far: MMD²
// once Advance has reported done.
func (m *MMDSum) Value() float64 {
	nx, ny := float64(m.nx), float64(m.ny)
	// Step 3: eq. 3, the within-set sums doubled for the ordered pairs.
	return 2*m.sxx/(nx*(nx-1)) + 2*m.syy/(ny*(ny-1)) - 2*m.cross/(nx*ny)
}

// kern returns k(a, b), its terms from the widest bandwidth on until one
// underflows to 0, as do then the terms of every larger γ.
func (m *MMDSum) kern(a, b []float32) float64 {
	var d float32
	for i, v := range a {
		e := v - b[i]
		d += e * e
	}
	var s float64
	for _, g := range m.gamma {
		e := math32.Exp(-g * d)
		if e == 0 {
			break
		}
		s += float64(e)
	}
	return s
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
