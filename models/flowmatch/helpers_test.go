package flowmatch

import (
	"math"
	"testing"

	"genplay/models"
	"genplay/models/data"
	"genplay/models/modeltest"
	"genplay/tensor/rng"
)

// gaussianVelocity is the exact marginal velocity E[ε − x₀ | xₜ] for data
// x₀ ~ N(mu, std²) in every coordinate. xₜ = (1 − t)x₀ + tε is Gaussian
// with mean (1 − t)·mu and variance V = (1 − t)²std² + t², and has
// covariance t with ε and (1 − t)·std² with x₀, so
//
//	E[ε − x₀ | xₜ] = −mu + (t − (1 − t)·std²)·(xₜ − (1 − t)·mu)/V.
//
// Its flow carries ε at t = 1 to mu + std·ε at t = 0: the exact sample a
// solver of this field must approach.
func gaussianVelocity(mu, std float64) Velocity {
	return func(dst, x []float32, t float32) {
		tt := float64(t)
		a := 1 - tt
		v := a*a*std*std + tt*tt
		for i, xi := range x {
			dst[i] = float32(-mu + (tt-a*std*std)*(float64(xi)-a*mu)/v)
		}
	}
}

// mixtureVelocity is the exact marginal velocity for data from the mixture
// ½N(−mu, std²) + ½N(mu, std²): the components' velocities (as in
// gaussianVelocity) weighted by their posterior probabilities given xₜ,
// which share the variance V. Trajectories bend as they choose a side, so
// the solvers' discretisation errors show.
func mixtureVelocity(mu, std float64) Velocity {
	return func(dst, x []float32, t float32) {
		tt := float64(t)
		a := 1 - tt
		v := a*a*std*std + tt*tt
		for i, xi := range x {
			x := float64(xi)
			// The posterior of the + component: a logistic in x.
			p := 1 / (1 + math.Exp(-2*a*mu*x/v))
			vp := -mu + (tt-a*std*std)*(x-a*mu)/v
			vm := mu + (tt-a*std*std)*(x+a*mu)/v
			dst[i] = float32(p*vp + (1-p)*vm)
		}
	}
}

// solve integrates v with s in k steps from x, in place, and returns the
// last prediction of x₀.
func solve(s Solver, v Velocity, k int, x []float32) []float32 {
	ts := Times(k)
	x0 := make([]float32, len(x))
	for i := range k {
		s.Step(x, x0, x, ts[i], ts[i+1], v)
	}
	return x0
}

func moments(x []float32) (mean, std float64) {
	for _, xi := range x {
		mean += float64(xi)
	}
	mean /= float64(len(x))
	var v float64
	for _, xi := range x {
		v += (float64(xi) - mean) * (float64(xi) - mean)
	}
	return mean, math.Sqrt(v / float64(len(x)))
}

// meanAbsDiff returns the mean of |a[i] − b[i]|.
func meanAbsDiff(a, b []float32) float64 {
	var d float64
	for i := range a {
		d += math.Abs(float64(a[i]) - float64(b[i]))
	}
	return d / float64(len(a))
}

// train returns a model with cfg trained for steps steps on the named 2D
// set from seed, the generator in the state training left it, and the set.
func train(t testing.TB, cfg Config, name string, seed uint64, steps int) (*Model, *rng.PCG, data.Set) {
	t.Helper()
	set := modeltest.Lookup(t, name)
	r := rng.New(seed)
	m, err := New(cfg, set.Dim(), r)
	if err != nil {
		t.Fatal(err)
	}
	var src models.Source = set
	modeltest.Train(t, m, src, r, steps)
	return m, r, set
}
