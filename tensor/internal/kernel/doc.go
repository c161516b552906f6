// Package kernel holds genplay's raw float32 kernels: plain loops on slices
// that know nothing of tensors or shapes, written so that Go's compilers
// (amd64 and wasm alike) produce tight code: bounds checks hoisted by
// re-slicing, independent accumulators, unrolled inner loops.
//
// Each kernel's doc comment gives the reference loop it computes. Kernels
// never allocate. Summation order is fixed by the code, so results are the
// same on every target.
//
// Under GOOS=js GOARCH=wasm the GEMM kernels and the element-wise kernels
// of the training step (Relu, ReluGrad, Add, Adam) run WebAssembly SIMD128
// assembly (gemm_wasm.s, elementwise_wasm.s) for the bulk of the work; the
// build tag noasm turns it off, leaving the plain-Go loops that every other
// target uses. Both give the same bits, because every lane computes its
// element with the loop's operations in the loop's order, and the tests
// check that under both builds (gonum's asm/noasm split is the model).
package kernel
