// Package ui holds genplay's Vugu components: Root, the page, and
// PlotCanvas, the holder of a canvas.
//
// The page shows one model at a time, the worker's session: a model built
// from a Spec (at first the default 2D diffusion model) or a pretrained
// model loaded from the server's manifest. Its samples are a scatter plot
// over the data set's points for 2D sets and a 4×4 grid of images for image
// sets. Play and reset send the session's Spec, so play after a load trains
// the loaded model on, and reset starts the same family and data set afresh
// from the seed.
//
// The .vugu files are compiled to *_gen.go by vugugen (go generate, then
// gofmt); the Go behind them is in the plain .go files. Components know
// nothing of the browser: the app (package wasm/app) gives Root a function
// that sends commands to the training worker and Surfaces that draw into
// canvases, and calls Root.Apply with the worker's messages. So the package
// builds, vets and tests natively, with Vugu's js stand-in.
package ui
