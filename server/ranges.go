package main

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxRanges bounds the ranges of one Range header that are honoured. A
// browser asks for one; a header with more is served whole, so that tens of
// thousands of one-byte ranges cost what one download costs rather than a
// second of CPU for the multipart body.
const maxRanges = 16

// A rangeVerdict says what to do with a request's Range header.
type rangeVerdict int

const (
	rangeNone          rangeVerdict = iota // no Range header: send the file
	rangeWhole                             // ignore the header: send the whole file with 200
	rangeUnsatisfiable                     // refuse with 416 and Content-Range: bytes */size
	rangeServe                             // send the ranges with 206
)

// rangeSpec is one byte-range-spec of a Range header (RFC 9110, section
// 14.1.1): first-last, first- (last is -1) or -suffix (first is -1, last
// the suffix length).
type rangeSpec struct{ first, last int64 }

// parseRange parses the Range header values vs of a request without
// knowing the file's size. It returns rangeNone for no header, rangeWhole
// for a header that is to be ignored (more than one Range field, another
// unit than bytes, or more than maxRanges ranges, counted before anything
// is parsed), rangeUnsatisfiable for a malformed bytes range set, and
// rangeServe with the specs otherwise.
func parseRange(vs []string) (rangeVerdict, []rangeSpec) {
	switch {
	case len(vs) == 0:
		return rangeNone, nil
	case len(vs) > 1:
		return rangeWhole, nil
	}
	set, ok := strings.CutPrefix(vs[0], "bytes=")
	if !ok {
		return rangeWhole, nil // RFC 9110: ignore a unit we do not know
	}
	if strings.Count(set, ",") >= maxRanges {
		return rangeWhole, nil
	}
	var specs []rangeSpec
	for item := range strings.SplitSeq(set, ",") {
		item = strings.TrimSpace(item)
		a, b, ok := strings.Cut(item, "-")
		if !ok {
			return rangeUnsatisfiable, nil
		}
		sp := rangeSpec{first: -1, last: -1}
		var err error
		if a != "" {
			if sp.first, err = parseDigits(a); err != nil {
				return rangeUnsatisfiable, nil
			}
		}
		if b != "" {
			if sp.last, err = parseDigits(b); err != nil {
				return rangeUnsatisfiable, nil
			}
		}
		if a == "" && b == "" || a != "" && b != "" && sp.last < sp.first {
			return rangeUnsatisfiable, nil
		}
		specs = append(specs, sp)
	}
	return rangeServe, specs
}

// parseDigits parses a non-empty string of ASCII digits: no sign, no
// spaces, as RFC 9110 writes 1*DIGIT.
func parseDigits(s string) (int64, error) {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, strconv.ErrSyntax
		}
	}
	return strconv.ParseInt(s, 10, 64)
}

// byteRange is a satisfiable range of a file: length bytes from start.
type byteRange struct{ start, length int64 }

// resolveRanges maps specs onto a file of size bytes. Specs that start at or
// past the end, and the suffix range -0, are unsatisfiable and dropped; if
// none is left it returns rangeUnsatisfiable. Ranges that overlap are
// served as the whole file (rangeWhole): RFC 9110 lets a server ignore
// them, and they are a way of asking for more bytes than the file has.
func resolveRanges(specs []rangeSpec, size int64) (rangeVerdict, []byteRange) {
	var out []byteRange
	for _, sp := range specs {
		var br byteRange
		switch {
		case sp.first < 0: // -suffix
			if sp.last == 0 || size == 0 {
				continue
			}
			n := min(sp.last, size)
			br = byteRange{start: size - n, length: n}
		case sp.first >= size:
			continue
		case sp.last < 0 || sp.last >= size: // first- or past the end
			br = byteRange{start: sp.first, length: size - sp.first}
		default:
			br = byteRange{start: sp.first, length: sp.last - sp.first + 1}
		}
		out = append(out, br)
	}
	if len(out) == 0 {
		return rangeUnsatisfiable, nil
	}
	sorted := slices.Clone(out)
	slices.SortFunc(sorted, func(a, b byteRange) int { return cmp.Compare(a.start, b.start) })
	for i := 1; i < len(sorted); i++ {
		if sorted[i].start < sorted[i-1].start+sorted[i-1].length {
			return rangeWhole, nil
		}
	}
	return rangeServe, out
}

// formatRanges writes ranges as a Range header value, "bytes=a-b,c-d".
func formatRanges(ranges []byteRange) string {
	var b strings.Builder
	b.WriteString("bytes=")
	for i, r := range ranges {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(r.start, 10))
		b.WriteByte('-')
		b.WriteString(strconv.FormatInt(r.start+r.length-1, 10))
	}
	return b.String()
}

// ifRangeHolds reports whether a request's If-Range value ifRange lets its
// Range apply to the file with the strong ETag tag modified at modTime:
// there is no If-Range, or it is that ETag, or it is an HTTP date equal to
// modTime to the second (RFC 9110, section 13.1.5).
func ifRangeHolds(ifRange, tag string, modTime time.Time) bool {
	switch {
	case ifRange == "":
		return true
	case strings.HasPrefix(ifRange, `"`):
		return ifRange == tag
	case strings.HasPrefix(ifRange, "W/"):
		return false
	}
	t, err := http.ParseTime(ifRange)
	return err == nil && t.Unix() == modTime.Unix()
}
