package gobench

import (
	"slices"
	"time"
)

// Window says how a body is timed: warm-up for at least Warmup and
// MinWarmup calls, then Count windows, each running the body until at least
// Length has passed.
type Window struct {
	Warmup    time.Duration
	MinWarmup int
	Length    time.Duration
	Count     int
}

// Measure runs step as w says and returns each window's rate in calls per
// second. now is the clock (time.Now outside tests). It allocates the
// returned slice only.
func (w Window) Measure(now func() time.Time, step func()) []float64 {
	start := now()
	for n := 0; n < w.MinWarmup || now().Sub(start) < w.Warmup; n++ {
		step()
	}
	rates := make([]float64, w.Count)
	for i := range rates {
		t0 := now()
		var n int
		var el time.Duration
		for el < w.Length || n == 0 {
			step()
			n++
			el = now().Sub(t0)
		}
		rates[i] = float64(n) / el.Seconds()
	}
	return rates
}

// Median returns the median of xs (the mean of the middle two when len(xs)
// is even), or 0 for no values. xs is not modified.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	h := len(s) / 2
	if len(s)%2 == 1 {
		return s[h]
	}
	return (s[h-1] + s[h]) / 2
}
