package rng

import (
	"math"
	"testing"
)

// TestReference pins the first outputs of pcg32_srandom_r(42, 54), the
// example of PCG's reference C implementation (pcg32-demo.c).
func TestReference(t *testing.T) {
	r := NewStream(42, 54)
	want := []uint32{0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e}
	for i, w := range want {
		if got := r.Uint32(); got != w {
			t.Fatalf("draw %d = %#08x, want %#08x", i, got, w)
		}
	}
}

func TestNormalMoments(t *testing.T) {
	r := New(1)
	const n = 200000
	var s, s2, s4 float64
	for range n {
		x := float64(r.Normal())
		s += x
		s2 += x * x
		s4 += x * x * x * x
	}
	mean, v, kurt := s/n, s2/n, s4/n
	if math.Abs(mean) > 0.01 || math.Abs(v-1) > 0.02 || math.Abs(kurt-3) > 0.1 {
		t.Errorf("mean %.4f var %.4f E[x^4] %.4f, want 0, 1, 3", mean, v, kurt)
	}
}

func TestFloat32Range(t *testing.T) {
	r := New(7)
	var s float64
	for range 100000 {
		u := r.Float32()
		if u < 0 || u >= 1 {
			t.Fatalf("Float32 = %v outside [0,1)", u)
		}
		s += float64(u)
	}
	if m := s / 100000; math.Abs(m-0.5) > 0.005 {
		t.Errorf("mean %v, want 0.5", m)
	}
}

func TestIntnUniform(t *testing.T) {
	r := New(3)
	var counts [7]int
	for range 70000 {
		counts[r.Intn(7)]++
	}
	for i, c := range counts {
		if c < 9500 || c > 10500 {
			t.Errorf("bucket %d has %d draws, want about 10000", i, c)
		}
	}
}

func TestSplitIndependent(t *testing.T) {
	a := New(5)
	b := a.Split()
	c := a.Split()
	same := 0
	for range 1000 {
		if b.Uint32() == c.Uint32() {
			same++
		}
	}
	if same > 2 {
		t.Errorf("split streams agree on %d of 1000 draws", same)
	}
}
