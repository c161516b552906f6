package ui

// lossCap bounds the loss history that the page keeps and draws: when it is
// full, neighbouring values are averaged in pairs and later values are
// averaged over twice as many steps.
const lossCap = 1 << 14

// lossLog is the loss history of a run, averaged over buckets of stride steps
// once the run has more than lossCap steps.
type lossLog struct {
	// first is the number of steps before the first value, when the page
	// joined a run late.
	first int
	// vals holds one value per bucket, oldest first.
	vals []float32
	// stride is the number of steps per value; 0 means 1.
	stride int
	// sum and n accumulate the bucket being filled.
	sum   float64
	n     int
	total int
}

// add appends the losses of consecutive steps.
func (l *lossLog) add(losses []float32) {
	if l.stride == 0 {
		l.stride = 1
	}
	for _, v := range losses {
		l.total++
		l.sum += float64(v)
		l.n++
		if l.n < l.stride {
			continue
		}
		l.vals = append(l.vals, float32(l.sum/float64(l.n)))
		l.sum, l.n = 0, 0
		if len(l.vals) == lossCap {
			for i := range lossCap / 2 {
				l.vals[i] = (l.vals[2*i] + l.vals[2*i+1]) / 2
			}
			l.vals = l.vals[:lossCap/2]
			l.stride *= 2
		}
	}
}

// steps returns the number of steps added.
func (l *lossLog) steps() int { return l.total }
