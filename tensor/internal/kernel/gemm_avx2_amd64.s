//go:build !noasm

#include "textflag.h"

// The AVX2 GEMM tile of gemm_amd64.go, which documents it. VMULPS and
// VADDPS round every product and every sum to float32 (no fused
// multiply-add; Go leaves MXCSR at round-to-nearest without flush-to-zero),
// and each lane adds its products in order p = 0, 1, …, so the bits are
// those of the plain-Go loops; TestGemmAsmMatchesGo checks it.

// MAC2 adds a·b0 to s0 and a·b1 to s1, with a in Y10 and t0, t1 scratch.
#define MAC2(b0, b1, s0, s1, t0, t1) \
	VMULPS b0, Y10, t0; \
	VMULPS b1, Y10, t1; \
	VADDPS t0, s0, s0; \
	VADDPS t1, s1, s1

// func gemm4x16(k, mt int, a *float32, rs, ps int, b *float32, ldb int, c *float32, ldc int, accumulate bool)
//
// Registers: CX tiles left, SI a at the tile, R8 rs, R15 3·rs, R9 ps (all
// in bytes), BX b, R10 ldb in bytes, DI c at the tile, R11 ldc in bytes,
// AX k; R13 the A cursor, DX the B cursor, R14 the C row cursor, R12 the
// steps left; Y0–Y7 the tile (Y(2i+h) = C[i, 8h..8h+7]),
// Y8, Y9 a row of B, Y10 A[i,p] in every lane, Y11–Y14 products.
TEXT ·gemm4x16(SB), NOSPLIT, $0-73
	MOVQ    k+0(FP), AX
	MOVQ    mt+8(FP), CX
	MOVQ    a+16(FP), SI
	MOVQ    rs+24(FP), R8
	MOVQ    ps+32(FP), R9
	MOVQ    b+40(FP), BX
	MOVQ    ldb+48(FP), R10
	MOVQ    c+56(FP), DI
	MOVQ    ldc+64(FP), R11
	SHLQ    $2, R10
	SHLQ    $2, R11
	LEAQ    (R8)(R8*2), R15
	TESTQ   CX, CX
	JZ      done

tile:
	CMPB   accumulate+72(FP), $0
	JNE    load
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	JMP    start

load:
	MOVQ    DI, R14
	VMOVUPS (R14), Y0
	VMOVUPS 32(R14), Y1
	ADDQ    R11, R14
	VMOVUPS (R14), Y2
	VMOVUPS 32(R14), Y3
	ADDQ    R11, R14
	VMOVUPS (R14), Y4
	VMOVUPS 32(R14), Y5
	ADDQ    R11, R14
	VMOVUPS (R14), Y6
	VMOVUPS 32(R14), Y7

start:
	MOVQ SI, R13
	MOVQ BX, DX
	MOVQ AX, R12

loop:
	VMOVUPS      (DX), Y8
	VMOVUPS      32(DX), Y9
	VBROADCASTSS (R13), Y10
	MAC2(Y8, Y9, Y0, Y1, Y11, Y12)
	VBROADCASTSS (R13)(R8*1), Y10
	MAC2(Y8, Y9, Y2, Y3, Y13, Y14)
	VBROADCASTSS (R13)(R8*2), Y10
	MAC2(Y8, Y9, Y4, Y5, Y11, Y12)
	VBROADCASTSS (R13)(R15*1), Y10
	MAC2(Y8, Y9, Y6, Y7, Y13, Y14)
	ADDQ         R10, DX
	ADDQ         R9, R13
	DECQ         R12
	JNZ          loop

	MOVQ    DI, R14
	VMOVUPS Y0, (R14)
	VMOVUPS Y1, 32(R14)
	ADDQ    R11, R14
	VMOVUPS Y2, (R14)
	VMOVUPS Y3, 32(R14)
	ADDQ    R11, R14
	VMOVUPS Y4, (R14)
	VMOVUPS Y5, 32(R14)
	ADDQ    R11, R14
	VMOVUPS Y6, (R14)
	VMOVUPS Y7, 32(R14)
	LEAQ    (SI)(R8*4), SI
	LEAQ    (DI)(R11*4), DI
	DECQ    CX
	JNZ     tile

done:
	VZEROUPPER
	RET
