// Command app is genplay's wasm binary, for the page and for its training
// workers alike. In the page it mounts the Vugu root component, ui.Page, on
// web/index.html's #genplay element, adds its session with a training
// worker of its own (web/worker.js) and feeds the worker's messages to that
// session. In a Web Worker (where there is no document) it runs the
// training worker, package worker, instead. One binary for both is smaller
// on the wire than two, since the Go runtime, encoding/json, the models and
// the tensor core are in both, and the browser compiles it once:
// web/index.html compiles app.wasm while it downloads, instantiates it for
// the page and hands the compiled module to every worker.
//
// It runs its own render loop rather than vugugen's default one, so that a
// build of the component tree holds the EventEnv read lock while the
// goroutine that applies worker messages writes under the write lock. The
// page re-renders once per batch of worker messages (about four times a
// second while training) and after each DOM event, never continuously.
//
// Natively the package builds to a stub that says to build it for js/wasm,
// so that go build ./... and go vet ./... pass.
package main
