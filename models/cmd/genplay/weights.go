package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"genplay/models"
	"genplay/models/classifier"
	"genplay/models/data"
	"genplay/models/pretrained"
	"genplay/models/registry"
	"genplay/models/train"
)

// cmdWeights trains the presets (every family on MNIST and on each 2D set)
// and the metric classifier, natively and in parallel, and writes the
// pretrained weights the server hosts:
//
//	<out>/<preset>.<16 hex>.safetensors   the weights, Spec and metrics in the metadata
//	<out>/classifier.<16 hex>.safetensors the MNIST classifier and its reference statistics
//	<out>/manifest.json                   what the page lists and checks
//
// The hex digits are the start of the file's SHA-256, so the names change
// exactly when the contents do and the server can mark them immutable.
// Every run is fixed by its Spec, so the files are the same on every
// machine and at every -j. Files of earlier runs that the manifest no longer
// names are removed.
func cmdWeights(args []string) error {
	fs := flag.NewFlagSet("weights", flag.ContinueOnError)
	out := fs.String("out", "web/weights", "output `folder`")
	dataDir := fs.String("data", "web/data", "`folder` with the MNIST assets (make mnist)")
	jobs := fs.Int("j", runtime.NumCPU(), "runs trained in parallel")
	only := fs.String("only", "", "comma-separated preset `names` to (re)train, keeping the other entries of the manifest")
	readme := fs.String("readme", "", "write the MNIST table into this `file` between its mnist markers")
	rescore := fs.Bool("rescore", false, "re-score, without training, every model of the manifest that this run does not train (with the classifier that -only classifier retrains, or the manifest's), and rewrite the files whose metrics change")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	train, test, err := readMNIST(*dataDir)
	if err != nil {
		return err
	}
	im := registry.Images{train}

	presets := registry.Presets()
	if *rescore && *only == "" {
		presets = nil
	}
	if *only != "" {
		names := strings.Split(*only, ",")
		presets = slices.DeleteFunc(presets, func(p registry.Preset) bool { return !slices.Contains(names, p.Name) })
		if len(presets) != len(names) && !slices.Contains(names, "classifier") {
			return fmt.Errorf("weights: -only %q names presets that do not exist", *only)
		}
	}
	man := &registry.Manifest{Format: registry.ManifestFormat}
	if *only != "" || *rescore {
		b, err := os.ReadFile(filepath.Join(*out, "manifest.json"))
		if err == nil {
			if man, err = registry.ParseManifest(b); err != nil {
				return err
			}
		} else if *rescore {
			return fmt.Errorf("weights: -rescore needs a manifest: %w", err)
		}
	}
	for _, f := range []string{"mnist.gpim", "mnist-test.gpim"} {
		a, err := assetOf(filepath.Join(*dataDir, f), "data/"+f)
		if err != nil {
			return err
		}
		a.Name = strings.TrimSuffix(f, ".gpim")
		putAsset(man, a)
	}

	// The classifier scores every MNIST model, so it trains first; the
	// MNIST models train meanwhile and wait for it only to be scored.
	var (
		scorer    *pretrained.ImageScorer
		scorerErr error
		ready     = make(chan struct{})
	)
	retrain := *only == "" && !*rescore || slices.Contains(strings.Split(*only, ","), "classifier")
	needClassifier := retrain || *rescore || slices.ContainsFunc(presets, func(p registry.Preset) bool { return !p.Is2D() })
	p := &progress{start: time.Now(), total: len(presets)}
	if retrain {
		p.total++
	}
	type result struct {
		entry registry.ManifestModel
		err   error
	}
	results := make([]result, len(presets))
	work := make(chan int)
	var wg sync.WaitGroup
	for w := range max(*jobs, 1) {
		wg.Go(func() {
			if w == 0 {
				if needClassifier {
					scorer, scorerErr = trainClassifier(*out, man, train, test, retrain, p)
				} else {
					scorerErr = errors.New("weights: the classifier was not trained in this run")
				}
				close(ready)
			}
			for i := range work {
				pr := presets[i]
				score := func(l *registry.Loaded) (map[string]float64, error) {
					if !pr.Is2D() {
						<-ready
						if scorerErr != nil {
							return nil, scorerErr
						}
						return pretrained.Score(l, scorer)
					}
					return pretrained.Score(l, nil)
				}
				e, err := trainPreset(*out, pr, im, score, p)
				results[i] = result{e, err}
			}
		})
	}
	// The long MNIST runs go first, costliest first, so that the short 2D
	// ones fill the gaps; the order changes the wall time, never a file.
	for i := len(presets) - 1; i >= 0; i-- {
		if !presets[i].Is2D() {
			work <- i
		}
	}
	for i := range presets {
		if presets[i].Is2D() {
			work <- i
		}
	}
	close(work)
	wg.Wait()
	var errs []error
	if scorerErr != nil && needClassifier {
		errs = append(errs, scorerErr)
	}
	for _, r := range results {
		if r.err != nil {
			errs = append(errs, r.err)
			continue
		}
		putModel(man, r.entry)
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if *rescore {
		trained := map[string]bool{}
		for _, pr := range presets {
			trained[pr.Name] = true
		}
		if err := rescoreModels(*out, man, im, scorer, trained, *jobs, p); err != nil {
			return err
		}
	}
	slices.SortStableFunc(man.Models, func(a, b registry.ManifestModel) int { return presetIndex(a.Name) - presetIndex(b.Name) })
	if err := man.Validate(); err != nil {
		return err
	}
	mb, err := man.Marshal()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*out, "manifest.json"), mb, 0o644); err != nil {
		return err
	}
	total, err := prune(*out, man)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "weights: %d models in %s, %.1f MB of weights, %s\n",
		len(man.Models), *out, float64(total)/1e6, time.Since(p.start).Round(time.Second))
	if *readme != "" {
		return writeMNISTTable(*readme, filepath.Dir(*out), man, im, scorer, 5)
	}
	return nil
}

