package metrics

import "math"

// ModeStats summarises how generated points fall on a Gaussian mixture.
type ModeStats struct {
	// PerMode counts the high-quality points nearest to each centre.
	PerMode []int
	// Captured is the number of modes with at least one high-quality point.
	Captured int
	// HighQuality is the fraction of points within 3σ of their nearest
	// centre. A perfect sampler of an isotropic 2D mixture scores
	// 1 − e^−4.5 ≈ 0.989.
	HighQuality float64
	// ReverseKL is KL(q ‖ uniform) of the high-quality points' mode
	// histogram q against equal weights, in nats (PacGAN's reverse KL); 0
	// for perfect balance, ln K for a single mode, +Inf with no high-quality
	// point.
	ReverseKL float64
}

// Modes assigns each point of x to its nearest centre and counts it as high
// quality when it lies within 3·std of that centre, following the protocol
// of VEEGAN, PacGAN and GDPP.
func Modes(x, centers []float32, dim int, std float32) ModeStats {
	k := len(centers) / dim
	st := ModeStats{PerMode: make([]int, k)}
	n := len(x) / dim
	if n == 0 || k == 0 {
		st.ReverseKL = math.Inf(1)
		return st
	}
	lim := 9 * float64(std) * float64(std)
	hq := 0
	for i := range n {
		p := x[i*dim : (i+1)*dim]
		best, bd := 0, math.Inf(1)
		for c := range k {
			if d := sqDist(p, centers[c*dim:(c+1)*dim]); d < bd {
				best, bd = c, d
			}
		}
		if bd <= lim {
			st.PerMode[best]++
			hq++
		}
	}
	st.HighQuality = float64(hq) / float64(n)
	st.ReverseKL = math.Inf(1)
	if hq > 0 {
		st.ReverseKL = 0
		for _, c := range st.PerMode {
			if c > 0 {
				st.Captured++
				q := float64(c) / float64(hq)
				st.ReverseKL += q * math.Log(q*float64(k))
			}
		}
	}
	return st
}

// sqDist returns the squared Euclidean distance between a and b.
func sqDist(a, b []float32) float64 {
	var s float64
	for i, v := range a {
		d := float64(v) - float64(b[i])
		s += d * d
	}
	return s
}
