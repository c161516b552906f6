package gobench

import (
	"testing"
	"time"
)

// fakeClock advances by tick on every reading.
type fakeClock struct {
	t    time.Time
	tick time.Duration
}

func (c *fakeClock) now() time.Time { c.t = c.t.Add(c.tick); return c.t }

func TestMeasure(t *testing.T) {
	tests := []struct {
		name      string
		w         Window
		tick      time.Duration // per clock reading; Measure reads once per call
		wantCalls int           // total calls of step
		wantRate  float64
	}{
		// Warm-up: the clock is read at the start and before each call, so
		// the third reading (30 ms) ends it after 2 calls; each window then
		// takes 5 calls of 10 ms.
		{"time-bound", Window{Warmup: 25 * time.Millisecond, Length: 50 * time.Millisecond, Count: 3}, 10 * time.Millisecond, 2 + 15, 100},
		// MinWarmup dominates a zero warm-up time.
		{"call-bound", Window{MinWarmup: 4, Length: 20 * time.Millisecond, Count: 2}, 10 * time.Millisecond, 4 + 4, 100},
		// A window longer than the body still runs it at least once.
		{"slow-body", Window{Length: time.Millisecond, Count: 2}, 250 * time.Millisecond, 2, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &fakeClock{tick: tt.tick}
			calls := 0
			rates := tt.w.Measure(c.now, func() { calls++ })
			if calls != tt.wantCalls {
				t.Errorf("calls = %d, want %d", calls, tt.wantCalls)
			}
			if len(rates) != tt.w.Count {
				t.Fatalf("got %d rates, want %d", len(rates), tt.w.Count)
			}
			for i, r := range rates {
				if r < tt.wantRate*0.999 || r > tt.wantRate*1.001 {
					t.Errorf("rate %d = %g, want %g", i, r, tt.wantRate)
				}
			}
		})
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{2, 2, 9}, 2},
	}
	for _, tt := range tests {
		in := append([]float64(nil), tt.in...)
		if got := Median(in); got != tt.want {
			t.Errorf("Median(%v) = %g, want %g", tt.in, got, tt.want)
		}
		for i := range in {
			if in[i] != tt.in[i] {
				t.Errorf("Median(%v) modified its argument to %v", tt.in, in)
				break
			}
		}
	}
}
