// Command worker is genplay's training worker: a Go wasm binary that runs in
// a Web Worker (web/worker.js starts it), trains a 2D diffusion model and
// reports progress to the page.
//
// # Messages
//
// The worker takes the Commands of package protocol (play, pause, reset) and
// answers with Ready once, then Progress about every 250 ms while it trains,
// and with Progress at once after each command. A loss that is not finite
// stops training and is reported as an Error; the page stays up.
//
// # Time slicing
//
// Sampling a diffusion model costs one network evaluation per timestep (T =
// 1000), so the worker never samples in one go. It works in ticks of about
// 40 ms: within a tick it runs training steps and single sampling steps of a
// 512-point chain, choosing whichever is behind its share of the session's
// busy time, 60 % training and 40 % sampling. When a chain reaches t = 0 its
// points become the generated points of the next Progress and a new chain
// starts from the current weights. Between ticks the worker yields to the
// event loop through a MessageChannel round trip, so commands arrive within
// a tick.
//
// # Determinism
//
// A seed splits into independent streams for the initial weights, the data
// batches, the training noise and the sampling noise. The training run, and
// so the loss of every step, depends only on the seed; which weights a
// sampling chain sees depends on the wall clock that slices time.
//
// The command logic (trainer.go) is plain Go that is tested natively with a
// fake clock; main_js.go wires it to the worker's message port.
package main
