// Command app is genplay's page: a Go wasm binary that mounts the Vugu root
// component, ui.Page, on web/index.html's #genplay element, adds its
// session with a training worker of its own (web/worker.js) and feeds the
// worker's messages to that session.
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
