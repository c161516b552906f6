// Package nn holds genplay's layers: Linear, an MLP builder and the
// sinusoidal time embedding. Layers own their parameters and record their
// forward pass on a tensor.Tape; Params lists the parameters in a fixed
// order for the optimizers and for serialisation.
package nn
