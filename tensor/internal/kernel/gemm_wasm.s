//go:build !noasm

#include "textflag.h"

// WebAssembly SIMD128 GEMM tiles and the packing of A for gemm_wasm.go,
// which documents them. In Go's wasm port R0–R15 are i64 locals, F0–F15 f32
// and V0–V15 v128 locals of the function; "F32Load 8(R9)" is
// Get R9; I32WrapI64; F32Load $8.
//
// Two traps of Go 1.27's wasm assembler, both checked by the tests:
//	- the one-operand form of V128Store drops its offset ("V128Store $16"
//	  stores at +0); the two-operand form "V128Store $0, $16" keeps it;
//	- likewise the lane index of F32x4ExtractLane and F32x4ReplaceLane:
//	  "F32x4ExtractLane $2" extracts lane 0, "F32x4ExtractLane $0, $2"
//	  lane 2.
// (V128Load32Splat cannot be used at all: it is written without its
// memory argument, so the module does not validate.)
//
// Every lane sums its own element of C with the products in order p = 0,
// 1, …, each product rounded before it is added (f32x4.mul, then
// f32x4.add: wasm has no fused multiply-add outside relaxed SIMD), so the
// bits are those of the reference loop; TestGemmAsmMatchesGo checks it.

// MAC is acc = acc + x·y, lane by lane.
#define MAC(acc, x, y) Get acc; Get x; Get y; F32x4Mul; F32x4Add; Set acc

// ZERO sets a v128 local to 0.
#define ZERO(v) V128Const $0, $0; Set v

// NEXTROW moves the C row cursor R13 down one row (R7 is ldc in bytes).
#define NEXTROW Get R13; Get R7; I64Add; Set R13

// ---- gemm4x8: C[4×8] tiles, lanes across columns ----
//
// Locals:
//	R1   tiles left                   V0–V7  the tile: V(2i+h) holds C[i, 4h..4h+3]
//	R2   a (packed and splatted:      V8–V9  B[p, 0..3], B[p, 4..7]
//	     A[i,p] at 16p+4i+l, l < 4)   V10    A[i,p] in every lane
//	R4   b at the current tile
//	R5   ldb in bytes
//	R6   c at the current tile
//	R7   ldc in bytes
//	R8   accumulate
//	R9   A cursor, R10 its end (a + 64k)
//	R11  B cursor
//	R13  C row cursor

#define TILE8LOAD(v0, v1) \
	V128Load 0(R13); Set v0; V128Load 16(R13); Set v1

#define TILE8STORE(v0, v1) \
	Get R13; I32WrapI64; Get v0; V128Store $0; \
	Get R13; I32WrapI64; Get v1; V128Store $0, $16

// func gemm4x8(k, nt int, a, b *float32, ldb int, c *float32, ldc int, accumulate bool)
TEXT ·gemm4x8(SB), NOSPLIT, $0-57
	MOVD nt+8(FP), R1
	MOVD a+16(FP), R2
	MOVD b+24(FP), R4
	MOVD ldb+32(FP), R5
	MOVD c+40(FP), R6
	MOVD ldc+48(FP), R7
	MOVB accumulate+56(FP), R8
	Get R5; I64Const $2; I64Shl; Set R5
	Get R7; I64Const $2; I64Shl; Set R7
	MOVD k+0(FP), R10
	Get R10; I64Const $6; I64Shl; Get R2; I64Add; Set R10
	Block
	Loop // over tiles
		Get R1; I64Eqz; BrIf $1
		Get R8; I64Eqz
		If
			ZERO(V0); ZERO(V1); ZERO(V2); ZERO(V3)
			ZERO(V4); ZERO(V5); ZERO(V6); ZERO(V7)
		Else
			Get R6; Set R13
			TILE8LOAD(V0, V1); NEXTROW
			TILE8LOAD(V2, V3); NEXTROW
			TILE8LOAD(V4, V5); NEXTROW
			TILE8LOAD(V6, V7)
		End
		Get R2; Set R9
		Get R4; Set R11
		Loop // over p; k > 0
			V128Load 0(R11); Set V8
			V128Load 16(R11); Set V9
			V128Load 0(R9); Set V10; MAC(V0, V10, V8); MAC(V1, V10, V9)
			V128Load 16(R9); Set V10; MAC(V2, V10, V8); MAC(V3, V10, V9)
			V128Load 32(R9); Set V10; MAC(V4, V10, V8); MAC(V5, V10, V9)
			V128Load 48(R9); Set V10; MAC(V6, V10, V8); MAC(V7, V10, V9)
			Get R11; Get R5; I64Add; Set R11
			Get R9; I64Const $64; I64Add; Tee R9
			Get R10; I64LtU; BrIf $0
		End
		Get R6; Set R13
		TILE8STORE(V0, V1); NEXTROW
		TILE8STORE(V2, V3); NEXTROW
		TILE8STORE(V4, V5); NEXTROW
		TILE8STORE(V6, V7)
		Get R4; I64Const $32; I64Add; Set R4
		Get R6; I64Const $32; I64Add; Set R6
		Get R1; I64Const $1; I64Sub; Set R1
		Br $0
	End
	End
	RET

