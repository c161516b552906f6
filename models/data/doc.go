// Package data generates genplay's data sets from a seed.
//
// The 2D sets follow the recipes of the papers that made them standard (see
// each generator's comment). A Set knows its mixture centres and component
// spread where it has them, so metrics can count captured modes.
//
// Every generator takes its *rng.PCG as an argument; nothing here reads a
// global or a clock.
package data
