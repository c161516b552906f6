package kernel

import (
	"fmt"
	"math"
	"testing"

	"genplay/tensor/rng"
)

// specials are the values the element-wise kernels must pass through as
// their loops do: signed zeros, infinities, NaN, the smallest subnormal.
var specials = []float32{0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)),
	float32(math.NaN()), math.SmallestNonzeroFloat32, -math.SmallestNonzeroFloat32, 1, -1}

// ewInput returns n values: normals with a special value every third
// element.
func ewInput(r *rng.PCG, n int) []float32 {
	x := make([]float32, n)
	r.FillNormal(x)
	for i := 0; i < n; i += 3 {
		x[i] = specials[r.Intn(len(specials))]
	}
	return x
}

func sameBits(t *testing.T, name string, n int, got, want []float32) {
	t.Helper()
	if i := firstDiff(got, want); i >= 0 {
		t.Fatalf("%s n=%d: element %d is %v (%#x), want %v (%#x)", name, n, i,
			got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
	}
}

// sameValues is sameBits up to the sign and payload of a NaN that
// arithmetic makes (∞−∞, 0·∞): WebAssembly leaves those bits to the
// machine, and x86's scalar and vector units differ. A NaN that only
// passes through keeps its bits (Relu's test holds them to it).
func sameValues(t *testing.T, name string, n int, got, want []float32) {
	t.Helper()
	for i := range got {
		if got[i] != got[i] && want[i] != want[i] {
			continue
		}
		if math.Float32bits(got[i]) == math.Float32bits(want[i]) {
			continue
		}
		t.Fatalf("%s n=%d: element %d is %v (%#x), want %v (%#x)", name, n, i,
			got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
	}
}

// TestReluIsMax checks Relu against the builtin max(v, 0) bit for bit,
// NaN and −0 included, with guard bands around dst.
func TestReluIsMax(t *testing.T) {
	r := rng.New(11)
	for n := range 41 {
		x := ewInput(r, n)
		const pad = 5
		all, dst := guarded(r, n, pad)
		Relu(dst, x)
		checkGuards(t, all, pad)
		want := make([]float32, n)
		for i, v := range x {
			want[i] = max(v, 0)
		}
		sameBits(t, "Relu", n, dst, want)
		// In place.
		Relu(x, x)
		sameBits(t, "Relu in place", n, x, want)
	}
}

func TestReluGrad(t *testing.T) {
	r := rng.New(12)
	for n := range 41 {
		x, g := ewInput(r, n), ewInput(r, n)
		const pad = 5
		all, dx := guarded(r, n, pad)
		for i := 0; i < n; i += 4 {
			dx[i] = float32(math.Copysign(0, -1)) // −0 must stay −0 where x ≤ 0
		}
		want := append([]float32(nil), dx...)
		for i, v := range x {
			if v > 0 {
				want[i] += g[i]
			}
		}
		ReluGrad(dx, g, x)
		checkGuards(t, all, pad)
		sameValues(t, "ReluGrad", n, dx, want)
	}
}

func TestAdd(t *testing.T) {
	r := rng.New(13)
	for n := range 41 {
		x, y := ewInput(r, n), ewInput(r, n)
		const pad = 5
		all, dst := guarded(r, n, pad)
		want := make([]float32, n)
		for i := range x {
			want[i] = x[i] + y[i]
		}
		Add(dst, x, y)
		checkGuards(t, all, pad)
		sameValues(t, "Add", n, dst, want)
		Add(y, y, x) // y += x
		sameValues(t, "Add in place", n, y, want)
	}
}

// TestAddRows checks AddRows against its reference loop (specials
// included, NaNs as sameValues allows), for row lengths on and off the vector width and one
// to five rows, with guard bands around dst.
func TestAddRows(t *testing.T) {
	r := rng.New(17)
	for n := 1; n <= 41; n++ {
		for rows := 1; rows <= 5; rows++ {
			g := ewInput(r, n*rows)
			const pad = 5
			all, dst := guarded(r, n, pad)
			copy(dst, ewInput(r, n))
			want := append([]float32(nil), dst...)
			for i := range rows {
				for j := range want {
					want[j] += g[i*n+j]
				}
			}
			AddRows(dst, g)
			checkGuards(t, all, pad)
			sameValues(t, fmt.Sprintf("AddRows of %d rows", rows), n, dst, want)
		}
	}
	for _, c := range []struct{ n, len int }{{0, 4}, {3, 4}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("AddRows of %d into %d: no panic", c.len, c.n)
				}
			}()
			AddRows(make([]float32, c.n), make([]float32, c.len))
		}()
	}
}

