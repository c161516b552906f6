package flow

// The logit preprocessing layer of Real NVP for data in the unit cube, and
// the conversion of its density to bits per dimension.
//
// Dinh, Sohl-Dickstein & Bengio (2017), "Density estimation using Real NVP",
// section 4.1: images with dequantised pixels x in [0, 1] are modelled in
// logit space, y = logit(α + (1 − α)x), so that the flow sees unbounded
// values, and the Jacobian of the map enters the likelihood. The form used
// here, y = logit(α + (1 − 2α)x), symmetric in x ↔ 1 − x, is that of
// Papamakarios, Pavlakou & Murray (2017), "Masked Autoregressive Flow for
// Density Estimation", appendix E.2 (λ there).
//
// Notation, code → paper:
//
//	alpha  α (λ in MAF), in (0, ½); 0 turns the layer off
//	s      α + (1 − 2α)x, in (0, 1) for x in (−α/(1−2α), 1 + α/(1−2α))
//	r      1 − s = (1 − α) − (1 − 2α)x, computed directly, not as 1 − s,
//	       so that it keeps its relative precision where x is near 1
//	y      logit(s) = ln s − ln r
//
// Its Jacobian is diagonal, with ∂yⱼ/∂xⱼ = (1 − 2α)/(sⱼ rⱼ), so
//
//	log|det ∂y/∂xᵀ| = D·ln(1 − 2α) − Σⱼ (ln sⱼ + ln rⱼ),
//
// and the inverse is x = (σ(y) − α)/(1 − 2α) with ln s = −softplus(−y) and
// ln r = −softplus(y).

import (
	"math"

	"genplay/tensor"
	"genplay/tensor/math32"
)

// logitForward records y = logit(α + (1 − 2α)x) of x (n, D) and
// log|det ∂y/∂xᵀ| (n, 1).
func logitForward(tp *tensor.Tape, x *tensor.Tensor, alpha float32) (y, logDet *tensor.Tensor) {
	a := 1 - 2*alpha
	// 1. s and r = 1 − s, both from x.
	lnS := tp.Log(tp.AddScalar(tp.Scale(x, a), alpha)) // (n, D)
	lnR := tp.Log(tp.AddScalar(tp.Scale(x, -a), 1-alpha))
	// 2. y = ln s − ln r.
	y = tp.Sub(lnS, lnR)
	// 3. log|det| = D·ln(1 − 2α) − Σⱼ (ln sⱼ + ln rⱼ).
	d := float32(x.Cols())
	logDet = tp.AddScalar(tp.Neg(tp.SumAxis(tp.Add(lnS, lnR), 1)), d*math32.Log(a)) // (n, 1)
	return y, logDet
}

// logitInverse records x = (σ(y) − α)/(1 − 2α) of y (n, D) and
// log|det ∂x/∂yᵀ| = Σⱼ (ln sⱼ + ln rⱼ) − D·ln(1 − 2α) (n, 1).
func logitInverse(tp *tensor.Tape, y *tensor.Tensor, alpha float32) (x, logDet *tensor.Tensor) {
	a := 1 - 2*alpha
	// 1. ln s + ln r = −(softplus(y) + softplus(−y)).
	spSum := tp.Add(tp.Softplus(y), tp.Softplus(tp.Neg(y))) // (n, D)
	// 2. s = σ(y), x = (s − α)/(1 − 2α).
	x = tp.Scale(tp.AddScalar(tp.Sigmoid(y), -alpha), 1/a)
	d := float32(y.Cols())
	logDet = tp.AddScalar(tp.Neg(tp.SumAxis(spSum, 1)), -d*math32.Log(a)) // (n, 1)
	return x, logDet
}

// BitsPerDim converts the log-density logProb (nats) of a dequantised point
// x in [0, 1]^dim to bits per dimension, the unit image likelihoods are
// reported in:
//
//	bits/dim = (−logProb/dim + ln levels) / ln 2
//
// Why: an integer pixel p in {0, …, levels−1} is dequantised to
// x = (p + u)/levels with u ~ U[0, 1) (data.Images.Sample), so the discrete
// probability of the image is P(p) = ∫ p(x) dx over its cell of volume
// levels^−dim, and by Jensen log P(p) ≥ E_u[log p(x)] − dim·ln levels
// (Theis, van den Oord & Bethge 2016, section 3.1). Averaging logProb over
// dequantised test images and converting gives an upper bound on the
// discrete model's code length, −log₂ P(p)/dim. The uniform density on the
// cube (logProb = 0) is 8 bits/dim for 256 levels.
//
// It panics if dim < 1 or levels < 2.
func BitsPerDim(logProb float64, dim, levels int) float64 {
	if dim < 1 || levels < 2 {
		panic("flow: BitsPerDim needs dim >= 1 and levels >= 2")
	}
	return (-logProb/float64(dim) + math.Log(float64(levels))) / math.Ln2
}
