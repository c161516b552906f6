// Package classifier is genplay's "Inception for MNIST": a small digit
// classifier that the project trains and ships, whose last hidden layer is
// the feature space of the MNIST metrics (Report): the Fréchet distance to
// the training set's features, class coverage, and k-NN precision and
// recall. Every family is scored with the same frozen classifier, so the
// numbers compare families with each other, never with papers (FIDs on
// Inception or LeNet features are specific to their network).
//
// # Network and training
//
// Default is a 784→256→128→10 ReLU MLP (features: the 128 activations after
// the second ReLU), trained with Adam on the mean cross-entropy, the step
// size decaying linearly from 3e-3 to 0 over 3000 steps of 128 digits drawn
// from the 20,000 training digits, each shifted by up to one pixel in each
// direction and dequantised. Training is deterministic: the same seed gives
// the same weights natively and under GOOS=js GOARCH=wasm (a golden test
// pins them). A small CNN (stride-2 5×5 convolutions of 8 and 16 channels,
// then 128 and 10 units) reached 98.1 % in the same CPU time with the
// project's im2col convolution, so the MLP stays.
//
// Pretrain(Default(), training digits, DefaultSeed, nil), measured on one
// core of an AMD EPYC (natively, Go 1.26; TestFull with CLASSIFIER_FULL=1):
//
//	training              3000 steps and the reference: 40 s of CPU time
//	                      (80 s wall on a shared 2-core machine at load 5)
//	test accuracy         98.26 % of the 10,000 test digits
//	training accuracy     99.76 % of the 20,000 training digits
//
// # Reference statistics and the file
//
// The reference statistics are the mean and covariance of the features of
// all 20,000 training digits, computed in float64 and stored in float32
// beside the weights, so the FD of any generator needs only the classifier
// file. Save and Load write and read safetensors: "net.i.w" (in, out) and
// "net.i.b" (out) for each layer, "ref.mu" (128) and "ref.cov" (128, 128),
// and in the metadata the format, the Config and the input size. The
// shipped file is about 1 MB.
//
// # Reading the numbers
//
// The Fréchet distance of N images is biased upwards at small N (the bias
// falls roughly like 1/N), so compare models only at equal N, and read
// every number against the floor at that N: real test digits scored as if
// generated (Classifier.Floor). With the shipped classifier:
//
//	                     FD      class coverage  precision  recall
//	real, N = 1000       8.73    0.999           0.868      0.885
//	real, N = 2000       6.55    1.000           0.868      0.885
//	one repeated digit   765     0               1.000      0.001
//	blank images         715     0               0          0
//	uniform noise        4289    0.487           0          0
//
// (noise, blank and repeated at N = 1000; at N = 2000 they differ by under
// 1 %.) Fitting FD_N = FD_∞ + k/N to the two floors gives FD_∞ ≈ 4.4 and
// k ≈ 4400: half of the floor at N = 1000 is small-sample bias, and the rest
// is the gap between test and training digits in a feature space that has
// seen the training digits (the classifier is 99.8 % right on those, 98.3 %
// on the test set). A generator that reproduced training digits could
// therefore score below the floor.
package classifier
