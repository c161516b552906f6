package safetensors

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// expected is testdata/expected.json, which the independent implementation
// that wrote the files in testdata/valid and testdata/invalid wrote too.
type expected struct {
	// Invalid maps a file name to why it must be refused.
	Invalid map[string]string
	// Valid maps a file name to its content.
	Valid map[string]struct {
		Metadata map[string]string // null when the file has none
		Tensors  map[string]struct {
			Dtype  string
			Shape  []int
			Values []json.Number // decimal; each is exactly a value of Dtype
		}
	}
}

func readExpected(t *testing.T) *expected {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var e expected
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&e); err != nil {
		t.Fatal(err)
	}
	return &e
}

// sameKeys fails t unless the files of a testdata directory are exactly
// those that expected.json lists, so that a new file cannot go untested.
func sameKeys[V any](t *testing.T, dir string, files map[string][]byte, listed map[string]V) {
	t.Helper()
	for name := range files {
		if _, ok := listed[name]; !ok {
			t.Errorf("testdata/%s/%s is not in expected.json", dir, name)
		}
	}
	for name := range listed {
		if _, ok := files[name]; !ok {
			t.Errorf("expected.json lists %s/%s, which does not exist", dir, name)
		}
	}
}

func TestTestdataValid(t *testing.T) {
	want := readExpected(t).Valid
	files := testdataFiles(t, "valid")
	sameKeys(t, "valid", files, want)
	for name, b := range files {
		w, ok := want[name]
		if !ok {
			continue
		}
		f, err := Parse(b)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		var names []string
		for n := range w.Tensors {
			names = append(names, n)
		}
		slices.Sort(names) // Parse returns tensors sorted by name
		if got := tensorNames(f); !slices.Equal(got, names) {
			t.Errorf("%s: tensors %q, want %q", name, got, names)
			continue
		}
		for _, tn := range f.Tensors {
			wt := w.Tensors[tn.Name]
			if tn.Dtype.String() != wt.Dtype {
				t.Errorf("%s: %s: dtype %v, want %s", name, tn.Name, tn.Dtype, wt.Dtype)
			}
			if !slices.Equal(tn.Shape, wt.Shape) {
				t.Errorf("%s: %s: shape %v, want %v", name, tn.Name, tn.Shape, wt.Shape)
			}
			var values []float32
			for _, s := range wt.Values {
				v, err := strconv.ParseFloat(string(s), 32) // rounds the decimal once, to float32
				if err != nil {
					t.Fatalf("%s: %s: expected value %s: %v", name, tn.Name, s, err)
				}
				values = append(values, float32(v))
			}
			if !sameFloats(tn.Data, values) {
				t.Errorf("%s: %s: data %v, want %v", name, tn.Name, tn.Data, values)
			}
		}
		if len(f.Metadata) != len(w.Metadata) || (f.Metadata == nil) != (w.Metadata == nil) {
			t.Errorf("%s: metadata %q, want %q", name, f.Metadata, w.Metadata)
		}
		for k, v := range w.Metadata {
			if got, ok := f.Metadata[k]; !ok || got != v {
				t.Errorf("%s: metadata[%q] = %q, want %q", name, k, got, v)
			}
		}
	}
}

// reasons maps each reason that expected.json gives for an invalid file to
// the substrings of which Parse's error must contain one. A reason missing
// here fails the test, so that new test data gets a deliberate mapping.
var reasons = map[string][]string{
	"file shorter than the 8-byte header length": {"file shorter than the 8-byte header length"},
	"header length larger than the file":         {"header length larger than the file"},
	"header is not valid JSON":                   {"header is not valid JSON"},
	"header is not a JSON object":                {"header is not a JSON object"},
	"metadata values must be strings":            {"metadata values must be strings"},
	"tensor entry lacks data_offsets":            {"missing data_offsets"},
	"invalid shape":                              {"invalid shape"},
	"data offsets outside the buffer":            {"outside the data buffer"},
	"invalid data offsets":                       {"invalid data offsets"},
	"tensors overlap":                            {"overlap"},
	// The writer's "or": either check may fire first; genplay's fires on
	// the element count overflowing, before any comparison with the span.
	"shape too large / does not match the byte size": {"shape too large", "does not match the byte size"},
	"shape does not match the byte size":             {"does not match the byte size"},
	"unknown dtype":                                  {"unknown dtype"},
}

