//go:build js && wasm

package bridge

import (
	"errors"
	"strings"
	"sync"
	"syscall/js"

	"genplay/wasm/protocol"
)

// Received is a message that arrived, or the error of one that could not be
// read.
type Received struct {
	Plain protocol.Plain
	Err   error
}

// Inbox queues the messages that arrive at a message target (a Worker, or a
// worker's global scope), without bound, so that the JavaScript callback
// never blocks.
type Inbox struct {
	mu   sync.Mutex
	q    []Received
	wake chan struct{} // holds a token while q may be non-empty
	fns  []js.Func
}

// Listen sets the onmessage (and onmessageerror) handler of target to
// queue into a new Inbox, and returns it.
func Listen(target js.Value) *Inbox {
	in := &Inbox{wake: make(chan struct{}, 1)}
	onMessage := js.FuncOf(func(this js.Value, args []js.Value) any {
		p, err := FromJS(args[0].Get("data"))
		in.push(Received{Plain: p, Err: err})
		return nil
	})
	onError := js.FuncOf(func(this js.Value, args []js.Value) any {
		in.push(Received{Err: errors.New("bridge: a message could not be deserialized")})
		return nil
	})
	target.Set("onmessage", onMessage)
	target.Set("onmessageerror", onError)
	in.fns = append(in.fns, onMessage, onError)
	return in
}

func (in *Inbox) push(r Received) {
	in.mu.Lock()
	in.q = append(in.q, r)
	in.mu.Unlock()
	select {
	case in.wake <- struct{}{}:
	default:
	}
}

// TryNext returns the oldest queued message, or ok == false if there is
// none.
func (in *Inbox) TryNext() (r Received, ok bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.q) == 0 {
		return Received{}, false
	}
	r = in.q[0]
	in.q[0] = Received{}
	in.q = in.q[1:]
	return r, true
}

// Next returns the oldest message, waiting for one if the queue is empty.
// Call it from a goroutine, never from a JavaScript callback.
func (in *Inbox) Next() Received {
	for {
		if r, ok := in.TryNext(); ok {
			return r
		}
		<-in.wake
	}
}

// Post sends p to target with postMessage, transferring the buffers of its
// Float32Arrays.
func Post(target js.Value, p protocol.Plain) {
	obj, transfer := ToJS(p)
	target.Call("postMessage", obj, transfer)
}

// StartWorker starts the Web Worker script at url and returns it with the
// Inbox of its messages. An error event of the worker, such as a script
// that fails to load or an exception the worker does not catch, arrives in
// the Inbox as a Received with an error.
func StartWorker(url string) (worker js.Value, in *Inbox) {
	worker = js.Global().Get("Worker").New(url)
	in = Listen(worker)
	onError := js.FuncOf(func(this js.Value, args []js.Value) any {
		msg := args[0].Get("message")
		text := "The training worker failed."
		if msg.Type() == js.TypeString && msg.String() != "" {
			text = strings.TrimPrefix(msg.String(), "Uncaught Error: ")
		}
		in.push(Received{Err: errors.New(text)})
		return nil
	})
	worker.Set("onerror", onError)
	in.fns = append(in.fns, onError)
	return worker, in
}
