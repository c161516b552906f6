package tensor

// backward dispatches a recorded node to its op's backward rule. It is the
// one table from op code to gradient; a test checks that every op code has a
// gradient-check case.
func backward(nd *node) {
	switch nd.op {
	case OpMatMul:
		matMulBackward(nd)
	case OpAdd:
		addBackward(nd)
	case OpMul:
		mulBackward(nd)
	case OpRelu:
		reluBackward(nd)
	case OpExp:
		expBackward(nd)
	case OpLog:
		logBackward(nd)
	case OpSum:
		sumBackward(nd)
	case OpMean:
		meanBackward(nd)
	default:
		panic("tensor: no backward rule for " + nd.op.String())
	}
}
