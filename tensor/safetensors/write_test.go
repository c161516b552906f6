package safetensors

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestWriteReference checks Write against byte strings from the reference
// implementation's own tests (safetensors/src/tensor.rs: test_serialization,
// test_serialization_forced_alignement and test_empty).
func TestWriteReference(t *testing.T) {
	data := []float32{0, 1, 2, 3, 4, 5}
	for _, c := range []struct {
		name string
		f    *File
		want []byte
	}{
		{"test_serialization", &File{Tensors: []Tensor{{Name: "attn.0", Shape: []int{1, 2, 3}, Data: data}}},
			[]byte{
				64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
				116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
				58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
				101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63,
				0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64,
			}},
		{"test_serialization_forced_alignement", &File{Tensors: []Tensor{{Name: "attn0", Shape: []int{1, 1, 2, 3}, Data: data}}},
			[]byte{
				72, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 48, 34, 58, 123, 34, 100, 116,
				121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34, 58,
				91, 49, 44, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102,
				115, 101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 32, 32, 32, 32, 32,
				32, 32, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0,
				160, 64,
			}},
		{"test_empty", &File{}, []byte{8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32}},
		{"test_empty with metadata", &File{Metadata: map[string]string{"framework": "pt"}},
			[]byte{
				40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95,
				95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112,
				116, 34, 125, 125, 32, 32, 32, 32, 32,
			}},
	} {
		var buf bytes.Buffer
		if err := Write(&buf, c.f); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !bytes.Equal(buf.Bytes(), c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.name, buf.Bytes(), c.want)
		}
	}
}

// TestWriteLayout pins the header of a file with every dtype, metadata and
// names that need escaping: data by descending dtype rank then name, the
// header in data order after sorted metadata, padding to a multiple of 8.
func TestWriteLayout(t *testing.T) {
	f := &File{
		Metadata: map[string]string{"z": "last", "a": "first", "q\"\n\x01": "<&>"},
		Tensors: []Tensor{
			{Name: "h", Shape: []int{1}, Data: []float32{1}, Dtype: F16},
			{Name: "b", Shape: []int{2}, Data: []float32{1, 2}, Dtype: BF16},
			{Name: "s", Shape: []int{}, Data: []float32{1}},
			{Name: "e", Shape: []int{0, 4}, Data: nil},
		},
	}
	var buf bytes.Buffer
	if err := Write(&buf, f); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	n := binary.LittleEndian.Uint64(b)
	head := `{"__metadata__":{"a":"first","q\"\n\u0001":"<&>","z":"last"},` +
		`"e":{"dtype":"F32","shape":[0,4],"data_offsets":[0,0]},` +
		`"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]},` +
		`"b":{"dtype":"BF16","shape":[2],"data_offsets":[4,8]},` +
		`"h":{"dtype":"F16","shape":[1],"data_offsets":[8,10]}}`
	head += strings.Repeat(" ", (8-len(head)%8)%8)
	if got := string(b[8 : 8+n]); got != head {
		t.Errorf("header\n got %s\nwant %s", got, head)
	}
	data := []byte{0, 0, 0x80, 0x3f, 0x80, 0x3f, 0x00, 0x40, 0x00, 0x3c}
	if got := b[8+n:]; !bytes.Equal(got, data) {
		t.Errorf("data % x, want % x", got, data)
	}
}

// TestWritePadding checks that the header length is a multiple of 8 for
// every header length modulo 8, and that the padding is spaces.
func TestWritePadding(t *testing.T) {
	for i := range 16 {
		f := &File{Tensors: []Tensor{{Name: strings.Repeat("x", i), Shape: []int{1}, Data: []float32{1}}}}
		var buf bytes.Buffer
		if err := Write(&buf, f); err != nil {
			t.Fatal(err)
		}
		b := buf.Bytes()
		n := binary.LittleEndian.Uint64(b)
		if n%8 != 0 {
			t.Errorf("name of %d bytes: header length %d", i, n)
		}
		head := b[8 : 8+n]
		trimmed := bytes.TrimRight(head, " ")
		if len(head)-len(trimmed) >= 8 || trimmed[len(trimmed)-1] != '}' {
			t.Errorf("name of %d bytes: header %q", i, head)
		}
	}
}

