//go:build unix

package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"genplay/models"
)

// buildServer builds the server binary into a temporary directory.
// startServer runs bin with args and -addr 127.0.0.1:0, waits for its
// serving line and returns its base URL and the running command; the
// command is killed when the test ends if it still runs.
func startServer(t *testing.T, bin string, args ...string) (string, *exec.Cmd) {
	t.Helper()
	stdoutR, stdoutW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	cmd.Stdout = stdoutW // stderr, one line per stored demo, is dropped
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stdoutW.Close()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		stdoutR.Close()
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdoutR)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, stdoutR)
	}()
	select {
	case line := <-lines:
		m := regexp.MustCompile(`on (http://127\.0\.0\.1:[0-9]+)$`).FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("serving line %q", line)
		}
		return m[1], cmd
	case <-time.After(20 * time.Second):
		t.Fatal("no serving line within 20 s")
	}
	return "", nil
}

// TestKillDuringUploads starts the server binary, sends 100 different
// demos at once, kills the server with SIGKILL once 10 of them have been
// answered 201, restarts it on the same data directory, and checks that
// every demo answered 201 is served intact, that every file in the
// directory is a whole demo, and that no temporary file is left.
func TestKillDuringUploads(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGKILL")
	}
	bin := buildServer(t)
	dataDir := filepath.Join(t.TempDir(), "demos")
	args := []string{"-root", demoRoot, "-data", dataDir, "-demo-rate", "0", "-demo-quota", "0"}

	// 100 demos of about 150 KB each, so that uploads are in flight when
	// the kill comes.
	const n = 100
	bodies := make([][]byte, n)
	for i := range bodies {
		bodies[i] = demoFile(t, models.Spec{Family: "gan", Data: "8gaussians", Seed: uint64(1000 + i), Steps: 1,
			Config: json.RawMessage(`{"hidden":96,"depth":2}`)}, nil)
	}

	base, cmd := startServer(t, bin, args...)
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: n}}
	var (
		mu        sync.Mutex
		completed = map[string]int{} // id → index of the body answered 201
		failed    int
		kill      = make(chan struct{})
		killOnce  sync.Once
		wg        sync.WaitGroup
		start     = make(chan struct{})
	)
	for i := range n {
		wg.Go(func() {
			<-start
			resp, err := client.Post(base+"/api/demos", "application/octet-stream", bytes.NewReader(bodies[i]))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failed++
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				t.Errorf("upload %d: %d %s", i, resp.StatusCode, b)
				return
			}
			var rep publishReply
			if err := json.Unmarshal(b, &rep); err != nil {
				t.Errorf("upload %d: %v", i, err)
				return
			}
			completed[rep.ID] = i
			if len(completed) == 10 {
				killOnce.Do(func() { close(kill) })
			}
		})
	}
	close(start)
	select {
	case <-kill:
	case <-time.After(60 * time.Second):
		t.Fatal("10 uploads did not complete within 60 s")
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	cmd.Wait()
	wg.Wait()
	mu.Lock()
	done := len(completed)
	mu.Unlock()
	t.Logf("SIGKILL with %d uploads answered 201, %d cut off", done, failed)
	if failed == 0 {
		t.Fatal("every upload finished before the kill: nothing was cut off")
	}

	var temps []string
	ents, _ := os.ReadDir(dataDir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			temps = append(temps, e.Name())
		}
	}
	t.Logf("after the kill: %d entries in the data directory, %d of them temporary", len(ents), len(temps))

	base, _ = startServer(t, bin, args...)
	get := func(id string) (int, []byte) {
		resp, err := client.Get(base + "/api/demos/" + id)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	for id, i := range completed {
		if code, b := get(id); code != http.StatusOK || !bytes.Equal(b, bodies[i]) {
			t.Errorf("demo %s answered 201 before the kill: now %d with %d bytes, want its %d bytes", id, code, len(b), len(bodies[i]))
		}
	}
	ents, err := os.ReadDir(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	stored := 0
	for _, e := range ents {
		id, ok := strings.CutSuffix(e.Name(), demoSuffix)
		if !ok {
			t.Errorf("after the restart, the data directory holds %s", e.Name())
			continue
		}
		stored++
		code, b := get(id)
		sum := sha256.Sum256(b)
		if code != http.StatusOK || !strings.HasPrefix(hex.EncodeToString(sum[:]), id) {
			t.Errorf("stored demo %s: %d, %d bytes that do not hash to its id", id, code, len(b))
		}
	}
	if stored < done {
		t.Errorf("%d demos in the directory, fewer than the %d answered 201", stored, done)
	}
	t.Logf("after the restart: %d whole demos stored (%d answered 201 before the kill), no partial file", stored, done)
}
