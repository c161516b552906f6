// Package metrics scores generated samples against real data, the same way
// for every model family, so the claims about the families can be measured:
//
//   - Modes: modes captured and the high-quality-sample rate on Gaussian
//     mixtures (VEEGAN, PacGAN);
//   - PrecisionRecall: k-NN precision and recall (Kynkäänniemi et al. 2019);
//   - DensityCoverage: density and coverage (Naeem et al. 2020);
//   - MMD: the unbiased squared maximum mean discrepancy with a sum of RBF
//     kernels over several bandwidths (Gretton et al. 2012), since a single
//     median-heuristic bandwidth misses mode collapse in 2D;
//   - Frechet and MeanCov: the Fréchet distance between Gaussians fitted to
//     features (Heusel et al. 2017), which package classifier computes in
//     the features of genplay's own convolutional MNIST classifier.
//
// Points are flat []float32 slices of dimension dim. Distances are computed
// in float64. The functions allocate their scratch space; none of them draws
// random numbers.
package metrics
