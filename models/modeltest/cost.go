package modeltest

import (
	"runtime"
	"slices"
	"testing"

	"genplay/models"
	"genplay/tensor/rng"
)

// Uniform is a Source of points of dimension D with coordinates uniform in
// [0, 1), a stand-in for images where only the shapes matter.
type Uniform struct{ D int }

// Dim returns D.
func (u Uniform) Dim() int { return u.D }

// Sample fills dst with uniform values drawn with r.
func (u Uniform) Sample(dst []float32, r *rng.PCG) {
	for i := range dst {
		dst[i] = r.Float32()
	}
}

// Live returns the bytes of the heap in use after a collection.
func Live() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// CostCase is one configuration whose Cost CheckCost compares with what a
// built model allocates.
type CostCase struct {
	Name string
	Cost models.Cost
	// Tensors is the table the Config expects (its Tensors method).
	Tensors []models.TensorShape
	// Build builds the model.
	Build func() (models.Model, error)
	// Src is the data it trains on.
	Src models.Source
	// Infer runs the inference passes the Cost's Buffers count, one
	// after the other; CheckCost compares Bytes with the most the model
	// holds after any of them, since a tape keeps a pass's buffers until
	// a pass of other shapes replaces them.
	Infer []func(m models.Model, r *rng.PCG)
}

// CostTolerance is the relative error CheckCost allows between a Cost and
// the bytes a built model holds. The formulas count every tensor a pass
// records; what they leave out is the Go overhead of the tape's nodes and
// slice headers, and the rounding of allocations to size classes.
const CostTolerance = 0.25

// CheckCost builds the model of c, takes two training steps and runs its
// inference, and fails t unless the bytes the model holds after training
// are within CostTolerance of the Cost's Weights, Optimizer and
// Activations, the most it holds after an inference pass within CostTolerance of
// Bytes, its parameter count equal to Params, and its weights' names and
// shapes those of Tensors, in order.
func CheckCost(t *testing.T, c CostCase) {
	t.Helper()
	before := Live()
	m, err := c.Build()
	if err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	r := rng.New(1)
	for range 2 {
		m.TrainStep(c.Src, r)
	}
	trained := Live() - before
	var inferred int64
	for _, f := range c.Infer {
		f(m, r)
		inferred = max(inferred, Live()-before)
	}

	var params int64
	var table []models.TensorShape
	for _, w := range m.Weights() {
		params += int64(w.T.Len())
		table = append(table, models.TensorShape{Name: w.Name, Shape: w.T.Shape})
	}
	runtime.KeepAlive(m)
	if params != c.Cost.Params {
		t.Errorf("%s: Cost.Params = %d, the model has %d", c.Name, c.Cost.Params, params)
	}
	if !slices.EqualFunc(table, c.Tensors, func(a, b models.TensorShape) bool {
		return a.Name == b.Name && slices.Equal(a.Shape, b.Shape)
	}) {
		t.Errorf("%s: Tensors = %v, the model has %v", c.Name, c.Tensors, table)
	}
	train := c.Cost.Weights + c.Cost.Optimizer + c.Cost.Activations
	t.Logf("%s: training %d bytes, cost %d (%.3f); after inference %d, cost %d (%.3f)", c.Name,
		trained, train, float64(train)/float64(trained), inferred, c.Cost.Bytes(), float64(c.Cost.Bytes())/float64(inferred))
	if rel := float64(train)/float64(trained) - 1; rel > CostTolerance || rel < -CostTolerance {
		t.Errorf("%s: the model holds %d bytes after training, its cost says %d (%+.0f%%)", c.Name, trained, train, 100*rel)
	}
	if rel := float64(c.Cost.Bytes())/float64(inferred) - 1; rel > CostTolerance || rel < -CostTolerance {
		t.Errorf("%s: the model holds %d bytes after inference, its cost says %d (%+.0f%%)", c.Name, inferred, c.Cost.Bytes(), 100*rel)
	}
}
