//go:build !noasm

#include "textflag.h"

// AVX loops of elementwise_amd64.go. Each takes a positive count n, a
// multiple of 8; CX counts the blocks of 8 left, AX is the byte offset
// into every operand. In Go's operand order "VOP b, a, d" is d = a op b,
// so every sum and product below takes its operands in the loop's order.

// func relu8(dst, x *float32, n int)
TEXT ·relu8(SB), NOSPLIT, $0-24
	MOVQ   dst+0(FP), DI
	MOVQ   x+8(FP), SI
	MOVQ   n+16(FP), CX
	SHRQ   $3, CX
	XORQ   AX, AX
	VXORPS Y15, Y15, Y15

relu:
	VMOVUPS (SI)(AX*1), Y0
	VCMPPS  $2, Y15, Y0, Y1 // x ≤ 0, false for NaN
	VANDNPS Y0, Y1, Y2      // x where not
	VMOVUPS Y2, (DI)(AX*1)
	ADDQ    $32, AX
	DECQ    CX
	JNZ     relu
	VZEROUPPER
	RET

// func reluGrad8(dx, gr, x *float32, n int)
TEXT ·reluGrad8(SB), NOSPLIT, $0-32
	MOVQ   dx+0(FP), DI
	MOVQ   gr+8(FP), DX
	MOVQ   x+16(FP), SI
	MOVQ   n+24(FP), CX
	SHRQ   $3, CX
	XORQ   AX, AX
	VXORPS Y15, Y15, Y15

reluGrad:
	VMOVUPS   (DI)(AX*1), Y0
	VADDPS    (DX)(AX*1), Y0, Y1 // dx + g
	VMOVUPS   (SI)(AX*1), Y2
	VCMPPS    $1, Y2, Y15, Y3    // 0 < x
	VBLENDVPS Y3, Y1, Y0, Y4     // dx + g where 0 < x, else dx
	VMOVUPS   Y4, (DI)(AX*1)
	ADDQ      $32, AX
	DECQ      CX
	JNZ       reluGrad
	VZEROUPPER
	RET

