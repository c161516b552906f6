// Package optim holds genplay's optimizers. An optimizer keeps its state in
// buffers allocated on the first Step and updates parameters in place from
// their gradients, which it then zeroes; a Step after the first allocates
// nothing.
package optim
