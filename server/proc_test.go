//go:build unix

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// proc is the real server binary running on a free loopback port.
type proc struct {
	t      *testing.T
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:port
	addr   string // 127.0.0.1:port
	stderr *lockedBuffer
	exited chan error // receives Wait's result once
	done   bool       // exited has been received from
}

// lockedBuffer is a bytes.Buffer safe for one writer and many readers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// buildServer builds the server binary into a temporary folder and returns
// its path.
func buildServer(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "genplay-server")
	if out, err := exec.Command(goCmd, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startProc runs bin on a free port with the extra flags args and waits
// for its serving line. The process is killed when the test ends if it
// still runs.
func startProc(t *testing.T, bin, root string, args ...string) *proc {
	t.Helper()
	stdoutR, stdoutW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{t: t, stderr: &lockedBuffer{}, exited: make(chan error, 1)}
	p.cmd = exec.Command(bin, append([]string{"-addr", "127.0.0.1:0", "-root", root}, args...)...)
	p.cmd.Stdout, p.cmd.Stderr = stdoutW, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stdoutW.Close()
	go func() { p.exited <- p.cmd.Wait() }()
	t.Cleanup(func() {
		if !p.done {
			p.cmd.Process.Kill()
			<-p.exited
		}
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
		_, url, ok := strings.Cut(line, " on ")
		if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
			t.Fatalf("serving line %q; stderr: %s", line, p.stderr)
		}
		p.base, p.addr = url, strings.TrimPrefix(url, "http://")
	case <-time.After(15 * time.Second):
		t.Fatalf("no serving line within 15 s; stderr: %s", p.stderr)
	}
	return p
}

// wait waits up to d for the process to exit and returns Wait's error.
func (p *proc) wait(d time.Duration) error {
	p.t.Helper()
	select {
	case err := <-p.exited:
		p.done = true
		return err
	case <-time.After(d):
		p.t.Fatalf("server still running after %v; stderr: %s", d, p.stderr)
		return nil
	}
}

// get fetches path with a fresh connection and a 10 s limit, and returns
// the response with its body read.
func (p *proc) get(path string, headers ...string) (*http.Response, []byte, error) {
	req, err := http.NewRequest("GET", p.base+path, nil)
	if err != nil {
		return nil, nil, err
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true, DisableCompression: true}}
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

// stillServes fails the test unless the server answers /healthz with 200
// and / with the page.
func (p *proc) stillServes(after string) {
	p.t.Helper()
	for _, path := range []string{"/healthz", "/"} {
		resp, _, err := p.get(path)
		if err != nil {
			p.t.Fatalf("after %s: GET %s: %v", after, path, err)
		}
		if resp.StatusCode != http.StatusOK {
			p.t.Fatalf("after %s: GET %s: status %d, want 200", after, path, resp.StatusCode)
		}
	}
}

// accessRecords returns the access log records the server wrote to its
// standard error so far, failing on a line that is not one.
func (p *proc) accessRecords() []map[string]any {
	p.t.Helper()
	var recs []map[string]any
	for line := range strings.SplitSeq(p.stderr.String(), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			p.t.Fatalf("stderr line %q is not JSON: %v", line, err)
		}
		if rec["msg"] == "request" {
			recs = append(recs, rec)
		}
	}
	return recs
}

// slowGet sends GET path on a raw connection with a small receive buffer
// and reads the body at about rate bytes per second, pausing for stall
// once it has read stallAt body bytes (0: never). It returns the body bytes
// it got and the error that ended the read, nil at the body's end.
// started is closed once the headers have arrived.
func slowGet(addr, path string, rate int, stallAt int, stall time.Duration, started chan<- struct{}) ([]byte, *http.Response, error) {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close()
	tc := conn.(*net.TCPConn)
	if err := tc.SetReadBuffer(8 << 10); err != nil {
		return nil, nil, err
	}
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n", path)
	br := bufio.NewReaderSize(conn, 4<<10)
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return nil, nil, err
	}
	if started != nil {
		close(started)
	}
	var body []byte
	chunk := make([]byte, max(rate/20, 1))
	start := time.Now()
	stalled := false
	for {
		if stallAt > 0 && !stalled && len(body) >= stallAt {
			stalled = true
			time.Sleep(stall)
			start = time.Now().Add(-time.Duration(float64(len(body)) / float64(rate) * float64(time.Second)))
		}
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		n, err := resp.Body.Read(chunk)
		body = append(body, chunk[:n]...)
		if err == io.EOF {
			return body, resp, nil
		}
		if err != nil {
			return body, resp, err
		}
		// Keep to rate: sleep until the bytes read so far are due.
		due := start.Add(time.Duration(float64(len(body)) / float64(rate) * float64(time.Second)))
		time.Sleep(time.Until(due))
	}
}

// hostileRoot writes a document root for the hostile tests into a
// temporary folder: a page, a 3 MiB and a 48 MiB file (more than the
// server's and the slow clients' socket buffers hold), a text file with a
// stale gzip sibling, an oversized weights file (sparse), and a FIFO.
func hostileRoot(t *testing.T) (root string, three []byte) {
	t.Helper()
	root = t.TempDir()
	three = make([]byte, 3<<20)
	for i := range three {
		three[i] = byte(i*7 + i>>9)
	}
	writeFiles(t, root, map[string]string{
		"index.html":  "<!doctype html>\n<title>hostile</title>\n<p>the page</p>\n",
		"three.bin":   string(three),
		"page.txt":    strings.Repeat("fresh text\n", 100),
		"page.txt.gz": "stale bytes from an earlier build",
	})
	old := fixtureTime.Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(root, "page.txt.gz"), old, old); err != nil {
		t.Fatal(err)
	}
	for name, size := range map[string]int64{"big.bin": 48 << 20, "weights/huge.0123456789abcdef.safetensors": maxWeightsBytes + 1} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	if err := syscall.Mkfifo(filepath.Join(root, "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	return root, three
}
