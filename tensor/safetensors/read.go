package safetensors

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
)

// maxHeader is the largest header Read accepts: the reference
// implementation's MAX_HEADER_SIZE (safetensors/src/tensor.rs).
const maxHeader = 100_000_000

// metadataKey is the header key of the metadata map.
const metadataKey = "__metadata__"

// errorf returns an error whose message starts with "safetensors: ".
func errorf(format string, args ...any) error {
	return fmt.Errorf("safetensors: "+format, args...)
}

// ReadFile reads the safetensors file name. See Parse for what it checks.
func ReadFile(name string) (*File, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("safetensors: %w", err)
	}
	return Parse(b)
}

// Read reads a safetensors file from r to its end and parses it. It holds
// the whole input in memory: wrap r in an io.LimitReader if r is untrusted
// and may be long. See Parse for what it checks.
func Read(r io.Reader) (*File, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("safetensors: %w", err)
	}
	return Parse(b)
}

// Parse parses the safetensors file b. It refuses a malformed file with an
// error that starts with "safetensors: " and names the tensor at fault; the
// package documentation lists the checks. The File it returns does not
// share memory with b; it allocates at most twice len(b) for the tensor
// data, plus a constant factor of the header length for names and shapes.
func Parse(b []byte) (*File, error) {
	if len(b) < 8 {
		return nil, errorf("file shorter than the 8-byte header length: %d bytes", len(b))
	}
	n := binary.LittleEndian.Uint64(b)
	if n > uint64(len(b)-8) {
		return nil, errorf("header length larger than the file: %d bytes declared, %d follow the length", n, len(b)-8)
	}
	if n > maxHeader {
		return nil, errorf("header length %d exceeds the limit of %d bytes", n, maxHeader)
	}
	head, data := b[8:8+n], b[8+n:]
	entries, meta, err := parseHeader(head)
	if err != nil {
		return nil, err
	}
	if err := checkLayout(entries, len(data)); err != nil {
		return nil, err
	}

	// Only now that every range is known to lie in data, without overlaps,
	// is anything allocated for tensor data: len(Data) ≤ len(data)/2 summed
	// over all tensors.
	f := &File{Tensors: make([]Tensor, len(entries)), Metadata: meta}
	for i, e := range entries {
		f.Tensors[i] = Tensor{Name: e.name, Shape: e.shape, Dtype: e.dtype, Data: decode(e.dtype, data[e.begin:e.end])}
	}
	return f, nil
}

// entry is a tensor's header entry. Its offsets are checked against the data
// buffer by checkLayout.
type entry struct {
	name       string
	dtype      Dtype
	shape      []int
	begin, end uint64
}

// checkLayout checks every entry's byte range against its shape and dtype and
// against the data buffer of n bytes, then checks that the ranges tile the
// buffer: sorted by offset, each begins where the previous one ends and the
// last ends at n. It reports problems of single tensors in the order of
// entries.
func checkLayout(entries []entry, n int) error {
	for _, e := range entries {
		size := e.dtype.size()
		count, ok := numElements(e.shape, math.MaxInt/size)
		if !ok {
			return errorf("tensor %q: shape too large: %v overflows", e.name, e.shape)
		}
		if e.begin > e.end {
			return errorf("tensor %q: invalid data offsets [%d, %d]: begin after end", e.name, e.begin, e.end)
		}
		if e.end > uint64(n) {
			return errorf("tensor %q: data offsets [%d, %d] outside the data buffer of %d bytes", e.name, e.begin, e.end, n)
		}
		if span := e.end - e.begin; span != uint64(count*size) {
			return errorf("tensor %q: shape %v does not match the byte size: %d %v elements need %d bytes, data offsets [%d, %d] hold %d",
				e.name, e.shape, count, e.dtype, count*size, e.begin, e.end, span)
		}
	}

	order := make([]int, len(entries))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		x, y := &entries[i], &entries[j]
		if x.begin != y.begin {
			return cmpUint(x.begin, y.begin)
		}
		if x.end != y.end {
			return cmpUint(x.end, y.end)
		}
		return strings.Compare(x.name, y.name)
	})
	var end uint64
	for k, i := range order {
		e := &entries[i]
		switch {
		case e.begin < end:
			p := &entries[order[k-1]]
			return errorf("tensors %q [%d, %d] and %q [%d, %d] overlap", p.name, p.begin, p.end, e.name, e.begin, e.end)
		case e.begin > end:
			return errorf("gap of %d bytes before tensor %q: the tensors must cover the data buffer without holes", e.begin-end, e.name)
		}
		end = e.end
	}
	if end != uint64(n) {
		return errorf("%d trailing bytes after the last tensor: the tensors must cover the data buffer without holes", uint64(n)-end)
	}
	return nil
}

func cmpUint(x, y uint64) int {
	if x < y {
		return -1
	}
	if x > y {
		return 1
	}
	return 0
}

// decode returns the elements of b, stored as dtype d, as float32.
func decode(d Dtype, b []byte) []float32 {
	out := make([]float32, len(b)/d.size())
	switch d {
	case F32:
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
	case F16:
		for i := range out {
			out[i] = f16ToF32(binary.LittleEndian.Uint16(b[2*i:]))
		}
	case BF16:
		for i := range out {
			out[i] = bf16ToF32(binary.LittleEndian.Uint16(b[2*i:]))
		}
	}
	return out
}
