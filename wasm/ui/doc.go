// Package ui holds genplay's Vugu components: Page, the page frame,
// Session, one model's session, and PlotCanvas, the holder of a canvas.
//
// Page is the root component: the top bar (transport, the pickers of
// family, data set and seed), the share link and embed code, the keyboard
// and the notices about the link the page opened. It shows one or more
// Sessions (<vg-comp>); its controls and the address bar follow the first,
// the main session.
//
// A Session is one model's session: a training worker of its own (a
// Worker), the mirror of the worker's state, the main view with its
// panels, the controls, the metrics and the charts. Its state is a
// urlstate.State: the Spec (family, data set, config, seed, and the step
// shown) and the View (the panel and its knobs); every change of the main
// session's goes to the address bar, and a link opens at it. A Session
// holds no package-level state, and its element ids carry the prefix of
// its SessionConfig, so a page can show several.
//
// Which panels a session shows, with their tabs, knobs, captions, legends
// and stats, comes from protocol.PanelTable and the capabilities the
// worker reports for the model (Progress.Caps); no family is named here.
//
// The files, by topic:
//
//	page.go      the frame: sessions, keys, the share link and embed code,
//	             the address bar
//	session.go   a session's state, the transport (play, pause, step,
//	             reset), and the worker's messages (Apply)
//	pretrained.go  the pretrained models on offer and their loads
//	controls.go  the controls built from registry.Params; live fields tune
//	             the running model, the others rebuild it
//	panels.go    the session's panels from the table: tabs, knobs,
//	             captions, stats, and the View sent to the worker
//	figures.go   painting the worker's Figures into the main and side plots,
//	             with their axes
//	metrics.go   the live metrics, their history and the loss charts
//	draw.go      drawing 2D points for a data set of one's own
//	pad.go       the digit pads: each panel's own strokes, mask and
//	             brush, sent preprocessed as MNIST's digits were
//	reading.go   what the shipped classifier reads in the drawn digit
//	io.go        exports (PNG, CSV, GIF, metrics, weights) and imports
//	view.go      the template's small helpers
//
// The .vugu files are compiled to *_gen.go by vugugen (make generate); the
// Go behind them is in the plain .go files. Components know nothing of the
// browser: the app (package wasm/app) gives each Session a Worker and
// Surfaces that draw into canvases, gives the Page a Host for downloads,
// the clipboard, the address bar, files and timers, and calls
// Session.Apply with its worker's messages. So the package builds, vets
// and tests natively, with Vugu's js stand-in.
package ui
