package main

import (
	"slices"

	"genplay/models"
	"genplay/models/diffusion"
	"genplay/wasm/protocol"
)

// capabilities returns the capabilities of m, from which the page gets
// its panels (protocol.PanelsFor). Diffusion's chain and forward process
// (with its samplers) are added by its type until it offers models.Stepper
// and models.Noiser.
func capabilities(m models.Model) []protocol.Capability {
	cs := protocol.CapabilitiesOf(m)
	if _, ok := m.(*diffusion.Model); ok && !slices.Contains(cs, protocol.CapChain) {
		cs = append(cs, protocol.CapChain, protocol.SamplerCap(protocol.SamplerDDPM), protocol.SamplerCap(protocol.SamplerDDIM), protocol.CapNoise)
	}
	return cs
}
