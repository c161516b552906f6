// Command worker is genplay's training worker: a Go wasm binary that runs in
// a Web Worker (web/worker.js starts it), trains and samples one model of
// any family of the registry, on a 2D set or on images, and reports to the
// page.
//
// # Messages
//
// The worker takes the Commands of package protocol: play, pause and reset
// a model built from a models.Spec, and load a pretrained model that the
// server's manifest names. It answers with Ready once, then the Manifest,
// then Progress about every 250 ms while it works and at once after each
// command. A loss that is not finite stops training and is reported as an
// Error; the page stays up.
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
// The worker works in ticks of about 40 ms: within a tick it runs training
// steps and sampling work, choosing whichever is behind its share of the
// session's busy time, 60 % training and 40 % sampling. A diffusion model
// samples step by step — 512 2D points by DDPM over all T timesteps, or 16
// images by DDIM (η = 1) over 100 of them — and its progress goes out with every
// Progress; when a chain reaches t = 0 its points become the sample of the
// next Progress and a new chain starts from the current weights. Other
// families draw a whole sample in one pass, at most once between two
// Progress messages. After a reset or a load the worker samples once even
// while paused, so that the page shows the model at once. Between ticks
// the worker yields to the event loop through a MessageChannel round trip,
// so commands arrive within a tick.
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
// fake clock and a fake file server; main_js.go wires it to the worker's
// message port and to fetch.
package main
