//go:build !noasm

package kernel

import "golang.org/x/sys/cpu"

// On amd64 the GEMM forms run 256-bit AVX2 tiles (gemm_avx2_amd64.s) when
// the processor and the operating system support AVX2, and the 128-bit SSE
// tiles of gemm_simd.go otherwise; every one gives the bits of the
// plain-Go loops.
//
// AVX2 tile: C is cut into 4×16 tiles summed in eight ymm registers, lanes
// across columns: each step of p loads 16 values of a row of B as two ymm,
// broadcasts the four values A[i,p] (VBROADCASTSS from memory) and adds
// eight products, VMULPS then VADDPS, never a fused multiply-add, so that
// each lane rounds the product and the sum as the loop does. The tile reads
// A in place through two byte strides, one between rows and one between
// steps of p, which covers A (NN, NT) and Aᵀ (TN) alike. B is read in place
// for NN and TN; for NT a strip of Bᵀ, 16 columns by blockK steps, is first
// copied to the stack. The loop order is: blocks of p, strips of 16
// columns, tiles of 4 rows, so that the strip of B stays in L1 while the
// tiles run down it.
//
// Edges go through the same tile on copies: the last m mod 4 rows of A to a
// zero-padded panel, the last n mod 16 columns of B to a zero-padded strip,
// and the corner of C through a 4×16 array on the stack.

// useAVX2 is true when the AVX2 tiles may run. It is set once, from the
// processor, when the program starts, and never changes.
var useAVX2 = cpu.X86.HasAVX2

func gemmNN(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if useAVX2 {
		gemmAVX2(formNN, m, n, k, a, lda, b, ldb, beta, c, ldc)
		return
	}
	gemmCols(false, m, n, k, a, lda, b, ldb, beta, c, ldc)
}

func gemmTN(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if useAVX2 {
		gemmAVX2(formTN, m, n, k, a, lda, b, ldb, beta, c, ldc)
		return
	}
	gemmCols(true, m, n, k, a, lda, b, ldb, beta, c, ldc)
}

func gemmNT(m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if useAVX2 {
		gemmAVX2(formNT, m, n, k, a, lda, b, ldb, beta, c, ldc)
		return
	}
	gemmNT128(m, n, k, a, lda, b, ldb, beta, c, ldc)
}

// The product forms of gemmAVX2.
const (
	formNN = iota // C = A·B
	formTN        // C = Aᵀ·B
	formNT        // C = A·Bᵀ
)

// gemm4x16 computes, for each tile t in [0, mt), the 4×16 block of C at
// c[(4t+i)*ldc + j], i < 4, j < 16:
//
//	s := C[4t+i, j] if accumulate, else 0
//	for p := 0; p < k; p++ {
//		s = s + float32(A(4t+i, p) * b[p*ldb + j])
//	}
//	C[4t+i, j] = s
//
// where A(i, p) is the float at byte offset i·rs + p·ps from a. k must be
// positive; the caller has checked every address the tiles touch.
//
//go:noescape
func gemm4x16(k, mt int, a *float32, rs, ps int, b *float32, ldb int, c *float32, ldc int, accumulate bool)

// gemmAVX2 runs the GEMM form on 4×16 AVX2 tiles; beta is 0 or 1.
func gemmAVX2(form, m, n, k int, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	const tm, tn = 4, 16
	mt := m / tm
	m4 := mt * tm
	var strip [blockK * tn]float32 // B[p0+p, j0+j] at tn·p + j, when B is not read in place
	var panel [tm * blockK]float32 // the last m mod 4 rows of A, A[i,p0+p] at tm·p + i
	var tile [tm * tn]float32      // the corner of C at tn·i + j
	for p0 := 0; p0 < k; p0 += blockK {
		kb := min(blockK, k-p0)
		acc := beta != 0 || p0 > 0
		// A(i, p) of the block: byte offsets between rows and between steps.
		var a0 *float32
		var rs, ps int
		if form == formTN {
			a0, rs, ps = &a[p0*lda], 4, 4*lda
		} else {
			a0, rs, ps = &a[p0], 4*lda, 4
		}
		if m4 < m {
			clear(panel[:tm*kb])
			for r := range m - m4 {
				i := m4 + r
				for p := range kb {
					if form == formTN {
						panel[tm*p+r] = a[(p0+p)*lda+i]
					} else {
						panel[tm*p+r] = a[i*lda+p0+p]
					}
				}
			}
		}
		for j0 := 0; j0 < n; j0 += tn {
			cols := min(tn, n-j0)
			var bs *float32
			var bld int
			switch {
			case form != formNT && cols == tn:
				bs, bld = &b[p0*ldb+j0], ldb
			case form != formNT:
				clear(strip[:tn*kb])
				for p := range kb {
					copy(strip[tn*p:tn*p+cols], b[(p0+p)*ldb+j0:(p0+p)*ldb+j0+cols])
				}
				bs, bld = &strip[0], tn
			default:
				if cols < tn {
					clear(strip[:tn*kb])
				}
				for j := range cols {
					row := b[(j0+j)*ldb+p0 : (j0+j)*ldb+p0+kb]
					for p, v := range row {
						strip[tn*p+j] = v
					}
				}
				bs, bld = &strip[0], tn
			}
			if cols == tn && mt > 0 {
				gemm4x16(kb, mt, a0, rs, ps, bs, bld, &c[j0], ldc, acc)
			} else {
				for i := 0; i < m4; i += tm {
					var ai *float32
					if form == formTN {
						ai = &a[p0*lda+i]
					} else {
						ai = &a[i*lda+p0]
					}
					tile4x16(kb, ai, rs, ps, bs, bld, c[i*ldc+j0:], ldc, tm, cols, acc, &tile)
				}
			}
			if m4 < m {
				tile4x16(kb, &panel[0], 4, 4*tm, bs, bld, c[m4*ldc+j0:], ldc, m-m4, cols, acc, &tile)
			}
		}
	}
}

// tile4x16 sums the rows×cols corner of one 4×16 tile into c through t:
// A (with rs, ps) and b (with ldb) must be valid for the full tile.
func tile4x16(kb int, a *float32, rs, ps int, b *float32, ldb int, c []float32, ldc, rows, cols int, acc bool, t *[4 * 16]float32) {
	if acc {
		for i := range rows {
			copy(t[16*i:16*i+cols], c[i*ldc:i*ldc+cols])
		}
	}
	gemm4x16(kb, 1, a, rs, ps, b, ldb, &t[0], 16, acc)
	for i := range rows {
		copy(c[i*ldc:i*ldc+cols], t[16*i:16*i+cols])
	}
}