// rescoreModels scores every model of man that skip does not name, from
// its file under out, by the protocol of models/pretrained, jobs at a time
// (the MNIST ones with scorer), and rewrites the file and its manifest
// entry where a metric changed: the weights stay as they are; the metrics
// in the metadata, hence the file's hash and name, change.
func rescoreModels(out string, man *registry.Manifest, im registry.Images, scorer *pretrained.ImageScorer, skip map[string]bool, jobs int, p *progress) error {
	var todo []int
	for i, e := range man.Models {
		if !skip[e.Name] {
			todo = append(todo, i)
		}
	}
	p.mu.Lock()
	p.total += len(todo)
	p.mu.Unlock()
	root := filepath.Dir(out)
	errs := make([]error, len(todo))
	work := make(chan int)
	var wg sync.WaitGroup
	for range max(jobs, 1) {
		wg.Go(func() {
			for k := range work {
				e := &man.Models[todo[k]]
				start := time.Now()
				l, err := loadEntry(root, *e, im)
				if err != nil {
					errs[k] = fmt.Errorf("%s: %w", e.Name, err)
					continue
				}
				var s *pretrained.ImageScorer
				if registry.ImagesSet(e.Data) {
					s = scorer
				}
				mets, err := pretrained.Score(l, s)
				if err != nil {
					errs[k] = fmt.Errorf("%s: %w", e.Name, err)
					continue
				}
				if pretrained.Check(e.Metrics, mets, 0) != nil {
					mj, err := metricsJSON(mets)
					if err == nil {
						var b []byte
						if b, err = registry.SaveBytes(e.Spec, l.Model, mj); err == nil {
							e.Asset, err = writeHashed(out, e.Name, b)
							e.Metrics = mets
						}
					}
					if err != nil {
						errs[k] = fmt.Errorf("%s: %w", e.Name, err)
						continue
					}
				}
				p.done(e.Name+" (rescored)", 0, time.Since(start), mets)
			}
		})
	}
	for k := range todo {
		work <- k
	}
	close(work)
	wg.Wait()
	return errors.Join(errs...)
}

// readMNIST reads the image assets.
func readMNIST(dir string) (train, test *data.Images, err error) {
	read := func(name string) (*data.Images, error) {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("weights: %w (make mnist writes it)", err)
		}
		defer f.Close()
		return data.ReadImages(f)
	}
	if train, err = read("mnist.gpim"); err != nil {
		return nil, nil, err
	}
	if test, err = read("mnist-test.gpim"); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// trainPreset trains one preset (on an image set of im), scores the weights read back from the