// BenchmarkAddRows times a bias gradient of the 2D models: the sum of a
// batch of 128 rows of 32 units, as one AddRows and as a call of Add per
// row.
func BenchmarkAddRows(b *testing.B) {
	g, dst := ewInput(rng.New(5), 128*32), make([]float32, 32)
	b.Run("rows", func(b *testing.B) {
		for b.Loop() {
			AddRows(dst, g)
		}
	})
	b.Run("add", func(b *testing.B) {
		for b.Loop() {
			for off := 0; off < len(g); off += len(dst) {
				Add(dst, dst, g[off:off+len(dst)])
			}
		}
	})
}

// TestMulScale checks Mul, MulAdd, Scale and AxpyUnitary against their
// formulas with the builtin operators, in place too, with guard bands.
func TestMulScale(t *testing.T) {
	r := rng.New(16)
	for n := range 41 {
		x, y := ewInput(r, n), ewInput(r, n)
		const pad = 5
		all, dst := guarded(r, n, pad)
		d0 := append([]float32(nil), dst...)
		prod, acc, scaled, axpy := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range x {
			prod[i] = x[i] * y[i]
			acc[i] = d0[i] + prod[i]
			scaled[i] = x[i] * 3
			axpy[i] = d0[i] + float32(3*y[i])
		}
		Mul(dst, x, y)
		sameValues(t, "Mul", n, dst, prod)
		copy(dst, d0)
		MulAdd(dst, x, y)
		sameValues(t, "MulAdd", n, dst, acc)
		Scale(dst, x, 3)
		sameValues(t, "Scale", n, dst, scaled)
		copy(dst, d0)
		AxpyUnitary(3, y, dst)
		sameValues(t, "AxpyUnitary", n, dst, axpy)
		checkGuards(t, all, pad)
		Mul(x, x, y) // in place
		sameValues(t, "Mul in place", n, x, prod)
	}
}

// TestAdam checks one update against the formulas in float64, and that the
// moments move as the paper says.
func TestAdam(t *testing.T) {
	r := rng.New(14)
	for _, decay := range []float32{1, 0.999} {
		c := &AdamCoef{Beta1: 0.9, Beta2: 0.999, C1: 1 - 0.9*0.9, C2: 1 - 0.999*0.999, LR: 1e-3, Eps: 1e-8, Decay: decay}
		for n := range 23 {
			w, m, v, g := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
			r.FillNormal(w)
			r.FillNormal(m)
			r.FillNormal(g)
			for i := range v {
				v[i] = r.Float32()
			}
			w0, m0, v0 := append([]float32(nil), w...), append([]float32(nil), m...), append([]float32(nil), v...)
			Adam(w, m, v, g, c)
			for i := range w {
				mw := 0.9*float64(m0[i]) + 0.1*float64(g[i])
				vw := 0.999*float64(v0[i]) + 0.001*float64(g[i])*float64(g[i])
				ww := float64(w0[i])*float64(decay) - 1e-3*(mw/float64(c.C1))/(math.Sqrt(vw/float64(c.C2))+1e-8)
				for _, q := range [][3]float64{{float64(m[i]), mw, 1e-6}, {float64(v[i]), vw, 1e-6}, {float64(w[i]), ww, 1e-6}} {
					if math.Abs(q[0]-q[1]) > q[2]*(1+math.Abs(q[1])) {
						t.Fatalf("decay %v n=%d element %d: got %v, want %v", decay, n, i, q[0], q[1])
					}
				}
			}
		}
	}
}

