//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"image"
	"strings"
	"syscall/js"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/domrender"
	vugujs "github.com/vugu/vugu/js"

	"genplay/wasm/bridge"
	"genplay/wasm/protocol"
	"genplay/wasm/ui"
)

// mountPoint is the element of web/index.html that the page replaces.
const mountPoint = "#genplay"

func main() {
	renderer, err := domrender.New(mountPoint)
	if err != nil {
		panic(err)
	}
	defer renderer.Release()
	ee := renderer.EventEnv()
	buildEnv, err := vugu.NewBuildEnv(ee)
	if err != nil {
		panic(err)
	}

	h := &host{ee: ee}
	newSurface := func(id string) ui.Surface { return surface{bridge.NewCanvas(id + "-canvas")} }
	loc := js.Global().Get("location")
	query := loc.Get("search").String()
	if query == "" {
		query = loc.Get("hash").String()
	}
	root := ui.NewRoot(h.send, newSurface, h, query)
	h.root = root
	h.startWorker()
	h.listenKeys()
	ee.Lock()
	root.Start()
	ee.UnlockRender()

	for ok := true; ok; ok = renderer.EventWait() {
		ee.RLock()
		results := buildEnv.RunBuild(root)
		ee.RUnlock()
		if err := renderer.Render(results); err != nil {
			panic(err)
		}
	}
}

// host is the page's ui.Host: the worker, downloads, the clipboard, the
// address bar, files and timers.
type host struct {
	ee     vugu.EventEnv
	root   *ui.Root
	worker js.Value
	gen    int // counts workers, so that a replaced worker's messages are dropped
	fns    []js.Func
}

// send posts c to the current worker.
func (h *host) send(c protocol.Command) {
	if h.worker.Truthy() {
		bridge.Post(h.worker, protocol.Encode(c))
	}
}

// startWorker starts a training worker and applies its messages to the
// page until it is replaced.
func (h *host) startWorker() {
	worker, inbox := bridge.StartWorker("worker.js")
	handWasm(worker)
	h.worker = worker
	h.gen++
	gen := h.gen
	// The worker is reachable from the console and from tests, to inspect
	// or to stop it.
	js.Global().Set("genplayWorker", worker)
	go func() {
		for {
			r := inbox.Next()
			h.ee.Lock()
			if gen != h.gen {
				h.ee.UnlockOnly()
				return
			}
			// Apply everything that has arrived, then render once.
			for ok := true; ok; r, ok = inbox.TryNext() {
				apply(h.root, r)
			}
			h.ee.UnlockRender()
		}
	}()
}

// handWasm gives a new worker its wasm module: web/index.html compiles
// worker.wasm while app.wasm loads and hands the module over
// (genplayHandWasm). Without that function the worker is told to fetch
// worker.wasm itself (web/worker.js waits for one of the two).
func handWasm(worker js.Value) {
	if hand := js.Global().Get("genplayHandWasm"); hand.Type() == js.TypeFunction {
		hand.Invoke(worker)
		return
	}
	worker.Call("postMessage", map[string]any{"genplayWasm": nil})
}

// RestartWorker stops the current worker and starts a fresh one.
func (h *host) RestartWorker() {
	if h.worker.Truthy() {
		h.worker.Call("terminate")
	}
	h.startWorker()
}

// listenKeys routes key presses outside form fields to the page.
func (h *host) listenKeys() {
	fn := js.FuncOf(func(this js.Value, args []js.Value) any {
		e := args[0]
		if e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("altKey").Bool() {
			return nil
		}
		tag := strings.ToLower(e.Get("target").Get("tagName").String())
		if tag == "input" || tag == "select" || tag == "textarea" || tag == "button" && e.Get("key").String() == " " {
			return nil
		}
		key := e.Get("key").String()
		switch key {
		case " ", "ArrowRight", "r", "R":
			e.Call("preventDefault")
		default:
			return nil
		}
		h.ee.Lock()
		h.root.Key(key)
		h.ee.UnlockRender()
		return nil
	})
	h.fns = append(h.fns, fn)
	js.Global().Get("document").Call("addEventListener", "keydown", fn)
}

