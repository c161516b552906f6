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

func has(cs []competitor, c competitor) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
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
