// Package flow is genplay's normalizing flow: Real NVP (Dinh,
// Sohl-Dickstein & Bengio 2017, "Density estimation using Real NVP").
//
// # Model
//
// A Model maps a point x to z = f(x) through a stack of affine coupling
// layers (coupling.go). Each layer keeps the coordinates where its binary
// mask b is 1 and scales and shifts the others by amounts computed from the
// kept ones, so it is invertible in closed form and its Jacobian is
// triangular. The masks alternate (masks in coupling.go): in 2D the layers
// take turns transforming y given x and x given y; in more dimensions they
// cycle through even/odd indices and first/second halves, each followed by
// its complement. With z ~ N(0, I) the density is exact:
//
//	log p(x) = log N(f(x); 0, I) + log|det ∂f/∂xᵀ|
//
// # Images
//
// For data in the unit cube, such as MNIST's dequantised pixels, two Config
// fields follow Real NVP section 4.1 and figure 3. Logit = α puts a fixed
// first layer y = logit(α + (1 − 2α)x) before the couplings (logit.go), so
// that they see unbounded values; its log-determinant is part of f's, so
// LogProb is still the exact density of x, and Sample applies its inverse
// and clamps to [0, 1]. Mask "checkerboard" alternates a checkerboard over
// the image with its complement, so that every transformed pixel sees its
// four neighbours, and the couplings read and write only the pixels they use
// (the split form in coupling.go), half the cost of masking. BitsPerDim
// turns a log-density in nats into the bits per dimension image models are
// compared in.
//
// TrainStep minimises the mean negative log-likelihood (in nats) with AdamW;
// Sample draws z and returns f⁻¹(z); Forward and Inverse expose f and f⁻¹
// with their log-determinants. Model implements models.Model,
// models.Likelihood (LogProb, exact) and models.Field (the log-density, for
// a heatmap).
//
// # Quality
//
// The lowest expected NLL any model can reach is the data's differential
// entropy, so "test NLL − entropy" (a KL divergence, ≥ 0) is the number to
// read. With Default() and 600 steps from seed 1 (TestLearnsMoons,
// TestEightGaussians): two moons 2.482 nats against an entropy of 2.390, a
// gap of 0.09; FFJORD's 8 Gaussians 3.036 against 2.833, a gap of 0.20 —
// affine couplings have to tear one Gaussian into eight separated modes.
//
// On MNIST (20,000 training digits) the configuration of mnistConfig in
// mnist_test.go — 8 checkerboard couplings with two hidden layers of 128,
// α = 10⁻⁶, a step size halving every 1000 steps, 5.4 MB of weights —
// reaches 1.856 bits/dim on 2000 dequantised test images after 3000 steps of
// 64 images, 3.5 minutes on one core. For scale: 8 bits/dim stores the
// pixels as they are, the untrained flow scores 29, and independent
// Gaussians per pixel in logit space 2.55. Samples are digit shapes on a
// clean black background, about a third of them legible, with speckled,
// broken strokes. TestLearnsMNIST checks a short run.
//
// # Precision
//
// Forward and Inverse undo each other to about 1e-5 (TestRoundTrip), but in
// float32 the error grows with how sharply the trained map contracts and
// with the Lipschitz constants of the s,t networks: long training on sets
// with sharp edges (the 2D checkerboard) gives round trips a few times
// worse. On MNIST test images the trained flow above returns pixels to
// 2e-6.
//
// # Determinism
//
// Every numeric path goes through the tensor package's tape and math32, so
// the same Config and seed give bit-identical weights natively and under
// GOOS=js GOARCH=wasm (TestDeterministicWeights).
package flow
