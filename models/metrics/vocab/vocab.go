// Package vocab is genplay's metric vocabulary: each metric's name, the
// label the page, the scoreboard and the README print for it, its unit, the
// sentence that explains it and which direction is better. The name is the
// key under which make eval, the weights files and the manifest (package
// pretrained), the worker's live metrics and the Compare view's CSV carry
// the number, so the same name means the same number everywhere.
//
// The package imports nothing: the page's binary reads it without linking
// the metrics themselves (package metrics, which links gonum).
package vocab

// The names of the metrics.
const (
	Precision     = "precision"     // k-NN precision, k = 3 (metrics.PrecisionRecall)
	Recall        = "recall"        // k-NN recall, k = 3
	ModesCaptured = "modes"         // modes with a high-quality sample (mixtures only)
	ModesTotal    = "modes_total"   // the mixture's modes
	HighQuality   = "high_quality"  // fraction of samples within 3σ of a mode
	Density       = "density"       // density, k = 5 (metrics.DensityCoverage)
	Coverage      = "coverage"      // coverage, k = 5
	MMD2          = "mmd2"          // unbiased MMD² over the bandwidths of metrics.Bandwidths
	NLL           = "nll"           // mean −log p(x) in nats of fresh real points, exact (a flow)
	NLLBound      = "nll_bound"     // the same mean of minus the model's lower bound (models.LogProbKind.Bound says which)
	NLLGap        = "nll_gap"       // nll or nll_bound minus the data's entropy
	MsPerSample   = "ms_per_sample" // wall milliseconds to draw one sample
	StepsPerSec   = "steps_per_sec" // training steps per second

	// The image metrics (packages classifier and pretrained).
	FD            = "fd"             // Fréchet distance in the convolutional classifier's features
	ClassCoverage = "class_coverage" // entropy of the predicted labels over ln 10
	BPD           = "bpd"            // bits per dimension, exact
	BPDBound      = "bpd_bound"      // bits per dimension of a bound
)

// Info says how a metric is shown.
type Info struct {
	Name   string
	Label  string // short, for a table's header or row
	Unit   string // "" for a pure number
	Help   string // one sentence: what the number is
	Digits int    // decimals to print
	Higher bool   // higher is better
}

// Table lists every metric in display order.
var Table = []Info{
	{Precision, "Precision", "", "Share of samples that lie among real data (k-NN, k = 3): fidelity. On MNIST, in the features of genplay's convolutional digit classifier.", 3, true},
	{Recall, "Recall", "", "Share of real data that lies among samples (k-NN, k = 3): diversity. On MNIST, in the features of genplay's convolutional digit classifier.", 3, true},
	{ModesCaptured, "Modes captured", "", "Mixture components with at least one sample within 3σ.", 0, true},
	{ModesTotal, "Modes in the data", "", "Components of the mixture.", 0, true},
	{HighQuality, "Near a mode", "", "Share of samples within 3σ of a mixture component.", 3, true},
	{Density, "Density", "", "k-NN density, k = 5: how many real neighbourhoods a sample lies in, over k (1 for a perfect model).", 3, true},
	{Coverage, "Coverage", "", "k-NN coverage, k = 5: share of real points with a sample in their neighbourhood.", 3, true},
	{MMD2, "MMD²", "", "Squared maximum mean discrepancy between samples and data (lower is better).", 4, false},
	{NLL, "NLL", "nats", "Negative log-likelihood of fresh data, exact (the flow).", 3, false},
	{NLLBound, "NLL bound", "nats", "Upper bound on the negative log-likelihood of fresh data: the VAE's importance-weighted bound, diffusion's variational bound.", 3, false},
	{NLLGap, "NLL − entropy", "nats", "How far the NLL is above the data's entropy, the least any model can reach.", 3, false},
	{FD, "Fréchet distance (conv features)", "", "Between the features of samples and of real digits in genplay's convolutional digit classifier (its 64-unit dense layer; lower is better).", 1, false},
	{ClassCoverage, "Class coverage", "", "Entropy of the convolutional classifier's labels of the samples over ln 10: 1 means all ten digits equally.", 3, true},
	{BPD, "Bits per dim", "bits", "The flow's exact likelihood of test digits, per pixel.", 3, false},
	{BPDBound, "Bits per dim bound", "bits", "An upper bound on the bits per pixel of test digits.", 3, false},
	{MsPerSample, "Time per sample", "ms", "Wall time to draw one sample.", 3, false},
	{StepsPerSec, "Steps / s", "", "Training steps per second.", 0, true},
}

// Of returns the Info of the metric name.
func Of(name string) (Info, bool) {
	for _, m := range Table {
		if m.Name == name {
			return m, true
		}
	}
	return Info{}, false
}

// Label returns the label of the metric name, or name itself when the
// vocabulary lacks it.
func Label(name string) string {
	if m, ok := Of(name); ok {
		return m.Label
	}
	return name
}
