package models

import (
	"fmt"
	"slices"
	"strings"
)

// Memory budgets. A Spec's Cost is computed from its configuration before
// anything is built, and a Spec whose Cost is over the budget is refused
// with the setting to lower: the per-field ranges of a Config bound each
// setting, but not their product (a flow of 32 couplings of 512-wide,
// 6-deep networks trained on batches of 1024 MNIST digits needs gigabytes).

// Float is the size of one float32 in bytes.
const Float = 4

// DefaultBudget is the memory budget of a Spec in bytes, in the page and
// by default natively. A browser tab's Go heap grows to about twice the
// live bytes before it collects, and a tab dies at 2–4 GB. The largest
// preset, the flow on MNIST, costs 424 MB: its three inference tapes of
// 256 digits through eight couplings hold 350 MB (flow's cost_test.go
// measures 450 MB held after training and inference), so the budget is
// twice the 256 MB of a first guess.
const DefaultBudget = 512 << 20

// SampleRows is the number of points the inference passes a Cost counts
// push through a network at once: the 64² cells of a field, a VAE bound's
// chunk, the largest figure of the page.
const SampleRows = 4096

// Cost is the memory a model of a Spec takes, computed from its
// configuration before anything is allocated. Each family's Config has a
// Cost method (cost.go in the family's package) that fills it in; its
// tests check the sum against what a built model allocates.
type Cost struct {
	// Params is the number of trainable values.
	Params int64
	// Weights is the bytes of the parameters and their gradients.
	Weights int64
	// Optimizer is the bytes of the optimizer's state: Adam's two moments
	// per parameter.
	Optimizer int64
	// Activations is the bytes the training pass keeps for one batch: the
	// batch itself and every recorded output with its gradient, which the
	// tape reuses from step to step.
	Activations int64
	// Buffers is the bytes of the rest that the configuration sizes: the
	// inference passes of a sample of SampleRows points and tables such
	// as a diffusion model's time embeddings.
	Buffers int64
}

// Bytes returns the total cost in bytes.
func (c Cost) Bytes() int64 { return c.Weights + c.Optimizer + c.Activations + c.Buffers }

// AdamCost returns the Cost of params trainable values optimised by Adam:
// the values, their gradients and the two moments.
func AdamCost(params int64) Cost {
	return Cost{Params: params, Weights: 2 * Float * params, Optimizer: 2 * Float * params}
}

// Plus returns the sum of c and d.
func (c Cost) Plus(d Cost) Cost {
	return Cost{
		Params:      c.Params + d.Params,
		Weights:     c.Weights + d.Weights,
		Optimizer:   c.Optimizer + d.Optimizer,
		Activations: c.Activations + d.Activations,
		Buffers:     c.Buffers + d.Buffers,
	}
}

// String describes c for people: "61.3M parameters: weights 981 MB with
// gradients and Adam's moments, activations 2.4 GB, buffers 12 MB".
func (c Cost) String() string {
	return fmt.Sprintf("%s parameters: %s for the weights with their gradients and Adam's moments, %s of activations for one batch, %s of buffers",
		Count(c.Params), Size(c.Weights+c.Optimizer), Size(c.Activations), Size(c.Buffers))
}

// MLPCost returns the parameters of an MLP of Linear layers with the widths
// sizes (sizes[0] inputs) and the values its forward pass records per input
// row: each layer's product and bias sum, and an activation between layers
// (none after the last). A grad tape keeps a gradient of each as well.
func MLPCost(sizes ...int) (params, perRow int64) {
	for i := 1; i < len(sizes); i++ {
		in, out := int64(sizes[i-1]), int64(sizes[i])
		params += in*out + out
		perRow += 2 * out
		if i < len(sizes)-1 {
			perRow += out
		}
	}
	return params, perRow
}

// TensorShape is the name and shape of one tensor of a weights file, as a
// Config says its model has it; registry compares a file's tensor table
// with the Config's before it builds anything.
type TensorShape struct {
	Name  string
	Shape []int
}

// LinearShapes appends the tensors "<prefix>.<i>.w" (in, out) and
// "<prefix>.<i>.b" (out) of the Linear layers with the widths sizes to
// dst, in layer order, as the families name their MLPs' weights.
func LinearShapes(dst []TensorShape, prefix string, sizes ...int) []TensorShape {
	for i := 1; i < len(sizes); i++ {
		dst = append(dst,
			TensorShape{Name: fmt.Sprintf("%s.%d.w", prefix, i-1), Shape: []int{sizes[i-1], sizes[i]}},
			TensorShape{Name: fmt.Sprintf("%s.%d.b", prefix, i-1), Shape: []int{sizes[i]}})
	}
	return dst
}

// TimeMLPShapes is LinearShapes for an MLP whose input is a point of
// dimension dim and a time embedding of width embed, with hidden layers of
// width hidden, depth of them: with timeEvery, every layer after the first
// reads the embedding too (the networks of diffusion and flow matching).
func TimeMLPShapes(prefix string, dim, embed, hidden, depth int, timeEvery bool) []TensorShape {
	sizes := Widths(dim+embed, hidden, depth, dim)
	if !timeEvery {
		return LinearShapes(nil, prefix, sizes...)
	}
	var t []TensorShape
	for i := 1; i < len(sizes); i++ {
		in := sizes[i-1]
		if i > 1 {
			in += embed
		}
		t = append(t,
			TensorShape{Name: fmt.Sprintf("%s.%d.w", prefix, i-1), Shape: []int{in, sizes[i]}},
			TensorShape{Name: fmt.Sprintf("%s.%d.b", prefix, i-1), Shape: []int{sizes[i]}})
	}
	return t
}

