//go:build !noasm

#include "textflag.h"

// SIMD128 loops of elementwise_wasm.go. Each takes a positive count n, a
// multiple of 4; R9 is the end of the first operand's cursor. The stores
// use the two-operand form of V128Store (see gemm_wasm.s).

// NEXT4 advances cursor r by four floats.
#define NEXT4(r) Get r; I64Const $16; I64Add; Set r

// func relu4(dst, x *float32, n int)
TEXT ·relu4(SB), NOSPLIT, $0-24
	MOVD dst+0(FP), R1
	MOVD x+8(FP), R2
	MOVD n+16(FP), R9
	Get R9; I64Const $2; I64Shl; Get R2; I64Add; Set R9
	V128Const $0, $0; Set V1
	Loop
		V128Load 0(R2); Set V0
		Get R1; I32WrapI64
		Get V0; Get V0; Get V1; F32x4Le; V128Andnot
		V128Store $0, $0
		NEXT4(R1)
		Get R2; I64Const $16; I64Add; Tee R2
		Get R9; I64LtU; BrIf $0
	End
	RET

// func reluGrad4(dx, gr, x *float32, n int)
TEXT ·reluGrad4(SB), NOSPLIT, $0-32
	MOVD dx+0(FP), R1
	MOVD gr+8(FP), R2
	MOVD x+16(FP), R3
	MOVD n+24(FP), R9
	Get R9; I64Const $2; I64Shl; Get R1; I64Add; Set R9
	V128Const $0, $0; Set V3
	Loop
		V128Load 0(R1); Set V0
		Get R1; I32WrapI64
		Get V0; V128Load 0(R2); F32x4Add
		Get V0
		V128Load 0(R3); Get V3; F32x4Gt
		V128Bitselect
		V128Store $0, $0
		NEXT4(R2)
		NEXT4(R3)
		Get R1; I64Const $16; I64Add; Tee R1
		Get R9; I64LtU; BrIf $0
	End
	RET

// func add4(dst, x, y *float32, n int)
TEXT ·add4(SB), NOSPLIT, $0-32
	MOVD dst+0(FP), R1
	MOVD x+8(FP), R2
	MOVD y+16(FP), R3
	MOVD n+24(FP), R9
	Get R9; I64Const $2; I64Shl; Get R2; I64Add; Set R9
	Loop
		Get R1; I32WrapI64
		V128Load 0(R2); V128Load 0(R3); F32x4Add
		V128Store $0, $0
		NEXT4(R1)
		NEXT4(R3)
		Get R2; I64Const $16; I64Add; Tee R2
		Get R9; I64LtU; BrIf $0
	End
	RET

// SPLATC loads the float at byte offset off of the AdamCoef into every lane
// of v.
#define SPLATC(off, v) F32Load off(R5); F32x4Splat; Set v

// Locals of adam4: R1–R4 cursors of w, m, v, g; R5 the coefficients;
// V0 the new m, V1 g, V2 the new v; V6–V14 the splatted constants.
// func adam4(w, m, v, gr *float32, n int, c *AdamCoef)
TEXT ·adam4(SB), NOSPLIT, $0-48
	MOVD w+0(FP), R1
	MOVD m+8(FP), R2
	MOVD v+16(FP), R3
	MOVD gr+24(FP), R4
	MOVD n+32(FP), R9
	MOVD c+40(FP), R5
	Get R9; I64Const $2; I64Shl; Get R1; I64Add; Set R9
	SPLATC(0, V6)   // β₁
	SPLATC(4, V7)   // β₂
	SPLATC(8, V8)   // c₁
	SPLATC(12, V9)  // c₂
	SPLATC(16, V10) // α
	SPLATC(20, V11) // ε
	SPLATC(24, V12) // decay
	// 1 − β₁ and 1 − β₂, rounded as the loop's float32 expressions are.
	F32Const $(1.0); F32Load 0(R5); F32Sub; F32x4Splat; Set V13
	F32Const $(1.0); F32Load 4(R5); F32Sub; F32x4Splat; Set V14
	Loop
		V128Load 0(R4); Set V1
		// m ← β₁·m + (1−β₁)·g
		Get V6; V128Load 0(R2); F32x4Mul
		Get V13; Get V1; F32x4Mul
		F32x4Add; Set V0
		// v ← β₂·v + ((1−β₂)·g)·g
		Get V7; V128Load 0(R3); F32x4Mul
		Get V14; Get V1; F32x4Mul; Get V1; F32x4Mul
		F32x4Add; Set V2
		Get R2; I32WrapI64; Get V0; V128Store $0, $0
		Get R3; I32WrapI64; Get V2; V128Store $0, $0
		// w ← w·decay − (α·(m/c₁)) / (√(v/c₂) + ε)
		Get R1; I32WrapI64
		V128Load 0(R1); Get V12; F32x4Mul
		Get V10; Get V0; Get V8; F32x4Div; F32x4Mul
		Get V2; Get V9; F32x4Div; F32x4Sqrt; Get V11; F32x4Add
		F32x4Div
		F32x4Sub
		V128Store $0, $0
		NEXT4(R2)
		NEXT4(R3)
		NEXT4(R4)
		Get R1; I64Const $16; I64Add; Tee R1
		Get R9; I64LtU; BrIf $0
	End
	RET

