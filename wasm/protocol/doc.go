// Package protocol defines the messages that the genplay page and its
// training worker exchange, and their symmetric encoding to a plain value.
//
// # Messages
//
// The page sends Commands: play, pause or reset a model built from a
// models.Spec (family, data set, config, seed), or load a pretrained model
// that the server's manifest names. The worker answers with Ready once it
// runs, then Manifest with the pretrained models on offer. While it downloads
// a file (the weights of a model, or an image data set) it sends Loading
// reports; while it trains or samples it sends Progress about four times a
// second, and after every command at once. Error says that a command or a
// download failed (the worker keeps its session) or that training stopped
// because of a problem, such as a loss that is not a number.
//
// # Plain values
//
// Encode turns a Message into a Plain: a map from keys to values of four
// kinds only, string, float64, bool and []float32. The bridge maps a Plain
// one to one to a JavaScript object (numbers, strings, booleans and
// Float32Arrays, whose buffers it transfers). A Spec and a manifest travel as
// their JSON, in strings. Decode is the inverse of Encode: Decode(Encode(m))
// equals m for every valid m. Decode refuses unknown keys, missing keys,
// values of the wrong kind, numbers that do not fit their field, a Spec or
// manifest that does not parse, and fields that do not fit together (a play
// without a Spec, a load without a model name), with an error that names the
// key.
//
// Each message type has one field table that drives both directions, so a
// field cannot be written by Encode and forgotten by Decode.
//
// The package is pure Go: it compiles natively and is tested natively.
package protocol
