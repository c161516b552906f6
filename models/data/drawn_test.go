package data

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestDrawnRoundTrip(t *testing.T) {
	pts := []float32{0, 0, 1.2345, -2.5, 7.9996, -8, 3.14159, 0.0004, 9, -100}
	name, err := EncodeDrawn(pts)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(name, DrawnPrefix) || strings.ContainsAny(name[len(DrawnPrefix):], "=+/") {
		t.Errorf("name %q is not unpadded base64url after the prefix", name)
	}
	got, err := DecodeDrawn(name)
	if err != nil {
		t.Fatal(err)
	}
	// Rounded to thousandths, and clamped to ±8.
	want := []float32{0, 0, 1.235, -2.5, 8, -8, 3.142, 0, 8, -8}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("coordinate %d: %v → %v, want %v", i, pts[i], got[i], want[i])
		}
	}
	if again, _ := EncodeDrawn(got); again != name {
		t.Errorf("re-encoding gives %q, want %q", again, name)
	}
}

func TestDrawnRejects(t *testing.T) {
	enc := func(b []byte) string { return DrawnPrefix + base64.RawURLEncoding.EncodeToString(b) }
	for _, c := range []struct{ name, err string }{
		{"points:AAAAAAAAAAAAAAAA", "starts with"},
		{DrawnPrefix + "AAAA*AAAAAAAAAAA", "not base64url"},
		{DrawnPrefix + "AAAA\nAAAAAAAAAAA", "not base64url"},
		{DrawnPrefix + "AAAAAAAAAAAAAAAA=", "not base64url"},
		{DrawnPrefix + "AAAAAAAAAAAAAAAAA", "bad base64url"},
		{DrawnPrefix + "AAAAAAAAAAAAAAAAAAB", "bad base64url"}, // non-zero padding bits
		{enc(make([]byte, 13)), "odd byte count"},
		{enc(make([]byte, 14)), "an x without its y"},
		{enc(make([]byte, 8)), "fewer than 3"},
		{enc(make([]byte, 4*MaxDrawn+4)), "over the"},
		{enc([]byte{0x41, 0x1f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), "outside [-8, 8]"}, // 8001
	} {
		_, err := DecodeDrawn(c.name)
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("DecodeDrawn(%.30q) error %v, want one containing %q", c.name, err, c.err)
		}
	}
	for _, pts := range [][]float32{nil, {1, 2, 3, 4}, {1, 2, 3, 4, 5}, {1, 2, 3, 4, 5, float32(math.NaN())}, {1, 2, 3, 4, 5, float32(math.Inf(1))}, make([]float32, 2*MaxDrawn+2)} {
		if name, err := EncodeDrawn(pts); err == nil {
			t.Errorf("EncodeDrawn(%d coordinates) = %.30q, want an error", len(pts), name)
		}
	}
	if _, err := EncodeDrawn(make([]float32, 2*MaxDrawn)); err != nil {
		t.Errorf("EncodeDrawn of %d points: %v", MaxDrawn, err)
	}
}

func TestDrawnSet(t *testing.T) {
	pts := []float32{-1, 0, 1, 0, 0, 5.6}
	name, _ := EncodeDrawn(pts)
	for _, get := range []func(string) (Set, error){Drawn, Lookup} {
		s, err := get(name)
		if err != nil {
			t.Fatal(err)
		}
		// ceil(5.6 + 0.5) = 7, so σ = 0.05·7/4.
		if s.Name != name || s.Title != "Your drawing (3 points)" || s.Extent != 7 || s.HasEntropy() || s.Centers != nil {
			t.Errorf("set %+v", s)
		}
	}
	s, _ := Drawn(name)
	sample := draw(s, 30000, 3)
	std := 0.05 * 7 / 4.0
	var counts [3]int
	var sq float64
	for i := 0; i < len(sample); i += 2 {
		k, d := nearest(pts, sample[i], sample[i+1])
		counts[k]++
		sq += d
	}
	// Each point is drawn a third of the time (binomial sd ≈ 82 of 10000),
	// and the squared distance to it averages 2σ².
	for k, c := range counts {
		if math.Abs(float64(c)-10000) > 400 {
			t.Errorf("point %d drawn %d times of 30000", k, c)
		}
	}
	if got := sq / 30000; math.Abs(got-2*std*std)/(2*std*std) > 0.05 {
		t.Errorf("mean squared jitter %v, want 2σ² = %v", got, 2*std*std)
	}
	small, _ := EncodeDrawn([]float32{0, 0, 1, 1, -3.4, 2})
	if s, _ := Drawn(small); s.Extent != 4 {
		t.Errorf("extent %v, want the minimum 4", s.Extent)
	}
}

