//go:build !(wasm || amd64) || noasm

package kernel

// Without assembly the vector prefixes are empty: the loops do it all.

func vrelu(dst, x []float32) int                   { return 0 }
func vreluGrad(dx, g, x []float32) int             { return 0 }
func vadd(dst, x, y []float32) int                 { return 0 }
func vaddRows(dst, g []float32) int                { return 0 }
func vadam(w, m, v, g []float32, c *AdamCoef) int  { return 0 }
func vmul(dst, x, y []float32) int                 { return 0 }
func vmulAdd(dst, x, y []float32) int              { return 0 }
func vscale(dst, x []float32, s float32) int       { return 0 }
func vaxpy(alpha float32, x, y []float32) int      { return 0 }
func vstep(dst, x []float32, pos, neg float32) int { return 0 }
