package flowmatch

import (
	"math"
	"testing"

	"genplay/tensor/rng"
)

func TestTimes(t *testing.T) {
	for _, k := range []int{1, 3, 20, MaxSteps} {
		ts := Times(k)
		if len(ts) != k+1 || ts[0] != 1 || ts[k] != 0 {
			t.Errorf("Times(%d): %d times from %v to %v, want %d from 1 to 0", k, len(ts), ts[0], ts[len(ts)-1], k+1)
		}
		for i := 1; i <= k; i++ {
			if h := float64(ts[i-1] - ts[i]); math.Abs(h-1/float64(k)) > 1e-6 {
				t.Fatalf("Times(%d): step %d has size %v, want 1/%d", k, i, h, k)
			}
		}
	}
	for _, k := range []int{0, -1, MaxSteps + 1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Times(%d) did not panic", k)
				}
			}()
			Times(k)
		}()
	}
}

// TestSolversReachGaussian solves the exact field of N(1.5, 0.3²) from
// standard normal starts: each point must land on μ + s·ε, its image under
// the exact flow. The error falls as 1/k for Euler and 1/k² for Heun (the
// ratio of errors at k and 2k tends to 2 and 4), and Heun beats Euler at
// the same number of steps and at the same number of network evaluations.
func TestSolversReachGaussian(t *testing.T) {
	const n, mu, std = 4000, 1.5, 0.3
	start := make([]float32, n)
	rng.New(1).FillNormal(start)
	exact := make([]float32, n)
	for i, e := range start {
		exact[i] = float32(mu + std*float64(e))
	}
	v := gaussianVelocity(mu, std)
	errAt := func(s Solver, k int) float64 {
		x := append([]float32(nil), start...)
		solve(s, v, k, x)
		return meanAbsDiff(x, exact)
	}
	ks := []int{2, 4, 8, 16, 32}
	euler, heun := map[int]float64{}, map[int]float64{}
	for _, k := range ks {
		euler[k], heun[k] = errAt(&Euler{}, k), errAt(&Heun{}, k)
		t.Logf("k=%2d: mean |x − (μ + sε)| Euler %.2e, Heun %.2e", k, euler[k], heun[k])
	}
	for _, k := range ks {
		if heun[k] >= euler[k] {
			t.Errorf("k=%d: Heun error %.2e not below Euler's %.2e", k, heun[k], euler[k])
		}
		if k <= 16 && heun[k] >= euler[2*k] {
			t.Errorf("%d evaluations: Heun (k=%d) error %.2e not below Euler's (k=%d) %.2e", 2*k, k, heun[k], 2*k, euler[2*k])
		}
	}
	// Orders, from the errors at k = 16 and 32.
	if r := euler[16] / euler[32]; r < 1.8 || r > 2.2 {
		t.Errorf("Euler: halving the step divides the error by %.2f, want about 2", r)
	}
	if r := heun[16] / heun[32]; r < 3.5 || r > 4.5 {
		t.Errorf("Heun: halving the step divides the error by %.2f, want about 4", r)
	}
	if heun[32] > 5e-4 {
		t.Errorf("Heun with 32 steps is %.2e from the exact flow", heun[32])
	}
}

// TestSolversMixture solves the exact field of ½N(−2, 0.25²) + ½N(2, 0.25²),
// whose trajectories bend, against a reference solve by Heun with 1000
// steps. At equal small k Heun is closer than Euler, and with few Euler
// steps the samples are pulled inwards, between the modes: the spread
// shrinks, as DDIM's does with few steps.
func TestSolversMixture(t *testing.T) {
	const n, mu, std = 4000, 2.0, 0.25
	start := make([]float32, n)
	rng.New(2).FillNormal(start)
	v := mixtureVelocity(mu, std)
	run := func(s Solver, k int) []float32 {
		x := append([]float32(nil), start...)
		solve(s, v, k, x)
		return x
	}
	ref := run(&Heun{}, 1000)
	m, sd := moments(ref)
	want := math.Sqrt(mu*mu + std*std)
	t.Logf("reference: mean %.4f, std %.4f (law: 0, %.4f)", m, sd, want)
	if math.Abs(m) > 0.1 || math.Abs(sd-want) > 0.02 {
		t.Errorf("the reference solve has mean %.4f and std %.4f, want 0 and %.4f", m, sd, want)
	}
	prevSd := 0.0
	for _, k := range []int{2, 4, 8, 16} {
		eu, he := run(&Euler{}, k), run(&Heun{}, k)
		de, dh := meanAbsDiff(eu, ref), meanAbsDiff(he, ref)
		_, sde := moments(eu)
		t.Logf("k=%2d: distance to the reference Euler %.2e, Heun %.2e; Euler's std %.4f", k, de, dh, sde)
		if dh >= de {
			t.Errorf("k=%d: Heun %.2e not closer than Euler %.2e", k, dh, de)
		}
		if sde <= prevSd || sde > want {
			t.Errorf("k=%d: Euler's std %.4f, want above %.4f (fewer steps) and at most %.4f", k, sde, prevSd, want)
		}
		prevSd = sde
	}
}

// TestPredX0Preview checks the preview each step writes: with the exact
// field of N(μ, s²) it is E[x₀ | xₜ] = μ + (1 − t)s²(xₜ − (1 − t)μ)/V, the
// posterior mean, from μ at t = 1 (every point previews the mean) to the
// point itself near t = 0.
func TestPredX0Preview(t *testing.T) {
	const n, mu, std = 1000, -0.5, 0.6
	x := make([]float32, n)
	rng.New(3).FillNormal(x)
	v := gaussianVelocity(mu, std)
	ts := Times(10)
	for _, s := range []Solver{&Euler{}, &Heun{}} {
		xs := append([]float32(nil), x...)
		x0 := make([]float32, n)
		for i := range 10 {
			before := append([]float32(nil), xs...)
			s.Step(xs, x0, xs, ts[i], ts[i+1], v)
			tt := float64(ts[i])
			a := 1 - tt
			vv := a*a*std*std + tt*tt
			for j, xt := range before {
				want := mu + a*std*std*(float64(xt)-a*mu)/vv
				if math.Abs(float64(x0[j])-want) > 1e-5 {
					t.Fatalf("%T step %d (t = %v): x̂₀ %v, want E[x₀|xₜ] = %v", s, i, tt, x0[j], want)
				}
			}
		}
	}
}
