package nn

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"testing"

	"genplay/tensor"
	"genplay/tensor/math32"
	"genplay/tensor/optim"
	"genplay/tensor/rng"
)

// goldenMLP is the SHA-256 of the weights of the MLP below after 200 Adam
// steps from seed 2026. The same value must come out natively and under
// GOOS=js GOARCH=wasm (make test runs both): genplay promises bit-identical
// training in the browser and on the command line.
const goldenMLP = "0d0aa91c67c7245721f304f050279248af1ea602d38147fb8af5b8fdccdc8ebf"

func TestGoldenMLP(t *testing.T) {
	r := rng.New(2026)
	m := NewMLP(r, 3, 64, 64, 2)
	ln := NewLayerNorm(64)
	opt := optim.NewAdam(1e-3)
	params := append(m.Params(), ln.Params()...)
	x, y := tensor.New(128, 3), tensor.New(128, 2)
	var tp tensor.Tape
	for range 200 {
		r.FillNormal(x.Data)
		for i := range 128 {
			// A target that exercises the project's own Exp, Log and Tanh.
			a, b, c := x.Data[3*i], x.Data[3*i+1], x.Data[3*i+2]
			y.Data[2*i] = math32.Tanh(a*b) + math32.Exp(-c*c)
			y.Data[2*i+1] = math32.Log(1 + a*a)
		}
		tp.Reset()
		h := m.Layers[0].Forward(&tp, x)
		h = tp.GELU(ln.Forward(&tp, h))
		h = tp.SiLU(m.Layers[1].Forward(&tp, h))
		loss := tp.MSE(m.Layers[2].Forward(&tp, h), y)
		tp.Backward(loss)
		optim.ClipGradNorm(params, 1)
		opt.Step(params)
	}
	hash := sha256.New()
	for _, p := range params {
		for _, v := range p.Data {
			binary.Write(hash, binary.LittleEndian, math.Float32bits(v))
		}
	}
	if got := hex.EncodeToString(hash.Sum(nil)); got != goldenMLP {
		t.Errorf("weights hash %s, want %s", got, goldenMLP)
	}
}
