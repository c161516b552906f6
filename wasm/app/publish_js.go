//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"syscall/js"

	"genplay/wasm/bridge"
)

// maxResponse bounds a response body the page reads from its server: the
// largest demo the server stores.
const maxResponse = 64 << 20

// Request sends a request to the page's server with fetch and reads the
// response's body chunk by chunk, reporting its progress against the
// Content-Length (ui.Requester). path is relative to the page's root:
// the document's base URL, which on a demo page (d/<id>, with
// <base href="../">) is the root too.
func (h *host) Request(method, path string, body []byte, progress func(done, total int), done func(status int, body []byte, err error)) {
	go func() {
		status, b, err := h.request(method, path, body, progress)
		h.ee.Lock()
		done(status, b, err)
		h.ee.UnlockRender()
	}()
}

// request does Request's work; it blocks, so it runs in a goroutine.
func (h *host) request(method, path string, body []byte, progress func(done, total int)) (status int, b []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			status, b, err = 0, nil, fmt.Errorf("%s %s: %v", method, path, r)
		}
	}()
	init := map[string]any{"method": method, "cache": "default"}
	if body != nil {
		init["body"] = bridge.BytesToJS(body)
		init["headers"] = map[string]any{"Content-Type": "application/octet-stream"}
	}
	resp, err := await(js.Global().Call("fetch", path, init))
	if err != nil {
		return 0, nil, err
	}
	status = resp.Get("status").Int()
	total := -1
	if n, err := strconv.Atoi(resp.Get("headers").Call("get", "Content-Length").String()); err == nil && n >= 0 {
		total = n
	}
	rb := resp.Get("body")
	if rb.IsNull() || rb.IsUndefined() {
		return status, []byte{}, nil
	}
	reader := rb.Call("getReader")
	b = make([]byte, 0, max(total, 0))
	for {
		r, err := await(reader.Call("read"))
		if err != nil {
			return 0, nil, fmt.Errorf("after %d bytes: %w", len(b), err)
		}
		if r.Get("done").Bool() {
			break
		}
		chunk := r.Get("value")
		n := chunk.Get("length").Int()
		if len(b)+n > maxResponse {
			reader.Call("cancel")
			return 0, nil, fmt.Errorf("the answer is larger than %d bytes", maxResponse)
		}
		b = slices.Grow(b, n)[:len(b)+n]
		js.CopyBytesToGo(b[len(b)-n:], chunk)
		if progress != nil {
			h.ee.Lock()
			progress(len(b), total)
			h.ee.UnlockRender()
		}
	}
	return status, b, nil
}

// await waits for the promise p to settle and returns its value, or its
// rejection as an error.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	ok := js.FuncOf(func(this js.Value, args []js.Value) any {
		ch <- result{v: args[0]}
		return nil
	})
	fail := js.FuncOf(func(this js.Value, args []js.Value) any {
		reason := args[0]
		msg := js.Global().Get("String").Invoke(reason).String()
		if reason.Type() == js.TypeObject {
			if m := reason.Get("message"); m.Type() == js.TypeString && m.String() != "" {
				msg = m.String()
			}
		}
		ch <- result{err: errors.New(msg)}
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	p.Call("then", ok, fail)
	r := <-ch
	return r.v, r.err
}
