package safetensors

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzRead reads arbitrary bytes. Read must not panic; it must refuse with a
// "safetensors: " error or return a file that Write accepts and that reads
// back the same; and it must not allocate more than allocBound of the input
// length. Parse ensures that bound by construction: it allocates for tensor
// data only after checking every range against the data actually present
// (so at most 2 bytes per input byte: F16 and BF16 widen to float32), and
// it builds from the header only values that each come from bytes of the
// header (see parseHeader). The measurement here catches any allocation sized
// by a number in the header instead. Read adds io.ReadAll's copy of the
// input, at most about twice its length.
//
// The seeds are every file in testdata; the fuzzer's finds go to
// testdata/fuzz/FuzzRead.
func FuzzRead(f *testing.F) {
	for _, dir := range []string{"valid", "invalid"} {
		for _, b := range testdataFiles(f, dir) {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var (
			file *File
			err  error
		)
		if n := allocated(func() { file, err = Read(bytes.NewReader(b)) }); n > allocBound(len(b)) {
			t.Fatalf("Read of %d bytes allocated %d bytes", len(b), n)
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), "safetensors: ") {
				t.Fatalf("error without the prefix: %v", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, file); err != nil {
			t.Fatalf("Write of a file Read returned: %v", err)
		}
		again, err := Parse(buf.Bytes())
		if err != nil {
			t.Fatalf("Parse of a file Write wrote: %v", err)
		}
		if !sameFile(file, again) {
			t.Fatalf("rewritten file differs:\n%+v\n%+v", file, again)
		}
	})
}
