//go:build !noasm

#include "textflag.h"

// SSE versions of the 128-bit GEMM tiles of gemm_simd.go, which documents
// them; they mirror gemm_wasm.s lane for lane. MULPS and ADDPS round every
// product and every sum to float32 (SSE has no fused multiply-add, and Go
// leaves MXCSR at round-to-nearest without flush-to-zero), so the bits are
// those of the plain-Go loops; TestGemmAsmMatchesGo checks it.

// MAC2 adds a·b0 to s0 and a·b1 to s1, with a in X10 (clobbered) and X11
// as scratch.
#define MAC2(b0, b1, s0, s1) \
	MOVAPS X10, X11; \
	MULPS  b0, X10; \
	MULPS  b1, X11; \
	ADDPS  X10, s0; \
	ADDPS  X11, s1

// func gemm4x8(k, nt int, a, b *float32, ldb int, c *float32, ldc int, accumulate bool)
//
// Registers: CX tiles left, SI the panel, BX b at the tile, R9 ldb in
// bytes, DI c at the tile, R10 ldc in bytes, R11 accumulate, R8 the panel's
// length in bytes (64k); R13 and R14 the panel cursor and its end, DX the B
// cursor, R12 the C row cursor; X0–X7 the tile (X(2i+h) = C[i, 4h..4h+3]),
// X8, X9 a row of B, X10 A[i,p] in every lane.
TEXT ·gemm4x8(SB), NOSPLIT, $0-57
	MOVQ    k+0(FP), R8
	MOVQ    nt+8(FP), CX
	MOVQ    a+16(FP), SI
	MOVQ    b+24(FP), BX
	MOVQ    ldb+32(FP), R9
	MOVQ    c+40(FP), DI
	MOVQ    ldc+48(FP), R10
	MOVBQZX accumulate+56(FP), R11
	SHLQ    $2, R9
	SHLQ    $2, R10
	SHLQ    $6, R8
	TESTQ   CX, CX
	JZ      done4x8

tile4x8:
	TESTQ R11, R11
	JNZ   load4x8
	XORPS X0, X0
	XORPS X1, X1
	XORPS X2, X2
	XORPS X3, X3
	XORPS X4, X4
	XORPS X5, X5
	XORPS X6, X6
	XORPS X7, X7
	JMP   start4x8

load4x8:
	MOVQ   DI, R12
	MOVUPS (R12), X0
	MOVUPS 16(R12), X1
	ADDQ   R10, R12
	MOVUPS (R12), X2
	MOVUPS 16(R12), X3
	ADDQ   R10, R12
	MOVUPS (R12), X4
	MOVUPS 16(R12), X5
	ADDQ   R10, R12
	MOVUPS (R12), X6
	MOVUPS 16(R12), X7

start4x8:
	MOVQ SI, R13
	LEAQ (SI)(R8*1), R14
	MOVQ BX, DX

loop4x8:
	MOVUPS (DX), X8
	MOVUPS 16(DX), X9
	MOVUPS (R13), X10
	MAC2(X8, X9, X0, X1)
	MOVUPS 16(R13), X10
	MAC2(X8, X9, X2, X3)
	MOVUPS 32(R13), X10
	MAC2(X8, X9, X4, X5)
	MOVUPS 48(R13), X10
	MAC2(X8, X9, X6, X7)
	ADDQ   R9, DX
	ADDQ   $64, R13
	CMPQ   R13, R14
	JB     loop4x8

	MOVQ   DI, R12
	MOVUPS X0, (R12)
	MOVUPS X1, 16(R12)
	ADDQ   R10, R12
	MOVUPS X2, (R12)
	MOVUPS X3, 16(R12)
	ADDQ   R10, R12
	MOVUPS X4, (R12)
	MOVUPS X5, 16(R12)
	ADDQ   R10, R12
	MOVUPS X6, (R12)
	MOVUPS X7, 16(R12)
	ADDQ   $32, BX
	ADDQ   $32, DI
	DECQ   CX
	JNZ    tile4x8

done4x8:
	RET

// TRANSPOSE4 sets o0..o3 to the columns of the 4×4 block whose rows are
// r0..r3 (o_j[i] = r_i[j]), with t0..t3 as scratch; r0..r3 are kept.
#define TRANSPOSE4(r0, r1, r2, r3, t0, t1, t2, t3, o0, o1, o2, o3) \
	MOVAPS   r0, t0; \
	UNPCKLPS r1, t0; \
	MOVAPS   r2, t1; \
	UNPCKLPS r3, t1; \
	MOVAPS   r0, t2; \
	UNPCKHPS r1, t2; \
	MOVAPS   r2, t3; \
	UNPCKHPS r3, t3; \
	MOVAPS   t0, o0; \
	MOVLHPS  t1, o0; \
	MOVAPS   t1, o1; \
	MOVHLPS  t0, o1; \
	MOVAPS   t2, o2; \
	MOVLHPS  t3, o2; \
	MOVAPS   t3, o3; \
	MOVHLPS  t2, o3

