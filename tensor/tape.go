package tensor

import (
	"fmt"
	"slices"
)

// Op identifies a primitive operation recorded on a Tape.
type Op uint8

// The primitives. Everything else is composed from them (compose.go).
const (
	OpMatMul          Op = iota // out = a·b
	OpAdd                       // out = a + b, b broadcast over a
	OpMul                       // out = a ⊙ b, b broadcast over a
	OpRelu                      // out = max(a, 0)
	OpExp                       // out = e**a
	OpLog                       // out = ln a
	OpSum                       // out = Σ a (a scalar)
	OpMean                      // out = Σ a / len(a) (a scalar)
	OpSumAxis                   // out = Σ a along one axis, kept with size 1
	OpMatMulNT                  // out = a·bᵀ
	OpMatMulTN                  // out = aᵀ·b
	OpReshape                   // out = a with another shape
	OpTranspose                 // out = aᵀ for a 2D a
	OpSlice                     // out = a[…, lo:hi, …] along one axis
	OpConcat                    // out = inputs joined along one axis
	OpConv2D                    // out = a ⋆ b, b the filters (im2col + GEMM)
	OpConvTranspose2D           // out = the transpose (adjoint) of Conv2D applied to a
	numOps
)

var opNames = [numOps]string{"MatMul", "Add", "Mul", "Relu", "Exp", "Log", "Sum", "Mean",
	"SumAxis", "MatMulNT", "MatMulTN", "Reshape", "Transpose", "Slice", "Concat", "Conv2D", "ConvTranspose2D"}

func (o Op) String() string {
	if o < numOps {
		return opNames[o]
	}
	return fmt.Sprintf("Op(%d)", uint8(o))
}

// NumOps returns the number of primitive op codes; the op codes are 0 to
// NumOps()-1. Tests use it to check that every op has a gradient case.
func NumOps() int { return int(numOps) }

// node is one recorded operation: its inputs in order, and its output, which
// the tape owns.
type node struct {
	op   Op
	a, b *Tensor
	ins  []*Tensor // all inputs of an op with more than two (Concat)
	args [4]int    // integer arguments: axis, bounds, stride, padding
	out  *Tensor
	aux  []float32 // scratch kept across passes (im2col columns)
}

// Tape records operations for reverse-mode differentiation and owns their
// outputs. The zero value is ready to use.
type Tape struct {
	// NoGrad, when set, records no gradient buffers: the pass is for
	// inference only and Backward has nothing to do. Set it before a pass.
	NoGrad bool

	nodes []node
	n     int // nodes in use in the current pass

	consts []*Tensor // scalar constants handed out by Const
	nc     int       // constants in use in the current pass
}

// Reset rewinds the tape. Tensors it returned earlier become invalid; their
// buffers are reused by the next pass.
func (tp *Tape) Reset() { tp.n, tp.nc = 0, 0 }

// Len returns the number of operations recorded since the last Reset.
func (tp *Tape) Len() int { return tp.n }

// record appends an operation whose output has the given shape and returns
// the output. shape is copied, never retained. The output has a gradient buffer if any input has one. When the
// previous pass recorded an output of the same shape at this position, its
// buffers are reused.
func (tp *Tape) record(op Op, a, b *Tensor, shape []int) *Tensor {
	needGrad := !tp.NoGrad && (a.Grad != nil || (b != nil && b.Grad != nil))
	if tp.n == len(tp.nodes) {
		tp.nodes = append(tp.nodes, node{})
	}
	nd := &tp.nodes[tp.n]
	tp.n++
	out := nd.out
	if out == nil || !slices.Equal(out.Shape, shape) {
		out = New(shape...)
	}
	if needGrad {
		if len(out.Grad) != len(out.Data) {
			out.Grad = make([]float32, len(out.Data))
		} else {
			clear(out.Grad)
		}
	} else {
		out.Grad = nil
	}
	nd.op, nd.a, nd.b, nd.out, nd.args = op, a, b, out, [4]int{}
	nd.ins = nd.ins[:0]
	return out
}

// last returns the node recorded most recently, for ops that store
// arguments.
func (tp *Tape) last() *node { return &tp.nodes[tp.n-1] }

// Backward computes the gradient of loss, a scalar recorded on tp, with
// respect to every tensor that has a gradient buffer, and adds it to that
// buffer. Parameter gradients accumulate across calls; zero them between
// steps (the optimizers do).
func (tp *Tape) Backward(loss *Tensor) {
	if loss.Len() != 1 {
		panic(fmt.Sprintf("tensor: Backward of a non-scalar of shape %v", loss.Shape))
	}
	if loss.Grad == nil {
		return // nothing depends on a parameter
	}
	loss.Grad[0] = 1
	for i := tp.n - 1; i >= 0; i-- {
		nd := &tp.nodes[i]
		if nd.out.Grad != nil {
			backward(nd)
		}
	}
}
