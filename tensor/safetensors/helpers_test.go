package safetensors

import (
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"runtime/metrics"
	"slices"
	"testing"
)

// build returns a file with the given header text, unpadded, and data.
func build(header string, data []byte) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	b = append(b, header...)
	return append(b, data...)
}

// f32Bytes returns vs as little-endian F32 bytes.
func f32Bytes(vs ...float32) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b
}

// testdataFiles returns the names of the files in testdata/dir and their
// contents.
func testdataFiles(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	des, err := os.ReadDir(filepath.Join("testdata", dir))
	if err != nil {
		t.Fatal(err)
	}
	files := make(map[string][]byte)
	for _, de := range des {
		b, err := os.ReadFile(filepath.Join("testdata", dir, de.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[de.Name()] = b
	}
	return files
}

// heapAllocs returns the bytes allocated on the heap so far.
func heapAllocs() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// allocBound is the most Parse may allocate for an n-byte input, by the
// argument in Parse's documentation: tensor data at most 2n (F16 and BF16
// widen to 4 bytes), and the parsed header at most a constant factor of its
// JSON text. The constant slack covers the runtime's statistics, which count
// small objects a cached span at a time, so a measurement may include
// allocations made just before it began.
func allocBound(n int) uint64 {
	return 32*uint64(n) + 4<<20
}

// allocated returns the bytes the heap grew by while fn ran.
func allocated(fn func()) uint64 {
	before := heapAllocs()
	fn()
	return heapAllocs() - before
}

// sameFloats reports whether a and b hold the same values bit for bit, except
// that any NaN equals any NaN (a NaN's payload may change through F16/BF16).
func sameFloats(a, b []float32) bool {
	return slices.EqualFunc(a, b, func(x, y float32) bool {
		if x != x || y != y {
			return x != x && y != y
		}
		return math.Float32bits(x) == math.Float32bits(y)
	})
}

// sameFile reports whether a and b hold the same tensors in the same order and
// the same metadata, with an empty map equal to nil.
func sameFile(a, b *File) bool {
	if len(a.Metadata) != len(b.Metadata) || len(a.Tensors) != len(b.Tensors) {
		return false
	}
	for k, v := range a.Metadata {
		if w, ok := b.Metadata[k]; !ok || v != w {
			return false
		}
	}
	for i := range a.Tensors {
		x, y := &a.Tensors[i], &b.Tensors[i]
		if x.Name != y.Name || x.Dtype != y.Dtype || !slices.Equal(x.Shape, y.Shape) || !sameFloats(x.Data, y.Data) {
			return false
		}
	}
	return true
}