func (h *host) Download(name, mime string, b []byte) {
	arr := bridge.BytesToJS(b)
	blob := js.Global().Get("Blob").New([]any{arr}, map[string]any{"type": mime})
	url := js.Global().Get("URL").Call("createObjectURL", blob)
	a := js.Global().Get("document").Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	a.Set("id", "last-download")
	a.Call("setAttribute", "data-bytes", len(b))
	a.Get("style").Set("display", "none")
	body := js.Global().Get("document").Get("body")
	if old := js.Global().Get("document").Call("getElementById", "last-download"); old.Truthy() {
		old.Call("remove")
	}
	body.Call("appendChild", a)
	a.Call("click")
}

func (h *host) Copy(text string, done func(error)) {
	clip := js.Global().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		done(errors.New("no clipboard"))
		return
	}
	var ok, fail js.Func
	finish := func(err error) {
		h.ee.Lock()
		done(err)
		h.ee.UnlockRender()
		ok.Release()
		fail.Release()
	}
	ok = js.FuncOf(func(this js.Value, args []js.Value) any { go finish(nil); return nil })
	fail = js.FuncOf(func(this js.Value, args []js.Value) any {
		go finish(fmt.Errorf("%s", args[0].Call("toString").String()))
		return nil
	})
	clip.Call("writeText", text).Call("then", ok, fail)
}

func (h *host) SetQuery(query string) {
	js.Global().Get("history").Call("replaceState", nil, "", "?"+query)
}

func (h *host) PageURL() string {
	loc := js.Global().Get("location")
	return loc.Get("origin").String() + loc.Get("pathname").String()
}

// Every calls f every ms milliseconds with the lock held until it returns
// false.
func (h *host) Every(ms int, f func() bool) {
	var fn js.Func
	var id js.Value
	fn = js.FuncOf(func(this js.Value, args []js.Value) any {
		go func() {
			h.ee.Lock()
			more := f()
			h.ee.UnlockRender()
			if !more {
				js.Global().Call("clearInterval", id)
				fn.Release()
			}
		}()
		return nil
	})
	id = js.Global().Call("setInterval", fn, ms)
}

// ReadFile reads the first file of files.
func (h *host) ReadFile(files vugujs.Value, limit int, done func(string, []byte, error)) {
	f := js.Value(files).Index(0)
	name := f.Get("name").String()
	if size := f.Get("size").Int(); size > limit {
		done(name, nil, fmt.Errorf("the file is %d bytes, over the %d-byte limit", size, limit))
		return
	}
	var ok, fail js.Func
	finish := func(b []byte, err error) {
		h.ee.Lock()
		done(name, b, err)
		h.ee.UnlockRender()
		ok.Release()
		fail.Release()
	}
	ok = js.FuncOf(func(this js.Value, args []js.Value) any {
		b := bridge.BytesFromJS(js.Global().Get("Uint8Array").New(args[0]))
		go finish(b, nil)
		return nil
	})
	fail = js.FuncOf(func(this js.Value, args []js.Value) any {
		go finish(nil, fmt.Errorf("%s", args[0].Call("toString").String()))
		return nil
	})
	f.Call("arrayBuffer").Call("then", ok, fail)
}

// apply hands a message from the worker to the page.
func apply(root *ui.Root, r bridge.Received) {
	if r.Err != nil {
		root.Fail(r.Err)
		return
	}
	m, err := protocol.Decode(r.Plain)
	if err != nil {
		root.Apply(protocol.Error{Message: "A message from the worker could not be read: " + err.Error()})
		return
	}
	root.Apply(m)
}

// surface shows the page's images on a bridge.Canvas.
type surface struct{ c *bridge.Canvas }

func (s surface) Show(holder vugujs.Value, img *image.RGBA, version uint64) {
	s.c.Show(js.Value(holder), img, version)
}
