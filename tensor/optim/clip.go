package optim

import (
	"genplay/tensor"
	"genplay/tensor/math32"
)

// ClipGradNorm scales the gradients of params so that their joint L2 norm is
// at most maxNorm, as PyTorch's clip_grad_norm_ does, and returns the norm
// before clipping. A non-finite norm is returned unchanged and the gradients
// are left alone, so the caller can detect divergence.
func ClipGradNorm(params []*tensor.Tensor, maxNorm float32) float32 {
	var ss float64 // float64 so that large models do not overflow
	for _, p := range params {
		for _, g := range p.Grad {
			ss += float64(g) * float64(g)
		}
	}
	norm := math32.Sqrt(float32(ss))
	if norm != norm || norm > 3.4e38 || norm <= maxNorm {
		return norm
	}
	s := maxNorm / (norm + 1e-6)
	for _, p := range params {
		for i := range p.Grad {
			p.Grad[i] *= s
		}
	}
	return norm
}
