package data

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"genplay/tensor/rng"
)

func tinyImages() *Images {
	return &Images{Name: "tiny", Rows: 2, Cols: 3, Classes: 4,
		Pixels: []uint8{0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255},
		Labels: []uint8{3, 0}}
}

func encode(t *testing.T, s *Images) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := EncodeImages(&buf, s); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImagesRoundTrip(t *testing.T) {
	s := tinyImages()
	b := encode(t, s)
	if len(b) != 28+len(s.Name)+2+12 {
		t.Fatalf("encoded %d bytes", len(b))
	}
	got, err := DecodeImages(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != s.Name || got.Rows != 2 || got.Cols != 3 || got.Classes != 4 ||
		!bytes.Equal(got.Pixels, s.Pixels) || !bytes.Equal(got.Labels, s.Labels) {
		t.Fatalf("round trip gave %+v", got)
	}
	b[len(b)-1] = 7 // the decoded set must not alias its input
	if got.Pixels[11] != 255 {
		t.Fatal("decoded pixels alias the input bytes")
	}
}

func TestDecodeImagesRejects(t *testing.T) {
	good := encode(t, tinyImages())
	le := binary.LittleEndian
	edit := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	cases := []struct {
		name, want string
		b          []byte
	}{
		{"empty", "no GPIM header", nil},
		{"magic", "no GPIM header", edit(func(b []byte) []byte { b[0] = 'X'; return b })},
		{"version", "version 2", edit(func(b []byte) []byte { le.PutUint32(b[4:], 2); return b })},
		{"truncated", "its header describes", good[:len(good)-1]},
		{"trailing", "its header describes", append(bytes.Clone(good), 0)},
		{"huge count", "its header describes", edit(func(b []byte) []byte { le.PutUint32(b[8:], 1<<31); return b })},
		{"zero rows", "image size", edit(func(b []byte) []byte { le.PutUint32(b[12:], 0); return b })},
		{"huge cols", "image size", edit(func(b []byte) []byte { le.PutUint32(b[16:], 1<<20); return b })},
		{"classes", "classes", edit(func(b []byte) []byte { le.PutUint32(b[20:], 0); return b })},
		{"label", "label 3", edit(func(b []byte) []byte { le.PutUint32(b[20:], 3); return b })},
		{"name length", "name of", edit(func(b []byte) []byte { le.PutUint32(b[24:], 65); return b })},
		{"name chars", "characters", edit(func(b []byte) []byte { b[28] = '/'; return b })},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeImages(c.b)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestImagesSample(t *testing.T) {
	s := tinyImages()
	dst := make([]float32, 6*500)
	s.Sample(dst, rng.New(1))
	for i := 0; i < len(dst); i += 6 {
		img := dst[i : i+6]
		k := 0 // which stored image this is: its first pixel says
		if img[0] > 0.5 {
			k = 1
		}
		for j, v := range img {
			p := float32(s.Pixels[k*6+j])
			if v < p/256 || v >= (p+1)/256 {
				t.Fatalf("pixel %v of image %d outside its dequantisation bin [%v, %v)", v, k, p/256, (p+1)/256)
			}
		}
	}
	x := make([]float32, 12)
	lbl := make([]uint8, 2)
	s.Batch(x, lbl, 0, 2)
	if x[0] != 0.5/256 || x[11] != 255.5/256 || lbl[0] != 3 || lbl[1] != 0 {
		t.Fatalf("Batch gave %v, labels %v", x, lbl)
	}
	if sub := s.Subset(1); sub.Len() != 1 || len(sub.Pixels) != 6 {
		t.Fatalf("Subset(1) has %d images, %d pixels", sub.Len(), len(sub.Pixels))
	}
}

// FuzzDecodeImages checks that any input either fails cleanly or decodes
// into a set that re-encodes to the same bytes.
func FuzzDecodeImages(f *testing.F) {
	var buf bytes.Buffer
	if err := EncodeImages(&buf, tinyImages()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("GPIM"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := DecodeImages(b)
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := EncodeImages(&out, s); err != nil {
			t.Fatalf("decoded set does not encode: %v", err)
		}
		if !bytes.Equal(out.Bytes(), b) {
			t.Fatal("re-encoding differs from the input")
		}
	})
}
