//go:build !js

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"genplay/wasm/bench/gobench"
)

func TestPlanCoversTheIssue(t *testing.T) {
	all := set("native,node,chromium")
	cases := plan(set("gemm,ddpm,diffusion,vae"), all, false, true, gobench.Spec{}, gobench.Spec{}, 2000)
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

// TestRoundOrderPairsGenplayWithItsPartner checks that every round runs
// each competitor once, genplay next to TF.js's wasm backend in Chromium
// and next to torch natively, each of the pair first in every other round.
func TestRoundOrderPairsGenplayWithItsPartner(t *testing.T) {
	cases := plan(set("gemm,ddpm"), set("native,node,chromium"), false, true, gobench.Spec{}, gobench.Spec{}, 2000)
	for _, c := range cases {
		firsts := map[string]int{}
		for r := 1; r <= 4; r++ {
			order := roundOrder(c.comps, r)
			if len(order) != len(c.comps) {
				t.Fatalf("%s round %d: %d competitors, want %d", c.name, r, len(order), len(c.comps))
			}
			for _, x := range c.comps {
				if !has(order, x) {
					t.Fatalf("%s round %d: %v is missing", c.name, r, x)
				}
			}
			for env, partner := range partners {
				g, p := index(order, competitor{env, "genplay"}), index(order, competitor{env, partner})
				if g < 0 || p < 0 {
					continue
				}
				if g-p != 1 && p-g != 1 {
					t.Errorf("%s round %d: %s genplay at %d, %s at %d: not adjacent", c.name, r, env, g, partner, p)
				}
				if g < p {
					firsts[env]++
				}
			}
		}
		if firsts["chromium"] != 2 {
			t.Errorf("%s: genplay ran before TF.js wasm in %d of 4 rounds in Chromium, want 2", c.name, firsts["chromium"])
		}
	}
}

func index(cs []competitor, c competitor) int {
	for i, x := range cs {
		if x == c {
			return i
		}
	}
	return -1
}

// TestRunTorch runs the torch competitor's protocol against stand-in
// scripts: a result on stdout is decoded, a failing interpreter is an
// error, and bench.py's own message for a missing torch reaches the table.
func TestRunTorch(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	dir := t.TempDir()
	ok := filepath.Join(dir, "ok.sh")
	os.WriteFile(ok, []byte(`cat >/dev/null; echo '{"unit":"steps/s","value":42,"samples":[41,42,43],"lossFirst":2,"lossLast":1}'`), 0o644)
	missing := filepath.Join(dir, "missing.sh")
	os.WriteFile(missing, []byte(`cat >/dev/null; echo '{"error":"python3-torch is not installed"}'`), 0o644)
	broken := filepath.Join(dir, "broken.sh")
	os.WriteFile(broken, []byte(`echo boom >&2; exit 3`), 0o644)
	spec := gobench.Spec{Bench: "ddpm", Impl: "torch", Windows: 3}

	res, err := native{python: sh, script: ok}.run(spec)
	if err != nil || res.Value != 42 || len(res.Samples) != 3 || res.LossLast != 1 {
		t.Errorf("ok script: %+v, %v", res, err)
	}
	res, err = native{python: sh, script: missing}.run(spec)
	if err != nil || !strings.Contains(res.Error, "not installed") {
		t.Errorf("missing torch: %+v, %v; want the script's error in the result", res, err)
	}
	if _, err := (native{python: sh, script: broken}).run(spec); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("broken script: error %v, want one quoting its stderr", err)
	}
}
