//go:build !js

package main

import (
	"testing"

	"genplay/wasm/bench/gobench"
)

func TestPlanCoversTheIssue(t *testing.T) {
	all := set("native,node,chromium")
	cases := plan(set("gemm,ddpm,diffusion,vae"), all, false, gobench.Spec{}, gobench.Spec{}, 2000)
	byName := map[string]benchCase{}
	for _, c := range cases {
		byName[c.name] = c
	}
	// Every target names a row that exists, with the competitor it needs.
	for _, tg := range targets {
		c, ok := byName[tg.Case]
		if !ok {
			t.Errorf("target %+v: no case %q", tg, tg.Case)
			continue
		}
		need := []competitor{{tg.Env, "genplay"}}
		if tg.Against != "" {
			need = append(need, competitor{tg.Env, tg.Against})
		}
		for _, n := range need {
			if !has(c.comps, n) {
				t.Errorf("case %q lacks %v for target %+v", c.name, n, tg)
			}
		}
	}
	for _, name := range []string{"GEMM 64³", "GEMM 128³", "GEMM 256³", "GEMM 512³", "GEMM 256×128×128", "DDPM step", "DDPM page step", "VAE step"} {
		c, ok := byName[name]
		if !ok {
			t.Errorf("no case %q", name)
			continue
		}
		impls := []string{"genplay", "tfjs-wasm", "tfjs-cpu"}
		if c.spec.Bench == "gemm" {
			impls = append(impls, "blas32", "naive")
		}
		for _, im := range impls {
			if !has(c.comps, competitor{"chromium", im}) {
				t.Errorf("%s: no %s in Chromium", name, im)
			}
		}
		if !has(c.comps, competitor{"node", "genplay"}) || !has(c.comps, competitor{"native", "genplay"}) {
			t.Errorf("%s: genplay is not measured natively and under Node", name)
		}
		if has(c.comps, competitor{"node", "tfjs-wasm"}) {
			t.Errorf("%s: TF.js under Node without -node-tfjs", name)
		}
	}
	if got := byName["VAE step"].spec.WindowMS; got != 2000 {
		t.Errorf("VAE window = %d ms, want 2000", got)
	}
}

func has(cs []competitor, c competitor) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}