// TestElementwiseAsmMatchesGo checks bit for bit that the exported kernels
// (SIMD under wasm) and their plain loops agree, on every length up to 40
// and on special values.
func TestElementwiseAsmMatchesGo(t *testing.T) {
	r := rng.New(15)
	for n := range 41 {
		x, y, g := ewInput(r, n), ewInput(r, n), ewInput(r, n)
		got, want := make([]float32, n), make([]float32, n)
		Relu(got, x)
		reluGo(want, x)
		sameBits(t, "Relu", n, got, want)

		copy(got, y)
		copy(want, y)
		ReluGrad(got, g, x)
		reluGradGo(want, g, x)
		sameValues(t, "ReluGrad", n, got, want)

		Add(got, x, y)
		addGo(want, x, y)
		sameValues(t, "Add", n, got, want)

		Mul(got, x, y)
		mulGo(want, x, y)
		sameValues(t, "Mul", n, got, want)

		copy(got, y)
		copy(want, y)
		MulAdd(got, x, g)
		mulAddGo(want, x, g)
		sameValues(t, "MulAdd", n, got, want)

		Scale(got, x, -0.37)
		scaleGo(want, x, -0.37)
		sameValues(t, "Scale", n, got, want)

		copy(got, y)
		copy(want, y)
		AxpyUnitary(1.7, g, got)
		axpyGo(1.7, g, want)
		sameValues(t, "AxpyUnitary", n, got, want)

		Step(got, x, 1, 0.2)
		stepGo(want, x, 1, 0.2)
		sameBits(t, "Step", n, got, want)

		for _, decay := range []float32{1, 0.99} {
			c := &AdamCoef{Beta1: 0.9, Beta2: 0.999, C1: 0.19, C2: 0.001999, LR: 3e-3, Eps: 1e-8, Decay: decay}
			w1, m1, v1 := append([]float32(nil), x...), append([]float32(nil), y...), make([]float32, n)
			for i := range v1 {
				v1[i] = r.Float32()
			}
			w2, m2, v2 := append([]float32(nil), w1...), append([]float32(nil), m1...), append([]float32(nil), v1...)
			Adam(w1, m1, v1, g, c)
			adamGo(w2, m2, v2, g, c)
			sameValues(t, "Adam m", n, m1, m2)
			sameValues(t, "Adam v", n, v1, v2)
			sameValues(t, "Adam w", n, w1, w2)
		}
	}
}

func TestElementwiseAllocs(t *testing.T) {
	x, y, z, g := make([]float32, 37), make([]float32, 37), make([]float32, 37), make([]float32, 37)
	c := &AdamCoef{Beta1: 0.9, Beta2: 0.999, C1: 0.1, C2: 0.001, LR: 1e-3, Eps: 1e-8, Decay: 1}
	if n := testing.AllocsPerRun(5, func() {
		Relu(y, x)
		ReluGrad(y, z, x)
		Add(z, x, y)
		Mul(z, x, y)
		MulAdd(z, x, y)
		Scale(z, x, 2)
		AxpyUnitary(2, x, z)
		Adam(x, y, z, g, c)
	}); n != 0 {
		t.Errorf("%v allocations per call", n)
	}
}

// BenchmarkStep times the slopes of one LeakyReLU layer of the 2D GAN
// (128 points, 32 units).
func BenchmarkStep(b *testing.B) {
	x, dst := ewInput(rng.New(3), 128*32), make([]float32, 128*32)
	for b.Loop() {
		Step(dst, x, 1, 0.2)
	}
}