// randomFile returns a file of random tensors, dtypes, shapes, values and
// metadata, with names and metadata that need escaping.
func randomFile(r *rand.Rand) *File {
	const alphabet = "ab.0_/\"\\\n\t\x00\x1fé😀"
	str := func() string {
		rs := []rune(alphabet)
		var sb strings.Builder
		for range r.IntN(6) {
			sb.WriteRune(rs[r.IntN(len(rs))])
		}
		return sb.String()
	}
	f := &File{Metadata: make(map[string]string)}
	for range r.IntN(4) {
		f.Metadata[str()] = str()
	}
	names := make(map[string]bool)
	for range r.IntN(6) {
		name := str()
		if names[name] || name == metadataKey {
			continue
		}
		names[name] = true
		shape := make([]int, r.IntN(4))
		n := 1
		for i := range shape {
			shape[i] = r.IntN(4)
			n *= shape[i]
		}
		data := make([]float32, n)
		for i := range data {
			switch r.IntN(4) {
			case 0:
				data[i] = math.Float32frombits(r.Uint32()) // any bits, NaNs and infinities included
			default:
				data[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(11)-5)))
			}
		}
		f.Tensors = append(f.Tensors, Tensor{Name: name, Shape: shape, Data: data, Dtype: Dtype(r.IntN(3))})
	}
	return f
}

// TestRoundTrip writes random files and reads them back: F32 exactly, F16
// and BF16 as rounded by f32ToF16 and f32ToBF16 (which the oracle tests in
// float16_test.go pin), so within half a unit in the last place.
func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 2000 {
		f := randomFile(r)
		var buf bytes.Buffer
		if err := Write(&buf, f); err != nil {
			t.Fatalf("file %d: %v", i, err)
		}
		g, err := Parse(buf.Bytes())
		if err != nil {
			t.Fatalf("file %d: %v\n%q", i, err, buf.Bytes())
		}
		want := &File{Metadata: f.Metadata, Tensors: slices.Clone(f.Tensors)}
		slices.SortFunc(want.Tensors, func(x, y Tensor) int { return strings.Compare(x.Name, y.Name) })
		for j, t := range want.Tensors {
			rounded := make([]float32, len(t.Data))
			for k, v := range t.Data {
				switch t.Dtype {
				case F32:
					rounded[k] = v
				case F16:
					rounded[k] = f16ToF32(f32ToF16(v))
				case BF16:
					rounded[k] = bf16ToF32(f32ToBF16(v))
				}
			}
			want.Tensors[j].Data = rounded
		}
		if !sameFile(g, want) {
			t.Fatalf("file %d: read back\n%+v\nwant\n%+v", i, g, want)
		}
		checkRounding(t, f, g)

		// The same content in another order gives the same bytes.
		rev := &File{Metadata: f.Metadata, Tensors: slices.Clone(f.Tensors)}
		slices.Reverse(rev.Tensors)
		var again bytes.Buffer
		if err := Write(&again, rev); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), again.Bytes()) {
			t.Fatalf("file %d: writing the tensors in reverse order changed the bytes", i)
		}
	}
}

// checkRounding checks that every F16 and BF16 value of g is within half an
// ulp of the value in f: |x − y| ≤ 2^(e−p) for x in [2^e, 2^(e+1)) with p
// fraction bits, or ≤ 2^−25 (F16) and 2^−134 (BF16) among subnormals.
func checkRounding(t *testing.T, f, g *File) {
	t.Helper()
	for _, x := range f.Tensors {
		y := g.Find(x.Name)
		var bits, minExp int // fraction bits and exponent of the smallest normal
		switch x.Dtype {
		case F32:
			continue
		case F16:
			bits, minExp = 10, -14
		case BF16:
			bits, minExp = 7, -126
		}
		for k, v := range x.Data {
			w := float64(y.Data[k])
			a := float64(v)
			if a != a || math.IsInf(w, 0) {
				continue // NaN stays NaN (sameFile); overflow is checked by the oracle tests
			}
			_, e := math.Frexp(a) // a = m·2^e, m in [0.5, 1)
			e = max(e-1, minExp)
			if d := math.Abs(a - w); d > math.Ldexp(1, e-bits-1) {
				t.Fatalf("%v %g read back as %g: off by %g", x.Dtype, a, w, d)
			}
		}
	}
}

func TestWriteErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		f    *File
		want string
	}{
		{"nil", nil, "nil File"},
		{"metadata name", &File{Tensors: []Tensor{{Name: metadataKey, Shape: []int{}, Data: []float32{1}}}}, "may not be named __metadata__"},
		{"duplicate", &File{Tensors: []Tensor{{Name: "a", Shape: []int{}, Data: []float32{1}}, {Name: "a", Shape: []int{}, Data: []float32{1}}}}, `duplicate tensor name "a"`},
		{"duplicate across dtypes", &File{Tensors: []Tensor{{Name: "a", Shape: []int{}, Data: []float32{1}}, {Name: "b", Shape: []int{}, Data: []float32{1}}, {Name: "a", Shape: []int{}, Data: []float32{1}, Dtype: F16}}}, `duplicate tensor name "a"`},
		{"bad dtype", &File{Tensors: []Tensor{{Name: "a", Shape: []int{}, Data: []float32{1}, Dtype: 7}}}, `tensor "a": unsupported dtype Dtype(7)`},
		{"negative dim", &File{Tensors: []Tensor{{Name: "a", Shape: []int{-1, -1}, Data: []float32{1}}}}, `tensor "a": invalid shape [-1 -1]: negative dimension`},
		{"shape mismatch", &File{Tensors: []Tensor{{Name: "a", Shape: []int{2, 2}, Data: []float32{1}}}}, `tensor "a": shape [2 2] does not match 1 elements`},
		{"shape overflow", &File{Tensors: []Tensor{{Name: "a", Shape: []int{math.MaxInt, math.MaxInt}, Data: []float32{1}}}}, `tensor "a": shape`},
		{"bad UTF-8 name", &File{Tensors: []Tensor{{Name: "\xff", Shape: []int{}, Data: []float32{1}}}}, "not valid UTF-8"},
		{"bad UTF-8 metadata", &File{Metadata: map[string]string{"k": "\xff"}}, `metadata "k": key or value is not valid UTF-8`},
	} {
		var buf bytes.Buffer
		err := Write(&buf, c.f)
		if err == nil || !strings.HasPrefix(err.Error(), "safetensors: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes before failing", c.name, buf.Len())
		}
	}
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

var errFull = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errFull
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriteIOError(t *testing.T) {
	f := &File{Tensors: []Tensor{{Name: "a", Shape: []int{20000}, Data: make([]float32, 20000)}}}
	for _, n := range []int{0, 8, 100, 50000} {
		err := Write(&failWriter{n: n}, f)
		if !errors.Is(err, errFull) || !strings.HasPrefix(err.Error(), "safetensors: ") {
			t.Errorf("failing after %d bytes: error %v", n, err)
		}
	}
}

func TestWriteFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "w.safetensors")
	f := &File{
		Metadata: map[string]string{"spec": `{"family":"vae"}`},
		Tensors:  []Tensor{{Name: "w", Shape: []int{2, 3}, Data: []float32{1, 2, 3, 4, 5, 6}}},
	}
	if err := WriteFile(name, f); err != nil {
		t.Fatal(err)
	}
	g, err := ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !sameFile(f, g) {
		t.Errorf("read back %+v, want %+v", g, f)
	}
	// An invalid File leaves no file behind.
	bad := filepath.Join(t.TempDir(), "bad.safetensors")
	if err := WriteFile(bad, &File{Tensors: []Tensor{{Name: "w", Shape: []int{2}}}}); err == nil {
		t.Errorf("WriteFile of a bad File succeeded")
	}
	if _, err := os.Stat(bad); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("WriteFile of a bad File created it: %v", err)
	}
	if err := WriteFile(filepath.Join(t.TempDir(), "no", "dir"), f); err == nil || !strings.HasPrefix(err.Error(), "safetensors: ") {
		t.Errorf("WriteFile into a missing directory: %v", err)
	}
}

// TestWriteTestdata rewrites every valid file of testdata in the dtypes it
// was read in and checks that the content survives.
func TestWriteTestdata(t *testing.T) {
	for name, b := range testdataFiles(t, "valid") {
		f, err := Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var buf bytes.Buffer
		if err := Write(&buf, f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		g, err := Parse(buf.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !sameFile(f, g) {
			t.Errorf("%s: rewritten as %s", name, fmt.Sprint(g))
		}
	}
}