// func add8(dst, x, y *float32, n int)
TEXT ·add8(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $3, CX
	XORQ AX, AX

add:
	VMOVUPS (SI)(AX*1), Y0
	VADDPS  (DX)(AX*1), Y0, Y1
	VMOVUPS Y1, (DI)(AX*1)
	ADDQ    $32, AX
	DECQ    CX
	JNZ     add
	VZEROUPPER
	RET

// func mul8(dst, x, y *float32, n int)
TEXT ·mul8(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $3, CX
	XORQ AX, AX

mul:
	VMOVUPS (SI)(AX*1), Y0
	VMULPS  (DX)(AX*1), Y0, Y1
	VMOVUPS Y1, (DI)(AX*1)
	ADDQ    $32, AX
	DECQ    CX
	JNZ     mul
	VZEROUPPER
	RET

// func mulAdd8(dst, x, y *float32, n int)
TEXT ·mulAdd8(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $3, CX
	XORQ AX, AX

mulAdd:
	VMOVUPS (SI)(AX*1), Y0
	VMULPS  (DX)(AX*1), Y0, Y1 // x·y
	VMOVUPS (DI)(AX*1), Y2
	VADDPS  Y1, Y2, Y3         // dst + x·y
	VMOVUPS Y3, (DI)(AX*1)
	ADDQ    $32, AX
	DECQ    CX
	JNZ     mulAdd
	VZEROUPPER
	RET

// func scale8(dst, x *float32, n int, s float32)
TEXT ·scale8(SB), NOSPLIT, $0-28
	MOVQ         dst+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS s+24(FP), Y15
	SHRQ         $3, CX
	XORQ         AX, AX

scale:
	VMOVUPS (SI)(AX*1), Y0
	VMULPS  Y15, Y0, Y1 // x·s
	VMOVUPS Y1, (DI)(AX*1)
	ADDQ    $32, AX
	DECQ    CX
	JNZ     scale
	VZEROUPPER
	RET

// func axpy8(y, x *float32, n int, alpha float32)
TEXT ·axpy8(SB), NOSPLIT, $0-28
	MOVQ         y+0(FP), DI
	MOVQ         x+8(FP), SI
	MOVQ         n+16(FP), CX
	VBROADCASTSS alpha+24(FP), Y15
	SHRQ         $3, CX
	XORQ         AX, AX

axpy:
	VMULPS  (SI)(AX*1), Y15, Y0 // alpha·x
	VMOVUPS (DI)(AX*1), Y1
	VADDPS  Y0, Y1, Y2          // y + alpha·x
	VMOVUPS Y2, (DI)(AX*1)
	ADDQ    $32, AX
	DECQ    CX
	JNZ     axpy
	VZEROUPPER
	RET

// func adam8(w, m, v, gr *float32, n int, c *AdamCoef)
//
// Registers: DI, SI, DX, R8 w, m, v, g; Y8–Y14 β₁, β₂, c₁, c₂, α, ε, decay
// in every lane; Y6, Y7 1 − β₁ and 1 − β₂, rounded as the loop's float32
// expressions are.
TEXT ·adam8(SB), NOSPLIT, $0-48
	MOVQ         w+0(FP), DI
	MOVQ         m+8(FP), SI
	MOVQ         v+16(FP), DX
	MOVQ         gr+24(FP), R8
	MOVQ         n+32(FP), CX
	MOVQ         c+40(FP), BX
	VBROADCASTSS 0(BX), Y8
	VBROADCASTSS 4(BX), Y9
	VBROADCASTSS 8(BX), Y10
	VBROADCASTSS 12(BX), Y11
	VBROADCASTSS 16(BX), Y12
	VBROADCASTSS 20(BX), Y13
	VBROADCASTSS 24(BX), Y14
	MOVL         $0x3f800000, R9 // 1.0
	MOVQ         R9, X15
	VBROADCASTSS X15, Y15
	VSUBPS       Y8, Y15, Y6     // 1 − β₁
	VSUBPS       Y9, Y15, Y7     // 1 − β₂
	SHRQ         $3, CX
	XORQ         AX, AX

adam:
	VMOVUPS (R8)(AX*1), Y0     // g
	// m ← β₁·m + (1−β₁)·g
	VMULPS  (SI)(AX*1), Y8, Y1 // β₁·m
	VMULPS  Y0, Y6, Y2         // (1−β₁)·g
	VADDPS  Y2, Y1, Y1         // the new m
	// v ← β₂·v + ((1−β₂)·g)·g
	VMULPS  (DX)(AX*1), Y9, Y3 // β₂·v
	VMULPS  Y0, Y7, Y4         // (1−β₂)·g
	VMULPS  Y0, Y4, Y4         // ((1−β₂)·g)·g
	VADDPS  Y4, Y3, Y3         // the new v
	VMOVUPS Y1, (SI)(AX*1)
	VMOVUPS Y3, (DX)(AX*1)
	// w ← w·decay − (α·(m/c₁)) / (√(v/c₂) + ε)
	VMOVUPS (DI)(AX*1), Y5
	VMULPS  Y14, Y5, Y5        // w·decay
	VDIVPS  Y10, Y1, Y1        // m/c₁
	VMULPS  Y1, Y12, Y1        // α·(m/c₁)
	VDIVPS  Y11, Y3, Y3        // v/c₂
	VSQRTPS Y3, Y3
	VADDPS  Y13, Y3, Y3        // √(v/c₂) + ε
	VDIVPS  Y3, Y1, Y1
	VSUBPS  Y1, Y5, Y5
	VMOVUPS Y5, (DI)(AX*1)
	ADDQ    $32, AX
	DECQ    CX
	JNZ     adam
	VZEROUPPER
	RET
