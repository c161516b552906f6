package data

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"genplay/tensor/rng"
)

// Images is a labelled set of 8-bit greyscale images, such as MNIST's
// digits. As a training source it yields dequantised pixels in [0, 1):
// pixel value p becomes (p + u)/256 with u ~ U[0, 1), so a model's density
// on the unit cube converts to bits per dimension as in Theis et al. 2016.
type Images struct {
	// Name is the set's identifier in specs and links: "mnist".
	Name string
	// Rows and Cols are the height and width of every image.
	Rows, Cols int
	// Pixels holds the images one after the other, row by row, 0 being
	// background and 255 full ink.
	Pixels []uint8
	// Labels holds each image's class, 0 to Classes-1.
	Labels []uint8
	// Classes is the number of classes (10 for digits).
	Classes int
}

// Len returns the number of images.
func (s *Images) Len() int { return len(s.Labels) }

// Dim returns the number of pixels of one image.
func (s *Images) Dim() int { return s.Rows * s.Cols }

// Sample fills dst with len(dst)/Dim() dequantised images drawn uniformly
// with replacement. It panics if len(dst) is not a multiple of Dim.
func (s *Images) Sample(dst []float32, r *rng.PCG) {
	d := s.Dim()
	if len(dst)%d != 0 {
		panic("data: destination length is not a multiple of the image size")
	}
	for o := 0; o < len(dst); o += d {
		i := r.Intn(s.Len())
		px := s.Pixels[i*d : (i+1)*d]
		row := dst[o : o+d]
		for j, p := range px {
			row[j] = (float32(p) + r.Float32()) * (1.0 / 256)
		}
	}
}

// Image writes image i into dst (len Dim) as pixel centres (p + ½)/256, the
// deterministic counterpart of Sample's dequantisation.
func (s *Images) Image(dst []float32, i int) {
	d := s.Dim()
	for j, p := range s.Pixels[i*d : (i+1)*d] {
		dst[j] = (float32(p) + 0.5) * (1.0 / 256)
	}
}

// Batch writes images lo, lo+1, …, hi-1 into dst as Image does, and their
// labels into labels (if not nil).
func (s *Images) Batch(dst []float32, labels []uint8, lo, hi int) {
	d := s.Dim()
	for i := lo; i < hi; i++ {
		s.Image(dst[(i-lo)*d:(i-lo+1)*d], i)
	}
	if labels != nil {
		copy(labels, s.Labels[lo:hi])
	}
}

// Subset returns the first n images (all if n exceeds the set).
func (s *Images) Subset(n int) *Images {
	n = min(n, s.Len())
	c := *s
	c.Pixels = s.Pixels[:n*s.Dim()]
	c.Labels = s.Labels[:n]
	return &c
}

// The image asset: a compact container the build writes from the original
// IDX files and the server serves (gzip shrinks it about fivefold).
//
//	magic   "GPIM"       4 bytes
//	version 1            uint32 little-endian
//	count   n            uint32
//	rows    r            uint32
//	cols    c            uint32
//	classes k            uint32
//	name    len + bytes  uint32 + up to 64 bytes of [a-z0-9-]
//	labels               n bytes, each < k
//	pixels               n·r·c bytes
const (
	imagesMagic   = "GPIM"
	imagesVersion = 1
	// MaxImagesBytes bounds the size of an image asset DecodeImages accepts.
	MaxImagesBytes = 128 << 20
	maxImageSide   = 256
	maxNameLen     = 64
)

