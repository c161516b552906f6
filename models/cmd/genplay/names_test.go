package main

import (
	"regexp"
	"strings"
	"testing"

	"genplay/tensor/rng"
)

// hashedPattern is the pattern hashedName implements by hand, as the oracle.
var hashedPattern = regexp.MustCompile(`^[a-z0-9-]+\.[0-9a-f]{16}\.safetensors$`)

func TestHashedNameMatchesPattern(t *testing.T) {
	hex := "0123456789abcdef"
	cases := []string{
		"", ".safetensors", "a.0123456789abcdef.safetensors", "-.0123456789abcdef.safetensors",
		".0123456789abcdef.safetensors", "a.0123456789abcdeg.safetensors", "a.0123456789abcde.safetensors",
		"a.0123456789abcdef0.safetensors", "a.b.0123456789abcdef.safetensors", "A.0123456789abcdef.safetensors",
		"a.0123456789ABCDEF.safetensors", "a.0123456789abcdef.safetensor", "manifest.json",
		"vae-mnist.0123456789abcdef.safetensors.tmp",
	}
	r := rng.New(3)
	draw := func(alphabet string, n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(alphabet[r.Intn(len(alphabet))])
		}
		return b.String()
	}
	for range 20000 {
		// A stem, a dot, a hash of about 16 digits and the extension, each
		// part sometimes with bytes the pattern refuses.
		stem := draw("az09-", r.Intn(12))
		if r.Intn(4) == 0 {
			stem = draw("az09-.A_", r.Intn(12))
		}
		hash := draw(hex, 15+r.Intn(3))
		if r.Intn(4) == 0 {
			hash = draw(hex+"gA.", 16)
		}
		ext := ".safetensors"
		if r.Intn(8) == 0 {
			ext = draw(".safetensors", 12)
		}
		cases = append(cases, stem+"."+hash+ext)
	}
	valid := 0
	for _, s := range cases {
		got, want := hashedName(s), hashedPattern.MatchString(s)
		if got != want {
			t.Errorf("hashedName(%q) = %v, the pattern says %v", s, got, want)
		}
		if want {
			valid++
		}
	}
	if valid < len(cases)/10 || valid > len(cases)*9/10 {
		t.Errorf("%d of %d cases match: the draw tests too few of one kind", valid, len(cases))
	}
}
