//go:build (wasm || amd64) && !noasm

package kernel

// The 128-bit SIMD GEMM path: tiles in assembly, WebAssembly SIMD128 under
// GOOS=js GOARCH=wasm (gemm_wasm.s) and SSE on amd64 processors without
// AVX2 (gemm_amd64.s; with AVX2, gemm_amd64.go takes over), the
// same tiles with the same operations per lane on both, so both give the
// bits of the plain-Go loops. The packers are assembly in wasm and Go on
// amd64 (gemm_pack_*.go).
//
// NN and TN: C is cut into 4×8 tiles summed by gemm4x8 in eight v128
// locals, lanes across columns: each step of p loads a row of B as two
// v128 and the four values of A, each already in all four lanes, and adds
// eight products. A is packed, four rows by blockK steps of p, into a panel
// on the stack (packRows4 for NN, packCols4 for TN) with every value
// repeated four times: the splat is done once per panel rather than once
// per tile (27% faster at 256³ than splatting in the tile, Node 20), and
// the tile reads the panel with one cursor. B is read in place.
//
// NT: lanes across columns would need B's columns gathered, so the tile
// turns around: gemm8x4T sums an 8×4 tile with lanes across rows, reading
// an eight-row panel of A (packRows8) as two v128 and broadcasting B[j,p]
// from four cursors along B's rows. The sums leave lane by lane.
//
// Edges: the rows and columns left over by the full tiles run through the
// same kernels on a copy: the missing rows of the panel are zero, the
// missing columns of B come from a zero-padded copy, and the tile is summed
// into a small array on the stack whose valid part is then copied to C
// (and copied from it first when accumulating). Lanes are independent, so
// the padding changes no valid element's bits. The skinny products of
// genplay's models (k = 2 or 3 inputs, n = 2 outputs) thus run in SIMD
// too, at the cost of idle lanes.
//
// Why these tiles: V8 (TurboFan, x64) has 15 XMM registers to allocate;
// 8 sums + 2 operands + 1 splat + 1 product fit. Both tiles do 8 v128
// multiplies and 8 adds per 6 loads. SSE has 16 XMM registers, and the
// amd64 tiles use 12 in their loops (the two-operand MULPS needs a copy
// of A).
//
// The assembly reads and writes memory without bounds checks; checkDims in
// the exported functions has already made sure that every element it
// touches of a full tile lies inside a, b and c, and the edges go through
// the Go copies above.

const haveAsm = true

// gemm4x8 computes, for each tile t in [0, nt), the 4×8 block of C at
// c[i*ldc + 8t + j], i < 4, j < 8:
//
//	s := C[i, 8t+j] if accumulate, else 0
//	for p := 0; p < k; p++ {
//		s = s + float32(a[16p + 4i] * b[p*ldb + 8t + j])
//	}
//	C[i, 8t+j] = s
//
// a is a panel from packRows4 or packCols4, in which a[16p + 4i + l] for
// l < 4 all hold A[i,p]; k must be positive.
//
//go:noescape
func gemm4x8(k, nt int, a, b *float32, ldb int, c *float32, ldc int, accumulate bool)

// gemm8x4T computes, for each tile t in [0, nt), the 8×4 block of C at
// c[i*ldc + 4t + j], i < 8, j < 4:
//
//	s := C[i, 4t+j] if accumulate, else 0
//	for p := 0; p < k; p++ {
//		s = s + float32(a[8p + i] * b[(4t+j)*ldb + p])
//	}
//	C[i, 4t+j] = s
//
// a is a panel from packRows8; k must be positive.
//
//go:noescape
func gemm8x4T(k, nt int, a, b *float32, ldb int, c *float32, ldc int, accumulate bool)

// tile4x8 sums the rows×cols (at most 4×8) corner of a 4×8 tile into c
// through a copy: panel and b (with ldb) must be valid for the full tile.
func tile4x8(kb int, panel, b *float32, ldb int, c []float32, ldc, rows, cols int, acc bool) {
	var t [4 * 8]float32
	if acc {
		for i := range rows {
			copy(t[8*i:8*i+cols], c[i*ldc:i*ldc+cols])
		}
	}
	gemm4x8(kb, 1, panel, b, ldb, &t[0], 8, acc)
	for i := range rows {
		copy(c[i*ldc:i*ldc+cols], t[8*i:8*i+cols])
	}
}