// EncodeImages writes s in the image asset format.
func EncodeImages(w io.Writer, s *Images) error {
	if err := s.check(); err != nil {
		return err
	}
	var hdr [28]byte
	copy(hdr[:4], imagesMagic)
	le := binary.LittleEndian
	le.PutUint32(hdr[4:], imagesVersion)
	le.PutUint32(hdr[8:], uint32(s.Len()))
	le.PutUint32(hdr[12:], uint32(s.Rows))
	le.PutUint32(hdr[16:], uint32(s.Cols))
	le.PutUint32(hdr[20:], uint32(s.Classes))
	le.PutUint32(hdr[24:], uint32(len(s.Name)))
	for _, b := range [][]byte{hdr[:], []byte(s.Name), s.Labels, s.Pixels} {
		if _, err := w.Write(b); err != nil {
			return fmt.Errorf("data: writing images: %w", err)
		}
	}
	return nil
}

// check validates the fields of s.
func (s *Images) check() error {
	if err := checkName(s.Name); err != nil {
		return err
	}
	if s.Rows < 1 || s.Cols < 1 || s.Rows > maxImageSide || s.Cols > maxImageSide {
		return fmt.Errorf("data: image size %d×%d outside 1…%d", s.Rows, s.Cols, maxImageSide)
	}
	if s.Classes < 1 || s.Classes > 256 {
		return fmt.Errorf("data: %d classes outside 1…256", s.Classes)
	}
	if len(s.Pixels) != s.Len()*s.Dim() {
		return fmt.Errorf("data: %d pixels for %d images of %d×%d", len(s.Pixels), s.Len(), s.Rows, s.Cols)
	}
	for i, l := range s.Labels {
		if int(l) >= s.Classes {
			return fmt.Errorf("data: image %d has label %d, outside 0…%d", i, l, s.Classes-1)
		}
	}
	return nil
}

func checkName(name string) error {
	if name == "" || len(name) > maxNameLen {
		return fmt.Errorf("data: image set name of %d bytes, want 1…%d", len(name), maxNameLen)
	}
	for _, c := range []byte(name) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return fmt.Errorf("data: image set name %q has characters outside [a-z0-9-]", name)
		}
	}
	return nil
}

// DecodeImages parses an image asset. Every field is checked and the sizes
// must account for every byte; the returned set does not alias b.
func DecodeImages(b []byte) (*Images, error) {
	if len(b) > MaxImagesBytes {
		return nil, fmt.Errorf("data: image asset of %d bytes is over the %d-byte limit", len(b), MaxImagesBytes)
	}
	if len(b) < 28 || string(b[:4]) != imagesMagic {
		return nil, errors.New("data: not an image asset (no GPIM header)")
	}
	le := binary.LittleEndian
	if v := le.Uint32(b[4:]); v != imagesVersion {
		return nil, fmt.Errorf("data: image asset version %d, want %d", v, imagesVersion)
	}
	n, rows, cols, classes, nameLen := uint64(le.Uint32(b[8:])), uint64(le.Uint32(b[12:])), uint64(le.Uint32(b[16:])), uint64(le.Uint32(b[20:])), uint64(le.Uint32(b[24:]))
	if rows < 1 || cols < 1 || rows > maxImageSide || cols > maxImageSide {
		return nil, fmt.Errorf("data: image size %d×%d outside 1…%d", rows, cols, maxImageSide)
	}
	if nameLen > maxNameLen {
		return nil, fmt.Errorf("data: image set name of %d bytes, over %d", nameLen, maxNameLen)
	}
	want := 28 + nameLen + n + n*rows*cols
	if want != uint64(len(b)) {
		return nil, fmt.Errorf("data: image asset is %d bytes, its header describes %d", len(b), want)
	}
	b = b[28:]
	s := &Images{
		Name:    string(b[:nameLen]),
		Rows:    int(rows),
		Cols:    int(cols),
		Classes: int(classes),
		Labels:  bytes.Clone(b[nameLen : nameLen+n]),
		Pixels:  bytes.Clone(b[nameLen+n:]),
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	return s, nil
}

// ReadImages reads and decodes an image asset from r.
func ReadImages(r io.Reader) (*Images, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxImagesBytes+1))
	if err != nil {
		return nil, fmt.Errorf("data: reading images: %w", err)
	}
	return DecodeImages(b)
}
