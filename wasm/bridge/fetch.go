//go:build js && wasm

package bridge

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"syscall/js"
)

// maxErrorText bounds how much of an error response's body goes into the
// error message.
const maxErrorText = 300

// Fetch downloads url with the global fetch function and returns its bytes,
// reading the body chunk by chunk through response.body.getReader(). See
// FetchWith.
func Fetch(url string, limit int64, progress func(done int64)) ([]byte, error) {
	return FetchWith(js.Global().Get("fetch"), url, limit, progress)
}

// FetchWith downloads url with the JavaScript function fetch (which takes a
// URL and returns a promise of a Response) and returns the body's bytes. It
// calls progress, if not nil, after every chunk with the number of bytes
// received so far: the decoded bytes, so with a gzip-encoded response they
// count towards the file's size and not the Content-Length. It returns an
// error when the request fails, when the status is 400 or more (with the
// start of the server's message), and when the body grows past limit bytes,
// in which case it cancels the download. It allocates up to limit bytes
// (at most 64 MiB) at once.
//
// FetchWith blocks until the download ends: call it from a goroutine, never
// from a JavaScript callback.
func FetchWith(fetch js.Value, url string, limit int64, progress func(done int64)) (b []byte, err error) {
	defer func() {
		// A JavaScript exception thrown synchronously, such as a fetch that
		// is not a function, panics in syscall/js.
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("GET %s: %v", url, r)
		}
	}()
	if fetch.Type() != js.TypeFunction {
		return nil, fmt.Errorf("GET %s: fetch is a %s, not a function", url, fetch.Type())
	}
	resp, err := await(fetch.Invoke(url))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	if status := resp.Get("status").Int(); status >= 400 {
		text := statusLine(resp)
		if body, err := await(resp.Call("text")); err == nil {
			if s := strings.TrimSpace(body.String()); s != "" {
				text = s
			}
		}
		if len(text) > maxErrorText {
			text = text[:maxErrorText] + "…"
		}
		return nil, fmt.Errorf("GET %s: the server answered %s", url, text)
	}
	body := resp.Get("body")
	if body.IsNull() || body.IsUndefined() {
		return []byte{}, nil
	}
	reader := body.Call("getReader")
	b = make([]byte, 0, min(limit, 64<<20))
	for {
		r, err := await(reader.Call("read"))
		if err != nil {
			return nil, fmt.Errorf("GET %s: after %d bytes: %w", url, len(b), err)
		}
		if r.Get("done").Bool() {
			break
		}
		chunk := r.Get("value")
		n := chunk.Get("length").Int()
		if int64(len(b))+int64(n) > limit {
			reader.Call("cancel")
			return nil, fmt.Errorf("GET %s: the file is larger than the %d bytes expected", url, limit)
		}
		b = slices.Grow(b, n)[:len(b)+n]
		js.CopyBytesToGo(b[len(b)-n:], chunk)
		if progress != nil {
			progress(int64(len(b)))
		}
	}
	return b, nil
}

// statusLine returns the status line of a Response: "404 Not Found".
func statusLine(resp js.Value) string {
	s := fmt.Sprint(resp.Get("status").Int())
	if t := resp.Get("statusText"); t.Type() == js.TypeString && t.String() != "" {
		s += " " + t.String()
	}
	return s
}

// await waits for the promise p to settle and returns its value, or its
// rejection as an error.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	onOK := js.FuncOf(func(this js.Value, args []js.Value) any {
		ch <- result{v: args[0]}
		return nil
	})
	onErr := js.FuncOf(func(this js.Value, args []js.Value) any {
		ch <- result{err: jsError(args[0])}
		return nil
	})
	defer onOK.Release()
	defer onErr.Release()
	p.Call("then", onOK, onErr)
	r := <-ch
	return r.v, r.err
}

// jsError turns a rejection reason into an error: an Error's message, or
// the reason as a string.
func jsError(v js.Value) error {
	if v.Type() == js.TypeObject {
		if m := v.Get("message"); m.Type() == js.TypeString && m.String() != "" {
			return errors.New(m.String())
		}
	}
	return errors.New(v.String())
}
