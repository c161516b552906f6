// Package protocol defines the messages that the genplay page and its
// training worker exchange, and their symmetric encoding to a plain value.
//
// # Messages
//
// The page sends a Command (play, pause or reset, with a seed and a data set
// name). The worker answers with Ready once it runs, then Progress about four
// times a second while it trains, and Error when training stopped because of
// a problem, such as a loss that is not a number.
//
// # Plain values
//
// Encode turns a Message into a Plain: a map from keys to values of four
// kinds only, string, float64, bool and []float32. The bridge maps a Plain
// one to one to a JavaScript object (numbers, strings, booleans and
// Float32Arrays, whose buffers it transfers). Decode is the inverse of Encode:
// Decode(Encode(m)) equals m for every valid m. Decode refuses unknown keys,
// missing keys, values of the wrong kind and numbers that do not fit their
// field, with an error that names the key.
//
// Each message type has one field table that drives both directions, so a
// field cannot be written by Encode and forgotten by Decode.
//
// The package is pure Go: it compiles natively and is tested natively.
package protocol
