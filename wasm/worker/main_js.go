//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"
	"time"

	"genplay/wasm/bridge"
	"genplay/wasm/protocol"
)

func main() {
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
		for _, m := range tr.Handle(c, time.Now) {
			post(m)
		}
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
		for _, m := range tr.Tick(time.Now) {
			post(m)
		}
		y.Yield()
	}
}
