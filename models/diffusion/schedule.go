package diffusion

import (
	"fmt"
	"math"
)

// Notation (Ho et al. 2020, section 2):
//
//	Beta[t]                 βₜ, the variance added at step t
//	Alpha[t]                αₜ = 1 − βₜ
//	AlphaBar[t]             ᾱₜ = Π_{s≤t} αₛ
//	SqrtAlphaBar[t]         √ᾱₜ
//	SqrtOneMinusAlphaBar[t] √(1 − ᾱₜ)
//
// Timesteps are 0-based: t = 0 is the first noising step and t = T−1 the
// last, as in diffusers' DDPMScheduler; the paper's t = 1…T.

// Schedule holds a noise schedule's values for t = 0…T−1.
type Schedule struct {
	Beta                 []float32
	Alpha                []float32
	AlphaBar             []float32
	SqrtAlphaBar         []float32
	SqrtOneMinusAlphaBar []float32
}

// Linear returns the schedule of Ho et al. (section 4): T betas evenly
// spaced from beta0 to beta1 (1e-4 and 0.02 in the paper, with T = 1000).
func Linear(T int, beta0, beta1 float32) (*Schedule, error) {
	if T < 2 {
		return nil, fmt.Errorf("diffusion: schedule needs T >= 2, got %d", T)
	}
	if !(beta0 > 0 && beta0 <= beta1 && beta1 < 1) {
		return nil, fmt.Errorf("diffusion: linear betas need 0 < beta0 <= beta1 < 1, got %g..%g", beta0, beta1)
	}
	betas := make([]float64, T)
	for t := range betas {
		betas[t] = float64(beta0) + (float64(beta1)-float64(beta0))*float64(t)/float64(T-1)
	}
	return fromBetas(betas), nil
}

// cosineOffset is s of Nichol & Dhariwal, which keeps β small near t = 0.
const cosineOffset = 0.008

// maxCosineBeta clips β near t = T, as Nichol & Dhariwal do, "to prevent
// singularities at the end of the diffusion process".
const maxCosineBeta = 0.999

// Cosine returns the schedule of Nichol & Dhariwal (2021), "Improved
// Denoising Diffusion Probabilistic Models", eq. 17:
//
//	ᾱₜ = f(t)/f(0), f(t) = cos²(((t/T) + s)/(1 + s) · π/2), s = 0.008,
//	βₜ = min(1 − ᾱₜ/ᾱₜ₋₁, 0.999)
//
// with the paper's t = 1…T mapped to this package's t = 0…T−1.
func Cosine(T int) (*Schedule, error) {
	if T < 2 {
		return nil, fmt.Errorf("diffusion: schedule needs T >= 2, got %d", T)
	}
	f := func(t float64) float64 {
		c := math.Cos((t/float64(T) + cosineOffset) / (1 + cosineOffset) * math.Pi / 2)
		return c * c
	}
	betas := make([]float64, T)
	for t := range betas {
		betas[t] = math.Min(1-f(float64(t+1))/f(float64(t)), maxCosineBeta)
	}
	return fromBetas(betas), nil
}

// NewSchedule returns the schedule with the given name, "linear" (with
// betas beta0..beta1) or "cosine" (which ignores them).
func NewSchedule(name string, T int, beta0, beta1 float32) (*Schedule, error) {
	switch name {
	case "linear":
		return Linear(T, beta0, beta1)
	case "cosine":
		return Cosine(T)
	}
	return nil, fmt.Errorf("diffusion: unknown schedule %q (known: linear, cosine)", name)
}

// fromBetas fills a Schedule from βₜ. The cumulative product runs in float64
// in a fixed order, so every target gets the same values.
func fromBetas(betas []float64) *Schedule {
	T := len(betas)
	s := &Schedule{
		Beta: make([]float32, T), Alpha: make([]float32, T), AlphaBar: make([]float32, T),
		SqrtAlphaBar: make([]float32, T), SqrtOneMinusAlphaBar: make([]float32, T),
	}
	ab := 1.0
	for t, b := range betas {
		ab *= 1 - b
		s.Beta[t] = float32(b)
		s.Alpha[t] = float32(1 - b)
		s.AlphaBar[t] = float32(ab)
		s.SqrtAlphaBar[t] = float32(math.Sqrt(ab))
		s.SqrtOneMinusAlphaBar[t] = float32(math.Sqrt(1 - ab))
	}
	return s
}

// T returns the number of timesteps.
func (s *Schedule) T() int { return len(s.Beta) }

// AddNoise writes xₜ = √ᾱₜ·x₀ + √(1−ᾱₜ)·ε into dst for one point of any
// dimension (Ho et al. eq. 4, reparameterised).
func (s *Schedule) AddNoise(dst, x0, eps []float32, t int) {
	a, b := s.SqrtAlphaBar[t], s.SqrtOneMinusAlphaBar[t]
	for i := range dst {
		dst[i] = a*x0[i] + b*eps[i]
	}
}
