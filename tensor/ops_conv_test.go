package tensor_test

import (
	"math"
	"slices"
	"testing"

	"genplay/tensor"
	"genplay/tensor/rng"
)

// naiveConv2D is the definition: y[n,o,i,j] = Σ_c,ki,kj w[o,c,ki,kj]·x[n,c,i·s−p+ki, j·s−p+kj].
func naiveConv2D(x, w *tensor.Tensor, s, p int) []float64 {
	nb, c, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	o, kh, kw := w.Shape[0], w.Shape[2], w.Shape[3]
	oh, ow := (h+2*p-kh)/s+1, (wd+2*p-kw)/s+1
	y := make([]float64, nb*o*oh*ow)
	for n := range nb {
		for oc := range o {
			for i := range oh {
				for j := range ow {
					var acc float64
					for ch := range c {
						for ki := range kh {
							for kj := range kw {
								yy, xx := i*s-p+ki, j*s-p+kj
								if yy < 0 || yy >= h || xx < 0 || xx >= wd {
									continue
								}
								acc += float64(w.Data[((oc*c+ch)*kh+ki)*kw+kj]) * float64(x.Data[((n*c+ch)*h+yy)*wd+xx])
							}
						}
					}
					y[((n*o+oc)*oh+i)*ow+j] = acc
				}
			}
		}
	}
	return y
}

func TestConv2DAgainstDefinition(t *testing.T) {
	r := rng.New(1)
	for _, c := range []struct{ n, ch, h, w, o, kh, kw, s, p int }{
		{1, 1, 5, 5, 1, 3, 3, 1, 0}, {2, 3, 7, 6, 4, 3, 3, 1, 1}, {2, 2, 8, 8, 3, 4, 4, 2, 1}, {1, 2, 28, 28, 5, 5, 5, 2, 2},
	} {
		x, w := randParam(r, c.n, c.ch, c.h, c.w), randParam(r, c.o, c.ch, c.kh, c.kw)
		var tp tensor.Tape
		got := tp.Conv2D(x, w, c.s, c.p)
		want := naiveConv2D(x, w, c.s, c.p)
		if len(got.Data) != len(want) {
			t.Fatalf("%+v: %d outputs, want %d", c, len(got.Data), len(want))
		}
		for i := range want {
			if math.Abs(float64(got.Data[i])-want[i]) > 1e-4*(1+math.Abs(want[i])) {
				t.Fatalf("%+v: y[%d] = %v, want %v", c, i, got.Data[i], want[i])
			}
		}
	}
}

// TestConvTransposeIsAdjoint checks ⟨Conv2D(x, w), y⟩ = ⟨x, ConvTranspose2D(y, w)⟩,
// the definition of the transposed convolution, with the same filters.
func TestConvTransposeIsAdjoint(t *testing.T) {
	r := rng.New(2)
	for _, c := range []struct{ n, ch, h, w, o, k, s, p int }{
		{1, 1, 5, 5, 1, 3, 1, 0}, {2, 3, 9, 7, 4, 3, 2, 1}, {2, 2, 9, 9, 3, 5, 2, 2}, {1, 4, 8, 8, 2, 4, 2, 1},
	} {
		x, w := randParam(r, c.n, c.ch, c.h, c.w), randParam(r, c.o, c.ch, c.k, c.k)
		var tp tensor.Tape
		cx := tp.Conv2D(x, w, c.s, c.p)
		y := randParam(r, cx.Shape...)
		ty := tp.ConvTranspose2D(y, w, c.s, c.p)
		// The cases are chosen so that ConvTranspose2D maps back to x's shape.
		if !slices.Equal(ty.Shape, x.Shape) {
			t.Fatalf("%+v: ConvTranspose2D gives shape %v, want %v", c, ty.Shape, x.Shape)
		}
		var lhs, rhs float64
		for i, v := range cx.Data {
			lhs += float64(v) * float64(y.Data[i])
		}
		for i, v := range x.Data {
			rhs += float64(v) * float64(ty.Data[i])
		}
		if math.Abs(lhs-rhs) > 1e-3*(1+math.Abs(lhs)) {
			t.Errorf("%+v: ⟨Cx, y⟩ = %v, ⟨x, Cᵀy⟩ = %v", c, lhs, rhs)
		}
	}
}
