package gobench

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"slices"

	"genplay/models/diffusion"
	"genplay/tensor"
	"genplay/tensor/nn"
	"genplay/tensor/optim"
	"genplay/tensor/rng"
)

// Sizes of the two training benchmarks (the wording; ../js/models.mjs
// uses the same).
const (
	DDPMBatch  = 256
	VAEBatch   = 128
	VAEPixels  = 784
	VAEHidden  = 400
	VAELatent  = 20
	learnRate  = 1e-3
	pixelOnP   = 0.2 // fraction of VAE input pixels that are 1, the rest 0
	ddpmInputs = 3   // (x, y, t) of the 2D DDPM denoiser
)

// DDPM is one training setup of the 2D DDPM denoiser MLP 3→128→128→128→2
// with ReLU, MSE against a fixed target, and Adam. Inputs and targets are
// fixed standard normal tensors.
type DDPM struct {
	tp     tensor.Tape
	net    *nn.MLP
	params []*tensor.Tensor
	opt    *optim.Adam
	x, y   *tensor.Tensor // (256, 3), (256, 2)
}

// NewDDPM returns the denoiser setup with weights and data from seed.
func NewDDPM(seed uint64) *DDPM {
	r := rng.New(seed)
	d := &DDPM{
		net: nn.NewMLP(r, ddpmInputs, 128, 128, 128, 2),
		opt: optim.NewAdam(learnRate),
		x:   tensor.New(DDPMBatch, ddpmInputs),
		y:   tensor.New(DDPMBatch, 2),
	}
	d.params = d.net.Params()
	r.FillNormal(d.x.Data)
	r.FillNormal(d.y.Data)
	return d
}

// Step takes one Adam step and returns the loss before it.
func (d *DDPM) Step() float32 {
	d.tp.Reset()
	loss := d.tp.MSE(d.net.Forward(&d.tp, d.x), d.y)
	d.tp.Backward(loss)
	d.opt.Step(d.params)
	return loss.Data[0]
}

// PageDiffusion is one training step of the page's default diffusion model
// on 2D points, diffusion.Default(): the network [xₜ, emb(t)] (2 + 16) →
// 64 → 64 → 64 → 2 with ReLU, batch 256, Adam 3e-3, as the page trains it
// (diffusion.Model.TrainBatch: t ~ U{0…999} and ε ~ N(0, I) drawn per point
// every step, xₜ = √ᾱₜ·x₀ + √(1−ᾱₜ)·ε, loss ‖ε − ε_θ(xₜ, t)‖² averaged).
// x₀ is a fixed standard normal batch.
type PageDiffusion struct {
	m  *diffusion.Model
	x0 []float32 // (256, 2)
	r  *rng.PCG
}

// PageBatch is the batch of the page's default diffusion model.
const PageBatch = 256

// NewPageDiffusion returns the page's diffusion setup with weights, data and
// noise from seed.
func NewPageDiffusion(seed uint64) *PageDiffusion {
	r := rng.New(seed)
	cfg := diffusion.Default()
	m, err := diffusion.New(cfg, 2, r)
	if err != nil {
		panic(err) // the defaults validate
	}
	d := &PageDiffusion{m: m, x0: make([]float32, cfg.Batch*2), r: r.Split()}
	r.FillNormal(d.x0)
	return d
}

// Step takes one Adam step and returns the loss before it.
func (d *PageDiffusion) Step() float32 { return d.m.TrainBatch(d.x0, d.r) }

// VAE is one training setup of the MLP VAE of Kingma & Welling (2014),
// appendix C, at MNIST size: encoder 784→400 (ReLU) with heads 400→20 for μ
// and log σ²; z = μ + e^(½·log σ²)⊙ε; decoder 20→400 (ReLU)→784 logits.
// The loss is the negative ELBO per example,
//
//	Σ BCEWithLogits(logits, x) / batch + Σ KL(N(μ, σ²) ‖ N(0, I)) / batch.
//
// x is a fixed binary image batch; ε is drawn every step.
type VAE struct {
	tp     tensor.Tape
	enc    *nn.Linear
	mu, lv *nn.Linear
	dec    *nn.MLP
	params []*tensor.Tensor
	opt    *optim.Adam
	r      *rng.PCG
	x      *tensor.Tensor // (128, 784)
	eps    *tensor.Tensor // (128, 20), redrawn each step
	zeroMu *tensor.Tensor // (128, 20) zeros: the prior's mean
	zeroLV *tensor.Tensor // (128, 20) zeros: the prior's log variance
	invBsz float32
}

// NewVAE returns the VAE setup with weights, data and noise from seed.
func NewVAE(seed uint64) *VAE {
	r := rng.New(seed)
	v := &VAE{
		enc:    nn.NewLinear(VAEPixels, VAEHidden, r),
		mu:     nn.NewLinear(VAEHidden, VAELatent, r),
		lv:     nn.NewLinear(VAEHidden, VAELatent, r),
		dec:    nn.NewMLP(r, VAELatent, VAEHidden, VAEPixels),
		opt:    optim.NewAdam(learnRate),
		r:      r.Split(),
		x:      tensor.New(VAEBatch, VAEPixels),
		eps:    tensor.New(VAEBatch, VAELatent),
		zeroMu: tensor.New(VAEBatch, VAELatent),
		zeroLV: tensor.New(VAEBatch, VAELatent),
		invBsz: 1.0 / VAEBatch,
	}
	for _, p := range [][]*tensor.Tensor{v.enc.Params(), v.mu.Params(), v.lv.Params(), v.dec.Params()} {
		v.params = append(v.params, p...)
	}
	for i := range v.x.Data {
		if r.Float32() < pixelOnP {
			v.x.Data[i] = 1
		}
	}
	return v
}

// Step takes one Adam step and returns the loss before it.
func (v *VAE) Step() float32 {
	tp := &v.tp
	tp.Reset()
	h := tp.Relu(v.enc.Forward(tp, v.x)) // (128, 400)
	mu := v.mu.Forward(tp, h)            // (128, 20)
	lv := v.lv.Forward(tp, h)            // (128, 20)
	v.r.FillNormal(v.eps.Data)
	z := tp.Add(mu, tp.Mul(tp.Exp(tp.Scale(lv, 0.5)), v.eps)) // (128, 20)
	logits := v.dec.Forward(tp, z)                            // (128, 784)
	rec := tp.Scale(tp.Sum(tp.BCEWithLogits(logits, v.x)), v.invBsz)
	kl := tp.Scale(tp.Sum(tp.KLDiagGaussians(mu, lv, v.zeroMu, v.zeroLV)), v.invBsz)
	loss := tp.Add(rec, kl)
	tp.Backward(loss)
	v.opt.Step(v.params)
	return loss.Data[0]
}

// WeightsHash trains the DDPM MLP and the page's diffusion model steps
// steps each from seed and returns the SHA-256 of their weights
// (little-endian float32 bits; the MLP's Params, then the diffusion
// model's Weights). The driver compares it across places, so that a kernel
// that rounds differently in one of them shows.
func WeightsHash(seed uint64, steps int) string {
	d, p := NewDDPM(seed), NewPageDiffusion(seed)
	for range steps {
		d.Step()
		p.Step()
	}
	h := sha256.New()
	var b [4]byte
	ps := slices.Clone(d.params)
	for _, w := range p.m.Weights() {
		ps = append(ps, w.T)
	}
	for _, t := range ps {
		for _, v := range t.Data {
			binary.LittleEndian.PutUint32(b[:], math.Float32bits(v))
			h.Write(b[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
