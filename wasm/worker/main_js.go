//go:build js && wasm

package worker

import (
	"fmt"
	"syscall/js"
	"time"

	"genplay/wasm/bridge"
	"genplay/wasm/protocol"
)

// Run is the worker's program: it answers the page's commands on the
// worker's message port until the worker is terminated, and never returns.
// The page's binary calls it when it runs in a Web Worker.
func Run() {
	self := js.Global()
	in := bridge.Listen(self)
	post := func(m protocol.Message) { bridge.Post(self, protocol.Encode(m)) }
	post(protocol.Ready{})

	tr := newTrainer(defaults(), bridge.Fetch, post)
	post(tr.Manifest())
	y := bridge.NewYielder()
	handle := func(r bridge.Received) {
		if r.Err != nil {
			post(protocol.Error{Message: r.Err.Error()})
			return
		}
		m, err := protocol.Decode(r.Plain)
		if err != nil {
			post(protocol.Error{Message: err.Error()})
			return
		}
		c, ok := m.(protocol.Command)
		if !ok {
			post(protocol.Error{Message: fmt.Sprintf("worker: %s is not a command", m.Kind())})
			return
		}
		guard(post, func() {
			for _, m := range tr.Handle(c, time.Now) {
				post(m)
			}
		})
	}
	for {
		if !tr.Busy() {
			handle(in.Next()) // idle: wait for a command
			continue
		}
		for {
			r, ok := in.TryNext()
			if !ok {
				break
			}
			handle(r)
		}
		guard(post, func() {
			for _, m := range tr.Tick(time.Now) {
				post(m)
			}
		})
		y.Yield()
	}
}

// guard runs f and, if it panics, tells the page before the worker dies:
// an Error that stops training, then the panic again, which ends the Go
// program. A panic may leave the trainer half-way through a change (a
// session without its sample, a job without its figure), so the worker
// does not carry on; the page shows its crash card and offers a restart.
func guard(post func(protocol.Message), f func()) {
	defer func() {
		if v := recover(); v != nil {
			post(protocol.Error{Stopped: true, Message: fmt.Sprintf("The worker failed: %v. Press restart.", v)})
			panic(v)
		}
	}()
	f()
}
