// Package worker is genplay's training worker: it runs in a Web Worker
// (web/worker.js starts it), trains and samples one model of any family of
// the registry, on a 2D set or on images, and reports to the page. It is
// part of the page's own wasm binary (wasm/app), which calls Run when it
// finds itself in a worker, so that the Go runtime and the packages both
// sides use are downloaded and compiled once.
//
// # Messages
//
// The worker takes the Commands of package protocol: play (with Until, to
// pause by itself at that step), pause, step (one training step, then
// paused) and reset a model built from a models.Spec; tune its live config
// fields (registry.Tune: learning rates, β, k, λ) while it trains; load a
// pretrained model that the server's manifest names, import a weights
// file or export the session's (as a Weights message named
// "<family>-<data>-step<N>.safetensors", "drawn" for a drawn set); and view,
// which says what the page shows. It answers with Ready once, then the
// Manifest, then Progress about every 250 ms while it works and at once
// after each command, and a Figure for the view as described below.
//
// Progress.Caps names the model's capabilities (protocol.CapabilitiesOf);
// Progress.Terms names the model's loss terms ("total" first where a
// family has several) from its first step on; Losses holds all of them per
// step. A pretrained model's first Progress after its load carries, as the
// losses of its last step, those of one training step of a copy of its
// weights on a batch of a stream of the seed's own (lossAtLoad): the
// manifest records no loss history. Progress.Metrics holds the live metrics of the newest sample, once.
//
// # Live metrics
//
// On 2D sets a finished sample is scored against as many real points of
// the set (metrics.go) by metrics.Score, under the names of package
// metrics: precision, recall (k-NN, k = 3), modes, modes_total,
// high_quality (NaN unless the set is a mixture), mmd2, nll or nll_bound
// (mean −log p of 500 fresh real points in nats by the model's LogProb:
// exact for the flow, named nll; a bound for the VAE (IWAE-K) and
// diffusion, named nll_bound; diffusion's bound costs T network
// evaluations per point and is computed only for a paused figure, NaN
// while training; NaN for AE and GAN), nll_gap (the NLL − the set's
// entropy) and ms_per_sample (wall ms of the sample's drawing over its
// number of points). While training, a sample is scored only while
// scoring is within its share of the wall time (see Time slicing); the
// others are shown without new metrics. On images there is ms_per_sample
// and, once the classifier of the manifest is at hand (fetched on the
// first play on images), the image metrics: fd, class_coverage,
// precision, recall of 256 samples with the classifier against the set's
// first 256 digits, every few seconds while training, and once per view
// command when the View sets Score, with bpd for an exact likelihood
// (over 64 digits).
//
// # Figures
//
// A Figure has the View's panel and the step it shows. Its arrays and stats
// are named by package protocol's constants (ArrPoints, StatT, …), and
// protocol.PanelTable lists which panel holds which; Progress.Caps carries
// the model's capabilities, from which the table gives the page the
// model's panels. The arrays and stats (n is 512 points on 2D sets, 16
// images on image sets):
//
//	samples   points (n; GAN truncated by ψ, a models.Stepper by the View's sampler),
//	          field (2D, GAN and flow: 64×64 values at paint.GridPoints(extent, 64),
//	          x fastest, top row first; Note = "field: " + FieldName);
//	          stats: the live metrics, psi (GAN)
//	recon     inputs, recons (200 points or 8 digits)
//	latent    AE, VAE: codes (1000 × latent_dim) and inputs (2D) or labels
//	          (digits); with a View.Input of one point or image, input_code
//	          and input_recon, and for an image input_probs (the shipped
//	          classifier's class probabilities, the classifier fetched for
//	          it; absent if it cannot be); stat latent_dim.
//	          Flow: codes (the flow's forward map of 1000 points or 16
//	          digits), inputs; stats roundtrip, nll, entropy, nll_gap
//	prior     points (n decodings of z ~ N(0, I)), codes (of 1000 data
//	          points or digits); stats code_std, latent_dim
//	manifold  grid (G×G decodings over latent dims 0 across and 1 down,
//	          [-3, 3], top row z₁ = 3; G = 21 on 2D, 10 on images);
//	          stats rows, cols, span
//	interp    ends (View.Input's two points or images; one drawn input and
//	          a data point of another kind; else two data points far
//	          apart or digits of different classes), path (10
//	          decodings from code(a) to code(b)); stat steps
//	forward   points (1000 points or 16 digits at step t of N, time t/N of
//	          the model's models.Noiser; N is T for diffusion, whose steps
//	          t = 1…T are the paper's, else 1000; t = 0 is the data);
//	          stats t, alpha_bar, snr (a², a²/s² of xₜ = a·x₀ + s·ε)
//	reverse   frames (32 × n2 × dim, n2 = 512 points or 16 digits, after
//	          round(i·S/31) of the sampler's S steps), frame_t (each frame's
//	          t, 0 for the sample); stats frames, steps, ms_per_sample
//	samplers  the model's first two samplers by name, for diffusion ddpm
//	          (over all T steps) and ddim (View.K steps, η = View.Eta):
//	          512 points or 4 images each; stats ddpm_ms, ddim_ms (per
//	          sample), ddpm_evals, ddim_evals (network evaluations),
//	          speedup, and on 2D sets ddpm_precision, ddpm_recall,
//	          ddpm_mmd, ddim_precision, ddim_recall, ddim_mmd
//	inpaint   input, mask (1 known), points: on images 8 completions of
//	          View.Input or a data digit, the mask View.Mask or the top half;
//	          on 2D sets View.Input and Mask, or 256 points with x on an
//	          even grid across the set known and y generated; stat
//	          kept_max_diff (0: the known values are kept exactly)
//	sdedit    input (View.Input, or one digit, or 256 data points), points
//	          (8 variants of a digit, one per 2D point; strength 0 copies);
//	          stat strength
//
// A panel the family lacks gives a Figure with no arrays and a Note such
// as "The GAN has no encoder.". The worker asks the model's capabilities
// (package models) which panels it has, never its family. A Stepper's
// figures sample with the View's sampler (diffusion: DDPM over every step,
// or DDIM); the live sample keeps the worker's own (see Time slicing).
//
// While paused (after a pause, step, reset, load, import, a play that
// reached Until, or a view command) the figure is computed at once from
// its own random stream, rng.NewStream(seed, 2⁶² | step<<8 | panel), so
// the same Spec at the same step with the same View gives the same figure
// and metrics bit for bit, in any browser: a shared link reproduces its
// numbers. PanelForward's stream ignores the step, so the same x₀ and ε
// show at every t. Timings (ms_*, speedup) are of the wall clock. While
// training, each finished sample brings the view's figure, drawn from the
// sampling stream.
//
// # Jobs
//
// A figure is computed as a job (job.go): a list of pieces, each a bounded
// unit of work (one network evaluation of a chain, one pass over a few
// thousand points), that Tick advances in sampling's share of the time
// while training and in all of it while paused, so that commands are read
// within about a tick. A computation that owns its loop (a
// models.PausingLikelihood such as diffusion's bound) runs as a coroutine
// (iter.Pull) that pauses after each network evaluation. A new
// view, session or command that pauses drops the job under way, whose
// pieces are not called again.
//
// A job counts its work in units of about one network evaluation of one
// point (a chain step of 512 points is 512 units): each piece knows its
// own, a chain's from its step count. Once a figure has been worked on for
// settings.workShow (200 ms), each Progress (about four a second) reports
// its panel, what its current piece computes, the work done and the total
// (Progress.WorkPanel, Work, WorkDone, WorkTotal) and the time left
// (WorkLeft), estimated as the time since the job started times the work
// left over the work done: the rate so far, the time of training between
// its pieces included. The page shows a bar over the figure it replaces.
//
// # Failures
//
// A loss that is not finite stops training: the worker rebuilds the model
// from its Spec (a fresh optimizer, whose moments the bad gradient
// poisoned) with the last good weights, the snapshot taken with every
// Progress, and sends an Error that names the step, the loss term and the
// likely cause, a learning rate too high. A tune clears it, and play goes
// on from the restored weights. A panic while handling a command or a tick
// is posted as an Error ("The worker failed: …. Press restart.") and ends
// the program: the trainer may be half-way through a change, so the page
// shows its crash card rather than a worker in an unknown state.
//
// # Downloads
//
// The manifest (weights/manifest.json under the server's root) is read at
// start-up and kept. An image data set (MNIST) is downloaded the first time
// a Spec names it, and a pretrained model's weights file on each load. Every
// download is reported as Loading messages (its start, about ten a second
// and its end) against the size the manifest gives, because a gzip-encoded
// response's Content-Length is not the file's size; then its size and
// SHA-256 are checked against the manifest before it is decoded. A load that
// fails in any way (an HTTP error, a wrong size or hash, a malformed file, a
// file of another training run than the manifest lists) is reported as an
// Error and leaves the session as it was. Downloads happen while Handle
// runs, so training pauses for their length; commands sent meanwhile queue.
//
// # Time slicing
//
// The worker works in ticks of about 40 ms (schedule.go). While a model
// trains, the wall time of play, the time between ticks (posting, the
// event loop, commands) included, is shared out: training keeps 90 % while
// samples are cheap, and live samples come once per Progress; a sample
// that costs more comes every 500 ms (two a second) as long as sampling
// and scoring take at most 20 %, so the share of sampling follows what a
// sample costs; the shares are of the last ten seconds or so, older time
// counting less. Scoring live samples takes about 8 %: a 2D sample is
// scored (a few rows of MMD a piece, run to the end at once) only while
// scoring is within that share; an image model is scored by the
// classifier at most every 5 s, its pieces advancing up to 1 s past the
// share and then only within it. A diffusion model samples step by step —
// a live preview of 20 steps on 2D sets, 16 images by DDIM (η = 1) over
// 100 steps — and its progress goes out with every Progress; when a chain
// reaches t = 0 its points become the sample of the next Progress and a
// new chain starts from the current weights. Other families draw a whole
// sample in one pass. After a reset or a load the worker samples once
// even while paused, so that the page shows the model at once. Between
// ticks the worker yields to the event loop through a MessageChannel
// round trip, so commands arrive within a tick.
//
// # Determinism
//
// A Spec's seed splits into independent streams for the initial weights,
// training and sampling; a loaded model continues on streams derived from
// its seed and step count. The training run, and so the loss of every step,
// depends only on them; which weights a sample sees depends on the wall
// clock that slices time.
//
// The command logic (trainer.go) is plain Go that is tested natively with a
// fake clock and a fake file server; main_js.go (Run) wires it to the worker's
// message port and to fetch.
package worker
