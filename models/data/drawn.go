package data

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"genplay/tensor/rng"
)

// A drawn data set carries its points in its name, so that a Spec, and with
// it a link or a weights file, reproduces a run on a drawing:
//
//	"drawn:" + base64url, unpadded, of x₀ y₀ x₁ y₁ … as little-endian int16
//	in thousandths
//
// Coordinates are clamped to ±DrawnLimit, so each fits an int16 (±32.767)
// with room to spare; 2000 points make a name of about 10.7 kB, within
// models.MaxSpecBytes.

// DrawnPrefix starts the name of every drawn data set.
const DrawnPrefix = "drawn:"

// The bounds of a drawing.
const (
	MinDrawn   = 3    // fewest points
	MaxDrawn   = 2000 // most points
	DrawnLimit = 8    // largest |coordinate|; EncodeDrawn clamps to it
)

// drawnScale is the quantum of a drawn coordinate: 1/1000.
const drawnScale = 1000

// MaxCSVBytes bounds the input ParseCSV reads.
const MaxCSVBytes = 1 << 20

// EncodeDrawn returns the data-set name of the points x₀, y₀, x₁, y₁, …,
// each clamped to [−DrawnLimit, DrawnLimit] and rounded to 1/1000. It
// returns an error unless there are MinDrawn to MaxDrawn points, all finite.
func EncodeDrawn(points []float32) (string, error) {
	if err := checkDrawnCount(len(points)); err != nil {
		return "", err
	}
	buf := make([]byte, 2*len(points))
	for i, v := range points {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return "", fmt.Errorf("data: drawn coordinate %d is %g, not finite", i, v)
		}
		q := math.Round(float64(min(max(v, -DrawnLimit), DrawnLimit)) * drawnScale)
		binary.LittleEndian.PutUint16(buf[2*i:], uint16(int16(q)))
	}
	return DrawnPrefix + base64.RawURLEncoding.EncodeToString(buf), nil
}

// DecodeDrawn returns the points a drawn data set's name holds. It accepts
// exactly the names EncodeDrawn returns: the prefix, base64url without
// padding or line breaks, whole points, MinDrawn to MaxDrawn of them, and
// coordinates within ±DrawnLimit.
func DecodeDrawn(name string) ([]float32, error) {
	payload, ok := strings.CutPrefix(name, DrawnPrefix)
	if !ok {
		return nil, fmt.Errorf("data: a drawn data set's name starts with %q", DrawnPrefix)
	}
	if n := base64.RawURLEncoding.EncodedLen(4 * MaxDrawn); len(payload) > n {
		return nil, fmt.Errorf("data: drawn data set name of %d characters, over the %d of %d points", len(payload), n, MaxDrawn)
	}
	// The decoder skips line breaks; a name with them would not re-encode
	// to itself.
	if i := strings.IndexFunc(payload, func(r rune) bool {
		return !('A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' || r == '_')
	}); i >= 0 {
		return nil, fmt.Errorf("data: drawn data set: character %q at %d is not base64url", payload[i], i)
	}
	buf, err := base64.RawURLEncoding.Strict().DecodeString(payload)
	if err != nil {
		return nil, fmt.Errorf("data: drawn data set: bad base64url: %w", err)
	}
	if len(buf)%2 != 0 {
		return nil, fmt.Errorf("data: drawn data set: odd byte count %d, want 2 bytes a coordinate", len(buf))
	}
	if err := checkDrawnCount(len(buf) / 2); err != nil {
		return nil, err
	}
	points := make([]float32, len(buf)/2)
	for i := range points {
		q := int16(binary.LittleEndian.Uint16(buf[2*i:]))
		if q < -DrawnLimit*drawnScale || q > DrawnLimit*drawnScale {
			return nil, fmt.Errorf("data: drawn coordinate %d is %g, outside [-%d, %d]", i, float64(q)/drawnScale, DrawnLimit, DrawnLimit)
		}
		points[i] = float32(float64(q) / drawnScale)
	}
	return points, nil
}

