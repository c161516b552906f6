package ui

import "testing"

func TestReadingText(t *testing.T) {
	for _, c := range []struct {
		p    []float32
		want string
	}{
		{nil, ""},
		{[]float32{0.01, 0.02, 0.01, 0.01, 0.01, 0.01, 0.01, 0.926, 0.004, 0.01}, "reads as 7 (93 %)"},
		{[]float32{0.5, 0.5}, "reads as 0 (50 %)"}, // the lower class on a tie, as classifier.Predict
		{[]float32{0, 0, 1}, "reads as 2 (100 %)"},
	} {
		if got := readingText(c.p); got != c.want {
			t.Errorf("readingText(%v) = %q, want %q", c.p, got, c.want)
		}
	}
}
