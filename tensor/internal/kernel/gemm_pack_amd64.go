//go:build !noasm

package kernel

import "unsafe"

// The panel packers of the SIMD GEMM path (gemm_simd.go) on amd64, in Go:
// natively Go's loops are fast enough for an O(k) copy per tile row. Their
// pointer arguments mirror the assembly packers of wasm; the callers have
// checked that the rows and columns read lie inside the matrix.

// packRows4 copies rows 0..3, columns 0..kb-1 of the row-major a into the
// panel p-major, four times each: panel[16p+4i+l] = a[i*lda+p] for l < 4.
func packRows4(kb int, a *float32, lda int, panel *float32) {
	src := unsafe.Slice(a, 3*lda+kb)
	dst := unsafe.Slice(panel, 16*kb)
	for i := range 4 {
		row := src[i*lda : i*lda+kb]
		for p, v := range row {
			q := dst[16*p+4*i : 16*p+4*i+4]
			q[0], q[1], q[2], q[3] = v, v, v, v
		}
	}
}

// packCols4 copies columns 0..3, rows 0..kb-1 of the row-major a into the
// panel: panel[16p+4i+l] = a[p*lda+i] for l < 4.
func packCols4(kb int, a *float32, lda int, panel *float32) {
	src := unsafe.Slice(a, (kb-1)*lda+4)
	dst := unsafe.Slice(panel, 16*kb)
	for p := range kb {
		col := src[p*lda : p*lda+4]
		q := dst[16*p : 16*p+16]
		for i, v := range col {
			q[4*i], q[4*i+1], q[4*i+2], q[4*i+3] = v, v, v, v
		}
	}
}

// packRows8 copies rows 0..7, columns 0..kb-1 of the row-major a into the
// panel p-major: panel[8p+i] = a[i*lda+p].
func packRows8(kb int, a *float32, lda int, panel *float32) {
	src := unsafe.Slice(a, 7*lda+kb)
	dst := unsafe.Slice(panel, 8*kb)
	for i := range 8 {
		row := src[i*lda : i*lda+kb]
		for p, v := range row {
			dst[8*p+i] = v
		}
	}
}
