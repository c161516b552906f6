package diffusion

import (
	"math"
	"testing"
)

// TestLinearPinned pins ᾱₜ of Ho et al.'s schedule (T = 1000, β from 1e-4 to
// 0.02) at chosen t. The values are the float64 cumulative product
// Π(1 − βₛ) computed independently in Python; ᾱ at the last step,
// 4.0358e-5, is also the value diffusers' DDPMScheduler reports.
func TestLinearPinned(t *testing.T) {
	s, err := Linear(1000, 1e-4, 0.02)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]float64{0: 0.9999, 1: 0.9997800920720721, 99: 0.89701814567496, 499: 0.07858724288177821, 999: 4.0358297653756754e-05}
	for _, ts := range []int{0, 1, 99, 499, 999} {
		got := float64(s.AlphaBar[ts])
		if math.Abs(got-want[ts]) > 1e-5*want[ts] {
			t.Errorf("ᾱ[%d] = %.8g, want %.8g", ts, got, want[ts])
		}
		if d := float64(s.SqrtAlphaBar[ts]*s.SqrtAlphaBar[ts] + s.SqrtOneMinusAlphaBar[ts]*s.SqrtOneMinusAlphaBar[ts]); math.Abs(d-1) > 1e-6 {
			t.Errorf("ᾱ + (1−ᾱ) = %v at t = %d", d, ts)
		}
	}
	if s.T() != 1000 || s.Beta[0] != 1e-4 || s.Beta[999] != 0.02 {
		t.Errorf("T = %d, β₀ = %v, β_last = %v", s.T(), s.Beta[0], s.Beta[999])
	}
}

func TestLinearRejects(t *testing.T) {
	for _, c := range []struct {
		T      int
		b0, b1 float32
	}{{1, 1e-4, 0.02}, {1000, 0, 0.02}, {1000, 0.03, 0.02}, {1000, 1e-4, 1}} {
		if _, err := Linear(c.T, c.b0, c.b1); err == nil {
			t.Errorf("Linear(%d, %g, %g) succeeded", c.T, c.b0, c.b1)
		}
	}
}

// TestCosinePinned checks eq. 17 of Nichol & Dhariwal at chosen t against
// the closed form f(t+1)/f(0), and the clipping of β at the end.
func TestCosinePinned(t *testing.T) {
	s, err := Cosine(1000)
	if err != nil {
		t.Fatal(err)
	}
	f := func(u float64) float64 {
		c := math.Cos((u/1000 + 0.008) / 1.008 * math.Pi / 2)
		return c * c
	}
	for _, ts := range []int{0, 1, 250, 500, 750, 990} {
		want := f(float64(ts+1)) / f(0)
		if got := float64(s.AlphaBar[ts]); math.Abs(got-want) > 2e-6*math.Max(want, 1e-3) {
			t.Errorf("cosine ᾱ[%d] = %.8g, want %.8g", ts, got, want)
		}
	}
	// Near t = T the ratio f(t+1)/f(t) falls to 0, so β is clipped.
	if s.Beta[999] != 0.999 {
		t.Errorf("last cosine β = %v, want the clip 0.999", s.Beta[999])
	}
	// Halfway the cosine schedule keeps more signal than the linear one,
	// the paper's motivation (its figure 5).
	lin, _ := Linear(1000, 1e-4, 0.02)
	if s.AlphaBar[500] <= lin.AlphaBar[500] {
		t.Errorf("cosine ᾱ[500] = %v not above linear %v", s.AlphaBar[500], lin.AlphaBar[500])
	}
}

func TestNewSchedule(t *testing.T) {
	if _, err := NewSchedule("cosine", 100, 0, 0); err != nil {
		t.Error(err)
	}
	if _, err := NewSchedule("quadratic", 100, 1e-4, 0.02); err == nil {
		t.Error("unknown schedule name accepted")
	}
}
