package safetensors

import "fmt"

// Dtype is the element type a tensor has in a file. The zero value is F32.
type Dtype uint8

// The element types genplay reads and writes.
const (
	F32  Dtype = iota // IEEE 754 binary32
	F16               // IEEE 754 binary16
	BF16              // bfloat16: the top 16 bits of a binary32
)

// String returns the name the header uses for d: "F32", "F16" or "BF16".
func (d Dtype) String() string {
	switch d {
	case F32:
		return "F32"
	case F16:
		return "F16"
	case BF16:
		return "BF16"
	}
	return fmt.Sprintf("Dtype(%d)", uint8(d))
}

// size returns the bytes per element of d, or 0 if d is not a Dtype.
func (d Dtype) size() int {
	switch d {
	case F32:
		return 4
	case F16, BF16:
		return 2
	}
	return 0
}

// rank orders dtypes in data layout the way the reference implementation's
// Dtype enum does (F16 < BF16 < F32); Write lays out higher ranks first.
func (d Dtype) rank() int {
	switch d {
	case F16:
		return 0
	case BF16:
		return 1
	}
	return 2
}

// parseDtype returns the Dtype named s and whether genplay supports it.
func parseDtype(s string) (Dtype, bool) {
	switch s {
	case "F32":
		return F32, true
	case "F16":
		return F16, true
	case "BF16":
		return BF16, true
	}
	return 0, false
}

// otherDtypes are the dtypes of the format that genplay does not load; an
// error says "unsupported" for these and "unknown" for anything else.
var otherDtypes = []string{
	"BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2",
	"I16", "U16", "I32", "U32", "F64", "I64", "U64", "C64",
}

// Tensor is one named tensor: a shape and its elements in row-major order.
type Tensor struct {
	Name  string
	Shape []int // empty for a scalar; a dimension may be 0
	Data  []float32

	// Dtype is the element type in the file: Read sets it to the type the
	// tensor was stored in, and Write stores the tensor in it (F32 unless
	// set). Data is float32 either way.
	Dtype Dtype
}

// File is the content of a safetensors file.
type File struct {
	// Tensors are sorted by name after Read; Write accepts any order.
	Tensors []Tensor

	// Metadata is the header's "__metadata__" map, nil if the file has
	// none. Write omits it when it is empty.
	Metadata map[string]string
}

// Find returns the tensor of f named name, or nil if there is none.
func (f *File) Find(name string) *Tensor {
	for i := range f.Tensors {
		if f.Tensors[i].Name == name {
			return &f.Tensors[i]
		}
	}
	return nil
}

// numElements returns the product of shape and whether it is at most limit.
// It never overflows: a zero dimension makes the product 0 whatever the
// others are, and otherwise the running product is checked against limit
// before every multiplication.
func numElements(shape []int, limit int) (int, bool) {
	for _, d := range shape {
		if d == 0 {
			return 0, true
		}
	}
	n := 1
	for _, d := range shape {
		if d < 0 || n > limit/d {
			return 0, false
		}
		n *= d
	}
	return n, true
}