// LOADROWS4 loads four rows of four floats of C from R12 on into r0..r3.
#define LOADROWS4(r0, r1, r2, r3) \
	MOVUPS (R12), r0; \
	ADDQ   R10, R12; \
	MOVUPS (R12), r1; \
	ADDQ   R10, R12; \
	MOVUPS (R12), r2; \
	ADDQ   R10, R12; \
	MOVUPS (R12), r3; \
	ADDQ   R10, R12

// STOREROWS4 stores r0..r3 to four rows of C from R12 on.
#define STOREROWS4(r0, r1, r2, r3) \
	MOVUPS r0, (R12); \
	ADDQ   R10, R12; \
	MOVUPS r1, (R12); \
	ADDQ   R10, R12; \
	MOVUPS r2, (R12); \
	ADDQ   R10, R12; \
	MOVUPS r3, (R12); \
	ADDQ   R10, R12

// SPLATB loads B[j,p] from addr into every lane of X10.
#define SPLATB(addr) \
	MOVSS  addr, X10; \
	SHUFPS $0, X10, X10

// func gemm8x4T(k, nt int, a, b *float32, ldb int, c *float32, ldc int, accumulate bool)
//
// Registers: CX tiles left, SI the panel (A[i,p] at 8p+i), BX b at the
// tile (row 4t of B), R9 ldb in bytes, R15 3·ldb, DI c at the tile, R10 ldc
// in bytes, R11 accumulate, R8 the panel's length (32k); R13, R14 the panel
// cursor and its end, DX the B cursor, R12 the C row cursor; X0–X7 the
// tile (X(2j+h) = C[4h..4h+3, j]), X8, X9 A[0..7, p], X10 B[j,p] in every
// lane.
TEXT ·gemm8x4T(SB), NOSPLIT, $0-57
	MOVQ    k+0(FP), R8
	MOVQ    nt+8(FP), CX
	MOVQ    a+16(FP), SI
	MOVQ    b+24(FP), BX
	MOVQ    ldb+32(FP), R9
	MOVQ    c+40(FP), DI
	MOVQ    ldc+48(FP), R10
	MOVBQZX accumulate+56(FP), R11
	SHLQ    $2, R9
	SHLQ    $2, R10
	SHLQ    $5, R8
	LEAQ    (R9)(R9*2), R15
	TESTQ   CX, CX
	JZ      done8x4

tile8x4:
	TESTQ R11, R11
	JNZ   load8x4
	XORPS X0, X0
	XORPS X1, X1
	XORPS X2, X2
	XORPS X3, X3
	XORPS X4, X4
	XORPS X5, X5
	XORPS X6, X6
	XORPS X7, X7
	JMP   start8x4

load8x4:
	MOVQ DI, R12
	LOADROWS4(X8, X9, X10, X11)
	TRANSPOSE4(X8, X9, X10, X11, X12, X13, X14, X15, X0, X2, X4, X6)
	LOADROWS4(X8, X9, X10, X11)
	TRANSPOSE4(X8, X9, X10, X11, X12, X13, X14, X15, X1, X3, X5, X7)

start8x4:
	MOVQ SI, R13
	LEAQ (SI)(R8*1), R14
	MOVQ BX, DX

loop8x4:
	MOVUPS (R13), X8
	MOVUPS 16(R13), X9
	SPLATB((DX))
	MAC2(X8, X9, X0, X1)
	SPLATB((DX)(R9*1))
	MAC2(X8, X9, X2, X3)
	SPLATB((DX)(R9*2))
	MAC2(X8, X9, X4, X5)
	SPLATB((DX)(R15*1))
	MAC2(X8, X9, X6, X7)
	ADDQ   $4, DX
	ADDQ   $32, R13
	CMPQ   R13, R14
	JB     loop8x4

	MOVQ DI, R12
	TRANSPOSE4(X0, X2, X4, X6, X12, X13, X14, X15, X8, X9, X10, X11)
	STOREROWS4(X8, X9, X10, X11)
	TRANSPOSE4(X1, X3, X5, X7, X12, X13, X14, X15, X8, X9, X10, X11)
	STOREROWS4(X8, X9, X10, X11)
	LEAQ (BX)(R9*4), BX
	ADDQ $16, DI
	DECQ CX
	JNZ  tile8x4

done8x4:
	RET
