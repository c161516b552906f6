// Package bridge is genplay's thin layer over the browser: it copies RGBA
// images into canvases, starts Web Workers and moves protocol messages
// between Go and JavaScript, transferring Float32Array buffers instead of
// copying them, downloads files with fetch, and yields the Go program to the
// browser's event loop.
//
// Everything except this comment builds only for js/wasm; the logic that
// deserves tests lives in the pure packages protocol and paint, and the
// browser tests in wasm/browsertest exercise this package through the page.
// Fetch is also tested under Node against a fake fetch:
//
//	PATH="$(go env GOROOT)/lib/wasm:$PATH" GOOS=js GOARCH=wasm go test ./wasm/bridge
//
// # Downloads
//
// Fetch reads a response's body chunk by chunk and reports the bytes
// received, so a page can show a progress bar; the caller knows the total
// (from the manifest), since the Content-Length of a gzip-encoded response is
// the compressed size. A status of 400 or more is an error that carries the
// start of the server's message, and a body longer than the caller's limit
// is cancelled.
//
// # Canvases
//
// Vugu re-applies every bound attribute on every render, and setting a
// canvas's width or height, even to the same value, clears it. So a Canvas is
// created from Go inside an empty holder element that Vugu renders and never
// touches again, and it copies pixels only when the image's version changes
// or the canvas had to be attached anew.
//
// # Yielding
//
// Go's js/wasm scheduler returns to the event loop only when every goroutine
// waits on JavaScript. A loop that computes must therefore wait on something
// now and then: Yielder.Yield waits for a message sent to itself through a
// MessageChannel, a task the browser runs at once, unlike setTimeout, which
// it clamps to 4 ms.
package bridge
