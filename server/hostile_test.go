//go:build unix

package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestHostile runs the real server binary, with a write idle time of 10 s
// and a header timeout of 2 s, against requests meant to exhaust it: each
// subtest ends by checking that the server still serves others.
func TestHostile(t *testing.T) {
	t.Parallel()
	bin := buildServer(t)
	root, three := hostileRoot(t)
	p := startProc(t, bin, root, "-write-idle", "10s", "-read-header-timeout", "2s")

	t.Run("ranges", func(t *testing.T) {
		t.Parallel()
		// oneByteRanges returns a header of n ranges of one byte.
		oneByteRanges := func(n int) string {
			var b strings.Builder
			b.WriteString("bytes=0-0")
			for i := 1; i < n; i++ {
				fmt.Fprintf(&b, ",%d-%d", 2*i, 2*i)
			}
			return b.String()
		}
		for _, tc := range []struct {
			name, rng string
			status    int
		}{
			{"5000 one-byte ranges", oneByteRanges(5000), http.StatusOK},
			{"20000 one-byte ranges (over the header limit)", oneByteRanges(20000), http.StatusRequestHeaderFieldsTooLarge},
			{"17 ranges", "bytes=0-0,2-2,4-4,6-6,8-8,10-10,12-12,14-14,16-16,18-18,20-20,22-22,24-24,26-26,28-28,30-30,32-32", http.StatusOK},
			{"overlapping", "bytes=0-99,50-149", http.StatusOK},
			{"the same range twice", "bytes=10-19,10-19", http.StatusOK},
			{"suffix over a range", "bytes=2097000-,-100", http.StatusOK},
			{"16 ranges", "bytes=0-0,2-2,4-4,6-6,8-8,10-10,12-12,14-14,16-16,18-18,20-20,22-22,24-24,26-26,28-28,30-30", http.StatusPartialContent},
		} {
			resp, body, err := p.get("/three.bin", "Range", tc.rng)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if resp.StatusCode != tc.status {
				t.Errorf("%s: status %d, want %d", tc.name, resp.StatusCode, tc.status)
			}
			if tc.status == http.StatusOK && !bytes.Equal(body, three) {
				t.Errorf("%s: %d body bytes, want the whole file (%d)", tc.name, len(body), len(three))
			}
		}
		resp, _, err := p.get("/three.bin", "Range", "bytes=-0")
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("bytes */%d", len(three)); resp.StatusCode != http.StatusRequestedRangeNotSatisfiable || resp.Header.Get("Content-Range") != want {
			t.Errorf("bytes=-0: status %d, Content-Range %q; want 416 and %q", resp.StatusCode, resp.Header.Get("Content-Range"), want)
		}
		p.stillServes("hostile ranges")
	})

	t.Run("slow reader finishes", func(t *testing.T) {
		t.Parallel()
		// 3 MiB at 100 KB/s is about 31 s, three times the write idle time;
		// the sockets' buffers take some at once, the rest flows at the
		// client's pace, and a write waits for about 256 KiB to drain
		// (2.6 s at 100 KB/s).
		start := time.Now()
		body, resp, err := slowGet(p.addr, "/three.bin", 100_000, 0, 0, nil)
		if err != nil {
			t.Fatalf("after %d of %d bytes in %v: %v", len(body), len(three), time.Since(start), err)
		}
		if resp.StatusCode != http.StatusOK || !bytes.Equal(body, three) {
			t.Fatalf("status %d, %d bytes; want 200 and the whole file (%d bytes)", resp.StatusCode, len(body), len(three))
		}
		t.Logf("3 MiB at 100 KB/s in %v", time.Since(start).Round(time.Millisecond))
		p.stillServes("a slow download")
	})

	t.Run("stalled reader dropped", func(t *testing.T) {
		t.Parallel()
		// Read 64 KiB, stop for 20 s (the sockets' buffers fill, then the
		// server's write waits 10 s and fails), then try to read the rest.
		body, resp, err := slowGet(p.addr, "/big.bin", 10<<20, 64<<10, 20*time.Second, nil)
		if err == nil || len(body) >= 48<<20 {
			t.Fatalf("stalled client got %d of %d bytes with error %v; want the connection cut short", len(body), 48<<20, err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Errorf("status %d, want 200", resp.StatusCode)
		}
		t.Logf("stalled client: cut off after %d bytes: %v", len(body), err)
		// The server's record of it: the body cut short.
		var rec map[string]any
		for _, r := range p.accessRecords() {
			if r["path"] == "/big.bin" {
				rec = r
			}
		}
		if rec == nil || rec["aborted"] != true || rec["bytes"].(float64) >= 48<<20 {
			t.Errorf("access record of the stalled download %v, want it aborted short of 48 MiB", rec)
		} else {
			t.Logf("the server gave up after sending %v bytes in %v ms", rec["bytes"], rec["ms"])
		}
		p.stillServes("a stalled download")
	})

	t.Run("FIFO in the root", func(t *testing.T) {
		t.Parallel()
		for range 3 {
			resp, _, err := p.get("/pipe.txt")
			if err != nil {
				t.Fatalf("GET /pipe.txt: %v", err)
			}
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET /pipe.txt: status %d, want 404", resp.StatusCode)
			}
		}
		p.stillServes("requests for a FIFO")
	})

	t.Run("overlong URL and huge headers", func(t *testing.T) {
		t.Parallel()
		resp, _, err := p.get("/?q=" + strings.Repeat("a", maxURILen))
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusRequestURITooLong {
			t.Errorf("overlong URL: status %d, want 414", resp.StatusCode)
		}
		// A link as long as the page accepts is served.
		resp, _, err = p.get("/?q=" + strings.Repeat("a", 64<<10-2))
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Errorf("URL with a 64 KiB query: status %d, want 200", resp.StatusCode)
		}
		resp, _, err = p.get("/", "X-Huge", strings.Repeat("h", 1<<20))
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("1 MiB header: status %d, want 431", resp.StatusCode)
		}
		p.stillServes("an overlong URL and huge headers")
	})

	t.Run("stale sibling and oversized weights", func(t *testing.T) {
		t.Parallel()
		resp, body, err := p.get("/page.txt", "Accept-Encoding", "identity")
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), "fresh text") {
			t.Errorf("GET /page.txt: %d %.20q, want 200 and the fresh text", resp.StatusCode, body)
		}
		resp, body, err = p.get("/page.txt", "Accept-Encoding", "gzip")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(body), "stale") {
			t.Errorf("GET /page.txt with gzip: the stale sibling was served")
		}
		resp, _, err = p.get("/weights/huge.0123456789abcdef.safetensors")
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("GET oversized weights: status %d, want 403", resp.StatusCode)
		}
		p.stillServes("stale and oversized files")
	})

	t.Run("200 slow clients", func(t *testing.T) {
		t.Parallel()
		// 200 connections send their headers one byte every 300 ms: the
		// server drops each at its 2 s header timeout, and serves others in
		// the meantime.
		const n = 200
		var wg sync.WaitGroup
		dropped := make(chan time.Duration, n)
		for range n {
			conn, err := net.DialTimeout("tcp", p.addr, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			wg.Go(func() {
				defer conn.Close()
				start := time.Now()
				req := "GET / HTTP/1.1\r\nHost: test\r\nX-Slow: " + strings.Repeat("s", 100)
				for i := 0; i < len(req); i++ {
					if _, err := conn.Write([]byte{req[i]}); err != nil {
						break
					}
					time.Sleep(300 * time.Millisecond)
					if time.Since(start) > 10*time.Second {
						break
					}
				}
				conn.SetReadDeadline(time.Now().Add(10 * time.Second))
				_, err := io.Copy(io.Discard, conn)
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					return // still open after 10 s: not counted as dropped
				}
				dropped <- time.Since(start)
			})
		}
		time.Sleep(500 * time.Millisecond)
		served := 0
		for range 50 {
			resp, _, err := p.get("/page.txt")
			if err == nil && resp.StatusCode == http.StatusOK {
				served++
			}
		}
		if served != 50 {
			t.Errorf("with %d slow clients connected, %d of 50 requests served", n, served)
		}
		wg.Wait()
		close(dropped)
		var longest time.Duration
		count := 0
		for d := range dropped {
			count++
			longest = max(longest, d)
		}
		if count != n {
			t.Errorf("%d of %d slow clients dropped by the server", count, n)
		}
		t.Logf("%d slow clients dropped, the last after %v; 50 of 50 others served meanwhile", count, longest.Round(time.Millisecond))
		p.stillServes("200 slow clients")
	})
}

