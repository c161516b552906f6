package main

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseRange(t *testing.T) {
	for _, tc := range []struct {
		vs    []string
		want  rangeVerdict
		specs []rangeSpec
	}{
		{nil, rangeNone, nil},
		{[]string{"bytes=0-3"}, rangeServe, []rangeSpec{{0, 3}}},
		{[]string{"bytes=5-"}, rangeServe, []rangeSpec{{5, -1}}},
		{[]string{"bytes=-5"}, rangeServe, []rangeSpec{{-1, 5}}},
		{[]string{"bytes=-0"}, rangeServe, []rangeSpec{{-1, 0}}},
		{[]string{"bytes=0-1, 4-5"}, rangeServe, []rangeSpec{{0, 1}, {4, 5}}},
		{[]string{"bytes=0-1", "bytes=2-3"}, rangeWhole, nil},                          // two fields
		{[]string{"items=0-1"}, rangeWhole, nil},                                       // unknown unit
		{[]string{"bytes=" + strings.Repeat("0-0,", 16) + "0-0"}, rangeWhole, nil},     // 17 ranges
		{[]string{"bytes=" + strings.Repeat("x,", 100000)}, rangeWhole, nil},           // counted, not parsed
		{[]string{"bytes=" + strings.Repeat("0-0,", 15) + "0-0"}, rangeServe, nil},     // 16 ranges
		{[]string{"bytes=3-1"}, rangeUnsatisfiable, nil},                               // last before first
		{[]string{"bytes=-"}, rangeUnsatisfiable, nil},                                 // neither
		{[]string{"bytes=1"}, rangeUnsatisfiable, nil},                                 // no dash
		{[]string{"bytes=+1-2"}, rangeUnsatisfiable, nil},                              // a sign
		{[]string{"bytes=1-2-3"}, rangeUnsatisfiable, nil},                             // two dashes
		{[]string{"bytes=99999999999999999999-"}, rangeUnsatisfiable, nil},             // overflows int64
		{[]string{"bytes=0-1,"}, rangeUnsatisfiable, nil},                              // empty item
		{[]string{"bytes=--1"}, rangeUnsatisfiable, nil},                               // negative suffix
		{[]string{"bytes=" + strings.Repeat("1", 30) + "-2"}, rangeUnsatisfiable, nil}, // overflow
	} {
		got, specs := parseRange(tc.vs)
		if got != tc.want || tc.specs != nil && !slices.Equal(specs, tc.specs) {
			t.Errorf("parseRange(%.60q) = %v, %v; want %v, %v", tc.vs, got, specs, tc.want, tc.specs)
		}
	}
}

func TestResolveRanges(t *testing.T) {
	const size = 100
	for _, tc := range []struct {
		specs []rangeSpec
		want  rangeVerdict
		out   []byteRange
	}{
		{[]rangeSpec{{0, 9}}, rangeServe, []byteRange{{0, 10}}},
		{[]rangeSpec{{90, 200}}, rangeServe, []byteRange{{90, 10}}},
		{[]rangeSpec{{90, -1}}, rangeServe, []byteRange{{90, 10}}},
		{[]rangeSpec{{-1, 10}}, rangeServe, []byteRange{{90, 10}}},
		{[]rangeSpec{{-1, 500}}, rangeServe, []byteRange{{0, 100}}},
		{[]rangeSpec{{-1, 0}}, rangeUnsatisfiable, nil},                             // bytes=-0
		{[]rangeSpec{{100, -1}}, rangeUnsatisfiable, nil},                           // at the end
		{[]rangeSpec{{100, 120}, {0, 0}}, rangeServe, []byteRange{{0, 1}}},          // the satisfiable one
		{[]rangeSpec{{10, 19}, {0, 9}}, rangeServe, []byteRange{{10, 10}, {0, 10}}}, // adjacent, out of order
		{[]rangeSpec{{0, 9}, {9, 19}}, rangeWhole, nil},                             // one byte shared
		{[]rangeSpec{{50, 59}, {0, 99}}, rangeWhole, nil},                           // inside another
		{[]rangeSpec{{-1, 10}, {95, 95}}, rangeWhole, nil},                          // suffix over a range
		{[]rangeSpec{{0, 0}, {0, 0}}, rangeWhole, nil},                              // twice the same
		{[]rangeSpec{{0, 0}, {2, 2}, {4, 4}}, rangeServe, []byteRange{{0, 1}, {2, 1}, {4, 1}}},
	} {
		got, out := resolveRanges(tc.specs, size)
		if got != tc.want || !slices.Equal(out, tc.out) {
			t.Errorf("resolveRanges(%v, %d) = %v, %v; want %v, %v", tc.specs, size, got, out, tc.want, tc.out)
		}
	}
	if got, _ := resolveRanges([]rangeSpec{{-1, 5}}, 0); got != rangeUnsatisfiable {
		t.Errorf("suffix range of an empty file: %v, want unsatisfiable", got)
	}
}

// TestRangeHeaders sends hostile and ordinary Range headers through the
// handler.
func TestRangeHeaders(t *testing.T) {
	s := newTestServer(t, Config{Root: testRoot})
	want := readFixture(t, "app.wasm")
	size := len(want)
	unsat := fmt.Sprintf("bytes */%d", size)
	for _, tc := range []struct {
		rng, ifRange string
		status       int
		contentRange string
	}{
		{"bytes=-0", "", http.StatusRequestedRangeNotSatisfiable, unsat},
		{"bytes=57-", "", http.StatusRequestedRangeNotSatisfiable, unsat},
		{"bytes=5-1", "", http.StatusRequestedRangeNotSatisfiable, unsat},
		{"bytes=0-3,2-5", "", http.StatusOK, ""},
		{"bytes=" + strings.Repeat("0-0,", 20) + "0-0", "", http.StatusOK, ""},
		{"bytes=-0", `"stale"`, http.StatusOK, ""}, // If-Range fails: the whole file
		{"bytes=57-,0-1", "", http.StatusPartialContent, fmt.Sprintf("bytes 0-1/%d", size)},
		{"bytes=0-1", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat), http.StatusOK, ""},
	} {
		headers := []string{"Range", tc.rng}
		if tc.ifRange != "" {
			headers = append(headers, "If-Range", tc.ifRange)
		}
		w := serve(s, "GET", "/app.wasm", headers...)
		if w.Code != tc.status || w.Header().Get("Content-Range") != tc.contentRange {
			t.Errorf("Range %.40s If-Range %q: %d, Content-Range %q; want %d, %q",
				tc.rng, tc.ifRange, w.Code, w.Header().Get("Content-Range"), tc.status, tc.contentRange)
		}
		if tc.status == http.StatusOK && w.Body.String() != string(want) {
			t.Errorf("Range %.40s: body %q, want the whole file", tc.rng, w.Body)
		}
	}
	// Sixteen ranges are honoured, as a multipart body.
	var rng strings.Builder
	rng.WriteString("bytes=0-0")
	for i := 1; i < maxRanges; i++ {
		fmt.Fprintf(&rng, ",%d-%d", 2*i, 2*i)
	}
	w := serve(s, "GET", "/app.wasm", "Range", rng.String())
	if w.Code != http.StatusPartialContent || !strings.HasPrefix(w.Header().Get("Content-Type"), "multipart/byteranges") {
		t.Errorf("16 ranges: %d %q, want 206 multipart/byteranges", w.Code, w.Header().Get("Content-Type"))
	}
}
