// Package ui holds genplay's Vugu components: Root, the page, and
// PlotCanvas, the holder of a canvas.
//
// The .vugu files are compiled to *_gen.go by vugugen (go generate, then
// gofmt); the Go behind them is in the plain .go files. Components know
// nothing of the browser: the app (package wasm/app) gives Root a function
// that sends commands to the training worker and Surfaces that draw into
// canvases, and calls Root.Apply with the worker's messages. So the package
// builds, vets and tests natively, with Vugu's js stand-in.
package ui
