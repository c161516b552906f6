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
	case OpSumAxis:
		sumAxisBackward(nd)
	case OpMatMulNT:
		matMulNTBackward(nd)
	case OpMatMulTN:
		matMulTNBackward(nd)
	case OpReshape:
		reshapeBackward(nd)
	case OpTranspose:
		transposeBackward(nd)
	case OpSlice:
		sliceBackward(nd)
	case OpConcat:
		concatBackward(nd)
	case OpConv2D:
		conv2DBackward(nd)
	case OpConvTranspose2D:
		convTranspose2DBackward(nd)
	default:
		panic("tensor: no backward rule for " + nd.op.String())
	}
}
