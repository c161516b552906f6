// Package tensor is genplay's float32 tensor core with reverse-mode
// automatic differentiation.
//
// # Storage
//
// A Tensor is a shape and a contiguous row-major []float32. Parameters also
// carry a gradient buffer of the same length; constants have none.
//
// # The tape
//
// Operations are methods on a Tape, which records each one with its inputs
// and output. Backward walks the records in reverse and accumulates
// gradients into every input that has a gradient buffer. Each primitive's
// forward and backward sit side by side in the ops_*.go files; grad.go is the
// one table from op code to backward rule.
//
// A Tape owns the outputs of the operations it records. Reset rewinds it; the
// next pass that issues the same operations on the same shapes reuses the
// buffers of the previous pass, so a training step allocates nothing once the
// first step has run:
//
//	for step := range steps {
//		tp.Reset()
//		loss := tp.MSE(net.Forward(tp, x), y)
//		tp.Backward(loss)
//		opt.Step(params)
//	}
//
// A tensor returned by a Tape is valid until the Tape is reset.
//
// # Errors
//
// Shape mismatches are programmer errors and panic with messages prefixed
// "tensor: ".
package tensor