// TimeMLPCost is MLPCost for the network of TimeMLPShapes: its parameters
// and the floats one point's forward pass records (with timeEvery, the
// embedding's slice and each layer's concatenation too).
func TimeMLPCost(dim, embed, hidden, depth int, timeEvery bool) (params, row int64) {
	params, row = MLPCost(Widths(dim+embed, hidden, depth, dim)...)
	if timeEvery {
		e, d := int64(embed), int64(dim)
		params += e * (int64(depth-1)*int64(hidden) + d)
		row += e + int64(depth)*(int64(hidden)+e)
	}
	return params, row
}

// Widths returns the layer widths in, hidden repeated depth times, out.
func Widths(in, hidden, depth, out int) []int {
	s := make([]int, 0, depth+2)
	s = append(s, in)
	for range depth {
		s = append(s, hidden)
	}
	return append(s, out)
}

// OverBudget is the error of a Spec whose Cost is over a budget. Its
// message names the settings whose lowering helps most.
type OverBudget struct {
	// Family is the Spec's family.
	Family string
	// Cost is the Spec's cost; Budget the budget it is over.
	Cost   Cost
	Budget int64
	// Lower lists the settings (Config keys) to lower, the most helpful
	// first, each with its value and, if lowering it alone fits the
	// budget, the largest value that does.
	Lower []Lowering
}

// Lowering is one setting an OverBudget error suggests lowering.
type Lowering struct {
	Key   string
	Value float64
	// Fits is the largest value of Key that fits the budget with every
	// other setting kept, or 0 if none does.
	Fits float64
}

func (e *OverBudget) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: this model needs %s (%s), over the memory budget of %s", e.Family, Size(e.Cost.Bytes()), e.Cost, Size(e.Budget))
	if len(e.Lower) == 0 {
		return b.String()
	}
	b.WriteString("; lower ")
	for i, l := range e.Lower {
		switch {
		case i > 0 && i == len(e.Lower)-1:
			b.WriteString(" or ")
		case i > 0:
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (now %g", l.Key, l.Value)
		if l.Fits > 0 {
			fmt.Fprintf(&b, "; %g fits", l.Fits)
		}
		b.WriteString(")")
	}
	return b.String()
}

// CheckBudget returns an *OverBudget error, without suggestions, if c is
// over budget bytes, and nil otherwise. A budget of 0 or less allows
// anything.
func CheckBudget(family string, c Cost, budget int64) error {
	if budget > 0 && c.Bytes() > budget {
		return &OverBudget{Family: family, Cost: c, Budget: budget}
	}
	return nil
}

// Size formats a number of bytes for people: "256 MB", "3.1 GB", "512 B"
// (powers of 1024, as the budgets are given).
func Size(n int64) string {
	units := []string{"B", "KB", "MB", "GB", "TB", "PB", "EB"}
	v, i := float64(n), 0
	for v >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	if i == 0 || v >= 100 || v == float64(int64(v)) {
		return fmt.Sprintf("%.0f %s", v, units[i])
	}
	return fmt.Sprintf("%.3g %s", v, units[i])
}

// Count formats a count for people: "930", "12.5k", "61.3M", "1.2G".
func Count(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprint(n)
	case n < 1e6:
		return fmt.Sprintf("%.3gk", float64(n)/1e3)
	case n < 1e9:
		return fmt.Sprintf("%.3gM", float64(n)/1e6)
	default:
		return fmt.Sprintf("%.3gG", float64(n)/1e9)
	}
}

// ShapeSize returns the number of values of a tensor of the given shape, or
// -1 if a dimension is negative or the product overflows an int64.
func ShapeSize(shape []int) int64 {
	n := int64(1)
	for _, d := range shape {
		if d < 0 || (d > 0 && n > (1<<62)/int64(d)) {
			return -1
		}
		n *= int64(d)
	}
	return n
}

// TableParams returns the number of values of the tensors in t.
func TableParams(t []TensorShape) int64 {
	var n int64
	for _, s := range t {
		n += ShapeSize(s.Shape)
	}
	return n
}

// SameTable reports the first difference between a table a file holds and
// the table a Config expects, or "" if they have the same names with the
// same shapes (in any order).
func SameTable(file, want []TensorShape) string {
	if len(file) != len(want) {
		return fmt.Sprintf("the file has %d tensors, the model has %d", len(file), len(want))
	}
	for _, w := range want {
		i := slices.IndexFunc(file, func(f TensorShape) bool { return f.Name == w.Name })
		if i < 0 {
			return fmt.Sprintf("the file lacks tensor %q", w.Name)
		}
		if !slices.Equal(file[i].Shape, w.Shape) {
			return fmt.Sprintf("tensor %q has shape %v, the model wants %v", w.Name, file[i].Shape, w.Shape)
		}
	}
	return ""
}
