package sha256

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"genplay/tensor/rng"
)

// TestKnownAnswers checks FIPS 180-4's examples (NIST's "SHA256.pdf"
// example values): "abc", the empty string and the two-block message.
func TestKnownAnswers(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	} {
		got := Sum256([]byte(c.in))
		if hex.EncodeToString(got[:]) != c.want {
			t.Errorf("SHA-256(%q) = %x, want %s", c.in, got, c.want)
		}
	}
}

// TestAgainstCrypto compares with crypto/sha256 at every length up to 300
// bytes (every padding case: the length field in the last block or in one
// more) and at a few large ones.
func TestAgainstCrypto(t *testing.T) {
	r := rng.New(1)
	data := make([]byte, 1<<20+13)
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	lengths := []int{1000, 4095, 4096, 65537, len(data)}
	for n := range 301 {
		lengths = append(lengths, n)
	}
	for _, n := range lengths {
		if got, want := Sum256(data[:n]), sha256.Sum256(data[:n]); got != want {
			t.Errorf("%d bytes: %x, crypto/sha256 %x", n, got, want)
		}
	}
}