// bytes it writes, and returns its manifest entry.
func trainPreset(out string, pr registry.Preset, im registry.Images, score func(*registry.Loaded) (map[string]float64, error), p *progress) (registry.ManifestModel, error) {
	start := time.Now()
	m, src, r, err := registry.Build(pr.Spec, im)
	if err != nil {
		return registry.ManifestModel{}, fmt.Errorf("%s: %w", pr.Name, err)
	}
	_, err = train.Run(m, src, pr.Spec.Steps, r, train.Options{Every: 100, Report: func(t train.Progress) {
		p.report(pr.Name, t, pr.Spec.Steps)
	}})
	if err != nil {
		return registry.ManifestModel{}, fmt.Errorf("%s: %w", pr.Name, err)
	}
	trained := time.Since(start)
	// Score what a reader of the file gets, not the model in memory.
	b, err := registry.SaveBytes(pr.Spec, m, nil)
	if err != nil {
		return registry.ManifestModel{}, err
	}
	l, err := registry.Load(bytes.NewReader(b), im)
	if err != nil {
		return registry.ManifestModel{}, fmt.Errorf("%s: reading back: %w", pr.Name, err)
	}
	mets, err := score(l)
	if err != nil {
		return registry.ManifestModel{}, fmt.Errorf("%s: %w", pr.Name, err)
	}
	mj, err := metricsJSON(mets)
	if err != nil {
		return registry.ManifestModel{}, err
	}
	if b, err = registry.SaveBytes(pr.Spec, l.Model, mj); err != nil {
		return registry.ManifestModel{}, err
	}
	a, err := writeHashed(out, pr.Name, b)
	if err != nil {
		return registry.ManifestModel{}, err
	}
	p.done(pr.Name, trained, time.Since(start)-trained, mets)
	return registry.ManifestModel{Asset: a, Title: pr.Title, Family: pr.Spec.Family, Data: pr.Spec.Data, Spec: pr.Spec, Metrics: mets}, nil
}

// writeHashed writes b as <out>/<name>.<16 hex of its SHA-256>.safetensors.
func writeHashed(out, name string, b []byte) (registry.Asset, error) {
	sum := sha256.Sum256(b)
	h := hex.EncodeToString(sum[:])
	file := name + "." + h[:16] + ".safetensors"
	if err := os.WriteFile(filepath.Join(out, file), b, 0o644); err != nil {
		return registry.Asset{}, err
	}
	return registry.Asset{Name: name, File: "weights/" + file, Bytes: int64(len(b)), SHA256: h}, nil
}

// assetOf describes the file at path, served as file.
func assetOf(path, file string) (registry.Asset, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return registry.Asset{}, err
	}
	sum := sha256.Sum256(b)
	return registry.Asset{File: file, Bytes: int64(len(b)), SHA256: hex.EncodeToString(sum[:])}, nil
}

func putAsset(m *registry.Manifest, a registry.Asset) {
	for i := range m.Data {
		if m.Data[i].Name == a.Name {
			m.Data[i] = a
			return
		}
	}
	m.Data = append(m.Data, a)
}

func putModel(m *registry.Manifest, e registry.ManifestModel) {
	for i := range m.Models {
		if m.Models[i].Name == e.Name {
			m.Models[i] = e
			return
		}
	}
	m.Models = append(m.Models, e)
}

func presetIndex(name string) int {
	for i, p := range registry.Presets() {
		if p.Name == name {
			return i
		}
	}
	return len(registry.Presets())
}

