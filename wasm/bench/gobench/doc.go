// Package gobench holds the Go side of genplay's `make bench`: the bodies
// of the GEMM and training benchmarks and the runner that times them. It is
// pure Go, so the same code runs natively, under Node and in Chromium (built
// for js/wasm by ../cmd/benchwasm).
//
// # Method
//
// It follows /work/shared/notes/perf-anchors.md: every body is warmed up,
// then timed in Windows back-to-back windows of at least Window each; the
// result is the median of the windows' rates. Inputs are fixed tensors drawn
// once from a seeded generator; the VAE draws its noise ε every step, as
// TF.js's tf.randomNormal does in ../js/models.mjs.
//
// The TF.js competitors in ../js/models.mjs implement the same models and
// the same method; keep the two in sync.
//
// # Bodies
//
//   - GEMM C = A·B, row-major, A m×k and B k×n: "genplay" (a tensor.Tape
//     with NoGrad, so tensor's kernel.GemmNN), "blas32" (gonum's Sgemm) and
//     "naive" (the i-j-k loop).
//   - "ddpm": one Adam step of the 2D DDPM denoiser MLP 3→128→128→128→2,
//     ReLU, batch 256, MSE loss.
//   - "diffusion": one step of the page's default diffusion model,
//     diffusion.Default() on 2D points: (2+16)→64→64→64→2, ReLU, batch 256,
//     with t and ε drawn every step (diffusion.Model.TrainBatch).
//   - "vae": one Adam step of the MNIST-size MLP VAE 784→400→(20, 20)→400→784,
//     batch 128, loss = Σ BCE-with-logits / batch + Σ KL(q(z|x) ‖ N(0, I)) / batch.
package gobench