// ---- gemm8x4T: C[8×4] tiles of A·Bᵀ, lanes across rows ----
//
// Locals:
//	R1   tiles left                   V0–V7  the tile: V(2j+h) holds C[4h..4h+3, j]
//	R2   a (packed: A[i,p] at 8p+i)   V8–V9  A[0..3, p], A[4..7, p]
//	R4   b at the current tile        V10    B[j, p] in every lane
//	R5   ldb in bytes
//	R6   c at the current tile
//	R7   ldc in bytes
//	R8   accumulate
//	R9   A cursor, R10 its end (a + 32k)
//	R11, R12, R14, R15  B cursors of columns 0..3 (rows of B)
//	R13  C row cursor

// TROWLOAD fills lane l of the column sums v0, v2, v4, v6 (columns 0..3) from C row R13.
#define TROWLOAD(v0, v2, v4, v6, l) \
	Get v0; F32Load 0(R13); F32x4ReplaceLane $0, $l; Set v0; \
	Get v2; F32Load 4(R13); F32x4ReplaceLane $0, $l; Set v2; \
	Get v4; F32Load 8(R13); F32x4ReplaceLane $0, $l; Set v4; \
	Get v6; F32Load 12(R13); F32x4ReplaceLane $0, $l; Set v6

// TROWSTORE writes lane l of the column sums v0, v2, v4, v6 (columns 0..3) to C row R13.
#define TROWSTORE(v0, v2, v4, v6, l) \
	Get R13; I32WrapI64; Get v0; F32x4ExtractLane $0, $l; F32Store $0; \
	Get R13; I32WrapI64; Get v2; F32x4ExtractLane $0, $l; F32Store $4; \
	Get R13; I32WrapI64; Get v4; F32x4ExtractLane $0, $l; F32Store $8; \
	Get R13; I32WrapI64; Get v6; F32x4ExtractLane $0, $l; F32Store $12

// SPLATB loads B[j,p] from cursor r into every lane of V10.
#define SPLATB(r) F32Load 0(r); F32x4Splat; Set V10

// STEP4 advances a cursor by one float in i32 arithmetic (V8 then drops
// the zero-extension before its use as an address).
#define STEP4(r) Get r; I32WrapI64; I32Const $4; I32Add; I64ExtendI32U; Set r

