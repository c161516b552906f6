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
