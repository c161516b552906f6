package urlstate

import (
	"fmt"

	"genplay/models/registry"
)

// A link opens paused at its step n, and the page trains a fresh model up
// to it before it shows anything. For a step the page cannot replay in
// about a minute it opens at step 0 and asks: train to the most it can
// replay, or load the pretrained model, which is trained further.
//
// The bounds are per kind of data, from the page's rough training speed.
// On 2D sets the page trains about 80–480 steps/s by family (the README's
// "Training in the page" table) and the default diffusion model about 320
// steps/s, so 20000 steps take about a minute for it and up to four for the
// slowest family. An MNIST step costs about ten times a 2D step of a like
// network (the perf anchors: 81 steps/s for a 2D DDPM MLP against 8–9.5 for
// an MNIST VAE, both Go wasm), hence 2000.
const (
	// MaxReplay2D bounds the step of a link to a 2D data set or drawing.
	MaxReplay2D = 20_000
	// MaxReplayImages bounds the step of a link to an image set (MNIST).
	MaxReplayImages = 2_000
)

// MaxReplay returns the largest step a link to the data set may open at
// without a pretrained model: MaxReplayImages for an image set and
// MaxReplay2D for any other.
func MaxReplay(data string) int {
	if registry.ImagesSet(data) {
		return MaxReplayImages
	}
	return MaxReplay2D
}

// fitReplay handles a step beyond MaxReplay of the link's data set: the
// page does not start a long replay unasked. It sets s.Spec.Steps to 0 and
// s.Asked to the link's step, so that the page opens at step 0 and asks
// whether to train to MaxReplay or to load the pretrained model, and returns
// the notice that says so; nil if the step is within it. A link that names
// a pretrained model (m) is left as it is: the page loads that model and
// trains on only from the model's own step, which the link does not hold.
// raw is the link's value of n, for the notice.
func fitReplay(s *State, raw string) []Notice {
	limit := MaxReplay(s.Spec.Data)
	if s.Model != "" || s.Spec.Steps <= limit {
		return nil
	}
	s.Asked, s.Spec.Steps = s.Spec.Steps, 0
	return []Notice{{Key: "n", Message: fmt.Sprintf(
		"n=%s is more steps than the page can train in about a minute, so it opens at step 0 and asks: "+
			"train to step %d, or load a pretrained model, trained further.",
		shorten(raw), limit)}}
}