// func gemm8x4T(k, nt int, a, b *float32, ldb int, c *float32, ldc int, accumulate bool)
TEXT ·gemm8x4T(SB), NOSPLIT, $0-57
	MOVD nt+8(FP), R1
	MOVD a+16(FP), R2
	MOVD b+24(FP), R4
	MOVD ldb+32(FP), R5
	MOVD c+40(FP), R6
	MOVD ldc+48(FP), R7
	MOVB accumulate+56(FP), R8
	Get R5; I64Const $2; I64Shl; Set R5
	Get R7; I64Const $2; I64Shl; Set R7
	MOVD k+0(FP), R10
	Get R10; I64Const $5; I64Shl; Get R2; I64Add; Set R10
	Block
	Loop // over tiles
		Get R1; I64Eqz; BrIf $1
		ZERO(V0); ZERO(V1); ZERO(V2); ZERO(V3)
		ZERO(V4); ZERO(V5); ZERO(V6); ZERO(V7)
		Get R8; I64Eqz; I32Eqz
		If
			Get R6; Set R13
			TROWLOAD(V0, V2, V4, V6, 0); NEXTROW
			TROWLOAD(V0, V2, V4, V6, 1); NEXTROW
			TROWLOAD(V0, V2, V4, V6, 2); NEXTROW
			TROWLOAD(V0, V2, V4, V6, 3); NEXTROW
			TROWLOAD(V1, V3, V5, V7, 0); NEXTROW
			TROWLOAD(V1, V3, V5, V7, 1); NEXTROW
			TROWLOAD(V1, V3, V5, V7, 2); NEXTROW
			TROWLOAD(V1, V3, V5, V7, 3)
		End
		Get R2; Set R9
		Get R4; Set R11
		Get R11; Get R5; I64Add; Set R12
		Get R12; Get R5; I64Add; Set R14
		Get R14; Get R5; I64Add; Set R15
		Loop // over p; k > 0
			V128Load 0(R9); Set V8
			V128Load 16(R9); Set V9
			SPLATB(R11); MAC(V0, V8, V10); MAC(V1, V9, V10)
			SPLATB(R12); MAC(V2, V8, V10); MAC(V3, V9, V10)
			SPLATB(R14); MAC(V4, V8, V10); MAC(V5, V9, V10)
			SPLATB(R15); MAC(V6, V8, V10); MAC(V7, V9, V10)
			STEP4(R11); STEP4(R12); STEP4(R14); STEP4(R15)
			Get R9; I64Const $32; I64Add; Tee R9
			Get R10; I64LtU; BrIf $0
		End
		Get R6; Set R13
		TROWSTORE(V0, V2, V4, V6, 0); NEXTROW
		TROWSTORE(V0, V2, V4, V6, 1); NEXTROW
		TROWSTORE(V0, V2, V4, V6, 2); NEXTROW
		TROWSTORE(V0, V2, V4, V6, 3); NEXTROW
		TROWSTORE(V1, V3, V5, V7, 0); NEXTROW
		TROWSTORE(V1, V3, V5, V7, 1); NEXTROW
		TROWSTORE(V1, V3, V5, V7, 2); NEXTROW
		TROWSTORE(V1, V3, V5, V7, 3)
		// The next tile's B rows are four rows down.
		Get R4; Get R5; I64Const $2; I64Shl; I64Add; Set R4
		Get R6; I64Const $16; I64Add; Set R6
		Get R1; I64Const $1; I64Sub; Set R1
		Br $0
	End
	End
	RET

// The packers copy bits (i32 loads, splats and stores), so a packed value
// is the value. R1–R4 are source cursors, R5 lda in bytes, R6 the panel
// cursor and R7 its end; kb > 0.

// func packRows4(kb int, a *float32, lda int, panel *float32)
TEXT ·packRows4(SB), NOSPLIT, $0-32
	MOVD a+8(FP), R1
	MOVD lda+16(FP), R5
	MOVD panel+24(FP), R6
	MOVD kb+0(FP), R7
	Get R7; I64Const $6; I64Shl; Get R6; I64Add; Set R7
	Get R5; I64Const $2; I64Shl; Set R5
	Get R1; Get R5; I64Add; Set R2
	Get R2; Get R5; I64Add; Set R3
	Get R3; Get R5; I64Add; Set R4
	Loop
		Get R6; I32WrapI64; I32Load 0(R1); I32x4Splat; V128Store $0, $0
		Get R6; I32WrapI64; I32Load 0(R2); I32x4Splat; V128Store $0, $16
		Get R6; I32WrapI64; I32Load 0(R3); I32x4Splat; V128Store $0, $32
		Get R6; I32WrapI64; I32Load 0(R4); I32x4Splat; V128Store $0, $48
		Get R1; I64Const $4; I64Add; Set R1
		Get R2; I64Const $4; I64Add; Set R2
		Get R3; I64Const $4; I64Add; Set R3
		Get R4; I64Const $4; I64Add; Set R4
		Get R6; I64Const $64; I64Add; Tee R6
		Get R7; I64LtU; BrIf $0
	End
	RET