func TestParseCSV(t *testing.T) {
	got, err := ParseCSV(strings.NewReader("x, y\r\n\n 1,2\n-0.5 ,  3e-1\n\n4,5\n"), 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{1, 2, -0.5, 0.3, 4, 5}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if _, err := ParseCSV(strings.NewReader("1,2\n3,4\n5,6"), 3); err != nil {
		t.Errorf("no header, no final newline: %v", err)
	}
	for _, c := range []struct {
		in  string
		max int
		err string
	}{
		{"x,y\n1,2\n3,4\n5,6\n7,8\n9,10\nabc,1\n", 10, `line 7: "abc" is not a number`},
		{"1,2\nx,y\n3,4\n5,6\n", 10, `line 2: "x" is not a number`},
		{"x,1\n1,2\n3,4\n5,6\n", 10, `line 1: "x" is not a number`},
		{"1,2\n3\n", 10, "line 2: 1 columns"},
		{"1,2,3\n", 10, "line 1: 3 columns"},
		{"1,2\n3,4\n5,NaN\n", 10, `line 3: "NaN" is not a finite number`},
		{"1,2\n3,4\n5,inf\n", 10, "not a finite number"},
		{"1,2\n3,4\n5,1e39\n", 10, "not a finite number"},
		{"1,2\n3,4\n5,6\n7,8\n", 3, "line 4: more than 3 points"},
		{"x,y\n1,2\n3,4\n", 10, "fewer than 3"},
		{"", 10, "fewer than 3"},
		{strings.Repeat(" ", MaxCSVBytes+1), 10, "byte limit"},
	} {
		_, err := ParseCSV(strings.NewReader(c.in), c.max)
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("ParseCSV(%.40q, %d) error %v, want one containing %q", c.in, c.max, err, c.err)
		}
	}
}

func FuzzParseCSV(f *testing.F) {
	for _, s := range []string{"x,y\n1,2\n3,4\n5,6\n", "1,2\n3,4\n5,6", "a,b\n1,2\n", "1,2,3\n", "1e39,0\n", " \n\r\n1 , 2 \n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		pts, err := ParseCSV(strings.NewReader(in), 50)
		if err != nil {
			return
		}
		if len(pts)%2 != 0 || len(pts)/2 < MinDrawn || len(pts)/2 > 50 {
			t.Fatalf("%d coordinates", len(pts))
		}
		// Printing the points and parsing them again gives them back.
		var b strings.Builder
		for i := 0; i < len(pts); i += 2 {
			if math.IsNaN(float64(pts[i])) || math.IsInf(float64(pts[i]), 0) || math.IsNaN(float64(pts[i+1])) || math.IsInf(float64(pts[i+1]), 0) {
				t.Fatalf("non-finite point %v, %v", pts[i], pts[i+1])
			}
			b.WriteString(strconv.FormatFloat(float64(pts[i]), 'g', -1, 32) + "," + strconv.FormatFloat(float64(pts[i+1]), 'g', -1, 32) + "\n")
		}
		again, err := ParseCSV(strings.NewReader(b.String()), 50)
		if err != nil {
			t.Fatal(err)
		}
		for i := range pts {
			if again[i] != pts[i] {
				t.Fatalf("coordinate %d: %v printed and parsed is %v", i, pts[i], again[i])
			}
		}
	})
}

func FuzzDecodeDrawn(f *testing.F) {
	name, _ := EncodeDrawn([]float32{1, 2, 3, 4, 5, 6})
	for _, s := range []string{name, DrawnPrefix, DrawnPrefix + "AAAAAAAAAAAAAAAA", DrawnPrefix + "////", "drawn", DrawnPrefix + "AAAA\nAAAAAAAAAAAA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		pts, err := DecodeDrawn(name)
		if err != nil {
			return
		}
		again, err := EncodeDrawn(pts)
		if err != nil {
			t.Fatal(err)
		}
		if again != name {
			t.Fatalf("%q decodes and re-encodes to %q", name, again)
		}
		if _, err := Drawn(name); err != nil {
			t.Fatal(err)
		}
	})
}
