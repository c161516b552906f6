// Package flowmatch is genplay's flow-matching model: conditional flow
// matching on the straight path (Lipman, Chen, Ben-Hamu, Nickel & Le 2023,
// "Flow Matching for Generative Modeling"), which is the rectified flow of
// Liu, Gong & Liu (2023), "Flow Straight and Fast: Learning to Generate and
// Transfer Data with Rectified Flow".
//
// # Model
//
// A data point x₀ and a noise draw ε ~ N(0, I) are joined by a straight
// line, xₜ = (1 − t)·x₀ + t·ε (path.go), travelled at the constant velocity
// v = ε − x₀. An MLP v_θ([xₜ, emb(t)]), with the sinusoidal time embedding
// of diffusion's network, learns to predict v by mean squared error, t
// uniform in [0, 1) (Model.TrainBatch says why uniform). What it learns is
// the marginal velocity E[ε − x₀ | xₜ], a field whose flow carries N(0, I)
// at t = 1 to the data at t = 0.
//
// With Config.Predict "x0" the network outputs the clean point x̂₀ instead
// and the velocity is made from it, v = (xₜ − x̂₀)/max(t, 0.05), still
// trained by the velocity's squared error (Li & He 2025, "Back to Basics:
// Let Denoising Generative Models Denoise"). The MNIST preset needs it: its
// 512-wide network cannot carry the 784-dimensional noise that the
// velocity contains (tMin in model.go).
//
// # Sampling
//
// Sampling integrates dx/dt = v_θ(x, t) from noise at t = 1 down to t = 0
// in k even steps with a Solver that owns no network: Euler (euler.go, one
// evaluation per step) or Heun (heun.go, two, second order). A Chain runs a
// solve a few steps at a time and previews where it is going,
// x̂₀ = x − t·v_θ(x, t). Inpaint (inpaint.go) fills in unknown
// coordinates by keeping the known ones on their straight paths.
//
// Model implements models.Model, models.Stepper (samplers "euler" and
// "heun"), models.Predictor (the velocity "v"), models.Noiser (the path)
// and models.Inpainter. It offers no likelihood: the flow's exact
// log-density needs the divergence of v_θ integrated along the solve
// (Lipman et al. appendix C), which the tape does not compute.
//
// # Quality
//
// With Default() (the 2D network of diffusion's default) and 1500 steps on
// 8 Gaussians, from seeds 1, 2 and 3, Euler with 20 steps captures all 8
// modes with precision 0.917–0.932 and recall 0.962–0.977 against fresh
// data, and Heun with 10 steps (the same 20 network evaluations)
// 0.924–0.936 and 0.970–0.982 (TestLearnsEightGaussians); diffusion needs
// DDPM's 1000 evaluations for as much. With 5 Euler steps more samples
// fall between the modes (precision 0.875–0.892): the trajectories bend
// where they choose a mode, and few straight steps cut the corner, which on
// the exact field of a two-mode mixture shrinks the spread
// (TestSolversMixture). After the presets' 3000 steps, scored as genplay
// eval scores them, Heun with 10 steps has a lower MMD² than Euler with 20
// on every set tried (8 Gaussians 3.95 against 6.89 ×10⁻³, moons 2.90
// against 4.62, the checkerboard 7.62 against 13.87), and Heun with 5 about
// matches Euler with 20. On the exact field of a Gaussian, Euler's error
// halves and Heun's quarters as k doubles (TestSolversReachGaussian).
//
// On MNIST the preset's network (diffusion's: three hidden layers of 512,
// the time at every layer) drew noise when it predicted the velocity: after
// 3000 steps its samples scored a Fréchet distance of 1047 in the features
// of the earlier MLP metric classifier, with precision 0.001. Predicting x₀
// (the preset), after the same 3000 steps it draws blurred, speckled
// digits: in that MLP's features FD 161 with Heun in 25 steps (class
// coverage 0.84, precision 0.77, recall 0.33), 166 with Euler in 50, 167
// with Heun in 5 and 186 with Euler in 10 (1000 samples, seed 7), where
// diffusion's DDIM-50 reached 55. In the convolutional classifier's
// features, which the metrics now use, the README's MNIST table gives its
// figures (FD 242 with Heun in 25 steps).
//
// # Determinism
//
// Every numeric path goes through the tensor package's tape and math32, and
// the path's products are rounded to float32 before they are added, so the
// same Config and seed give bit-identical weights natively and under
// GOOS=js GOARCH=wasm (TestDeterministicWeights).
package flowmatch