// func mul4(dst, x, y *float32, n int)
TEXT ·mul4(SB), NOSPLIT, $0-32
	MOVD dst+0(FP), R1
	MOVD x+8(FP), R2
	MOVD y+16(FP), R3
	MOVD n+24(FP), R9
	Get R9; I64Const $2; I64Shl; Get R2; I64Add; Set R9
	Loop
		Get R1; I32WrapI64
		V128Load 0(R2); V128Load 0(R3); F32x4Mul
		V128Store $0, $0
		NEXT4(R1)
		NEXT4(R3)
		Get R2; I64Const $16; I64Add; Tee R2
		Get R9; I64LtU; BrIf $0
	End
	RET

// func mulAdd4(dst, x, y *float32, n int)
TEXT ·mulAdd4(SB), NOSPLIT, $0-32
	MOVD dst+0(FP), R1
	MOVD x+8(FP), R2
	MOVD y+16(FP), R3
	MOVD n+24(FP), R9
	Get R9; I64Const $2; I64Shl; Get R2; I64Add; Set R9
	Loop
		Get R1; I32WrapI64
		V128Load 0(R1)
		V128Load 0(R2); V128Load 0(R3); F32x4Mul
		F32x4Add
		V128Store $0, $0
		NEXT4(R1)
		NEXT4(R3)
		Get R2; I64Const $16; I64Add; Tee R2
		Get R9; I64LtU; BrIf $0
	End
	RET

// func scale4(dst, x *float32, n int, s *float32)
TEXT ·scale4(SB), NOSPLIT, $0-32
	MOVD dst+0(FP), R1
	MOVD x+8(FP), R2
	MOVD n+16(FP), R9
	MOVD s+24(FP), R3
	Get R9; I64Const $2; I64Shl; Get R2; I64Add; Set R9
	F32Load 0(R3); F32x4Splat; Set V1
	Loop
		Get R1; I32WrapI64
		V128Load 0(R2); Get V1; F32x4Mul
		V128Store $0, $0
		NEXT4(R1)
		Get R2; I64Const $16; I64Add; Tee R2
		Get R9; I64LtU; BrIf $0
	End
	RET

// func axpyv4(y, x *float32, n int, alpha *float32)
TEXT ·axpyv4(SB), NOSPLIT, $0-32
	MOVD y+0(FP), R1
	MOVD x+8(FP), R2
	MOVD n+16(FP), R9
	MOVD alpha+24(FP), R3
	Get R9; I64Const $2; I64Shl; Get R2; I64Add; Set R9
	F32Load 0(R3); F32x4Splat; Set V1
	Loop
		Get R1; I32WrapI64
		V128Load 0(R1)
		Get V1; V128Load 0(R2); F32x4Mul
		F32x4Add
		V128Store $0, $0
		NEXT4(R1)
		Get R2; I64Const $16; I64Add; Tee R2
		Get R9; I64LtU; BrIf $0
	End
	RET

// func step4(dst, x *float32, n int, c *[2]float32)
TEXT ·step4(SB), NOSPLIT, $0-32
	MOVD dst+0(FP), R1
	MOVD x+8(FP), R2
	MOVD n+16(FP), R9
	MOVD c+24(FP), R3
	Get R9; I64Const $2; I64Shl; Get R2; I64Add; Set R9
	F32Load 0(R3); F32x4Splat; Set V1
	F32Load 4(R3); F32x4Splat; Set V2
	V128Const $0, $0; Set V3
	Loop
		Get R1; I32WrapI64
		Get V1; Get V2
		V128Load 0(R2); Get V3; F32x4Gt
		V128Bitselect
		V128Store $0, $0
		NEXT4(R1)
		Get R2; I64Const $16; I64Add; Tee R2
		Get R9; I64LtU; BrIf $0
	End
	RET

// func addRows4(dst, gr *float32, n, ld, rows int)
// Locals: R1 the cursor of dst, R2 the start of gr's row, R3 its cursor,
// R4 the end of gr's rows, R5 the row stride in bytes, R9 the end of the
// row's first n.
TEXT ·addRows4(SB), NOSPLIT, $0-40
	MOVD gr+8(FP), R2
	MOVD ld+24(FP), R5
	MOVD rows+32(FP), R4
	Get R5; I64Const $2; I64Shl; Set R5
	Get R4; Get R5; I64Mul; Get R2; I64Add; Set R4
	Loop
		MOVD dst+0(FP), R1
		MOVD n+16(FP), R9
		Get R9; I64Const $2; I64Shl; Get R2; I64Add; Set R9
		Get R2; Set R3
		Loop
			Get R1; I32WrapI64
			V128Load 0(R1); V128Load 0(R3); F32x4Add
			V128Store $0, $0
			NEXT4(R1)
			Get R3; I64Const $16; I64Add; Tee R3
			Get R9; I64LtU; BrIf $0
		End
		Get R2; Get R5; I64Add; Tee R2
		Get R4; I64LtU; BrIf $0
	End
	RET
