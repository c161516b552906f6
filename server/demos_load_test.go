package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"genplay/models"
	"genplay/models/registry"
)

var (
	loadDuration = flag.Duration("load-duration", 2*time.Second, "how long TestLoad runs")
	loadClients  = flag.Int("load-clients", 50, "concurrent clients of TestLoad")
)

// TestLoad is the bounded load generator: -load-clients clients (50) on
// 127.0.0.1 for -load-duration (2 s by default; the README's figures use
// 30 s) each loop over a fixed mix of requests, chosen by a seeded
// generator: 30% page loads (/ and /d/<id>, alternately), 30% downloads of
// a 200 KB pretrained weights file, 25% demo downloads and 15% demo
// uploads (new demos from a pool of 400, then the same ones again, which
// are answered 200). Any transport error or unexpected status fails the
// test; it logs the requests per second and the latency percentiles.
//
//	go test -run TestLoad -load-duration 30s -v ./server
//
// The upload rate limit is off: every client has the address 127.0.0.1.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for -load-duration")
	}
	root := t.TempDir()
	index, err := os.ReadFile(filepath.Join(demoRoot, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	big := models.Spec{Family: "gan", Data: "8gaussians", Seed: 1, Steps: 1, Config: json.RawMessage(`{"hidden":128,"depth":2}`)}
	m, _, _, err := registry.Build(big, nil)
	if err != nil {
		t.Fatal(err)
	}
	weights, err := registry.SaveBytes(big, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	const weightsPath = "weights/gan-8gaussians.0123456789abcdef.safetensors"
	writeFiles(t, root, map[string]string{"index.html": string(index), weightsPath: string(weights)})

	st, err := OpenDiskStore(filepath.Join(t.TempDir(), "demos"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDemos(DemoConfig{Store: st, MaxBytes: DefaultDemoMaxBytes})
	if err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, Config{Root: root, Demos: d})
	ts := httptest.NewServer(s)
	defer ts.Close()

	pool := make([][]byte, 400)
	for i := range pool {
		pool[i] = demoFile(t, ganSpec(uint64(5000+i)), nil)
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *loadClients}}
	var (
		mu   sync.Mutex
		ids  []string
		next int
	)
	// Publish a few so that reads have something from the start.
	for range 5 {
		resp, err := client.Post(ts.URL+"/api/demos", "application/octet-stream", bytes.NewReader(pool[next]))
		if err != nil {
			t.Fatal(err)
		}
		var rep publishReply
		json.NewDecoder(resp.Body).Decode(&rep)
		resp.Body.Close()
		ids = append(ids, rep.ID)
		next++
	}

	kinds := []string{"page", "weights", "demo GET", "demo POST"}
	type sample struct {
		kind int
		d    time.Duration
	}
	results := make([][]sample, *loadClients)
	errs := make([][]string, *loadClients)
	deadline := time.Now().Add(*loadDuration)
	var wg sync.WaitGroup
	for c := range *loadClients {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(c), 1))
			for i := 0; time.Now().Before(deadline); i++ {
				mu.Lock()
				id := ids[r.IntN(len(ids))]
				mu.Unlock()
				var req *http.Request
				kind, want := 0, []int{http.StatusOK}
				switch p := r.IntN(100); {
				case p < 30:
					target := "/"
					if i%2 == 1 {
						target = "/d/" + id
					}
					req, _ = http.NewRequest("GET", ts.URL+target, nil)
				case p < 60:
					kind = 1
					req, _ = http.NewRequest("GET", ts.URL+"/"+weightsPath, nil)
				case p < 85:
					kind = 2
					req, _ = http.NewRequest("GET", ts.URL+"/api/demos/"+id, nil)
				default:
					kind, want = 3, []int{http.StatusCreated, http.StatusOK}
					mu.Lock()
					body := pool[next%len(pool)]
					next++
					mu.Unlock()
					req, _ = http.NewRequest("POST", ts.URL+"/api/demos", bytes.NewReader(body))
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					errs[c] = append(errs[c], err.Error())
					continue
				}
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				dt := time.Since(t0)
				if err != nil || !slices.Contains(want, resp.StatusCode) {
					errs[c] = append(errs[c], fmt.Sprintf("%s %s: %d %v %.80s", req.Method, req.URL.Path, resp.StatusCode, err, b))
					continue
				}
				results[c] = append(results[c], sample{kind, dt})
				if kind == 3 && resp.StatusCode == http.StatusCreated {
					var rep publishReply
					if json.Unmarshal(b, &rep) == nil {
						mu.Lock()
						ids = append(ids, rep.ID)
						mu.Unlock()
					}
				}
			}
		})
	}
	wg.Wait()

	var all []time.Duration
	byKind := make([][]time.Duration, len(kinds))
	for _, rs := range results {
		for _, s := range rs {
			all = append(all, s.d)
			byKind[s.kind] = append(byKind[s.kind], s.d)
		}
	}
	nerr := 0
	for _, e := range errs {
		nerr += len(e)
		for _, msg := range e[:min(len(e), 3)] {
			t.Error(msg)
		}
	}
	t.Logf("%d clients for %v: %d requests (%.0f/s), %d errors, %d demos published",
		*loadClients, *loadDuration, len(all), float64(len(all))/loadDuration.Seconds(), nerr, len(ids))
	t.Logf("all: %s", percentiles(all))
	for k, name := range kinds {
		t.Logf("%s: %s", name, percentiles(byKind[k]))
	}
	if nerr > 0 {
		t.Errorf("%d errors", nerr)
	}
}

// percentiles describes the latencies ds: count, p50, p99 and max.
func percentiles(ds []time.Duration) string {
	if len(ds) == 0 {
		return "no requests"
	}
	slices.Sort(ds)
	q := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
	return fmt.Sprintf("n=%d p50=%v p99=%v max=%v", len(ds), q(0.50).Round(10*time.Microsecond),
		q(0.99).Round(10*time.Microsecond), ds[len(ds)-1].Round(10*time.Microsecond))
}