func TestTestdataInvalid(t *testing.T) {
	want := readExpected(t).Invalid
	files := testdataFiles(t, "invalid")
	sameKeys(t, "invalid", files, want)
	for name, b := range files {
		reason, ok := want[name]
		if !ok {
			continue
		}
		subs, ok := reasons[reason]
		if !ok {
			t.Errorf("%s: no mapping for the reason %q", name, reason)
			continue
		}
		f, err := Parse(b)
		if err == nil {
			t.Errorf("%s: Parse succeeded with %d tensors, want an error: %s", name, len(f.Tensors), reason)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "safetensors: ") || !slices.ContainsFunc(subs, func(s string) bool { return strings.Contains(msg, s) }) {
			t.Errorf("%s: error %q, want one containing one of %q (%s)", name, msg, subs, reason)
		}
	}
}

func tensorNames(f *File) []string {
	var names []string
	for _, t := range f.Tensors {
		names = append(names, t.Name)
	}
	return names
}

func TestParseHeaderLength(t *testing.T) {
	for _, c := range []struct {
		name string
		file []byte
		want string
	}{
		{"7 bytes", make([]byte, 7), "file shorter than the 8-byte header length: 7 bytes"},
		{"one past the end", build("{}", nil)[:9], "header length larger than the file: 2 bytes declared, 1 follow the length"},
		{"2^64-1", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, '{', '}'}, "header length larger than the file: 18446744073709551615 bytes declared"},
	} {
		_, err := Parse(c.file)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// TestParseHeaderLimit checks the reference implementation's limit on the
// header length, with a header of blanks just over it.
func TestParseHeaderLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates 100 MB")
	}
	b := build("{}"+strings.Repeat(" ", maxHeader-1), nil)
	if _, err := Parse(b); err == nil || !strings.Contains(err.Error(), "exceeds the limit of 100000000 bytes") {
		t.Errorf("error %v, want the header limit", err)
	}
}

// TestParseAllocations checks that files whose headers claim far more data
// than they hold are refused without allocating for the claim, and that
// large headers stay within allocBound.
func TestParseAllocations(t *testing.T) {
	var meta, tensors strings.Builder
	for i := range 30000 {
		fmt.Fprintf(&meta, `"%x":"",`, i)
		fmt.Fprintf(&tensors, `"%x":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},`, i)
	}
	for _, c := range []struct {
		name, header string
		data         []byte
		valid        bool
	}{
		{"2^30 elements", `{"w":{"dtype":"F32","shape":[1073741824],"data_offsets":[0,4294967296]}}`, f32Bytes(1, 2), false},
		{"2^62 bytes", `{"w":{"dtype":"F16","shape":[2305843009213693952],"data_offsets":[0,4611686018427387904]}}`, f32Bytes(1, 2), false},
		{"many dimensions", `{"a":{"dtype":"F32","shape":[` + strings.Repeat("0,", 200000) + `0],"data_offsets":[0,0]}}`, nil, true},
		{"many metadata keys", `{"__metadata__":{` + meta.String() + `"end":""}}`, nil, true},
		{"many tensors", `{` + tensors.String() + `"end":{"dtype":"BF16","shape":[4],"data_offsets":[0,8]}}`, f32Bytes(1, 2), true},
	} {
		b := build(c.header, c.data)
		var err error
		if n := allocated(func() { _, err = Parse(b) }); n > allocBound(len(b)) {
			t.Errorf("%s: Parse of %d bytes allocated %d bytes", c.name, len(b), n)
		}
		if (err == nil) != c.valid {
			t.Errorf("%s: error %v", c.name, err)
		}
	}
}

func TestReadFile(t *testing.T) {
	f, err := ReadFile(filepath.Join("testdata", "valid", "unpadded_header.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	if w := f.Find("w"); w == nil || !slices.Equal(w.Data, []float32{1, 2, 3}) {
		t.Errorf("Find(w) = %+v", w)
	}
	if f.Find("v") != nil {
		t.Errorf("Find(v) found a tensor")
	}
	_, err = ReadFile(filepath.Join("testdata", "no such file"))
	if err == nil || !strings.HasPrefix(err.Error(), "safetensors: ") {
		t.Errorf("missing file: error %v", err)
	}
}
