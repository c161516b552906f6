//go:build unix

package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the user and system CPU time of the process so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkGzipResponse serves web/style.css (15 KB) gzipped on the fly:
// "new" makes a gzip.Writer per response, as the server did before the
// pool, "pooled" takes one from the Server's pool. Compare ns/op (CPU, one
// goroutine), cpu-ns/op (the process's user and system CPU time, the
// garbage collector's included) and B/op and allocs/op of the pair.
func BenchmarkGzipResponse(b *testing.B) {
	css, err := os.ReadFile(filepath.Join("..", "web", "style.css"))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	writeFiles(b, dir, map[string]string{"style.css": string(css)})
	for _, mode := range []string{"new", "pooled"} {
		b.Run(mode, func(b *testing.B) {
			s, err := NewServer(Config{Root: dir})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if mode == "new" {
				s.gzip = nil
			}
			r := httptest.NewRequest("GET", "/style.css", nil)
			r.Header.Set("Accept-Encoding", "gzip")
			b.ReportAllocs()
			var n int
			cpu0 := cpuTime(b)
			for b.Loop() {
				w := httptest.NewRecorder()
				s.ServeHTTP(w, r)
				n = w.Body.Len()
			}
			b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(n), "gzip-bytes")
		})
	}
}
