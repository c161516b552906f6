package gobench

import (
	"fmt"
	"runtime"
	"time"
)

// Spec names one measurement. It is the JSON message the driver sends to
// every environment; ../js/harness.mjs reads the same fields.
type Spec struct {
	Bench string `json:"bench"` // "gemm", "ddpm", "diffusion" (the page's default model), "vae"; "weights" (WeightsHash after Windows steps)
	Impl  string `json:"impl"`  // "genplay", "blas32", "naive"; the JS side adds "tfjs-wasm", "tfjs-cpu"
	M     int    `json:"m,omitempty"`
	N     int    `json:"n,omitempty"`
	K     int    `json:"k,omitempty"`
	Seed  uint64 `json:"seed"`

	WarmupMS  int `json:"warmupMs"`  // warm-up time
	MinWarmup int `json:"minWarmup"` // warm-up calls
	WindowMS  int `json:"windowMs"`  // length of each timed window
	Windows   int `json:"windows"`   // number of windows
}

// Result is what one measurement reports.
type Result struct {
	Unit    string    `json:"unit"`    // "GFLOPS" or "steps/s"
	Value   float64   `json:"value"`   // median of Samples
	Samples []float64 `json:"samples"` // one rate per window
	// LossFirst and LossLast are the training loss at the first warm-up
	// step and at the last timed step: the model must be learning.
	LossFirst float64 `json:"lossFirst,omitempty"`
	LossLast  float64 `json:"lossLast,omitempty"`
	Runtime   string  `json:"runtime,omitempty"` // e.g. "go1.26.8 js/wasm"
	Hash      string  `json:"hash,omitempty"`    // bench "weights": WeightsHash
	Error     string  `json:"error,omitempty"`
}

// Window returns the timing of s.
func (s Spec) Window() Window {
	return Window{
		Warmup:    time.Duration(s.WarmupMS) * time.Millisecond,
		MinWarmup: s.MinWarmup,
		Length:    time.Duration(s.WindowMS) * time.Millisecond,
		Count:     max(s.Windows, 1),
	}
}

// Run measures s with the wall clock now (time.Now outside tests). An
// unknown bench or impl, or a GEMM that computes a wrong product, is an
// error.
func Run(s Spec, now func() time.Time) (Result, error) {
	res := Result{Runtime: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	w := s.Window()
	switch s.Bench {
	case "gemm":
		switch s.Impl {
		case "genplay", "blas32", "naive":
		default:
			return res, fmt.Errorf("gobench: no GEMM implementation %q", s.Impl)
		}
		if s.M <= 0 || s.N <= 0 || s.K <= 0 {
			return res, fmt.Errorf("gobench: GEMM shape %d×%d×%d", s.M, s.N, s.K)
		}
		g := NewGEMM(s.Impl, s.M, s.N, s.K, s.Seed)
		g.Step()
		if err := g.Check(); err != nil {
			return res, err
		}
		res.Unit = "GFLOPS"
		res.Samples = w.Measure(now, g.Step)
		for i := range res.Samples {
			res.Samples[i] *= g.FLOPs() / 1e9
		}
	case "ddpm", "diffusion", "vae":
		if s.Impl != "genplay" {
			return res, fmt.Errorf("gobench: no %s implementation %q", s.Bench, s.Impl)
		}
		var step func() float32
		switch s.Bench {
		case "ddpm":
			step = NewDDPM(s.Seed).Step
		case "diffusion":
			step = NewPageDiffusion(s.Seed).Step
		default:
			step = NewVAE(s.Seed).Step
		}
		first := true
		res.Unit = "steps/s"
		res.Samples = w.Measure(now, func() {
			l := float64(step())
			if first {
				res.LossFirst, first = l, false
			}
			res.LossLast = l
		})
	case "weights":
		// Not timed: the hash of the weights after s.Windows steps.
		res.Hash = WeightsHash(s.Seed, s.Windows)
		return res, nil
	default:
		return res, fmt.Errorf("gobench: unknown benchmark %q", s.Bench)
	}
	res.Value = Median(res.Samples)
	return res, nil
}