// checkDrawnCount checks the number of coordinates of a drawing.
func checkDrawnCount(coords int) error {
	switch {
	case coords%2 != 0:
		return fmt.Errorf("data: %d drawn coordinates, an x without its y", coords)
	case coords/2 < MinDrawn:
		return fmt.Errorf("data: %d drawn points, fewer than %d", coords/2, MinDrawn)
	case coords/2 > MaxDrawn:
		return fmt.Errorf("data: %d drawn points, more than %d", coords/2, MaxDrawn)
	}
	return nil
}

// Drawn returns the data set whose points the name holds (see DecodeDrawn).
// Its Extent is the smallest integer half-width, at least 4, that leaves a
// margin of 0.5 around every point. Sampling draws one of the points
// uniformly and adds N(0, σ²) to each coordinate with σ = 0.05·Extent/4:
// 0.05 at the default view of ±4, where a stroke drawn with the mouse is
// about that wide, and growing with the view so the jitter looks the same
// on screen. The set has no Centers: the points are a stroke, not modes,
// and its entropy is unknown.
func Drawn(name string) (Set, error) {
	points, err := DecodeDrawn(name)
	if err != nil {
		return Set{}, err
	}
	var largest float32
	for _, v := range points {
		largest = max(largest, v, -v)
	}
	extent := max(4, float32(math.Ceil(float64(largest)+0.5)))
	std := 0.05 * extent / 4
	return Set{
		Name: name, Title: fmt.Sprintf("Your drawing (%d points)", len(points)/2), Source: "drawn by hand",
		Entropy: math.NaN(), Extent: extent,
		sample: jittered(points, std),
	}, nil
}

// jittered samples one of the points uniformly and adds N(0, std²) to each
// coordinate.
func jittered(points []float32, std float32) func(dst []float32, r *rng.PCG) {
	k := len(points) / 2
	return func(dst []float32, r *rng.PCG) {
		for i := 0; i < len(dst); i += 2 {
			c := r.Intn(k)
			dst[i] = points[2*c] + std*r.Normal()
			dst[i+1] = points[2*c+1] + std*r.Normal()
		}
	}
}

// ParseCSV reads points from r, one "x,y" row a line, as x₀, y₀, x₁, y₁, ….
// Blank lines and spaces around the values are ignored, and the first row
// may be a header of two non-numbers. It returns an error naming the line
// of the first bad row (not two columns, not a number, not finite), or if
// there are fewer than MinDrawn or more than maxPoints points, or more than
// MaxCSVBytes of input.
func ParseCSV(r io.Reader, maxPoints int) ([]float32, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxCSVBytes+1))
	if err != nil {
		return nil, fmt.Errorf("data: csv: %w", err)
	}
	if len(b) > MaxCSVBytes {
		return nil, fmt.Errorf("data: csv is over the %d-byte limit", MaxCSVBytes)
	}
	var points []float32
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, MaxCSVBytes+1)
	first := true
	for line := 1; sc.Scan(); line++ {
		row := strings.TrimSpace(sc.Text())
		if row == "" {
			continue
		}
		cols := strings.Split(row, ",")
		if len(cols) != 2 {
			return nil, fmt.Errorf("data: csv line %d: %d columns, want 2 (x,y)", line, len(cols))
		}
		var xy [2]float32
		var bad [2]error
		for i, c := range cols {
			xy[i], bad[i] = parseCoord(strings.TrimSpace(c))
		}
		if first && errors.Is(bad[0], errNotNumber) && errors.Is(bad[1], errNotNumber) {
			first = false // a header
			continue
		}
		first = false
		for _, err := range bad {
			if err != nil {
				return nil, fmt.Errorf("data: csv line %d: %w", line, err)
			}
		}
		if len(points)/2 >= maxPoints {
			return nil, fmt.Errorf("data: csv line %d: more than %d points", line, maxPoints)
		}
		points = append(points, xy[0], xy[1])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("data: csv: %w", err)
	}
	if len(points)/2 < MinDrawn {
		return nil, fmt.Errorf("data: csv has %d points, fewer than %d", len(points)/2, MinDrawn)
	}
	return points, nil
}

var errNotNumber = errors.New("not a number")

// parseCoord parses one CSV value as a finite float32.
func parseCoord(s string) (float32, error) {
	v, err := strconv.ParseFloat(s, 32)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("%q is %w", s, errNotNumber)
	}
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return float32(v), nil
}
