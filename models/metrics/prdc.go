package metrics

import (
	"fmt"
	"math"
	"sort"
)

// kthRadii returns, for each point of x, the squared distance to its k-th
// nearest neighbour in x, the point itself excluded.
func kthRadii(x []float32, dim, k int) []float64 {
	n := len(x) / dim
	radii := make([]float64, n)
	best := make([]float64, k) // the k smallest distances so far, ascending
	for i := range n {
		for j := range best {
			best[j] = math.Inf(1)
		}
		p := x[i*dim : (i+1)*dim]
		for j := range n {
			if j == i {
				continue
			}
			d := sqDist(p, x[j*dim:(j+1)*dim])
			if d >= best[k-1] {
				continue
			}
			m := k - 1
			for m > 0 && best[m-1] > d {
				best[m] = best[m-1]
				m--
			}
			best[m] = d
		}
		radii[i] = best[k-1]
	}
	return radii
}

func checkSets(real, fake []float32, dim, k int) {
	if dim <= 0 || len(real)%dim != 0 || len(fake)%dim != 0 {
		panic(fmt.Sprintf("metrics: %d real and %d generated values do not split into points of dimension %d", len(real), len(fake), dim))
	}
	if k < 1 || len(real)/dim <= k || len(fake)/dim <= k {
		panic(fmt.Sprintf("metrics: k = %d needs more than k points in each set (have %d and %d)", k, len(real)/dim, len(fake)/dim))
	}
}

// covered returns the fraction of points of a that lie inside at least one
// ball of b (centre b[j], squared radius rb[j]).
func covered(a, b []float32, rb []float64, dim int) float64 {
	na, nb := len(a)/dim, len(b)/dim
	in := 0
	for i := range na {
		p := a[i*dim : (i+1)*dim]
		for j := range nb {
			if sqDist(p, b[j*dim:(j+1)*dim]) <= rb[j] {
				in++
				break
			}
		}
	}
	return float64(in) / float64(na)
}

// PrecisionRecall returns the improved precision and recall of Kynkäänniemi
// et al. (2019): each set's manifold is the union of balls reaching each
// point's k-th nearest neighbour in its own set (k = 3 in the paper);
// precision is the fraction of generated points inside the real manifold,
// recall the fraction of real points inside the generated one. It panics
// unless both sets have more than k points.
func PrecisionRecall(real, fake []float32, dim, k int) (precision, recall float64) {
	checkSets(real, fake, dim, k)
	rr, rf := kthRadii(real, dim, k), kthRadii(fake, dim, k)
	return covered(fake, real, rr, dim), covered(real, fake, rf, dim)
}

// DensityCoverage returns density and coverage (Naeem et al. 2020, k = 5 in
// the paper), both from balls around real points only: density is the mean
// number of real balls holding a generated point, divided by k (≈ 1 when
// the distributions match, above 1 for samples crowded in dense regions);
// coverage is the fraction of real balls holding at least one generated
// point.
func DensityCoverage(real, fake []float32, dim, k int) (density, coverage float64) {
	checkSets(real, fake, dim, k)
	rr := kthRadii(real, dim, k)
	nr, nf := len(real)/dim, len(fake)/dim
	hit := make([]bool, nr)
	var count int
	for i := range nf {
		p := fake[i*dim : (i+1)*dim]
		for j := range nr {
			if sqDist(p, real[j*dim:(j+1)*dim]) <= rr[j] {
				count++
				hit[j] = true
			}
		}
	}
	covered := 0
	for _, h := range hit {
		if h {
			covered++
		}
	}
	return float64(count) / float64(k*nf), float64(covered) / float64(nr)
}

// MedianDistance returns the median Euclidean distance between pairs of
// points of x (every pair when x has at most 1000 points, else the pairs of
// its first 1000).
func MedianDistance(x []float32, dim int) float64 {
	n := min(len(x)/dim, 1000)
	ds := make([]float64, 0, n*(n-1)/2)
	for i := range n {
		for j := i + 1; j < n; j++ {
			ds = append(ds, sqDist(x[i*dim:(i+1)*dim], x[j*dim:(j+1)*dim]))
		}
	}
	if len(ds) == 0 {
		return 0
	}
	sort.Float64s(ds)
	return math.Sqrt(ds[len(ds)/2])
}
