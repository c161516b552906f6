package paint

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
)

// PointsCSV returns points (dim values a point, one after another) as CSV:
// the header line if header is not nil, then one line per point. Values are
// written in the shortest form that reads back as the same float32, NaN as
// an empty field and infinities as +Inf and -Inf; a trailing partial point
// is ignored. It panics if dim < 1 or header is set with a length other
// than dim.
func PointsCSV(points []float32, dim int, header []string) []byte {
	if dim < 1 || (header != nil && len(header) != dim) {
		panic("paint: CSV header length differs from the point dimension")
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if header != nil {
		w.Write(header)
	}
	rec := make([]string, dim)
	for i := 0; i+dim <= len(points); i += dim {
		for j, v := range points[i : i+dim] {
			rec[j] = format(float64(v), 32)
		}
		w.Write(rec)
	}
	w.Flush()
	return buf.Bytes()
}

// CSV returns a table as CSV: the header line if header is not nil, then
// one line per row. Values are written in the shortest form that reads
// back as the same float64, NaN as an empty field and infinities as +Inf
// and -Inf. Rows may differ in length.
func CSV(header []string, rows [][]float64) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if header != nil {
		w.Write(header)
	}
	var rec []string
	for _, row := range rows {
		rec = rec[:0]
		for _, v := range row {
			rec = append(rec, format(v, 64))
		}
		w.Write(rec)
	}
	w.Flush()
	return buf.Bytes()
}

func format(v float64, bits int) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, bits)
}
