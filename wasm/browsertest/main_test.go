//go:build !(js && wasm)

package browsertest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"genplay/models/registry"
)

// env is what TestMain prepared for the browser tests.
type env struct {
	chrome  string // Chromium binary, or "" when there is none
	baseURL string // the page, served by the real server
	err     error  // why the environment could not be built
	// manifest is the pretrained models' manifest the server offers, with
	// the tampered entry; weightsErr says why there is none.
	manifest   *registry.Manifest
	weightsErr error
	// demoDir is the server's demo store (-data).
	demoDir string
}

// tamperedName is the manifest entry whose file differs from its SHA-256 by
// one byte: a copy of tamperedOf's weights.
const (
	tamperedName = "tampered-gan-8gaussians"
	tamperedOf   = "gan-8gaussians"
)

// testEnv is set by TestMain before any test runs and read only after.
var testEnv env

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	testEnv.chrome = findChrome()
	if testEnv.chrome == "" {
		// The browser tests skip (or fail under CI); the others still run.
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "genplay-browsertest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "browsertest:", err)
		return 1
	}
	defer os.RemoveAll(dir)

	srv, err := buildAndServe(dir)
	if err != nil {
		testEnv.err = err
		return m.Run() // each browser test reports the error
	}
	code := m.Run()
	if err := srv.stop(); err != nil {
		fmt.Fprintln(os.Stderr, "browsertest: server:", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// findChrome returns $CHROME, or /usr/bin/chromium, or a Chromium on PATH;
// "" if there is none, or $CHROME names no file.
func findChrome() string {
	if c := os.Getenv("CHROME"); c != "" {
		if _, err := os.Stat(c); err != nil {
			return ""
		}
		return c
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// buildAndServe builds the page's document root and the server into dir,
// starts the server on a free loopback port and sets testEnv.baseURL.
func buildAndServe(dir string) (*server, error) {
	modRoot, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	root := filepath.Join(dir, "web")
	if err := os.Mkdir(root, 0o755); err != nil {
		return nil, err
	}
	goroot, err := goEnv(modRoot, "GOROOT")
	if err != nil {
		return nil, err
	}
	copies := map[string]string{
		filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"): "wasm_exec.js",
	}
	for _, f := range []string{"index.html", "style.css", "compare.css", "worker.js"} {
		copies[filepath.Join(modRoot, "web", f)] = f
	}
	for src, name := range copies {
		if err := copyFile(filepath.Join(root, name), src); err != nil {
			return nil, err
		}
	}
	// The data sets and the pretrained weights, as make writes them. The
	// server refuses symbolic links out of its root, so they are copied.
	if err := copyDir(filepath.Join(root, "data"), filepath.Join(modRoot, "web", "data")); err != nil {
		return nil, fmt.Errorf("browsertest: the data sets (make mnist writes them): %w", err)
	}
	weights := os.Getenv("GENPLAY_WEIGHTS")
	if weights == "" {
		weights = filepath.Join(modRoot, "web", "weights")
	}
	testEnv.manifest, testEnv.weightsErr = serveWeights(filepath.Join(root, "weights"), weights)
	wasm := []string{"GOOS=js", "GOARCH=wasm"}
	builds := []struct {
		out, pkg string
		env      []string
	}{
		{filepath.Join(root, "app.wasm"), "./wasm/app", wasm},
		{filepath.Join(dir, "genplay-server"), "./server", nil},
	}
	for _, b := range builds {
		cmd := exec.Command("go", "build", "-o", b.out, b.pkg)
		cmd.Dir = modRoot
		cmd.Env = append(os.Environ(), b.env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go build %s: %v\n%s", b.pkg, err, out)
		}
	}
	testEnv.demoDir = filepath.Join(dir, "demos")
	srv, err := startServer(filepath.Join(dir, "genplay-server"), root, testEnv.demoDir)
	if err != nil {
		return nil, err
	}
	testEnv.baseURL = srv.url + "/"
	return srv, nil
}

func moduleRoot() (string, error) {
	gomod, err := goEnv(".", "GOMOD")
	if err != nil {
		return "", err
	}
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("browsertest: not inside the genplay module")
	}
	return filepath.Dir(gomod), nil
}

func goEnv(dir, key string) (string, error) {
	cmd := exec.Command("go", "env", key)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %v", key, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// copyDir copies the regular files of the folder src into the new folder
// dst.
func copyDir(dst, src string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	if err := os.Mkdir(dst, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			if err := copyFile(filepath.Join(dst, e.Name()), filepath.Join(src, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// serveWeights copies the pretrained weights of the folder src into dst
// and adds to the manifest a tampered copy of one model: the same size and
// SHA-256 in the manifest, one byte of tensor data changed in the file.
func serveWeights(dst, src string) (*registry.Manifest, error) {
	if err := copyDir(dst, src); err != nil {
		return nil, fmt.Errorf("browsertest: no pretrained weights (make weights writes them into web/weights, or set GENPLAY_WEIGHTS): %w", err)
	}
	b, err := os.ReadFile(filepath.Join(dst, "manifest.json"))
	if err != nil {
		return nil, err
	}
	man, err := registry.ParseManifest(b)
	if err != nil {
		return nil, err
	}
	orig, ok := man.Model(tamperedOf)
	if !ok {
		return nil, fmt.Errorf("browsertest: the manifest in %s has no %s to tamper with", src, tamperedOf)
	}
	w, err := os.ReadFile(filepath.Join(dst, filepath.Base(orig.File)))
	if err != nil {
		return nil, err
	}
	w[len(w)-1] ^= 0x40 // the last weight's sign or exponent: still a valid file
	bad := orig
	bad.Name, bad.Title = tamperedName, orig.Title+" (tampered copy)"
	bad.File = "weights/" + tamperedName + ".safetensors"
	if err := os.WriteFile(filepath.Join(dst, filepath.Base(bad.File)), w, 0o644); err != nil {
		return nil, err
	}
	man.Models = append(man.Models, bad)
	if b, err = man.Marshal(); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dst, "manifest.json"), b, 0o644); err != nil {
		return nil, err
	}
	return man, nil
}

func copyFile(dst, src string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// server is a running genplay-server process.
type server struct {
	cmd  *exec.Cmd
	url  string
	done chan error
}

// servingPrefix starts the one line the server prints once it listens:
// "genplay: serving <root> on http://<host:port>".
const servingPrefix = "genplay: serving "

// startServer runs the server binary on a free loopback port, with its
// demo store in the folder demos, and waits for its serving line.
func startServer(bin, root, demos string) (*server, error) {
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-root", root, "-data", demos, "-access-log=false")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, done: make(chan error, 1)}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, stdout) // keep the pipe drained
	}()
	go func() { s.done <- cmd.Wait() }()

	select {
	case line, ok := <-lines:
		want := servingPrefix + root + " on http://"
		if !ok || !strings.HasPrefix(line, want) {
			s.stop()
			return nil, fmt.Errorf("browsertest: server printed %q, want a line starting %q", line, want)
		}
		s.url = "http://" + strings.TrimPrefix(line, want)
		return s, nil
	case err := <-s.done:
		return nil, fmt.Errorf("browsertest: server exited before serving: %v", err)
	case <-time.After(15 * time.Second):
		s.stop()
		return nil, errors.New("browsertest: server printed no serving line in 15 s")
	}
}

// stop interrupts the server and waits for it to shut down gracefully,
// killing it if it takes more than 10 s.
func (s *server) stop() error {
	if err := s.cmd.Process.Signal(syscall.SIGINT); err != nil {
		return err
	}
	select {
	case err := <-s.done:
		return err
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
		return errors.New("server did not stop within 10 s of SIGINT; killed")
	}
}

// needWeights fails the test when the server has no pretrained weights, and
// returns the manifest it offers.
func needWeights(t *testing.T) *registry.Manifest {
	t.Helper()
	if testEnv.weightsErr != nil {
		t.Fatal(testEnv.weightsErr)
	}
	return testEnv.manifest
}

// needBrowser skips the test when there is no Chromium, except under CI,
// and fails it when the environment could not be built.
func needBrowser(t *testing.T) {
	t.Helper()
	if testEnv.chrome == "" {
		msg := "no Chromium at $CHROME or /usr/bin/chromium or on PATH: install it (apt-get install chromium) or set CHROME to its path"
		if os.Getenv("CI") != "" {
			t.Fatal(msg + "; CI is set, so this fails instead of skipping")
		}
		t.Skip(msg)
	}
	if testEnv.err != nil {
		t.Fatal(testEnv.err)
	}
}
