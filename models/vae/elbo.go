package vae

// The VAE objective and the importance-weighted bound.
//
// Sources:
//   - Kingma & Welling (2014), "Auto-Encoding Variational Bayes", ICLR:
//     eq. 3 (the ELBO as reconstruction minus KL), eq. 10 (its estimator with
//     the analytic Gaussian KL and z = μ + σ⊙ε), appendix B (the KL).
//   - Higgins et al. (2017), "β-VAE: Learning Basic Visual Concepts with a
//     Constrained Variational Framework", ICLR, eq. 4: β weights the KL.
//   - Burda, Grosse & Salakhutdinov (2016), "Importance Weighted
//     Autoencoders", ICLR, eq. 8: the K-sample bound; its Theorem 1:
//     L₁ ≤ L_K ≤ L_{K+1} ≤ log p(x).
//
// Notation (code → paper):
//
//	x         x, a data point (one row of dim values)
//	mu, lv    μ, log σ² of q(z|x) = N(μ, diag σ²), the encoder's output
//	eps       ε ~ N(0, I), the reparameterisation noise
//	z         z = μ + σ⊙ε (K&W eq. 10, σ = e^(lv/2))
//	out       the decoder's output: the mean μ(z) of a Gaussian p(x|z), or
//	          the logits l(z) of a Bernoulli one
//	obsLogVar log σ²ₓ of the Gaussian p(x|z), one per data dimension
//	recon     −log p(x|z), one-sample estimate of −E_q[log p(x|z)]
//	kl        KL(q(z|x) ‖ N(0, I)) = −½ Σⱼ (1 + lvⱼ − μⱼ² − e^lvⱼ) (K&W eq. 10)
//	beta      β (Higgins et al. eq. 4)
//	logW      log wₖ = log p(x|zₖ) + log p(zₖ) − log q(zₖ|x), zₖ ~ q(z|x)
//	L_K       log (1/K) Σₖ wₖ (Burda et al. eq. 8)

import (
	"fmt"

	"genplay/tensor"
	"genplay/tensor/math32"
	"genplay/tensor/rng"
)

// log2Pi is log 2π, written out so that no target computes it differently.
const log2Pi = 1.8378770664093453

// negELBO records on tp the batch averages of the negative β-ELBO and its
// two terms for the points x (n, dim) and the noise eps (n, Latent):
//
//	total = recon + β·kl,  recon = −log p(x|z),  kl = KL(q(z|x) ‖ N(0, I))
//
// with β = 1 the negative of K&W eq. 10 with L = 1 sample.
func (m *Model) negELBO(tp *tensor.Tape, x, eps *tensor.Tensor) (total, recon, kl *tensor.Tensor) {
	L, dim := m.cfg.Latent, float32(m.dim)
	// 1. The encoder gives q(z|x): means, then log-variances.
	h := m.enc.Forward(tp, x)          // (n, 2L)
	mu := tp.Slice(h, 1, 0, L)         // (n, L)
	lv := tp.Slice(h, 1, L, 2*L)       // (n, L)
	sigma := tp.Exp(tp.Scale(lv, 0.5)) // (n, L)
	// 2. Reparameterise: z = μ + σ⊙ε, so the gradient reaches μ and σ.
	z := tp.Add(mu, tp.Mul(sigma, eps)) // (n, L)
	// 3. Decode and score x under p(x|z); Mean divides by n·dim, so scale
	// by dim for nats per point.
	out := m.dec.Forward(tp, z) // (n, dim)
	if m.cfg.Decoder == Gaussian {
		recon = tp.Scale(tp.Mean(tp.GaussianLogDensity(x, out, m.obsLogVar)), -dim)
	} else {
		recon = tp.Scale(tp.Mean(tp.BCEWithLogits(out, x)), dim)
	}
	// 4. The analytic KL to the prior, ½ Σ (e^lv + μ² − 1 − lv).
	kl = tp.Scale(tp.Mean(tp.Sub(tp.Add(tp.Exp(lv), tp.Square(mu)), tp.AddScalar(lv, 1))), 0.5*float32(L))
	// 5. β weights the KL (Higgins et al. eq. 4).
	total = tp.Add(recon, tp.Scale(kl, m.cfg.Beta))
	return total, recon, kl
}

// LogProb writes into dst the importance-weighted lower bound L_K on
// log p(x) of each point of x, in nats, with K = Config.Samples (Burda et
// al. eq. 8); the draws use r. See Bound.
func (m *Model) LogProb(dst, x []float32, r *rng.PCG) { m.Bound(dst, x, m.cfg.Samples, r) }

