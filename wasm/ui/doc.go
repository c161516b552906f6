// Package ui holds genplay's Vugu components: Root, the page, and
// PlotCanvas, the holder of a canvas.
//
// The page shows one model at a time, the worker's session: a model built
// from a Spec or a pretrained model loaded from the server's manifest (or a
// weights file the user chose or dropped). Its state is a urlstate.State:
// the Spec (family, data set, config, seed, and the step shown) and the
// View (the panel and its knobs); every change puts it in the address bar,
// and a link opens at it.
//
// The files, by topic:
//
//	root.go      the state, the transport (play, pause, step, reset, keys),
//	             pretrained loads, and the worker's messages (Apply)
//	controls.go  the controls built from registry.Params; live fields tune
//	             the running model, the others rebuild it
//	panels.go    each family's panels (tabs), their knobs and captions, and
//	             the View sent to the worker
//	figures.go   painting the worker's Figures into the main and side plots,
//	             with their axes
//	metrics.go   the live metrics, their history and the loss charts
//	draw.go      drawing 2D points and digits (and inpainting masks)
//	io.go        exports (PNG, CSV, GIF, metrics, weights) and imports
//	share.go     the share link and the embed code
//	view.go      the template's small helpers
//
// The .vugu files are compiled to *_gen.go by vugugen (go generate, then
// gofmt); the Go behind them is in the plain .go files. Components know
// nothing of the browser: the app (package wasm/app) gives Root a function
// that sends commands to the training worker, Surfaces that draw into
// canvases and a Host for downloads, the clipboard, the address bar, files
// and timers, and calls Root.Apply with the worker's messages. So the
// package builds, vets and tests natively, with Vugu's js stand-in.
package ui
