package models

import (
	"errors"
	"strings"
	"testing"
)

func TestSize(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{
		{0, "0 B"}, {512, "512 B"}, {1536, "1.5 KB"}, {256 << 20, "256 MB"}, {3 << 29, "1.5 GB"}, {(1 << 40) * 6, "6 TB"}, {1<<63 - 1, "8 EB"},
	} {
		if got := Size(c.n); got != c.want {
			t.Errorf("Size(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	for _, c := range []struct {
		n    int64
		want string
	}{{930, "930"}, {12500, "12.5k"}, {61_300_000, "61.3M"}, {16_100_000_000, "16.1G"}} {
		if got := Count(c.n); got != c.want {
			t.Errorf("Count(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

// TestMLPCost counts a 3→4→5→2 MLP by hand: 3·4+4 + 4·5+5 + 5·2+2 = 53
// parameters; per row, the product and the bias sum of every layer (4, 5
// and 2 wide) and a ReLU after the first two: 2·(4+5+2) + 4+5 = 31.
func TestMLPCost(t *testing.T) {
	p, row := MLPCost(3, 4, 5, 2)
	if p != 53 || row != 31 {
		t.Errorf("MLPCost(3, 4, 5, 2) = %d, %d; want 53, 31", p, row)
	}
	if w := Widths(3, 8, 2, 1); len(w) != 4 || w[0] != 3 || w[1] != 8 || w[2] != 8 || w[3] != 1 {
		t.Errorf("Widths(3, 8, 2, 1) = %v", w)
	}
	c := AdamCost(10)
	if c.Params != 10 || c.Weights != 80 || c.Optimizer != 80 || c.Bytes() != 160 {
		t.Errorf("AdamCost(10) = %+v", c)
	}
}

func TestOverBudget(t *testing.T) {
	c := Cost{Params: 1000, Weights: 300 << 20, Optimizer: 300 << 20}
	if err := CheckBudget("ae", c, 1<<30); err != nil {
		t.Errorf("a 600 MB cost within 1 GB: %v", err)
	}
	if err := CheckBudget("ae", c, 0); err != nil {
		t.Errorf("no budget: %v", err)
	}
	err := CheckBudget("ae", c, 512<<20)
	var ob *OverBudget
	if !errors.As(err, &ob) || !strings.Contains(err.Error(), "needs 600 MB") || !strings.Contains(err.Error(), "budget of 512 MB") {
		t.Fatalf("CheckBudget over: %v", err)
	}
	ob.Lower = []Lowering{{Key: "hidden", Value: 512, Fits: 300}, {Key: "batch", Value: 1024}}
	if msg := ob.Error(); !strings.HasSuffix(msg, "lower hidden (now 512; 300 fits) or batch (now 1024)") {
		t.Errorf("message %q", msg)
	}
}

func TestSameTable(t *testing.T) {
	want := LinearShapes(nil, "enc", 2, 3)
	if d := SameTable([]TensorShape{want[1], want[0]}, want); d != "" {
		t.Errorf("the same table in another order: %s", d)
	}
	for _, c := range []struct {
		file []TensorShape
		want string
	}{
		{want[:1], "the file has 1 tensors, the model has 2"},
		{[]TensorShape{want[0], {Name: "enc.0.c", Shape: []int{3}}}, `lacks tensor "enc.0.b"`},
		{[]TensorShape{want[0], {Name: "enc.0.b", Shape: []int{4}}}, `tensor "enc.0.b" has shape [4], the model wants [3]`},
	} {
		if d := SameTable(c.file, want); !strings.Contains(d, c.want) {
			t.Errorf("SameTable(%v) = %q, want %q", c.file, d, c.want)
		}
	}
	if n := ShapeSize([]int{1 << 31, 1 << 31, 1 << 31}); n != -1 {
		t.Errorf("ShapeSize of an overflowing shape = %d", n)
	}
	if n := TableParams(want); n != 9 {
		t.Errorf("TableParams = %d, want 9", n)
	}
}
