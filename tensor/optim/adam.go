package optim

import (
	"genplay/tensor"
	"genplay/tensor/internal/kernel"
)

// Adam is the optimizer of Kingma & Ba (2015), "Adam: A Method for
// Stochastic Optimization", Algorithm 1, with bias-corrected moments.
//
// Notation: m = first moment, v = second moment, β₁ = Beta1, β₂ = Beta2,
// α = LR, ε = Eps, t = step count.
type Adam struct {
	LR    float32 // α, the step size
	Beta1 float32 // β₁, decay of the first moment
	Beta2 float32 // β₂, decay of the second moment
	Eps   float32 // ε, added to √v̂ for stability

	// WeightDecay is λ of AdamW (Loshchilov & Hutter 2019, Algorithm 2,
	// line 12): each step also subtracts α·λ·θ, decoupled from the
	// gradient. 0 gives plain Adam.
	WeightDecay float32

	// Warmup ramps the step size up linearly over the first Warmup steps
	// (step t uses α·t/Warmup), for training that resumes from weights
	// whose moments were not kept: fresh moments make the first updates
	// ±α for every weight, far more than a trained model tolerates. 0
	// keeps α from the first step.
	Warmup int

	m, v       [][]float32
	b1t, b2t   float32 // β₁ᵗ and β₂ᵗ, kept as running products
	stepsTaken int
}

// NewAdam returns Adam with step size lr and the paper's defaults β₁ = 0.9,
// β₂ = 0.999, ε = 1e-8.
func NewAdam(lr float32) *Adam { return &Adam{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8} }

// NewAdamW returns AdamW with step size lr and decoupled weight decay wd, and
// the defaults of NewAdam.
func NewAdamW(lr, wd float32) *Adam {
	o := NewAdam(lr)
	o.WeightDecay = wd
	return o
}

// Steps returns the number of steps taken.
func (o *Adam) Steps() int { return o.stepsTaken }

// Step updates params from their gradients and zeroes the gradients. params
// must be the same tensors, in the same order, on every call.
func (o *Adam) Step(params []*tensor.Tensor) {
	if o.m == nil {
		o.m, o.v = make([][]float32, len(params)), make([][]float32, len(params))
		for i, p := range params {
			o.m[i], o.v[i] = make([]float32, len(p.Data)), make([]float32, len(p.Data))
		}
		o.b1t, o.b2t = 1, 1
	}
	if len(params) != len(o.m) {
		panic("optim: Adam.Step called with a different parameter list")
	}
	o.stepsTaken++
	o.b1t *= o.Beta1
	o.b2t *= o.Beta2
	lr := o.LR
	if o.stepsTaken < o.Warmup {
		lr *= float32(o.stepsTaken) / float32(o.Warmup)
	}
	c := kernel.AdamCoef{
		Beta1: o.Beta1, Beta2: o.Beta2,
		C1: 1 - o.b1t, C2: 1 - o.b2t,
		LR: lr, Eps: o.Eps,
		Decay: 1 - lr*o.WeightDecay,
	}
	for i, p := range params {
		// Algorithm 1: m ← β₁m + (1-β₁)g; v ← β₂v + (1-β₂)g²;
		// θ ← θ - α·m̂/(√v̂ + ε) with m̂ = m/(1-β₁ᵗ), v̂ = v/(1-β₂ᵗ).
		g := p.Grad[:len(p.Data)]
		kernel.Adam(p.Data, o.m[i], o.v[i], g, &c)
		clear(g)
	}
}
