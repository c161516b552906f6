// Command benchtable is the driver of genplay's `make bench`. It measures
// genplay's GEMM and training steps natively, under Node and in headless
// Chromium, against gonum's blas32, a naive loop and TensorFlow.js 4.22.0
// (wasm-SIMD with one thread, and cpu) in the same browser page, and prints
// one markdown table.
//
// Every place stays up for the whole run: the native bodies run in this
// process (GOMAXPROCS=1 while measuring, like the single-threaded wasm), a
// Node process runs ../../js/node-runner.mjs, and one Chromium page runs
// ../../js/page.html. Competitors are interleaved: each round runs every
// competitor of a case before moving to the next case, in an order rotated
// from round to round.
//
// Usage, from the module root (npm ci --prefix wasm/bench first):
//
//	go run ./wasm/bench/cmd/benchtable [-rounds 3] [-quick] [-jsonl file]
//
// See -help for the other flags.
package main