// hashedName reports whether name is a weights file named as make weights
// names them: the pattern ^[a-z0-9-]+\.[0-9a-f]{16}\.safetensors$.
func hashedName(name string) bool {
	base, ok := strings.CutSuffix(name, ".safetensors")
	i := len(base) - 17 // the '.' before the 16 hex digits
	if !ok || i < 1 || base[i] != '.' {
		return false
	}
	for _, c := range []byte(base[:i]) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	for _, c := range []byte(base[i+1:]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// prune removes the weight files in out that the manifest does not name and
// returns the total size of those it does.
func prune(out string, m *registry.Manifest) (int64, error) {
	keep := map[string]bool{}
	var total int64
	for _, e := range m.Models {
		keep[filepath.Base(e.File)] = true
		total += e.Bytes
	}
	for _, a := range m.Data {
		if strings.HasPrefix(a.File, "weights/") {
			keep[filepath.Base(a.File)] = true
			total += a.Bytes
		}
	}
	ents, err := os.ReadDir(out)
	if err != nil {
		return 0, err
	}
	for _, e := range ents {
		if hashedName(e.Name()) && !keep[e.Name()] {
			if err := os.Remove(filepath.Join(out, e.Name())); err != nil {
				return 0, err
			}
		}
	}
	return total, nil
}

// progress prints the runs' progress, one line per run every few seconds.
type progress struct {
	mu    sync.Mutex
	start time.Time
	total int
	ndone int
	last  map[string]time.Time
}

func (p *progress) report(name string, t train.Progress, steps int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.last == nil {
		p.last = map[string]time.Time{}
	}
	if now := time.Now(); now.Sub(p.last[name]) >= 10*time.Second && t.Step < steps {
		p.last[name] = now
		eta := time.Duration(float64(steps-t.Step) / max(t.StepsPerSec, 1e-9) * float64(time.Second))
		fmt.Fprintf(os.Stderr, "weights: %-24s step %6d/%d  %s %.4f  %.0f steps/s  %s left\n",
			name, t.Step, steps, t.Losses[0].Name, t.Losses[0].Value, t.StepsPerSec, eta.Round(time.Second))
	}
}

func (p *progress) done(name string, trained, scored time.Duration, mets map[string]float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ndone++
	b, _ := metricsJSON(mets)
	fmt.Fprintf(os.Stderr, "weights: [%d/%d] %-24s trained in %s, scored in %s: %s  (%s elapsed)\n",
		p.ndone, p.total, name, trained.Round(100*time.Millisecond), scored.Round(100*time.Millisecond), b,
		time.Since(p.start).Round(time.Second))
}

// metricsJSON returns the metrics as a JSON object with sorted keys.
func metricsJSON(m map[string]float64) ([]byte, error) {
	return json.Marshal(m)
}

// trainClassifier trains the metric classifier (or, when this run does not
// retrain it, loads the one the manifest names), records its accuracy and
// the metric floors in its metadata, and returns the scorer built on it.
func trainClassifier(out string, man *registry.Manifest, train, test *data.Images, retrain bool, p *progress) (*pretrained.ImageScorer, error) {
	if !retrain {
		a, ok := man.Asset("classifier")
		if !ok {
			return nil, errors.New("weights: the manifest names no classifier; retrain it with -only classifier")
		}
		f, err := os.Open(filepath.Join(filepath.Dir(out), filepath.FromSlash(a.File)))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		c, _, err := classifier.Load(f)
		if err != nil {
			return nil, err
		}
		return pretrained.NewImageScorer(c, test), nil
	}
	start := time.Now()
	cfg := classifier.Default()
	c, err := classifier.Pretrain(cfg, train, classifier.DefaultSeed, func(step int, loss float32) {
		p.report("classifier", trainProgress(step, loss, start), cfg.Steps)
	})
	if err != nil {
		return nil, err
	}
	trained := time.Since(start)
	// Score what a reader of the file gets.
	var buf bytes.Buffer
	if err := classifier.Save(&buf, c, nil); err != nil {
		return nil, err
	}
	if c, _, err = classifier.Load(&buf); err != nil {
		return nil, err
	}
	s := pretrained.NewImageScorer(c, test)
	mets, err := pretrained.ClassifierMetrics(s)
	if err != nil {
		return nil, err
	}
	mj, err := metricsJSON(mets)
	if err != nil {
		return nil, err
	}
	buf.Reset()
	if err := classifier.Save(&buf, c, map[string]string{"metrics": string(mj)}); err != nil {
		return nil, err
	}
	a, err := writeHashed(out, "classifier", buf.Bytes())
	if err != nil {
		return nil, err
	}
	putAsset(man, a)
	p.done("classifier", trained, time.Since(start)-trained, mets)
	return s, nil
}

// trainProgress turns a classifier progress callback into a train.Progress
// for the progress printer.
func trainProgress(step int, loss float32, start time.Time) train.Progress {
	el := time.Since(start)
	return train.Progress{Step: step, Losses: []models.Loss{{Name: "xent", Value: loss}}, Elapsed: el,
		StepsPerSec: float64(step) / max(el.Seconds(), 1e-9)}
}
