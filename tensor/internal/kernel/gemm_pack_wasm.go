//go:build !noasm

package kernel

// The panel packers of the SIMD GEMM path (gemm_simd.go) in WebAssembly
// (gemm_wasm.s): in assembly, since a Go loop cost 10% at 64³ there.

// packRows4 copies rows 0..3, columns 0..kb-1 of the row-major a into the
// panel p-major, four times each: panel[16p+4i+l] = a[i*lda+p] for l < 4.
// kb must be positive.
//
//go:noescape
func packRows4(kb int, a *float32, lda int, panel *float32)

// packCols4 copies columns 0..3, rows 0..kb-1 of the row-major a into the
// panel: panel[16p+4i+l] = a[p*lda+i] for l < 4. kb must be positive.
//
//go:noescape
func packCols4(kb int, a *float32, lda int, panel *float32)

// packRows8 copies rows 0..7, columns 0..kb-1 of the row-major a into the
// panel p-major: panel[8p+i] = a[i*lda+p]. kb must be positive.
//
//go:noescape
func packRows8(kb int, a *float32, lda int, panel *float32)
