// Package protocol defines the messages that the genplay page and its
// training worker exchange, and their symmetric encoding to a plain value.
//
// # Messages
//
// The page sends Commands: play, pause, reset or step a model built from a
// models.Spec (family, data set, config, seed), play until a given step (a
// shared link), tune the live settings of the running model, load a
// pretrained model that the server's manifest names, import a weights file
// the user chose or export the session's weights, and say with a View what
// the main panel shows (the panel, the sampler, ψ, t, strength, a drawn
// input). The worker answers with Ready once it runs, then Manifest with the
// pretrained models on offer. While it downloads a file (the weights of a
// model, or an image data set) it sends Loading reports; while it trains or
// samples it sends Progress about four times a second (the step, every loss
// term of every step, the newest sample and its live metrics), and after
// every command at once. Figure carries what the View's panel needs, as
// named arrays and numbers; Weights carries an exported weights file. Error
// says that a command or a download failed (the worker keeps its session) or
// that training stopped because of a problem, such as a loss that is not a
// number.
//
// # Plain values
//
// Encode turns a Message into a Plain: a map from keys to values of five
// kinds only, string, float64, bool, []float32 and []byte. The bridge maps a
// Plain one to one to a JavaScript object (numbers, strings, booleans,
// Float32Arrays and Uint8Arrays, whose buffers it transfers). A Spec, a
// View and a manifest travel as their JSON, in strings; a Figure's arrays
// as one []float32 and a string of their names and lengths. Decode is the inverse of Encode: Decode(Encode(m))
// equals m for every valid m. Decode refuses unknown keys, missing keys,
// values of the wrong kind, numbers that do not fit their field, a Spec or
// manifest that does not parse, and fields that do not fit together (a play
// without a Spec, a load without a model name), with an error that names the
// key.
//
// Each message type has one field table that drives both directions, so a
// field cannot be written by Encode and forgotten by Decode.
//
// # Panels
//
// PanelTable is the one table of the page's panels: for each, its name,
// tab label and caption, the capabilities a model needs to have it (the
// optional interfaces of package models, as Capability names), its knobs
// (Knobs: the View fields with their ranges, which View.Validate, the link
// and the controls share), the names of the arrays and stats its Figure
// holds (constants, used by the worker that writes them and the page that
// reads them) and how the page shows it. The worker reports the model's
// capabilities in Progress.Caps; PanelsFor turns them into the panels.
//
// Adding a panel: a constant and a row here (at the end of Panels, whose
// order numbers the figures' random streams), its figure in the worker,
// and a painter in the page's figures.go unless one fits already.
//
// The package is pure Go: it compiles natively and is tested natively.
package protocol
