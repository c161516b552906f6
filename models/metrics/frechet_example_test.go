package metrics_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"genplay/models/metrics"
)

// The Fréchet distance between N((0, 0), diag(4, 1)) and N((3, 0), I):
// the covariances commute, so d² = 3² + (√4 − √1)² + (√1 − √1)² = 10.
func ExampleFrechet() {
	mu1, cov1 := []float64{0, 0}, mat.NewSymDense(2, []float64{4, 0, 0, 1})
	mu2, cov2 := []float64{3, 0}, mat.NewSymDense(2, []float64{1, 0, 0, 1})
	d2, err := metrics.Frechet(mu1, cov1, mu2, cov2)
	fmt.Printf("d² = %.9f, error %v\n", d2, err)
	// Output: d² = 10.000000000, error <nil>
}

// MeanCov fits the Gaussian whose Fréchet distance Frechet measures: here
// the four corners of the square [0, 2]².
func ExampleMeanCov() {
	mu, cov := metrics.MeanCov([]float32{0, 0, 2, 0, 0, 2, 2, 2}, 2)
	fmt.Printf("μ = %v\nΣ = %.4v\n", mu, mat.Formatted(cov, mat.Prefix("    ")))
	// Output:
	// μ = [1 1]
	// Σ = ⎡1.333      0⎤
	//     ⎣    0  1.333⎦
}
