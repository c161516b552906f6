//go:build !js

package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"genplay/wasm/bench/gobench"
	"genplay/wasm/bench/report"
)

// A competitor is one implementation in one place.
type competitor struct {
	env  string
	impl string
}

// A benchCase is one row group of the table: a benchmark and its competitors.
type benchCase struct {
	name  string
	spec  gobench.Spec // Impl is filled in per competitor
	comps []competitor
}

// place runs specs somewhere.
type place interface {
	run(gobench.Spec) (gobench.Result, error)
	describe() string
	close() error
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

func run() error {
	rounds := flag.Int("rounds", 3, "rounds; every competitor runs once per round")
	quick := flag.Bool("quick", false, "short windows and one round: checks the harness, the numbers mean little")
	envList := flag.String("envs", "native,node,chromium", "places to measure in")
	benchList := flag.String("benches", "gemm,ddpm,diffusion,vae", "benchmarks to run (diffusion: the page's default diffusion model)")
	nodeTF := flag.Bool("node-tfjs", false, "also run the TF.js competitors under Node")
	chrome := flag.String("chrome", defaultChrome(), "Chromium binary")
	torch := flag.Bool("torch", true, "natively, also run the training steps in PyTorch on the CPU, one thread (Debian's python3-torch)")
	python := flag.String("python", defaultPython(), "the python with torch, for -torch")
	jsonl := flag.String("jsonl", "", "also write every measurement to this file as JSON lines")
	mdOut := flag.String("md", "", "also write the table to this file")
	flag.Parse()

	// Why the GEMM warm-up is 250 ms: V8 first runs wasm in its baseline
	// compiler and swaps in optimised code for later calls; on a loaded box
	// that took over 100 ms.
	gemmW := gobench.Spec{WarmupMS: 250, MinWarmup: 2, WindowMS: 200, Windows: 3}
	trainW := gobench.Spec{WarmupMS: 500, MinWarmup: 3, WindowMS: 1500, Windows: 3}
	vaeWindowMS := 2000
	if *quick {
		*rounds = 1
		gemmW = gobench.Spec{WarmupMS: 50, MinWarmup: 2, WindowMS: 50, Windows: 3}
		trainW = gobench.Spec{WarmupMS: 100, MinWarmup: 2, WindowMS: 300, Windows: 3}
		vaeWindowMS = 300
	}
	envs := set(*envList)
	benches := set(*benchList)

	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if (envs["chromium"] || (envs["node"] && *nodeTF)) && !exists(filepath.Join(root, "wasm", "bench", "node_modules", "@tensorflow", "tfjs")) {
		return errors.New("TF.js is not installed: run npm ci --prefix wasm/bench")
	}

	began := time.Now()
	load0 := loadAvg()
	ss, err := start(root, envs, *nodeTF, *chrome, *python)
	defer ss.close()
	if err != nil {
		return err
	}

	cases := plan(benches, envs, *nodeTF, *torch, gemmW, trainW, vaeWindowMS)
	var out io.Writer = io.Discard
	if *jsonl != "" {
		f, err := os.Create(*jsonl)
		if err != nil {
			return err
		}
		defer f.Close()
		out = f
	}
	ms, err := measure(cases, ss.places, *rounds, json.NewEncoder(out), began)
	if err != nil {
		return err
	}

	var names []string
	for _, c := range cases {
		names = append(names, c.name)
	}
	t := report.Build(ms, names, targets)
	t.Notes = append(t.Notes, method(*rounds, gemmW, trainW, vaeWindowMS))
	for _, env := range report.Envs {
		if p, ok := ss.places[env]; ok {
			t.Notes = append(t.Notes, fmt.Sprintf("%s: %s", env, p.describe()))
		}
	}
	t.Notes = append(t.Notes, sameWeights(ss.places))
	t.Notes = append(t.Notes, runtimes(ms))
	t.Notes = append(t.Notes, losses(ms, cases)...)
	t.Notes = append(t.Notes, fmt.Sprintf("Run: %s, %s; load average (1 min) %s at the start, %s at the end.",
		began.Format("2006-01-02 15:04 MST"), time.Since(began).Round(time.Second), load0, loadAvg()))
	var md strings.Builder
	if err := t.Markdown(&md); err != nil {
		return err
	}
	fmt.Printf("\n%s", md.String())
	if *mdOut != "" {
		return os.WriteFile(*mdOut, []byte(md.String()), 0o644)
	}
	return nil
}

// session is the places of a run and the wasm build they share.
type session struct {
	places map[string]place
	build  string // temporary folder with bench.wasm and wasm_exec.js, or ""
}

// start starts the places envs names; for Node and Chromium it first builds
// the wasm. The session holds what started, also on error.
func start(root string, envs map[string]bool, nodeTF bool, chrome, python string) (*session, error) {
	ss := &session{places: map[string]place{}}
	if envs["native"] {
		ss.places["native"] = native{python: python, script: filepath.Join(root, "wasm", "bench", "torch", "bench.py")}
	}
	if !envs["node"] && !envs["chromium"] {
		return ss, nil
	}
	var err error
	if ss.build, err = os.MkdirTemp("", "genplay-bench-"); err != nil {
		return ss, err
	}
	if err := buildWasm(root, ss.build); err != nil {
		return ss, err
	}
	benchDir := filepath.Join(root, "wasm", "bench")
	if envs["node"] {
		p, err := startNode(benchDir, ss.build, nodeTF)
		if err != nil {
			return ss, err
		}
		ss.places["node"] = p
	}
	if envs["chromium"] {
		p, err := startChromium(chrome, benchDir, ss.build)
		if err != nil {
			return ss, err
		}
		ss.places["chromium"] = p
	}
	return ss, nil
}

// close stops every place, then removes the build.
func (ss *session) close() {
	for name, p := range ss.places {
		if err := p.close(); err != nil {
			fmt.Fprintf(os.Stderr, "benchtable: closing %s: %v\n", name, err)
		}
	}
	if ss.build != "" {
		os.RemoveAll(ss.build)
	}
}

// measure runs every competitor of every case once per round, in the order
// of roundOrder, and logs progress to stderr. Each measurement is also
// encoded to enc.
func measure(cases []benchCase, places map[string]place, rounds int, enc *json.Encoder, began time.Time) ([]report.Measurement, error) {
	var ms []report.Measurement
	for r := 1; r <= rounds; r++ {
		for _, c := range cases {
			for _, comp := range roundOrder(c.comps, r) {
				s := c.spec
				s.Impl = comp.impl
				// A failure is reported in the table; the run goes on.
				res, err := places[comp.env].run(s)
				if err != nil {
					res.Error = err.Error()
				}
				if res.Unit == "" {
					res.Unit = unitOf(s.Bench)
				}
				m := report.Measurement{Case: c.name, Env: comp.env, Impl: comp.impl, Round: r, Result: res}
				ms = append(ms, m)
				if err := enc.Encode(m); err != nil {
					return ms, err
				}
				status := fmt.Sprintf("%.3g %s", res.Value, res.Unit)
				if res.Error != "" {
					status = "ERROR " + res.Error
				}
				fmt.Fprintf(os.Stderr, "[%s] round %d/%d  %-16s %-8s %-9s  %s\n",
					time.Since(began).Round(time.Second), r, rounds, c.name, comp.env, comp.impl, status)
			}
		}
	}
	return ms, nil
}

// partners are the competitors genplay is compared with in each place by
// the targets: TF.js's wasm backend in the JS hosts, PyTorch natively.
var partners = map[string]string{"chromium": "tfjs-wasm", "node": "tfjs-wasm", "native": "torch"}

// roundOrder returns the order in which round r (from 1) runs a case's
// competitors. First, back to back, genplay and its partner in each place
// (genplay first in odd rounds, second in even ones), so that the two
// halves of the ratios the targets read are measured seconds apart, under
// nearly the same load, rather than on either side of the slow competitors
// (the naive loop and TF.js's cpu backend take several seconds each on a
// busy machine). Then the others, rotated by one place a round.
func roundOrder(comps []competitor, r int) []competitor {
	var out, rest []competitor
	paired := map[competitor]bool{}
	for _, c := range comps {
		p := competitor{c.env, partners[c.env]}
		if c.impl != "genplay" || p.impl == "" || !has(comps, p) {
			continue
		}
		if r%2 == 1 {
			out = append(out, c, p)
		} else {
			out = append(out, p, c)
		}
		paired[c], paired[p] = true, true
	}
	for _, c := range comps {
		if !paired[c] {
			rest = append(rest, c)
		}
	}
	for i := range rest {
		out = append(out, rest[(i+r-1)%len(rest)])
	}
	return out
}

// has reports whether cs holds c.
func has(cs []competitor, c competitor) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// targets are the goals for the SIMD kernels: in Chromium against TF.js's
// wasm backend (SIMD, one thread), natively against PyTorch on the CPU (one
// thread), paired round by round.
var targets = []report.Target{
	{Case: "GEMM 256³", Env: "chromium", Against: "tfjs-wasm", Min: 0.9},
	{Case: "DDPM step", Env: "chromium", Against: "tfjs-wasm", Min: 3},
	{Case: "DDPM page step", Env: "chromium", Against: "tfjs-wasm", Min: 3},
	{Case: "VAE step", Env: "chromium", Against: "tfjs-wasm", Min: 2.5},
	{Case: "DDPM step", Env: "native", Against: "torch", Min: 1},
}

// plan lists the cases and their competitors in table order.
func plan(benches, envs map[string]bool, nodeTF, torch bool, gemmW, trainW gobench.Spec, vaeWindowMS int) []benchCase {
	comps := func(gemm bool) []competitor {
		var cs []competitor
		for _, env := range report.Envs {
			if !envs[env] {
				continue
			}
			impls := []string{"genplay"}
			if gemm {
				impls = append(impls, "blas32", "naive")
			}
			if env == "chromium" || (env == "node" && nodeTF) {
				impls = append(impls, "tfjs-wasm", "tfjs-cpu")
			}
			if env == "native" && torch && !gemm {
				impls = append(impls, "torch")
			}
			for _, im := range impls {
				cs = append(cs, competitor{env, im})
			}
		}
		return cs
	}
	var cases []benchCase
	if benches["gemm"] {
		for _, s := range [][3]int{{64, 64, 64}, {128, 128, 128}, {256, 256, 256}, {512, 512, 512}, {256, 128, 128}} {
			name := fmt.Sprintf("GEMM %d×%d×%d", s[0], s[1], s[2])
			if s[0] == s[1] && s[1] == s[2] {
				name = fmt.Sprintf("GEMM %d³", s[0])
			}
			spec := gemmW
			spec.Bench, spec.M, spec.N, spec.K, spec.Seed = "gemm", s[0], s[1], s[2], 1
			cases = append(cases, benchCase{name, spec, comps(true)})
		}
	}
	if benches["ddpm"] {
		spec := trainW
		spec.Bench, spec.Seed = "ddpm", 1
		cases = append(cases, benchCase{"DDPM step", spec, comps(false)})
	}
	if benches["diffusion"] {
		spec := trainW
		spec.Bench, spec.Seed = "diffusion", 1
		cases = append(cases, benchCase{"DDPM page step", spec, comps(false)})
	}
	if benches["vae"] {
		spec := trainW
		spec.Bench, spec.Seed, spec.WindowMS = "vae", 1, vaeWindowMS
		cases = append(cases, benchCase{"VAE step", spec, comps(false)})
	}
	return cases
}

func unitOf(bench string) string {
	if bench == "gemm" {
		return "GFLOPS"
	}
	return "steps/s"
}

func method(rounds int, gemmW, trainW gobench.Spec, vaeWindowMS int) string {
	return fmt.Sprintf("Method: %d round(s), competitors interleaved within each round, genplay back to back with TF.js wasm "+
		"(natively with PyTorch), each of the two first in every other round. A value is the median over rounds of the "+
		"median of %d windows (GEMM ≥ %d ms, DDPM ≥ %d ms, VAE ≥ %d ms) after warm-up; a ratio is the median over rounds of "+
		"the ratio within each round, with its interquartile range over rounds in brackets; "+
		"GEMM m×n×k is C = A·B with A m×k, 2mnk FLOPs. "+
		"All single-threaded: native runs with GOMAXPROCS=1, TF.js wasm with one thread.",
		rounds, gemmW.Windows, gemmW.WindowMS, trainW.WindowMS, vaeWindowMS)
}

// sameWeights trains the same two models in every place (gobench.WeightsHash)
// and says whether the weights came out the same, bit for bit.
func sameWeights(places map[string]place) string {
	spec := gobench.Spec{Bench: "weights", Impl: "genplay", Seed: 1, Windows: 30}
	var parts []string
	hashes := map[string]bool{}
	for _, env := range report.Envs {
		p, ok := places[env]
		if !ok {
			continue
		}
		res, err := p.run(spec)
		switch {
		case err != nil:
			res.Error = err.Error()
			fallthrough
		case res.Error != "":
			return fmt.Sprintf("ERROR weights check in %s: %s", env, res.Error)
		}
		hashes[res.Hash] = true
		parts = append(parts, fmt.Sprintf("%s %.12s…", env, res.Hash))
	}
	verdict := "the same bits"
	if len(hashes) > 1 {
		verdict = "ERROR: the weights differ"
	}
	return fmt.Sprintf("Weights after %d steps of the DDPM MLP and the page's diffusion model (SHA-256): %s (%s).",
		spec.Windows, verdict, strings.Join(parts, ", "))
}

// runtimes lists what each place reported running, once each.
func runtimes(ms []report.Measurement) string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		k := m.Env + " " + m.Runtime
		if m.Runtime == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, k)
	}
	return "Ran: " + strings.Join(out, "; ") + "."
}