// Bound writes into dst the K-sample importance-weighted bound
//
//	L_K(x) = log (1/K) Σₖ p(x|zₖ) p(zₖ) / q(zₖ|x),  zₖ ~ q(z|x)
//
// of each point of x. L_1 is a one-sample estimate of the ELBO; L_K grows
// with K towards log p(x). It panics if k < 1 or len(dst) ≠ len(x)/Dim().
// It allocates only when the chunk shapes change from the previous call.
func (m *Model) Bound(dst, x []float32, k int, r *rng.PCG) {
	if k < 1 {
		panic(fmt.Sprintf("vae: Bound with %d samples", k))
	}
	m.bound("Bound", dst, x, k, false, r)
}

// ELBO writes into dst the ELBO of each point of x (β = 1, whatever
// Config.Beta), estimated as K&W eq. 10 does: one sample of log p(x|z)
// minus the analytic KL. Its expectation equals that of Bound with k = 1,
// with less variance.
func (m *Model) ELBO(dst, x []float32, r *rng.PCG) { m.bound("ELBO", dst, x, 1, true, r) }

// maxRows bounds the decoder batch of one chunk of bound, n points × k
// samples, so that a large k needs no huge buffers.
const maxRows = 4096

// bound computes L_k, or with analyticKL (k = 1) the K&W estimator.
func (m *Model) bound(op string, dst, x []float32, k int, analyticKL bool, r *rng.PCG) {
	n := rows(op, x, m.dim, dst, 1)
	L, dim := m.cfg.Latent, m.dim
	if m.cfg.Decoder == Gaussian {
		for d, v := range m.obsLogVar.Data {
			m.invVar[d] = math32.Exp(-v)
		}
	}
	chunk := max(1, maxRows/k)
	if cap(m.logW) < chunk*k {
		m.logW = make([]float32, chunk*k)
	}
	for lo := 0; lo < n; lo += chunk {
		c := min(chunk, n-lo)
		xs := x[lo*dim : (lo+c)*dim]
		logW := m.logW[:c*k]
		m.infer.Reset()
		// 1. q(z|x) for the chunk's points.
		h := m.enc.Forward(&m.infer, m.input(&m.xin, xs, c, dim)).Data // (c, 2L)
		// 2. Draw zₖ = μ + σ⊙εₖ, k per point, and start log wₖ with
		// log p(zₖ) − log q(zₖ|x) = Σⱼ ½(lvⱼ + εⱼ² − zⱼ²) (the log 2π
		// terms cancel), or with −KL for the analytic estimator.
		z := m.input(&m.zin, nil, c*k, L)
		for i := range c {
			mu, lv := h[2*i*L:(2*i+1)*L], h[(2*i+1)*L:(2*i+2)*L]
			var negKL float32
			for j := range L {
				negKL += 0.5 * (1 + lv[j] - mu[j]*mu[j] - math32.Exp(lv[j]))
			}
			for s := range k {
				row := z.Data[(i*k+s)*L : (i*k+s+1)*L]
				var lw float32
				for j := range L {
					e := r.Normal()
					row[j] = mu[j] + float32(math32.Exp(0.5*lv[j])*e)
					lw += 0.5 * (lv[j] + e*e - row[j]*row[j])
				}
				if analyticKL {
					lw = negKL
				}
				logW[i*k+s] = lw
			}
		}
		// 3. Add log p(x|zₖ).
		out := m.dec.Forward(&m.infer, z).Data // (c·k, dim)
		for i := range c {
			xi := xs[i*dim : (i+1)*dim]
			for s := range k {
				logW[i*k+s] += m.logLik(xi, out[(i*k+s)*dim:(i*k+s+1)*dim])
			}
		}
		// 4. L_k = log-mean-exp of the weights, shifted by their maximum.
		for i := range c {
			w := logW[i*k : (i+1)*k]
			top := w[0]
			for _, v := range w {
				top = max(top, v)
			}
			var sum float32
			for _, v := range w {
				sum += math32.Exp(v - top)
			}
			dst[lo+i] = top + math32.Log(sum/float32(k))
		}
	}
}

// logLik returns log p(x|z) for one point x given the decoder's output out
// at z: Σ_d log N(x_d; out_d, σ²_d) or Σ_d x_d·l_d − softplus(l_d).
func (m *Model) logLik(x, out []float32) float32 {
	var s float32
	if m.cfg.Decoder == Gaussian {
		for d, v := range x {
			diff := v - out[d]
			s -= 0.5 * (log2Pi + m.obsLogVar.Data[d] + diff*diff*m.invVar[d])
		}
		return s
	}
	for d, v := range x {
		l := out[d]
		// softplus(l) = max(l, 0) + log(1 + e^−|l|)
		s += v*l - (max(l, 0) + math32.Log(1+math32.Exp(-max(l, -l))))
	}
	return s
}
