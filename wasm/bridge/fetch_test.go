//go:build js && wasm

package bridge

import (
	"slices"
	"strings"
	"syscall/js"
	"testing"
)

// These tests run under Node (GOOS=js GOARCH=wasm go test with
// go_js_wasm_exec), which has Response and ReadableStream but no server:
// a fake fetch answers from JavaScript.

// fakeFetch returns a fetch function whose promise resolves to a Response
// with the given status and a body streamed in chunks of the given sizes,
// byte i of the body being i mod 251; or rejects with reject when it is not
// "".
func fakeFetch(status int, statusText, text string, chunks []int, reject string) js.Value {
	f := js.Global().Get("Function").New("status", "statusText", "text", "chunks", "reject", `
		return (url) => {
			if (reject) return Promise.reject(new TypeError(reject));
			if (text !== "" || chunks.length === 0 && status >= 400) {
				return Promise.resolve(new Response(text, {status, statusText}));
			}
			let i = 0, k = 0;
			const body = new ReadableStream({
				pull(ctl) {
					if (k === chunks.length) { ctl.close(); return; }
					const c = new Uint8Array(chunks[k++]);
					for (let j = 0; j < c.length; j++) c[j] = (i++) % 251;
					ctl.enqueue(c);
				},
			});
			return Promise.resolve(new Response(body, {status, statusText}));
		};`)
	arr := js.Global().Get("Array").New()
	for _, c := range chunks {
		arr.Call("push", c)
	}
	return f.Invoke(status, statusText, text, arr, reject)
}

func TestFetchChunks(t *testing.T) {
	chunks := []int{1000, 65536, 7, 30000}
	var done []int64
	b, err := FetchWith(fakeFetch(200, "OK", "", chunks, ""), "data/x.bin", 1<<20, func(n int64) { done = append(done, n) })
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 96543 {
		t.Fatalf("%d bytes, want 96543", len(b))
	}
	for i, c := range b {
		if int(c) != i%251 {
			t.Fatalf("byte %d = %d, want %d", i, c, i%251)
		}
	}
	if want := []int64{1000, 66536, 66543, 96543}; !slices.Equal(done, want) {
		t.Errorf("progress %v, want %v", done, want)
	}
	// The limit may equal the size.
	if _, err := FetchWith(fakeFetch(200, "OK", "", chunks, ""), "x", 96543, nil); err != nil {
		t.Errorf("limit equal to the size: %v", err)
	}
}

func TestFetchErrors(t *testing.T) {
	tests := []struct {
		name  string
		fetch js.Value
		limit int64
		want  string
	}{
		{"server message", fakeFetch(404, "Not Found", "404 Not Found: no file /weights/x.safetensors\n", nil, ""), 100,
			"GET w/x: the server answered 404 Not Found: no file /weights/x.safetensors"},
		{"no message", fakeFetch(500, "Internal Server Error", "", nil, ""), 100, "GET w/x: the server answered 500 Internal Server Error"},
		{"long message", fakeFetch(400, "Bad Request", strings.Repeat("x", 1000), nil, ""), 100, strings.Repeat("x", maxErrorText) + "…"},
		{"network", fakeFetch(0, "", "", nil, "Failed to fetch"), 100, "GET w/x: Failed to fetch"},
		{"too big", fakeFetch(200, "OK", "", []int{60, 60}, ""), 100, "GET w/x: the file is larger than the 100 bytes expected"},
		{"not a function", js.ValueOf(3), 100, "fetch is a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := FetchWith(tt.fetch, "w/x", tt.limit, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
			if b != nil {
				t.Errorf("%d bytes returned with the error", len(b))
			}
		})
	}
}
