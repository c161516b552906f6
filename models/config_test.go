package models

import "testing"

func TestFirstChange(t *testing.T) {
	type cfg struct {
		A int     `json:"a"`
		B float32 `json:"b,omitempty"`
		C string  `json:"c"`
	}
	base := cfg{A: 1, B: 2, C: "x"}
	for _, tt := range []struct {
		b    cfg
		want string
	}{
		{base, ""},
		{cfg{A: 1, B: 3, C: "x"}, "b"},
		{cfg{A: 2, B: 3, C: "y"}, "a"},
		{cfg{A: 1, B: 2, C: "y"}, "c"},
	} {
		if got := FirstChange(base, tt.b); got != tt.want {
			t.Errorf("FirstChange(%+v, %+v) = %q, want %q", base, tt.b, got, tt.want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("FirstChange of two types did not panic")
		}
	}()
	FirstChange(base, 3)
}
