package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestEndToEnd builds the binary, runs it on a free port, fetches a
// page, interrupts it and expects a graceful exit with status 0.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGINT")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "genplay-server")
	if out, err := exec.Command(goCmd, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	stdoutR, stdoutW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdoutR.Close()
	var stderr strings.Builder
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-root", testRoot)
	cmd.Stdout, cmd.Stderr = stdoutW, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stdoutW.Close()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// kill stops the server if it still runs and returns its stderr, which
	// is safe to read only once Wait has returned.
	running := true
	kill := func() string {
		if running {
			cmd.Process.Kill()
			<-exited
			running = false
		}
		return stderr.String()
	}
	defer kill()

	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdoutR)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, stdoutR)
	}()
	var line string
	select {
	case line = <-lines:
		if line == "" {
			t.Fatalf("no serving line; stderr: %s", kill())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no serving line within 10s; stderr: %s", kill())
	}
	m := regexp.MustCompile(`^genplay: serving testdata/root on (http://127\.0\.0\.1:[1-9][0-9]*)$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("stdout line %q does not match the serving format", line)
	}
	base := m[1]

	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "index of the server test root") {
		t.Errorf("GET /: %d %q, want 200 and index.html", resp.StatusCode, body)
	}

	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		running = false
		if err != nil {
			t.Errorf("after SIGINT: %v, want exit status 0; stderr: %s", err, stderr.String())
		}
	case <-time.After(5 * time.Second):
		t.Errorf("still running 5s after SIGINT; stderr: %s", kill())
	}
}
