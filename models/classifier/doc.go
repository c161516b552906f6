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
// Default is a small convolutional network: two 3×3 convolutions (stride
// 1, zero padding 1) of 8 and 16 channels, each followed by a ReLU and 2×2
// average pooling (28² → 14² → 7²), then 784→64→10 dense layers; the
// features are the 64 activations after the first dense layer's ReLU.
// (Average pooling, written with the tape's Reshape and SumAxis, needs no
// operation of its own; the inference pass runs the bias, ReLU and pooling
// in one loop with the same bits, infer.go.) It is trained with Adam on
// the mean cross-entropy, the step size decaying linearly from 3e-3 to 0
// over 3000 steps of 128 digits drawn from the 20,000 training digits, each
// shifted by up to one pixel in each direction and dequantised. Training is
// deterministic: the same seed gives the same weights and features
// natively and under GOOS=js GOARCH=wasm (a golden test pins both).
//
// Pretrain(Default(), training digits, DefaultSeed, nil), measured with
// make weights on a shared 2-core machine (load 13 to 40):
//
//	training              3000 steps and the reference: 12.5 min wall
//	test accuracy         98.68 % of the 10,000 test digits
//	features, 1000 images 2.6× the MLP's time natively, 13.6× under wasm
//	                      (Node), paired in BenchmarkFeatures1000: 0.72 s
//	                      and 3.5 s at that load; the worker scores 256
//
// # The MLP, and why it is not shipped
//
// MLP() is the earlier metric network, a 784→256→128→10 ReLU MLP (98.26 %
// test accuracy, features the 128 activations after the second ReLU). Over
// 5 draws of the pretrained MNIST models (N = 1000, seeds 7…11, each draw
// against its own 1000 test digits) the two feature spaces rank the models
// differently: FD puts the flow second of five in the MLP's features
// (95 ± 3, against the VAE's 133 ± 3) and level with the VAE and the
// autoencoder in the conv features (211 ± 7, 199 ± 2, 210 ± 4); the GAN's
// FD is the autoencoder's in the MLP's (164 ± 2 against 162 ± 4) and the
// worst by far in the conv features (321 ± 2); and with truncation ψ = 0.3
// the MLP's precision scatters over draws (0.85 ± 0.19) where the conv
// features give 0.98 ± 0.02. Since they do not agree, only the conv
// network ships.
//
// # Reference statistics and the file
//
// The reference statistics are the mean and covariance of the features of
// all 20,000 training digits, computed in float64 and stored in float32
// beside the weights, so the FD of any generator needs only the classifier
// file. Save and Load write and read safetensors: "conv.i.w" (out, in, 3,
// 3) and "conv.i.b" (out, 1, 1) for each convolution, "net.i.w" (in, out)
// and "net.i.b" (out) for each dense layer, "ref.mu" (64) and "ref.cov"
// (64, 64), and in the metadata the format, the Config and the input size.
// The shipped file is about 230 KB.
//
// # Reading the numbers
//
// The Fréchet distance of N images is biased upwards at small N (the bias
// falls roughly like 1/N), so compare models only at equal N, and read
// every number against the floor at that N: real test digits scored as if
// generated (Classifier.Floor). With the shipped classifier, at N = 1000:
//
//	                     FD      class coverage  precision  recall
//	real test digits     23.8    0.999           0.865      0.890
//
// k-NN precision rewards faint images in this feature space (as in the
// MLP's): real test digits dimmed to 60 % of their contrast score
// precision 0.93, above the undimmed digits' 0.87, while their FD rises
// from 24 to 258 (40 %: 0.89 and 512; 25 %: 0.83 and 768). A sampler that
// makes its images fainter, as GAN truncation does here, can therefore gain
// precision without gaining fidelity; read precision beside FD.
package classifier
