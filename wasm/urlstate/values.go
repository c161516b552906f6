package urlstate

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"genplay/models/registry"
)

// The kinds of values of a link, their escaping, and how notices show them.

// parseFloat parses raw and clamps it to [lo, hi]. It returns NaN if raw is
// not a number, and why it changed or refused raw.
func parseFloat(raw string, lo, hi float64) (float64, string) {
	x, err := strconv.ParseFloat(raw, 64)
	if err != nil && !isRange(err) || math.IsNaN(x) {
		return math.NaN(), "is not a number"
	}
	if x < lo || x > hi {
		return min(max(x, lo), hi), "was outside [" + formatBound(lo) + ", " + formatBound(hi) + "]"
	}
	if x == 0 {
		x = 0 // no -0
	}
	return x, ""
}

// parseInt is parseFloat for whole numbers lo + k·step (a step of 0 means 1):
// it rounds raw to the nearest such number within [lo, hi].
func parseInt(raw string, lo, hi, step float64) (float64, string) {
	x, why := parseFloat(raw, lo, hi)
	if math.IsNaN(x) {
		return x, why
	}
	if y := registry.SnapInt(x, lo, hi, step); y != x {
		if why == "" {
			if step == 1 {
				why = "is not a whole number"
			} else {
				why = "is not " + formatBound(lo) + " plus a multiple of " + formatBound(step)
			}
		}
		x = y
	}
	return x, why
}

func isRange(err error) bool {
	e, ok := err.(*strconv.NumError)
	return ok && e.Err == strconv.ErrRange
}

func parseBool(raw string) (bool, string) {
	switch raw {
	case "1":
		return true, ""
	case "0":
		return false, ""
	}
	return false, "is not 1 or 0"
}

func formatBool(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// formatFloat formats x in the fewest digits that parse back to x.
func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// formatBound formats a bound of a range for people: whole numbers without
// an exponent.
func formatBound(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.FormatInt(int64(x), 10)
	}
	return formatFloat(x)
}

// formatNumber formats a config number: a whole number of an int Param
// without an exponent, since a Config's int fields refuse "1e+06", and any
// other number as formatFloat does.
func formatNumber(kind string, x float64) string {
	if kind == registry.KindInt && x == math.Trunc(x) && math.Abs(x) < 1<<53 {
		return strconv.FormatInt(int64(x), 10)
	}
	return formatFloat(x)
}

// escape escapes a key or value for a query: everything but RFC 3986's
// unreserved characters and ':', which drawing names hold, is %-escaped.
func escape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-._~:", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// unescape undoes escape, and reads '+' as a space as forms write it.
func unescape(s string) (string, error) {
	if !strings.ContainsAny(s, "%+") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			b.WriteByte(' ')
		case '%':
			if i+2 >= len(s) {
				return "", fmt.Errorf("urlstate: %q ends in a bad escape", s)
			}
			x, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				return "", fmt.Errorf("urlstate: bad escape in %q", s)
			}
			b.WriteByte(byte(x))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// shorten returns v for a message: at most 32 characters of valid UTF-8.
func shorten(v string) string {
	v = strings.ToValidUTF8(v, "�")
	if utf8.RuneCountInString(v) > 32 {
		v = string([]rune(v)[:31]) + "…"
	}
	return v
}

func quote(v string) string { return `"` + shorten(v) + `"` }

func showValue(v string) string {
	if v == "" {
		return "none"
	}
	return v
}
