package tensor

import "fmt"

// Broadcasting in Add and Mul follows NumPy's rule with the output taking
// a's shape: b's dimensions align with a's trailing ones, and each is either
// equal to a's or 1 (missing leading dimensions count as 1). b is repeated
// along the dimensions where it is 1; its gradient is summed along them.
//
// Two layouts get their own loops, since they are nearly every call: b with
// a's trailing shape (a bias row, or a scalar), and b with a's leading shape
// followed by ones (a column, as in x − max(x) per row). Everything else
// goes through stride-0 indexing.

// bcastKind says which loop a broadcast uses.
type bcastKind uint8

const (
	bcastRows   bcastKind = iota // b repeats every len(b) elements of a
	bcastCols                    // each element of b covers len(a)/len(b) consecutive elements of a
	bcastStride                  // general case
)

// maxRank is the largest rank the general broadcast handles.
const maxRank = 6

// broadcastKind checks that b broadcasts over a and says how.
func broadcastKind(name string, a, b *Tensor) bcastKind {
	ra, rb := len(a.Shape), len(b.Shape)
	ok := rb <= ra
	trailing, leading := ok, ok
	for i := 0; ok && i < rb; i++ {
		da, db := a.Shape[ra-rb+i], b.Shape[i]
		if db != da && db != 1 {
			ok = false
		}
		if db != da {
			trailing = false
		}
	}
	if ok {
		// Leading: b's shape is a's first dims, padded with ones on the right,
		// once b's size-1 dims are stripped from its tail.
		nb := rb
		for nb > 0 && b.Shape[nb-1] == 1 {
			nb--
		}
		leading = rb == ra
		for i := 0; leading && i < nb; i++ {
			leading = b.Shape[i] == a.Shape[i]
		}
	}
	switch {
	case !ok || ra > maxRank:
		panic(fmt.Sprintf("tensor: %s cannot broadcast shape %v over %v", name, b.Shape, a.Shape))
	case trailing || len(b.Data) == 1:
		return bcastRows
	case leading:
		return bcastCols
	}
	return bcastStride
}

// bStrides returns, for each of a's dimensions, the stride of b along it,
// 0 where b is broadcast.
func bStrides(a, b *Tensor) (st [maxRank]int) {
	ra, rb := len(a.Shape), len(b.Shape)
	s := 1
	for i := rb - 1; i >= 0; i-- {
		if b.Shape[i] != 1 {
			st[ra-rb+i] = s
		}
		s *= b.Shape[i]
	}
	return st
}

// forBroadcast calls f(i, j) for every element i of a and the element j of b
// broadcast onto it, in increasing i.
func forBroadcast(a, b *Tensor, f func(i, j int)) {
	st := bStrides(a, b)
	var idx [maxRank]int
	r := len(a.Shape)
	j := 0
	for i := range a.Data {
		f(i, j)
		for d := r - 1; d >= 0; d-- {
			idx[d]++
			j += st[d]
			if idx[d] < a.Shape[d] {
				break
			}
			j -= st[d] * idx[d]
			idx[d] = 0
		}
	}
}