// func packCols4(kb int, a *float32, lda int, panel *float32)
TEXT ·packCols4(SB), NOSPLIT, $0-32
	MOVD a+8(FP), R1
	MOVD lda+16(FP), R5
	MOVD panel+24(FP), R6
	MOVD kb+0(FP), R7
	Get R7; I64Const $6; I64Shl; Get R6; I64Add; Set R7
	Get R5; I64Const $2; I64Shl; Set R5
	Loop
		Get R6; I32WrapI64; I32Load 0(R1); I32x4Splat; V128Store $0, $0
		Get R6; I32WrapI64; I32Load 4(R1); I32x4Splat; V128Store $0, $16
		Get R6; I32WrapI64; I32Load 8(R1); I32x4Splat; V128Store $0, $32
		Get R6; I32WrapI64; I32Load 12(R1); I32x4Splat; V128Store $0, $48
		Get R1; Get R5; I64Add; Set R1
		Get R6; I64Const $64; I64Add; Tee R6
		Get R7; I64LtU; BrIf $0
	End
	RET

// packRows8 is packRows4 for eight rows, into a panel with A[i,p] at 8p+i:
// two calls of the four-row loop would interleave wrongly, so rows 0–3 and
// 4–7 go through R1–R4 and R8, R9, R11, R12.
// func packRows8(kb int, a *float32, lda int, panel *float32)
TEXT ·packRows8(SB), NOSPLIT, $0-32
	MOVD a+8(FP), R1
	MOVD lda+16(FP), R5
	MOVD panel+24(FP), R6
	MOVD kb+0(FP), R7
	Get R7; I64Const $5; I64Shl; Get R6; I64Add; Set R7
	Get R5; I64Const $2; I64Shl; Set R5
	Get R1; Get R5; I64Add; Set R2
	Get R2; Get R5; I64Add; Set R3
	Get R3; Get R5; I64Add; Set R4
	Get R4; Get R5; I64Add; Set R8
	Get R8; Get R5; I64Add; Set R9
	Get R9; Get R5; I64Add; Set R11
	Get R11; Get R5; I64Add; Set R12
	Loop
		Get R6; I32WrapI64; I32Load 0(R1); I32Store $0
		Get R6; I32WrapI64; I32Load 0(R2); I32Store $4
		Get R6; I32WrapI64; I32Load 0(R3); I32Store $8
		Get R6; I32WrapI64; I32Load 0(R4); I32Store $12
		Get R6; I32WrapI64; I32Load 0(R8); I32Store $16
		Get R6; I32WrapI64; I32Load 0(R9); I32Store $20
		Get R6; I32WrapI64; I32Load 0(R11); I32Store $24
		Get R6; I32WrapI64; I32Load 0(R12); I32Store $28
		Get R1; I64Const $4; I64Add; Set R1
		Get R2; I64Const $4; I64Add; Set R2
		Get R3; I64Const $4; I64Add; Set R3
		Get R4; I64Const $4; I64Add; Set R4
		Get R8; I64Const $4; I64Add; Set R8
		Get R9; I64Const $4; I64Add; Set R9
		Get R11; I64Const $4; I64Add; Set R11
		Get R12; I64Const $4; I64Add; Set R12
		Get R6; I64Const $32; I64Add; Tee R6
		Get R7; I64LtU; BrIf $0
	End
	RET