// TestHostileLog checks the access log records of a short session with the
// real binary, and that -access-log=false turns the log off.
func TestHostileLog(t *testing.T) {
	t.Parallel()
	bin := buildServer(t)
	root, _ := hostileRoot(t)
	p := startProc(t, bin, root)
	p.stillServes("start")
	if resp, _, err := p.get("/missing.txt"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("GET /missing.txt: %v, %v", resp, err)
	}
	var recs []map[string]any
	for deadline := time.Now().Add(5 * time.Second); len(recs) < 3 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		recs = p.accessRecords()
	}
	if len(recs) != 3 {
		t.Fatalf("%d access records, want 3; stderr:\n%s", len(recs), p.stderr)
	}
	for i, want := range []struct {
		path   string
		status float64
	}{{"/healthz", 200}, {"/", 200}, {"/missing.txt", 404}} {
		r := recs[i]
		if r["method"] != "GET" || r["path"] != want.path || r["status"] != want.status {
			t.Errorf("record %d: %v, want GET %s %v", i, r, want.path, want.status)
		}
		for _, key := range []string{"bytes", "ms", "time", "remote"} {
			if _, ok := r[key]; !ok {
				t.Errorf("record %d has no %q: %v", i, key, r)
			}
		}
	}
	if b := recs[1]["bytes"].(float64); b < 20 {
		t.Errorf("GET / logged %v bytes, want the page's size", b)
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.wait(10 * time.Second); err != nil {
		t.Fatalf("exit: %v", err)
	}

	q := startProc(t, bin, root, "-access-log=false")
	q.stillServes("start")
	time.Sleep(200 * time.Millisecond)
	if s := q.stderr.String(); s != "" {
		t.Errorf("-access-log=false: stderr %q, want nothing", s)
	}
}

