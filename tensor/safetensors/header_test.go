package safetensors

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	const w = `"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}`
	two := f32Bytes(1, 2)
	for _, c := range []struct {
		name, header string
		data         []byte
		want         []string // substrings of the error, in any order
	}{
		{"empty header", ``, nil, []string{"header is not valid JSON", "unexpected end of JSON input"}},
		{"blank header", `        `, nil, []string{"header is not valid JSON"}},
		{"invalid UTF-8", "{\"\xff\":1}", nil, []string{"header is not valid JSON", "UTF-8"}},
		{"string header", `"abc"`, nil, []string{"header is not a JSON object"}},
		{"unclosed", `{` + w, two, []string{"header is not valid JSON"}},
		{"trailing comma", `{` + w + `,}`, two, []string{"header is not valid JSON"}},
		{"second object", `{` + w + `} {}`, two, []string{"header is not valid JSON", "after top-level value"}},
		{"garbage after", `{` + w + `}x`, two, []string{"header is not valid JSON"}},
		{"NUL padding", "{" + w + "}\x00\x00", two, []string{"header is not valid JSON"}},

		{"duplicate tensor", `{` + w + `,` + w + `}`, two, []string{`duplicate tensor name "w"`}},
		{"duplicate escaped", `{` + w + `,"\u0077":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, two, []string{`duplicate tensor name "w"`}},
		{"duplicate metadata", `{"__metadata__":{},"__metadata__":{}}`, nil, []string{"duplicate __metadata__"}},
		{"duplicate metadata key", `{"__metadata__":{"a":"1","a":"2"}}`, nil, []string{`duplicate metadata key "a"`}},
		{"metadata array", `{"__metadata__":["a"]}`, nil, []string{"__metadata__ is an array, not an object"}},
		{"metadata string", `{"__metadata__":"a"}`, nil, []string{"__metadata__ is a string, not an object"}},
		{"metadata object value", `{"__metadata__":{"a":{}}}`, nil, []string{"metadata values must be strings", `"a" is an object`}},
		{"metadata null value", `{"__metadata__":{"a":null}}`, nil, []string{"metadata values must be strings", `"a" is null`}},

		{"entry not object", `{"w":[1]}`, nil, []string{`tensor "w": entry is an array, not an object`}},
		{"duplicate key", `{"w":{"dtype":"F32","dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, two, []string{`tensor "w": duplicate key "dtype"`}},
		{"unknown key", `{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"crc":1}}`, two, []string{`tensor "w": unknown key "crc"`}},
		{"missing dtype", `{"w":{"shape":[2],"data_offsets":[0,8]}}`, two, []string{`tensor "w": missing dtype`}},
		{"missing shape", `{"w":{"dtype":"F32","data_offsets":[0,8]}}`, two, []string{`tensor "w": missing shape`}},
		{"dtype number", `{"w":{"dtype":32,"shape":[2],"data_offsets":[0,8]}}`, two, []string{`tensor "w": dtype is a number, not a string`}},
		{"unsupported dtype", `{"w":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}`, two, []string{`tensor "w"`, `unsupported dtype "I64"`}},
		{"lower-case dtype", `{"w":{"dtype":"f32","shape":[2],"data_offsets":[0,8]}}`, two, []string{`tensor "w"`, `unknown dtype "f32"`}},

		{"shape not array", `{"w":{"dtype":"F32","shape":2,"data_offsets":[0,8]}}`, two, []string{`tensor "w": invalid shape: a number, not an array`}},
		{"shape string", `{"w":{"dtype":"F32","shape":["2"],"data_offsets":[0,8]}}`, two, []string{`tensor "w": invalid shape: a string in the array`}},
		{"fractional dim", `{"w":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}}`, two, []string{`tensor "w": invalid shape: dimension 2.0 is not a non-negative integer`}},
		{"exponent dim", `{"w":{"dtype":"F32","shape":[2e0],"data_offsets":[0,8]}}`, two, []string{`tensor "w": invalid shape: dimension 2e0`}},
		{"huge dim", `{"w":{"dtype":"F32","shape":[18446744073709551616],"data_offsets":[0,8]}}`, two, []string{`tensor "w": shape too large`}},
		{"product overflow", `{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}}`, two, []string{`tensor "w": shape too large`}},
		{"bytes overflow", `{"w":{"dtype":"F32","shape":[4611686018427387904],"data_offsets":[0,8]}}`, two, []string{`tensor "w": shape too large`}},
		{"bigger than data", `{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}`, two, []string{`tensor "w": shape [3] does not match the byte size`}},
		{"F16 size", `{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,8]}}`, two, []string{`tensor "w"`, "does not match the byte size", "need 4 bytes"}},

		{"offsets object", `{"w":{"dtype":"F32","shape":[2],"data_offsets":{}}}`, two, []string{`tensor "w": invalid data offsets: an object, not an array`}},
		{"one offset", `{"w":{"dtype":"F32","shape":[2],"data_offsets":[8]}}`, two, []string{`tensor "w": invalid data offsets: 1 numbers`}},
		{"three offsets", `{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8,8]}}`, two, []string{`tensor "w": invalid data offsets: 3 numbers`}},
		{"negative offset", `{"w":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}}`, two, []string{`tensor "w": invalid data offsets: -8`}},
		{"huge offset", `{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,18446744073709551616]}}`, two, []string{`tensor "w": data offsets`, "outside the data buffer"}},
		{"both huge", `{"w":{"dtype":"F32","shape":[0],"data_offsets":[18446744073709551616,18446744073709551616]}}`, nil, []string{`tensor "w": data offsets`, "outside the data buffer"}},

		{"gap", `{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}`,
			f32Bytes(1, 2, 3), []string{`gap of 4 bytes before tensor "b"`}},
		{"leading gap", `{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, two, []string{`gap of 4 bytes before tensor "a"`}},
		{"trailing bytes", `{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, two, []string{"4 trailing bytes"}},
		{"no tensors but data", `{}`, two, []string{"8 trailing bytes"}},
		{"empty tensor inside another", `{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"z":{"dtype":"F32","shape":[0],"data_offsets":[4,4]}}`,
			two, []string{`tensors "a" [0, 8] and "z" [4, 4] overlap`}},
		{"same range", `{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`,
			two, []string{`tensors "a" [0, 8] and "b" [0, 8] overlap`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := Parse(build(c.header, c.data))
			if err == nil {
				t.Fatalf("Parse succeeded with %d tensors", len(f.Tensors))
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "safetensors: ") {
				t.Errorf("error %q lacks the prefix", msg)
			}
			for _, s := range c.want {
				if !strings.Contains(msg, s) {
					t.Errorf("error %q does not contain %q", msg, s)
				}
			}
		})
	}
}

func TestParseValid(t *testing.T) {
	for _, c := range []struct {
		name, header string
		data         []byte
		want         *File
	}{
		{"empty", `{}`, nil, &File{}},
		{"blank padding", " {} \t\r\n", nil, &File{}},
		{"null metadata", `{"__metadata__":null}`, nil, &File{}},
		{"empty metadata", `{"__metadata__":{}}`, nil, &File{Metadata: map[string]string{}}},
		{"escapes", `{"__metadata__":{"k\"\\\n":"\u00e9\ud83d\ude00"},"a\/b":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}`, f32Bytes(5),
			&File{Metadata: map[string]string{"k\"\\\n": "é😀"}, Tensors: []Tensor{{Name: "a/b", Shape: []int{}, Data: []float32{5}}}}},
		{"metadata last", `{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"__metadata__":{"a":"b"}}`, f32Bytes(7),
			&File{Metadata: map[string]string{"a": "b"}, Tensors: []Tensor{{Name: "w", Shape: []int{1}, Data: []float32{7}}}}},
		{"key order", `{"w":{"data_offsets":[0,4],"shape":[1],"dtype":"F32"}}`, f32Bytes(7),
			&File{Tensors: []Tensor{{Name: "w", Shape: []int{1}, Data: []float32{7}}}}},
		{"empty tensors share offsets", `{"b":{"dtype":"F32","shape":[0],"data_offsets":[4,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"BF16","shape":[3,0],"data_offsets":[4,4]}}`, f32Bytes(7),
			&File{Tensors: []Tensor{{Name: "a", Shape: []int{3, 0}, Data: []float32{}, Dtype: BF16}, {Name: "b", Shape: []int{0}, Data: []float32{}}, {Name: "w", Shape: []int{1}, Data: []float32{7}}}}},
		// A zero dimension makes any other dimension harmless.
		{"zero beside huge", `{"z":{"dtype":"F32","shape":[0,9223372036854775807,9223372036854775807],"data_offsets":[0,0]}}`, nil,
			&File{Tensors: []Tensor{{Name: "z", Shape: []int{0, math.MaxInt64, math.MaxInt64}, Data: []float32{}}}}},
	} {
		f, err := Parse(build(c.header, c.data))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !sameFile(f, c.want) || (f.Metadata == nil) != (c.want.Metadata == nil) {
			t.Errorf("%s: got %+v, want %+v", c.name, f, c.want)
		}
	}
}

// TestUnescape checks the scanner's strings against encoding/json's on
// escapes, surrogate pairs, unpaired surrogates and random strings.
func TestUnescape(t *testing.T) {
	cases := []string{
		`""`, `"plain"`, `"\"\\\/\b\f\n\r\t"`, `"\u0041\u00e9\u20AC"`,
		`"\ud83d\ude00"`, `"\ud83d"`, `"\ude00"`, `"\ud83dx"`, `"\ud83d\u0041"`, `"\ud83d\ud83d\ude00"`,
		`"é😀\n"`, `"a\\"`, `"\\u0041"`,
	}
	r := rand.New(rand.NewPCG(7, 8))
	pieces := []string{`a`, `é`, `😀`, `\"`, `\\`, `\/`, `\n`, `\u0000`, `\u001f`, `\ud83d`, `\ude00`, `\uDBFF`, `\uDFFF`, `\uFFFF`}
	for range 2000 {
		var sb strings.Builder
		sb.WriteByte('"')
		for range r.IntN(8) {
			sb.WriteString(pieces[r.IntN(len(pieces))])
		}
		sb.WriteByte('"')
		cases = append(cases, sb.String())
	}
	for _, c := range cases {
		var want string
		if err := json.Unmarshal([]byte(c), &want); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		s := &scanner{b: []byte(c)}
		if got := s.str(); got != want || s.i != len(c) {
			t.Errorf("%s: got %q (ending at %d), want %q", c, got, s.i, want)
		}
	}
}
