package safetensors

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Write writes f to w in the safetensors format, each tensor in its Dtype.
// The same tensors and metadata give the same bytes, whatever the order of
// f.Tensors; the package documentation gives the layout.
//
// Write returns an error, before writing anything, if a tensor's name is
// "__metadata__", repeated or not valid UTF-8, its Dtype is not F32, F16 or
// BF16, or its Shape has a negative dimension or does not match len(Data);
// or if a metadata key or value is not valid UTF-8. Besides the header, it
// allocates a fixed 32 KiB buffer for the data.
func Write(w io.Writer, f *File) error {
	order, err := check(f)
	if err != nil {
		return err
	}
	if err := write(w, f, order); err != nil {
		return fmt.Errorf("safetensors: %w", err)
	}
	return nil
}

// write writes f, checked, with its tensors' data in the given order.
func write(w io.Writer, f *File, order []int) error {
	head := header(f, order)
	var buf [32 << 10]byte
	binary.LittleEndian.PutUint64(buf[:], uint64(len(head)))
	if _, err := w.Write(buf[:8]); err != nil {
		return err
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	for _, i := range order {
		t := &f.Tensors[i]
		size := t.Dtype.size()
		for data := t.Data; len(data) > 0; {
			n := min(len(data), len(buf)/size)
			encode(t.Dtype, buf[:n*size], data[:n])
			if _, err := w.Write(buf[:n*size]); err != nil {
				return err
			}
			data = data[n:]
		}
	}
	return nil
}

// WriteFile writes f to the file name, creating or truncating it, with
// Write.
func WriteFile(name string, f *File) error {
	order, err := check(f)
	if err != nil {
		return err // before touching the file
	}
	out, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("safetensors: %w", err)
	}
	bw := bufio.NewWriter(out)
	err = write(bw, f, order)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("safetensors: writing %s: %w", name, err)
	}
	return nil
}

// check validates f for Write and returns the indices of f.Tensors in data
// order: descending Dtype rank, then name.
func check(f *File) ([]int, error) {
	if f == nil {
		return nil, errorf("nil File")
	}
	for k, v := range f.Metadata {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			return nil, errorf("metadata %q: key or value is not valid UTF-8", k)
		}
	}
	order := make([]int, len(f.Tensors))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		x, y := &f.Tensors[i], &f.Tensors[j]
		if rx, ry := x.Dtype.rank(), y.Dtype.rank(); rx != ry {
			return ry - rx
		}
		return strings.Compare(x.Name, y.Name)
	})
	names := make(map[string]bool, len(f.Tensors))
	for _, i := range order {
		t := &f.Tensors[i]
		switch {
		case t.Name == metadataKey:
			return nil, errorf("a tensor may not be named %s", metadataKey)
		case !utf8.ValidString(t.Name):
			return nil, errorf("tensor %q: name is not valid UTF-8", t.Name)
		case names[t.Name]:
			return nil, errorf("duplicate tensor name %q", t.Name)
		case t.Dtype.size() == 0:
			return nil, errorf("tensor %q: unsupported dtype %v", t.Name, t.Dtype)
		case slices.ContainsFunc(t.Shape, func(d int) bool { return d < 0 }):
			return nil, errorf("tensor %q: invalid shape %v: negative dimension", t.Name, t.Shape)
		}
		names[t.Name] = true
		if n, ok := numElements(t.Shape, math.MaxInt/t.Dtype.size()); !ok || n != len(t.Data) {
			return nil, errorf("tensor %q: shape %v does not match %d elements", t.Name, t.Shape, len(t.Data))
		}
	}
	return order, nil
}

// header returns the JSON header of f, its tensors in the given order,
// padded with spaces to a multiple of 8 bytes.
func header(f *File, order []int) []byte {
	b := []byte{'{'}
	if len(f.Metadata) > 0 {
		b = appendString(b, metadataKey)
		b = append(b, ":{"...)
		keys := make([]string, 0, len(f.Metadata))
		for k := range f.Metadata {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			b = appendString(b, f.Metadata[k])
		}
		b = append(b, '}')
	}
	var off uint64
	for k, i := range order {
		t := &f.Tensors[i]
		if k > 0 || len(f.Metadata) > 0 {
			b = append(b, ',')
		}
		b = appendString(b, t.Name)
		b = append(b, `:{"dtype":"`...)
		b = append(b, t.Dtype.String()...)
		b = append(b, `","shape":[`...)
		for j, d := range t.Shape {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(d), 10)
		}
		end := off + uint64(len(t.Data)*t.Dtype.size())
		b = append(b, `],"data_offsets":[`...)
		b = strconv.AppendUint(b, off, 10)
		b = append(b, ',')
		b = strconv.AppendUint(b, end, 10)
		b = append(b, "]}"...)
		off = end
	}
	b = append(b, '}')
	for len(b)%8 != 0 {
		b = append(b, ' ')
	}
	return b
}

// appendString appends s, valid UTF-8, as a JSON string, escaped as
// serde_json (the reference implementation's JSON library) escapes it.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\b':
			b = append(b, '\\', 'b')
		case c == '\f':
			b = append(b, '\\', 'f')
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// encode stores src into dst as dtype d; len(dst) = len(src) × d.size().
func encode(d Dtype, dst []byte, src []float32) {
	switch d {
	case F32:
		for i, v := range src {
			binary.LittleEndian.PutUint32(dst[4*i:], math.Float32bits(v))
		}
	case F16:
		for i, v := range src {
			binary.LittleEndian.PutUint16(dst[2*i:], f32ToF16(v))
		}
	case BF16:
		for i, v := range src {
			binary.LittleEndian.PutUint16(dst[2*i:], f32ToBF16(v))
		}
	}
}
