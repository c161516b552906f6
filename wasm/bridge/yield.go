//go:build js && wasm

package bridge

import "syscall/js"

// Yielder lets a busy goroutine give the browser's event loop a turn.
type Yielder struct {
	send js.Value
	ch   chan struct{}
	fn   js.Func
}

// NewYielder returns a Yielder with its own MessageChannel.
func NewYielder() *Yielder {
	y := &Yielder{ch: make(chan struct{}, 1)}
	mc := js.Global().Get("MessageChannel").New()
	y.fn = js.FuncOf(func(this js.Value, args []js.Value) any {
		select {
		case y.ch <- struct{}{}:
		default:
		}
		return nil
	})
	mc.Get("port1").Set("onmessage", y.fn)
	y.send = mc.Get("port2")
	return y
}

// Yield posts a message to itself and waits until the event loop delivers
// it, so that tasks queued before it (input, timers, other messages) run
// first. It costs well under a millisecond. Call it from one goroutine at a
// time, never from a JavaScript callback.
func (y *Yielder) Yield() {
	y.send.Call("postMessage", nil)
	<-y.ch
}
