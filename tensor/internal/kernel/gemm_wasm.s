//go:build !noasm

#include "textflag.h"

// 4×2 GEMM tiles and the packing of A for gemm_wasm.go, which documents
// them. In Go's wasm port R0–R15 are i64 locals and F0–F15 f32 locals of the
// function; "F32Load 8(R9)" is Get R9; I32WrapI64; F32Load $8.
//
// Locals of the tile kernels:
//	R1   tiles left                  F0–F7    the tile: F(2i+j) sums C[i,j]
//	R2   a (packed: A[i,p] at 4p+i)  F8–F11   A[i,p], i = 0..3
//	R4   b at the current tile       F12–F13  B[p,j], j = 0, 1
//	R5   ldb in bytes
//	R6   c at the current tile
//	R7   ldc in bytes
//	R8   accumulate
//	R9   A cursor, R10 its end (a + 16k)
//	R11  B cursor (gemm4x2T: R11, R12 for columns 0, 1)
//	R13  C row cursor
//
// The order of the products and sums matches the reference loop exactly;
// TestGemmAsmMatchesGo checks the bits.

// ARGS loads the arguments and turns element strides into byte strides.
#define ARGS \
	MOVD nt+8(FP), R1; \
	MOVD a+16(FP), R2; \
	MOVD b+24(FP), R4; \
	MOVD ldb+32(FP), R5; \
	MOVD c+40(FP), R6; \
	MOVD ldc+48(FP), R7; \
	MOVB accumulate+56(FP), R8; \
	Get R5; I64Const $2; I64Shl; Set R5; \
	Get R7; I64Const $2; I64Shl; Set R7; \
	MOVD k+0(FP), R10; \
	Get R10; I64Const $4; I64Shl; Get R2; I64Add; Set R10

// NEXTROW moves the C row cursor down one row.
#define NEXTROW Get R13; Get R7; I64Add; Set R13

// LOADTILE starts the sums: zero, or C's current values if accumulating.
#define LOADTILE \
	Get R8; I64Eqz; \
	If; \
		F32Const $(0.0); Set F0; F32Const $(0.0); Set F1; \
		F32Const $(0.0); Set F2; F32Const $(0.0); Set F3; \
		F32Const $(0.0); Set F4; F32Const $(0.0); Set F5; \
		F32Const $(0.0); Set F6; F32Const $(0.0); Set F7; \
	Else; \
		Get R6; Set R13; \
		F32Load 0(R13); Set F0; F32Load 4(R13); Set F1; NEXTROW; \
		F32Load 0(R13); Set F2; F32Load 4(R13); Set F3; NEXTROW; \
		F32Load 0(R13); Set F4; F32Load 4(R13); Set F5; NEXTROW; \
		F32Load 0(R13); Set F6; F32Load 4(R13); Set F7; \
	End

// STORETILE writes the sums back to C.
#define STORETILE \
	Get R6; Set R13; \
	Get R13; I32WrapI64; Get F0; F32Store $0; Get R13; I32WrapI64; Get F1; F32Store $4; NEXTROW; \
	Get R13; I32WrapI64; Get F2; F32Store $0; Get R13; I32WrapI64; Get F3; F32Store $4; NEXTROW; \
	Get R13; I32WrapI64; Get F4; F32Store $0; Get R13; I32WrapI64; Get F5; F32Store $4; NEXTROW; \
	Get R13; I32WrapI64; Get F6; F32Store $0; Get R13; I32WrapI64; Get F7; F32Store $4

// LOADA loads A[0..3, p].
#define LOADA \
	F32Load 0(R9); Set F8; \
	F32Load 4(R9); Set F9; \
	F32Load 8(R9); Set F10; \
	F32Load 12(R9); Set F11

// MAC is s = s + x·y.
#define MAC(s, x, y) Get s; Get x; Get y; F32Mul; F32Add; Set s

// MACS adds the eight products of step p to the tile.
#define MACS \
	MAC(F0, F8, F12); MAC(F1, F8, F13); \
	MAC(F2, F9, F12); MAC(F3, F9, F13); \
	MAC(F4, F10, F12); MAC(F5, F10, F13); \
	MAC(F6, F11, F12); MAC(F7, F11, F13)

