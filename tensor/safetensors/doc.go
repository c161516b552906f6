// Package safetensors reads and writes tensors in the safetensors format,
// the file format of genplay's pretrained weights.
//
// The format is specified at https://github.com/huggingface/safetensors. A
// file is
//
//	8 bytes   N, the header length, an unsigned little-endian 64-bit integer
//	N bytes   the header: a UTF-8 JSON object
//	rest      the data buffer: the raw little-endian bytes of every tensor
//
// The header maps each tensor name to its element type, shape and byte range
// in the data buffer (offsets relative to the first byte after the header):
//
//	{"__metadata__": {"family": "vae", "seed": "7"},
//	 "enc.0.weight": {"dtype": "F32", "shape": [2, 64], "data_offsets": [0, 512]},
//	 ...}
//
// The optional "__metadata__" entry maps strings to strings; genplay stores a
// model's spec and metrics there.
//
// # Element types
//
// genplay computes in float32 only. Read accepts the dtypes F32, F16 (IEEE 754
// binary16) and BF16 (bfloat16, the top 16 bits of a float32) and returns
// every tensor as []float32; F16 and BF16 widen exactly, subnormals,
// infinities and NaNs included. Any other dtype of the format (I64, F64, ...)
// is refused with an error naming the tensor and the dtype. Write stores each
// tensor in its Tensor.Dtype, F32 unless set; F16 and BF16 round to nearest,
// ties to even.
//
// # Validation
//
// Read treats a file as hostile. Every number in the header is checked
// against the file before it is used, and nothing is allocated from a header
// number alone: the data a file yields is at most twice the size of its data
// buffer (F16 and BF16 widen to 4 bytes), and the parsed header is at most a
// constant factor larger than its JSON text. A file is refused, with an
// error starting "safetensors: ", when
//
//   - it is shorter than 8 bytes, or its header length exceeds the rest of
//     the file or the reference implementation's limit of 100,000,000 bytes;
//   - the header is not valid UTF-8 JSON, is not an object, or is followed by
//     anything but whitespace (a header may or may not be padded with
//     spaces);
//   - a key appears twice at any level, or a tensor entry has a key other
//     than dtype, shape and data_offsets, or lacks one of them;
//   - __metadata__ is not an object of strings (null is taken as absent);
//   - a dimension or an offset is not a non-negative integer, the element
//     count overflows, an offset lies past the data buffer, a begin offset
//     exceeds its end, or the byte range does not match shape × dtype size;
//   - two tensors overlap, or the tensors do not cover the data buffer
//     exactly: like the reference implementation, which requires the last
//     offset to be the end of the file, genplay refuses gaps between tensors
//     and trailing bytes after the last one.
//
// # Order and determinism
//
// Read returns tensors sorted by name, whatever their order in the header or
// in the data buffer. Write ignores the order of File.Tensors and produces
// the same bytes for the same tensors and metadata: like the reference
// implementation, it lays the data out by descending dtype rank (F32, then
// BF16, then F16, so every tensor is aligned to its element size) and then by
// name, lists the header entries in that order after "__metadata__" (whose
// keys it sorts), writes JSON without spaces, and pads the header with
// spaces to a multiple of 8 bytes.
package safetensors
