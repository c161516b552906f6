package protocol

// The names of a Figure's arrays and stats: the worker writes them, the
// page reads them, and PanelTable lists which panel has which, so that
// neither side spells a name of its own.

// The arrays of the figures.
const (
	ArrPoints     = "points"      // generated points or images (samples, prior, forward, inpaint, sdedit)
	ArrField      = "field"       // a scalar field on a 64×64 grid over the data square (samples, 2D)
	ArrInputs     = "inputs"      // data points or images put through the model (recon, latent)
	ArrRecons     = "recons"      // their reconstructions (recon)
	ArrCodes      = "codes"       // codes of the data (latent, prior)
	ArrLabels     = "labels"      // the classes of encoded digits (latent, images)
	ArrInputCode  = "input_code"  // the code of the View's input (latent)
	ArrInputRecon = "input_recon" // its decoding (latent)
	ArrInputProbs = "input_probs" // the shipped digit classifier's class probabilities of the View's input (latent, images)
	ArrGrid       = "grid"        // decodings of a grid of codes (manifold)
	ArrEnds       = "ends"        // the two ends of an interpolation (interp)
	ArrPath       = "path"        // decodings along it (interp)
	ArrFrames     = "frames"      // frames of the reverse process, oldest first (reverse)
	ArrFrameT     = "frame_t"     // each frame's step t (reverse)
	ArrFirst      = "first"       // the sample of the model's first sampler (samplers: DDPM, Euler)
	ArrSecond     = "second"      // the sample of its second sampler (samplers: DDIM, Heun)
	ArrInput      = "input"       // the input that is completed or edited (inpaint, sdedit)
	ArrMask       = "mask"        // its known values, 1 known (inpaint)
	ArrPaths      = "paths"       // points after each step, step-major, noise first (paths)
)

// The stats of the figures. The live metrics of PanelSamples are the
// metrics' own names.
const (
	StatPsi             = "psi"              // the GAN's truncation ψ of the sample (samples)
	StatRoundTrip       = "roundtrip"        // max |f⁻¹(f(x)) − x| (latent, flow)
	StatNLL             = "nll"              // mean −log p(x) in nats (latent, flow)
	StatEntropy         = "entropy"          // the data's entropy in nats (latent, flow)
	StatNLLGap          = "nll_gap"          // nll − entropy (latent, flow)
	StatLatentDim       = "latent_dim"       // the code's dimension (latent, prior)
	StatCodeStd         = "code_std"         // the codes' standard deviation per dimension (prior)
	StatRows            = "rows"             // the grid's rows (manifold)
	StatCols            = "cols"             // and columns (manifold)
	StatSpan            = "span"             // the grid spans [-span, span] (manifold)
	StatSteps           = "steps"            // decodings of the path, or network evaluations (interp, reverse)
	StatT               = "t"                // the step shown (forward)
	StatAlphaBar        = "alpha_bar"        // ᾱₜ, the signal kept at t (forward)
	StatSNR             = "snr"              // the signal-to-noise ratio at t (forward)
	StatFrames          = "frames"           // the number of frames (reverse)
	StatMsPerSample     = "ms_per_sample"    // wall milliseconds per sample (reverse)
	StatFirstMs         = "first_ms"         // ms per sample of each sampler (samplers)
	StatSecondMs        = "second_ms"        //
	StatFirstEvals      = "first_evals"      // network evaluations per sample of each (samplers)
	StatSecondEvals     = "second_evals"     //
	StatSpeedup         = "speedup"          // first_ms / second_ms (samplers)
	StatFirstPrecision  = "first_precision"  // the quality of each sample on 2D sets (samplers)
	StatFirstRecall     = "first_recall"     //
	StatFirstMMD        = "first_mmd"        //
	StatSecondPrecision = "second_precision" //
	StatSecondRecall    = "second_recall"    //
	StatSecondMMD       = "second_mmd"       //
	StatKeptMaxDiff     = "kept_max_diff"    // the largest change of a known value (inpaint)
	StatStrength        = "strength"         // the strength the input was noised to (sdedit)
	StatPathPoints      = "path_points"      // the points followed (paths)
	StatK               = "k"                // the steps of the sampler that takes a step count (samplers)
	StatPrecision       = "precision"        // k-NN precision of the sample (samples)
	StatRecall          = "recall"           // k-NN recall of the sample (samples)
)

// FieldNotePrefix starts the Note of a PanelSamples figure that holds a
// field: "field: " followed by the field's name.
const FieldNotePrefix = "field: "
