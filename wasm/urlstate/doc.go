// Package urlstate turns the page's state into the query of a link and back,
// so that a link opened in a fresh browser shows the same picture at the same
// step.
//
// The package is pure Go: it reads no location and touches no browser. The
// bridge reads and writes location.hash and hands the text to Decode.
//
// # Format, version 1
//
// A link's state is a query of key=value pairs joined by "&", after the
// page's "#" (a leading "#" or "?" is skipped). Encode writes the keys in
// this order, and leaves out every key but v whose value is the default:
//
//	key      State field            values                          default
//	v        (the format)           1                               always written; 1 if absent
//	f        Spec.Family            ae, vae, gan, flow, diffusion   diffusion
//	d        Spec.Data              a 2D set, an image set, or a    8gaussians
//	                                drawing "drawn:<base64url>"
//	s        Spec.Seed              0 … 2⁶⁴−1                       1
//	n        Spec.Steps             0 … MaxReplay, or 100000000     0
//	                                with m (the step shown)
//	m        Model                  [a-z0-9][a-z0-9-]{0,63}         none
//	c.<key>  Spec.Config            each registry.Param of f        the family's default
//	p        View.Panel             protocol.Panels                 samples
//	psi      View.Psi               [0, 1]                          1
//	smp      View.Sampler           ddpm, ddim                      ddpm
//	k        View.K                 1 … 200                         50
//	eta      View.Eta               [0, 1]                          0
//	t        View.T                 0 … 1000                        250
//	str      View.Strength          [0, 1]                          0.5
//
// The keys from psi to str are the panels' knobs: their ranges and
// defaults are protocol.Knobs', which the page's controls use too.
//
//	embed    Embed                  1, 0                            0
//
// Numbers are written in their shortest form (strconv 'g', -1), whole
// numbers without an exponent, flags as 1 or 0. Keys and values are
// %-escaped except for letters, digits and "-._~:"; Decode also reads "+"
// as a space. A flag given without "=" ("&embed") is on.
//
// A config key is "c." followed by the JSON key of one of the family's
// registry.Params: floats and ints are clamped to [Min, Max], ints rounded
// to Min plus a multiple of Step, enums checked against Options, bools are
// 1 or 0. Config keys that are not Params keep their default and cannot be
// put in a link. Decode writes State.Spec.Config as a JSON object of the
// Params whose values differ from the defaults, in the order of the Params,
// or nil when none do, so equal links give equal States.
//
// The view's Input, Mask and Score are not part of a link. A link opens
// paused at step n.
//
// # Notices
//
// Decode never fails: a bad or old link opens with defaults and Notices that
// the page shows. It starts from Default and applies each key:
//
//   - a value out of range is clamped, and a notice says so
//     ("psi=7 was outside [0, 1]; using 1.");
//   - a value it cannot use keeps the key's default, with a notice;
//   - an unknown key, a config key the family does not have, a repeated key
//     or a part that does not unescape is ignored, with a notice;
//   - a link without v is read as of version 1, so "?embed=1" alone opens
//     the default state in embed mode;
//   - a step n beyond what the page can train in about a minute is lowered
//     to MaxReplay of the data set (20000 for 2D sets and drawings, 2000
//     for MNIST), with a notice that offers the pretrained models, unless
//     the link names one (m): that model is loaded and trained on from its
//     own step;
//   - a link of another version (v other than 1), of an unknown family, or
//     over MaxQueryBytes gives Default and one notice;
//   - an empty query gives Default and no notices.
//
// Decode(Encode(s)) equals s, with no notices, for every State s whose
// values are in range and whose Config holds only Params; the tests check
// this over the five families and random states, and FuzzDecode checks that
// every state Decode returns is a fixed point of Encode and Decode.
package urlstate