// tile8x4T is tile4x8 for gemm8x4T: a rows×cols (at most 8×4) corner.
func tile8x4T(kb int, panel, b *float32, ldb int, c []float32, ldc, rows, cols int, acc bool) {
	var t [8 * 4]float32
	if acc {
		for i := range rows {
			copy(t[4*i:4*i+cols], c[i*ldc:i*ldc+cols])
		}
	}
	gemm8x4T(kb, 1, panel, b, ldb, &t[0], 4, acc)
	for i := range rows {
		copy(c[i*ldc:i*ldc+cols], t[4*i:4*i+cols])
	}
}

// gemmCols runs GemmNN (at false) or GemmTN (at true) on 4×8 tiles.
func gemmCols(at bool, m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	const tm, tn = 4, 8
	nt := n / tn
	n8 := nt * tn
	var panel [4 * tm * blockK]float32
	var bpad [blockK * tn]float32 // the last n mod 8 columns of B, zero-padded to 8
	for p0 := 0; p0 < k; p0 += blockK {
		kb := min(blockK, k-p0)
		acc := beta != 0 || p0 > 0
		if n8 < n {
			clear(bpad[:kb*tn])
			for p := range kb {
				copy(bpad[p*tn:p*tn+n-n8], b[(p0+p)*ldb+n8:(p0+p)*ldb+n])
			}
		}
		for i := 0; i < m; i += tm {
			rows := min(tm, m-i)
			switch {
			case rows == tm && at:
				packCols4(kb, &a[p0*lda+i], lda, &panel[0])
			case rows == tm:
				packRows4(kb, &a[i*lda+p0], lda, &panel[0])
			default:
				clear(panel[:4*tm*kb])
				for p := range kb {
					for r := range rows {
						var v float32
						if at {
							v = a[(p0+p)*lda+i+r]
						} else {
							v = a[(i+r)*lda+p0+p]
						}
						q := panel[4*(tm*p+r) : 4*(tm*p+r)+4]
						q[0], q[1], q[2], q[3] = v, v, v, v
					}
				}
			}
			ci := c[i*ldc:]
			if rows == tm && nt > 0 {
				gemm4x8(kb, nt, &panel[0], &b[p0*ldb], ldb, &ci[0], ldc, acc)
			} else {
				for j := 0; j < n8; j += tn {
					tile4x8(kb, &panel[0], &b[p0*ldb+j], ldb, ci[j:], ldc, rows, tn, acc)
				}
			}
			if n8 < n {
				tile4x8(kb, &panel[0], &bpad[0], tn, ci[n8:], ldc, rows, n-n8, acc)
			}
		}
	}
}

// gemmNT128 runs GemmNT on 8×4 tiles. (Running it as GemmNN on blocks of Bᵀ
// transposed to the stack, to use the splatted 4×8 tile, measured 10–25%
// slower, except at k = 2.)
func gemmNT128(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	const tm, tn = 8, 4
	nt := n / tn
	n4 := nt * tn
	var panel [tm * blockK]float32
	var bpad [tn * blockK]float32 // the last n mod 4 rows of B, zero-padded to 4
	for p0 := 0; p0 < k; p0 += blockK {
		kb := min(blockK, k-p0)
		acc := beta != 0 || p0 > 0
		if n4 < n {
			clear(bpad[:])
			for j := n4; j < n; j++ {
				copy(bpad[(j-n4)*blockK:(j-n4)*blockK+kb], b[j*ldb+p0:j*ldb+p0+kb])
			}
		}
		for i := 0; i < m; i += tm {
			rows := min(tm, m-i)
			if rows == tm {
				packRows8(kb, &a[i*lda+p0], lda, &panel[0])
			} else {
				clear(panel[:tm*kb])
				for p := range kb {
					for r := range rows {
						panel[tm*p+r] = a[(i+r)*lda+p0+p]
					}
				}
			}
			ci := c[i*ldc:]
			if rows == tm && nt > 0 {
				gemm8x4T(kb, nt, &panel[0], &b[p0], ldb, &ci[0], ldc, acc)
			} else {
				for j := 0; j < n4; j += tn {
					tile8x4T(kb, &panel[0], &b[j*ldb+p0], ldb, ci[j:], ldc, rows, tn, acc)
				}
			}
			if n4 < n {
				tile8x4T(kb, &panel[0], &bpad[0], blockK, ci[n4:], ldc, rows, n-n4, acc)
			}
		}
	}
}
