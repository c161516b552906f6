package gan

// The two GAN objectives and the gradient penalty.
//
// Notation (code → paper):
//
//	dReal  D's output on real points x ~ p_data: for the non-saturating
//	       GAN the logit of the paper's D(x) = σ(dReal), for WGAN-GP the
//	       critic value D(x) itself
//	dFake  the same on generated points G(z), z ~ N(0, I)
//	v      ∇ₓD(x̂), one row per point (inputGrad, net.go)
//	xHat   x̂ = εx + (1−ε)G(z), ε ~ U[0, 1] per point
//	λ      Config.Penalty
//
// Non-saturating GAN (Goodfellow et al. 2014, "Generative Adversarial
// Nets", Algorithm 1 with the generator objective of section 3):
//
//	L_D = −E log D(x) − E log(1 − D(G(z)))  = E softplus(−dReal) + E softplus(dFake)
//	L_G = −E log D(G(z))                    = E softplus(−dFake)
//
// G maximises log D(G(z)) instead of minimising log(1 − D(G(z))), which
// saturates early in training, when D rejects every sample with confidence.
//
// WGAN-GP (Gulrajani et al. 2017, "Improved Training of Wasserstein GANs",
// Algorithm 1; x̂ is drawn in lines 4–6, L_D is line 7, L_G line 12):
//
//	L_D = E D(G(z)) − E D(x) + λ·E (‖∇ₓD(x̂)‖₂ − 1)²
//	L_G = −E D(G(z))
//
// The expectations are means over a batch.

import (
	"genplay/tensor"
	"genplay/tensor/rng"
)

// Loss names accepted by Config.Loss.
const (
	NonSaturating = "nonsaturating"
	WGANGP        = "wgan-gp"
)

// discriminatorLoss records L_D without the penalty term.
func discriminatorLoss(tp *tensor.Tape, loss string, dReal, dFake *tensor.Tensor) *tensor.Tensor {
	if loss == WGANGP {
		return tp.Sub(tp.Mean(dFake), tp.Mean(dReal))
	}
	return tp.Add(tp.Mean(tp.Softplus(tp.Neg(dReal))), tp.Mean(tp.Softplus(dFake)))
}

// generatorLoss records L_G.
func generatorLoss(tp *tensor.Tape, loss string, dFake *tensor.Tensor) *tensor.Tensor {
	if loss == WGANGP {
		return tp.Neg(tp.Mean(dFake))
	}
	return tp.Mean(tp.Softplus(tp.Neg(dFake)))
}

// interpolate writes x̂ = εx + (1−ε)·fake into dst, one ε ~ U[0, 1] per
// point of dimension dim (Algorithm 1, lines 4–6).
func interpolate(dst, x, fake []float32, dim int, r *rng.PCG) {
	for i := 0; i < len(dst); i += dim {
		eps := r.Float32()
		for j := i; j < i+dim; j++ {
			// The conversions round each product, so no target fuses them
			// into a multiply-add and the result is the same everywhere.
			dst[j] = float32(eps*x[j]) + float32((1-eps)*fake[j])
		}
	}
}

// sqrtEps keeps the norm's derivative 1/(2‖v‖) finite where v = 0.
const sqrtEps = 1e-12

// gradientPenalty records E (‖v‖₂ − 1)² for the rows of v, the input
// gradients of D at x̂. The tape has no square root, so
// ‖v‖ = exp(½·log(‖v‖² + sqrtEps)).
func gradientPenalty(tp *tensor.Tape, v *tensor.Tensor) *tensor.Tensor {
	sq := tp.SumAxis(tp.Square(v), 1)                                // (n, 1)
	norm := tp.Exp(tp.Scale(tp.Log(tp.AddScalar(sq, sqrtEps)), 0.5)) // (n, 1)
	return tp.Mean(tp.Square(tp.AddScalar(norm, -1)))
}
