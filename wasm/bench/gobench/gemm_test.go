package gobench

import (
	"strings"
	"testing"
)

func TestGEMMImplementationsAgree(t *testing.T) {
	for _, impl := range []string{"genplay", "blas32", "naive"} {
		for _, s := range [][3]int{{1, 1, 1}, {7, 5, 3}, {64, 64, 64}, {33, 17, 129}} {
			g := NewGEMM(impl, s[0], s[1], s[2], 1)
			g.Step()
			if err := g.Check(); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestGEMMCheckCatchesAWrongProduct(t *testing.T) {
	g := NewGEMM("naive", 16, 16, 16, 1)
	g.Step()
	g.c[0] += 1
	if err := g.Check(); err == nil || !strings.Contains(err.Error(), "C[0,0]") {
		t.Errorf("Check after corrupting C[0,0] = %v, want an error naming C[0,0]", err)
	}
}

func TestGEMMStepAllocatesNothing(t *testing.T) {
	for _, impl := range []string{"genplay", "blas32", "naive"} {
		g := NewGEMM(impl, 32, 32, 32, 1)
		g.Step()
		if n := testing.AllocsPerRun(10, g.Step); n != 0 {
			t.Errorf("%s: %v allocations per step, want 0", impl, n)
		}
	}
}

func TestRunRejectsUnknownSpecs(t *testing.T) {
	for _, s := range []Spec{
		{Bench: "gemm", Impl: "tfjs-wasm", M: 4, N: 4, K: 4},
		{Bench: "gemm", Impl: "naive"},
		{Bench: "ddpm", Impl: "naive"},
		{Bench: "conv", Impl: "genplay"},
	} {
		if _, err := Run(s, (&fakeClock{tick: 1}).now); err == nil {
			t.Errorf("Run(%+v) succeeded, want an error", s)
		}
	}
}