// func gemm4x2(k, nt int, a, b *float32, ldb int, c *float32, ldc int, accumulate bool)
TEXT ·gemm4x2(SB), NOSPLIT, $0-57
	ARGS
	Block
	Loop // over tiles
		Get R1; I64Eqz; BrIf $1
		LOADTILE
		Get R2; Set R9
		Get R4; Set R11
		Loop // over p; k > 0
			LOADA
			F32Load 0(R11); Set F12
			F32Load 4(R11); Set F13
			Get R9; I64Const $16; I64Add; Set R9
			Get R11; Get R5; I64Add; Set R11
			MACS
			Get R9; Get R10; I64LtU; BrIf $0
		End
		STORETILE
		Get R4; I64Const $8; I64Add; Set R4
		Get R6; I64Const $8; I64Add; Set R6
		Get R1; I64Const $1; I64Sub; Set R1
		Br $0
	End
	End
	RET

// func gemm4x2T(k, nt int, a, b *float32, ldb int, c *float32, ldc int, accumulate bool)
TEXT ·gemm4x2T(SB), NOSPLIT, $0-57
	ARGS
	Block
	Loop // over tiles
		Get R1; I64Eqz; BrIf $1
		LOADTILE
		Get R2; Set R9
		Get R4; Set R11
		Get R4; Get R5; I64Add; Set R12
		// Here the cursors step in i32 arithmetic (wrap, add, extend).
		// V8 then knows that their upper halves are zero and drops the
		// zero-extension it otherwise emits before every use as an
		// address: 3 instructions fewer per step, 12% faster in Node 20.
		// The same change in gemm4x2 measured 3% slower (V8 recomputes
		// ldb·4 in the loop), so it is made here only.
		Loop // over p; k > 0
			LOADA
			F32Load 0(R11); Set F12
			F32Load 0(R12); Set F13
			Get R9; I32WrapI64; I32Const $16; I32Add; I64ExtendI32U; Set R9
			Get R11; I32WrapI64; I32Const $4; I32Add; I64ExtendI32U; Set R11
			Get R12; I32WrapI64; I32Const $4; I32Add; I64ExtendI32U; Set R12
			MACS
			Get R9; Get R10; I64LtU; BrIf $0
		End
		STORETILE
		// The next tile's B rows are two rows down.
		Get R4; Get R5; I64Const $1; I64Shl; I64Add; Set R4
		Get R6; I64Const $8; I64Add; Set R6
		Get R1; I64Const $1; I64Sub; Set R1
		Br $0
	End
	End
	RET

// The packers copy bits (i32 and i64 loads and stores), so a packed value
// is the value. R1–R4 are source cursors, R5 lda in bytes, R6 the panel
// cursor and R7 its end (panel + 16kb); kb > 0.

// func packRows(kb int, a *float32, lda int, panel *float32)
TEXT ·packRows(SB), NOSPLIT, $0-32
	MOVD a+8(FP), R1
	MOVD lda+16(FP), R5
	MOVD panel+24(FP), R6
	MOVD kb+0(FP), R7
	Get R7; I64Const $4; I64Shl; Get R6; I64Add; Set R7
	Get R5; I64Const $2; I64Shl; Set R5
	Get R1; Get R5; I64Add; Set R2
	Get R2; Get R5; I64Add; Set R3
	Get R3; Get R5; I64Add; Set R4
	Loop
		Get R6; I32WrapI64; I32Load 0(R1); I32Store $0
		Get R6; I32WrapI64; I32Load 0(R2); I32Store $4
		Get R6; I32WrapI64; I32Load 0(R3); I32Store $8
		Get R6; I32WrapI64; I32Load 0(R4); I32Store $12
		Get R1; I64Const $4; I64Add; Set R1
		Get R2; I64Const $4; I64Add; Set R2
		Get R3; I64Const $4; I64Add; Set R3
		Get R4; I64Const $4; I64Add; Set R4
		Get R6; I64Const $16; I64Add; Tee R6
		Get R7; I64LtU; BrIf $0
	End
	RET

// func packCols(kb int, a *float32, lda int, panel *float32)
TEXT ·packCols(SB), NOSPLIT, $0-32
	MOVD a+8(FP), R1
	MOVD lda+16(FP), R5
	MOVD panel+24(FP), R6
	MOVD kb+0(FP), R7
	Get R7; I64Const $4; I64Shl; Get R6; I64Add; Set R7
	Get R5; I64Const $2; I64Shl; Set R5
	Loop
		Get R6; I32WrapI64; I64Load 0(R1); I64Store $0
		Get R6; I32WrapI64; I64Load 8(R1); I64Store $8
		Get R1; Get R5; I64Add; Set R1
		Get R6; I64Const $16; I64Add; Tee R6
		Get R7; I64LtU; BrIf $0
	End
	RET