// losses shows, for round 1, that every training competitor learns.
func losses(ms []report.Measurement, cases []benchCase) []string {
	var out []string
	for _, c := range cases {
		if c.spec.Bench == "gemm" {
			continue
		}
		var parts []string
		for _, m := range ms {
			if m.Case == c.name && m.Round == 1 && m.Error == "" {
				parts = append(parts, fmt.Sprintf("%s %s %.3g → %.3g", m.Env, m.Impl, m.LossFirst, m.LossLast))
			}
		}
		if len(parts) > 0 {
			out = append(out, fmt.Sprintf("%s loss, first warm-up step → last step, round 1: %s.", c.name, strings.Join(parts, "; ")))
		}
	}
	return out
}

func set(list string) map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s != "" {
			m[s] = true
		}
	}
	return m
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

// defaultPython is Debian's python3, the one python3-torch installs into,
// when it exists.
func defaultPython() string {
	if exists("/usr/bin/python3") {
		return "/usr/bin/python3"
	}
	return "python3"
}

func defaultChrome() string {
	if c := os.Getenv("CHROME"); c != "" {
		return c
	}
	return "/usr/bin/chromium"
}

// moduleRoot returns the directory of genplay's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("run from inside the genplay module")
	}
	return filepath.Dir(gomod), nil
}