// TestShutdownWaits sends SIGTERM while a client downloads 3 MiB at
// 100 KB/s: the server stops accepting connections, lets the download
// finish and exits with status 0. With a shutdown timeout shorter than the
// download, it cuts the download off and exits with an error.
func TestShutdownWaits(t *testing.T) {
	t.Parallel()
	bin := buildServer(t)
	root, three := hostileRoot(t)
	for _, tc := range []struct {
		timeout  string
		complete bool
	}{{"120s", true}, {"1s", false}} {
		t.Run("shutdown-timeout="+tc.timeout, func(t *testing.T) {
			t.Parallel()
			p := startProc(t, bin, root, "-shutdown-timeout", tc.timeout)
			started := make(chan struct{})
			type result struct {
				body []byte
				err  error
			}
			res := make(chan result, 1)
			go func() {
				body, _, err := slowGet(p.addr, "/three.bin", 100_000, 0, 0, started)
				res <- result{body, err}
			}()
			select {
			case <-started:
			case r := <-res:
				t.Fatalf("download ended before it started: %v", r.err)
			}
			time.Sleep(time.Second)
			if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond)
			if c, err := net.DialTimeout("tcp", p.addr, time.Second); err == nil {
				c.Close()
				t.Errorf("a new connection was accepted after SIGTERM")
			}
			r := <-res
			err := p.wait(30 * time.Second)
			if tc.complete {
				if r.err != nil || !bytes.Equal(r.body, three) {
					t.Errorf("download during shutdown: %d of %d bytes, error %v; want all", len(r.body), len(three), r.err)
				}
				if err != nil {
					t.Errorf("exit after the download finished: %v, want status 0; stderr: %s", err, p.stderr)
				}
				return
			}
			if r.err == nil || len(r.body) >= len(three) {
				t.Errorf("download past the shutdown timeout: %d of %d bytes, error %v; want it cut off", len(r.body), len(three), r.err)
			}
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				t.Errorf("exit after cutting a download off: %v, want status 1", err)
			}
			if !strings.Contains(p.stderr.String(), "cut off") {
				t.Errorf("stderr does not say a request was cut off: %s", p.stderr)
			}
		})
	}
}
