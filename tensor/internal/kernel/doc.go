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
// of the training step (Relu, ReluGrad, Add, Mul, MulAdd, Scale,
// AxpyUnitary, Adam) run WebAssembly SIMD128 assembly (gemm_wasm.s,
// elementwise_wasm.s) for the bulk of the work. On amd64 the same kernels
// run 256-bit AVX2 assembly when the processor has it (gemm_avx2_amd64.s,
// elementwise_avx2_amd64.s; golang.org/x/sys/cpu tells at start-up), and
// otherwise the GEMM kernels run the wasm tiles in SSE (gemm_amd64.s) and
// the element-wise ones their loops. The build tag noasm turns all of it
// off, leaving the plain-Go loops that every other target uses. All give
// the same bits, because every lane computes its element with the loop's
// operations in the loop's order (a multiply, then an add: never a fused
// multiply-add), and the tests check that under every build (gonum's
// asm/noasm split is the model).
package kernel
