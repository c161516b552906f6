package registry

import (
	"regexp"
	"strings"
	"testing"

	"genplay/tensor/rng"
)

// The patterns ValidName and validFile implement by hand, as the oracle:
// the checks stay in the package so that the page links no regexp.
var (
	namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	filePattern = regexp.MustCompile(`^(weights|data)/[a-z0-9][a-z0-9.-]{0,127}$`)
)

// randomName returns, most of the time after prefix, a string of up to max
// bytes drawn from valid, or half of the time from alphabet, which holds
// invalid bytes too: so that long valid names are drawn as well as near
// misses.
func randomName(r *rng.PCG, prefix, valid, alphabet string, max int) string {
	var b strings.Builder
	if r.Intn(4) > 0 {
		b.WriteString(prefix)
	}
	if r.Intn(2) == 0 {
		alphabet = valid
	}
	for range r.Intn(max + 1) {
		b.WriteByte(alphabet[r.Intn(len(alphabet))])
	}
	return b.String()
}

func TestValidNameMatchesPattern(t *testing.T) {
	cases := []string{
		"", "a", "-", "-a", "a-", "0", "vae-mnist", "VAE", "a_b", "a.b", "a/b", "é",
		strings.Repeat("a", 64), strings.Repeat("a", 65), "a" + strings.Repeat("-", 63), "a\n",
	}
	r := rng.New(1)
	for range 20000 {
		cases = append(cases, randomName(r, "", "az09-", "az09-._A/\x00", 70))
	}
	valid := 0
	for _, s := range cases {
		got, want := ValidName(s), namePattern.MatchString(s)
		if got != want {
			t.Errorf("ValidName(%q) = %v, the pattern says %v", s, got, want)
		}
		if want {
			valid++
		}
	}
	if valid < len(cases)/10 || valid > len(cases)*9/10 {
		t.Errorf("%d of %d cases match: the draw tests too few of one kind", valid, len(cases))
	}
}

func TestValidFileMatchesPattern(t *testing.T) {
	cases := []string{
		"", "weights/", "data/", "weights/a", "data/mnist.gpim", "weights/.a", "weights/-a",
		"weights/a.b-c.safetensors", "weights/a/b", "weights//a", "Weights/a", "models/a", "weights",
		"weights/" + strings.Repeat("a", 128), "weights/" + strings.Repeat("a", 129), "data/a\n",
	}
	r := rng.New(2)
	prefixes := []string{"weights/", "data/", "weight/", "data"}
	for range 20000 {
		cases = append(cases, randomName(r, prefixes[r.Intn(len(prefixes))], "az09-.", "az09-._/A", 140))
	}
	valid := 0
	for _, s := range cases {
		got, want := validFile(s), filePattern.MatchString(s)
		if got != want {
			t.Errorf("validFile(%q) = %v, the pattern says %v", s, got, want)
		}
		if want {
			valid++
		}
	}
	if valid < len(cases)/10 || valid > len(cases)*9/10 {
		t.Errorf("%d of %d cases match: the draw tests too few of one kind", valid, len(cases))
	}
}
