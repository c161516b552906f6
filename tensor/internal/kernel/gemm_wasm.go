//go:build !noasm

package kernel

// The wasm GEMM path: C is cut into 4×2 tiles, each summed in eight
// WebAssembly locals by gemm4x2 or gemm4x2T (gemm_wasm.s); the rows and
// columns left over (m mod 4, n mod 2) go to the plain-Go loops, which give
// the same bits.
//
// Why assembly: Go's wasm backend keeps values in wasm locals but adds
// bounds checks and 64-bit address arithmetic, and spills to linear memory
// once its 16 float registers run out. Written by hand, a step of p in the
// tile is 6 loads, 8 multiplies, 8 adds and 3 integer ops.
//
// Why 4×2 and no unrolling: V8 (TurboFan, x64) hoists every load of a loop
// body to its top and has 15 XMM registers to allocate. 8 sums + 6 operands
// + 1 product fit; a 4×3 tile, or p unrolled, spills to the stack and runs
// slower (Node 20, same driver: 4×2 ≈ 13, 4×3 ≈ 10, 4×3 with p unrolled
// ×4 ≈ 10 GFLOPS).
//
// A is packed for every form, 4 rows by blockK steps of p into a panel on
// the stack, so that the tile reads it with one cursor and fixed offsets;
// the packers are assembly too (a Go loop cost 10% at 64³). B is read in
// place: one cursor stepping by ldb for NN and TN, two stepping by one float
// for NT.
//
// The assembly reads and writes memory without bounds checks; checkDims in
// the exported functions has already made sure that every element it
// touches lies inside a, b and c.

const haveAsm = true

const (
	tileM = 4 // rows of a tile
	tileN = 2 // columns of a tile
)

// gemm4x2 computes, for each tile t in [0, nt), the 4×2 block of C at
// c[i*ldc + 2t + j], i < 4, j < 2:
//
//	s := C[i, 2t+j] if accumulate, else 0
//	for p := 0; p < k; p++ {
//		s = s + float32(a[4p + i] * b[p*ldb + 2t + j])
//	}
//	C[i, 2t+j] = s
//
// a is a panel from packRows or packCols; k must be positive.
//
//go:noescape
func gemm4x2(k, nt int, a, b *float32, ldb int, c *float32, ldc int, accumulate bool)

// gemm4x2T is gemm4x2 with B stored transposed: b[(2t+j)*ldb + p] in place
// of b[p*ldb + 2t + j].
//
//go:noescape
func gemm4x2T(k, nt int, a, b *float32, ldb int, c *float32, ldc int, accumulate bool)

// packRows copies rows 0..3, columns 0..kb-1 of the row-major a into the
// panel p-major: panel[4p+i] = a[i*lda+p]. kb must be positive.
//
//go:noescape
func packRows(kb int, a *float32, lda int, panel *float32)

// packCols copies columns 0..3, rows 0..kb-1 of the row-major a into the
// panel: panel[4p+i] = a[p*lda+i]. kb must be positive.
//
//go:noescape
func packCols(kb int, a *float32, lda int, panel *float32)

func gemmNN(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	mt, nt := m/tileM*tileM, n/tileN
	if mt > 0 && nt > 0 {
		var panel [tileM * blockK]float32
		for p0 := 0; p0 < k; p0 += blockK {
			kb := min(blockK, k-p0)
			acc := beta != 0 || p0 > 0
			for i := 0; i < mt; i += tileM {
				packRows(kb, &a[i*lda+p0], lda, &panel[0])
				gemm4x2(kb, nt, &panel[0], &b[p0*ldb], ldb, &c[i*ldc], ldc, acc)
			}
		}
	}
	if nc := nt * tileN; nc < n && mt > 0 {
		gemmNNGo(mt, n-nc, k, a, lda, b[nc:], ldb, beta, c[nc:], ldc)
	}
	if mt < m {
		gemmNNGo(m-mt, n, k, a[mt*lda:], lda, b, ldb, beta, c[mt*ldc:], ldc)
	}
}

func gemmTN(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	mt, nt := m/tileM*tileM, n/tileN
	if mt > 0 && nt > 0 {
		var panel [tileM * blockK]float32
		for p0 := 0; p0 < k; p0 += blockK {
			kb := min(blockK, k-p0)
			acc := beta != 0 || p0 > 0
			for i := 0; i < mt; i += tileM {
				packCols(kb, &a[p0*lda+i], lda, &panel[0])
				gemm4x2(kb, nt, &panel[0], &b[p0*ldb], ldb, &c[i*ldc], ldc, acc)
			}
		}
	}
	if nc := nt * tileN; nc < n && mt > 0 {
		gemmTNGo(mt, n-nc, k, a, lda, b[nc:], ldb, beta, c[nc:], ldc)
	}
	if mt < m {
		gemmTNGo(m-mt, n, k, a[mt:], lda, b, ldb, beta, c[mt*ldc:], ldc)
	}
}

func gemmNT(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	mt, nt := m/tileM*tileM, n/tileN
	if mt > 0 && nt > 0 {
		var panel [tileM * blockK]float32
		for p0 := 0; p0 < k; p0 += blockK {
			kb := min(blockK, k-p0)
			acc := beta != 0 || p0 > 0
			for i := 0; i < mt; i += tileM {
				packRows(kb, &a[i*lda+p0], lda, &panel[0])
				gemm4x2T(kb, nt, &panel[0], &b[p0], ldb, &c[i*ldc], ldc, acc)
			}
		}
	}
	if nc := nt * tileN; nc < n && mt > 0 {
		gemmNTGo(mt, n-nc, k, a, lda, b[nc*ldb:], ldb, beta, c[nc:], ldc)
	}
	if mt < m {
		gemmNTGo(m-mt, n, k, a[mt*lda:], lda, b, ldb, beta, c[mt*ldc:], ldc)
	}
}
