// Package data generates genplay's data sets from a seed.
//
// The 2D sets follow the recipes of the papers that made them standard (see
// each generator's comment). A Set knows its mixture centres and component
// spread where it has them, so metrics can count captured modes.
//
// Images holds an image set such as MNIST (images.go); digit.go draws a
// digit from pen strokes and preprocesses it as MNIST's digits were (the
// ink's box fitted to 20×20 pixels, area-averaged, its centre of mass at
// the centre of 28×28), so a drawn digit looks to a model like the data.
//
// Every generator takes its *rng.PCG as an argument; nothing here reads a
// global or a clock.
package data
