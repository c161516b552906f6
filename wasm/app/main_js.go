//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"image"
	"strings"
	"sync/atomic"
	"syscall/js"
	"time"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/domrender"
	vugujs "github.com/vugu/vugu/js"

	"genplay/wasm/bridge"
	"genplay/wasm/protocol"
	"genplay/wasm/ui"
	trainer "genplay/wasm/worker"
)

// mountPoint is the element of web/index.html that the page replaces.
const mountPoint = "#genplay"

func main() {
	// One binary plays both parts: in a Web Worker (no document) it is the
	// training worker.
	if !js.Global().Get("document").Truthy() {
		trainer.Run()
		return
	}
	defer failCard()
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
	page := ui.NewPage(h, query)
	w := &worker{ee: ee, global: "genplayWorker"}
	w.session = page.AddSession(ui.SessionConfig{Worker: w, NewSurface: newSurface})
	w.start()
	// The Compare view's workers apply their messages without rendering;
	// one loop renders their news at most every renderMs, so that many
	// workers cost no more renders than one.
	var news atomic.Bool
	go func() {
		for {
			time.Sleep(renderMs * time.Millisecond)
			if news.Swap(false) {
				ee.Lock()
				ee.UnlockRender()
			}
		}
	}()
	page.Spawn = func(cfg ui.SessionConfig) *ui.Session {
		// The Compare view's workers are reachable as genplayWorker_cmp-gan
		// and so on, as the main one is as genplayWorker.
		w := &worker{ee: ee, news: &news, global: "genplayWorker_" + strings.TrimSuffix(cfg.ID, "-")}
		cfg.Worker, cfg.NewSurface = w, newSurface
		w.session = ui.NewSession(cfg)
		w.start()
		return w.session
	}
	h.listenKeys(page)
	ee.Lock()
	page.Start()
	ee.UnlockRender()

	for ok := true; ok; ok = renderer.EventWait() {
		ee.RLock()
		results := buildEnv.RunBuild(page)
		ee.RUnlock()
		if err := renderer.Render(results); err != nil {
			panic(err)
		}
	}
}

// failCard, deferred by main, shows a panic of the page's program, at
// start-up or later, as web/index.html's error card (genplayFail) with the
// message and a reload button, then panics again, so that the console
// keeps the stack and the program ends: the page is in an unknown state.
func failCard() {
	v := recover()
	if v == nil {
		return
	}
	msg := fmt.Sprintf("The playground failed: %s. Reloading the page starts it again.", describe(v))
	if f := js.Global().Get("genplayFail"); f.Type() == js.TypeFunction {
		f.Invoke(msg)
	} else {
		doc := js.Global().Get("document")
		el := doc.Call("createElement", "pre")
		el.Set("textContent", msg)
		doc.Get("body").Call("appendChild", el)
	}
	panic(v)
}

// describe returns a panic value as text. A js.Error whose thrown value is
// not an Error object (a string, say) cannot format itself.
func describe(v any) string {
	if e, ok := v.(js.Error); ok {
		if e.Value.Type() == js.TypeObject {
			if m := e.Value.Get("message"); m.Type() == js.TypeString {
				return "JavaScript error: " + m.String()
			}
		}
		return "JavaScript error: " + js.Global().Get("String").Invoke(e.Value).String()
	}
	return fmt.Sprint(v)
}

// host is the page's ui.Host: downloads, the clipboard, the address bar,
// files and timers.
type host struct {
	ee  vugu.EventEnv
	fns []js.Func
}

// renderMs is the period of the Compare view's render loop.
const renderMs = 250

// Cores is the number of logical cores the browser reports.
func (h *host) Cores() int {
	n := js.Global().Get("navigator").Get("hardwareConcurrency")
	if n.Type() != js.TypeNumber {
		return 0
	}
	return n.Int()
}

// worker is a session's training worker: a Web Worker whose messages it
// applies to the session.
type worker struct {
	ee      vugu.EventEnv
	session *ui.Session
	global  string       // the name under which the worker is reachable from the console and tests
	news    *atomic.Bool // set instead of rendering, for the render loop of the Compare view
	w       js.Value
	gen     int // counts workers, so that a replaced worker's messages are dropped
}

// Send posts c to the current worker.
func (w *worker) Send(c protocol.Command) {
	if w.w.Truthy() {
		bridge.Post(w.w, protocol.Encode(c))
	}
}

// start starts a training worker and applies its messages to the session
// until it is replaced.
func (w *worker) start() {
	worker, inbox := bridge.StartWorker("worker.js")
	handWasm(worker)
	w.w = worker
	w.gen++
	gen := w.gen
	if w.global != "" {
		// The worker is reachable from the console and from tests, to
		// inspect or to stop it.
		js.Global().Set(w.global, worker)
	}
	go func() {
		for {
			r := inbox.Next()
			w.ee.Lock()
			if gen != w.gen {
				w.ee.UnlockOnly()
				return
			}
			// Apply everything that has arrived, then render once. A
			// worker that failed is done: messages it posted before it
			// failed and that arrive after the error are dropped, so that
			// none of them undoes the crash the session shows.
			failed := false
			for ok := true; ok && !failed; r, ok = inbox.TryNext() {
				apply(w.session, r)
				failed = r.Err != nil
			}
			if w.news != nil {
				w.ee.UnlockOnly()
				w.news.Store(true)
			} else {
				w.ee.UnlockRender()
			}
			if failed {
				return
			}
		}
	}()
}

// handWasm gives a new worker its wasm module: the page's own, which
// web/index.html compiled once and hands to every worker the page starts
// (genplayHandWasm). Without that function the worker is told to fetch
// app.wasm itself (web/worker.js waits for one of the two).
func handWasm(worker js.Value) {
	if hand := js.Global().Get("genplayHandWasm"); hand.Type() == js.TypeFunction {
		hand.Invoke(worker)
		return
	}
	worker.Call("postMessage", map[string]any{"genplayWasm": nil})
}

// Restart stops the current worker and starts a fresh one.
func (w *worker) Restart() {
	if w.w.Truthy() {
		w.w.Call("terminate")
	}
	w.start()
}

// listenKeys routes key presses outside form fields to the page.
func (h *host) listenKeys(page *ui.Page) {
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
		page.Key(key)
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

// apply hands a message from the worker to its session.
func apply(s *ui.Session, r bridge.Received) {
	if r.Err != nil {
		s.Fail(r.Err)
		return
	}
	m, err := protocol.Decode(r.Plain)
	if err != nil {
		s.Apply(protocol.Error{Message: "A message from the worker could not be read: " + err.Error()})
		return
	}
	s.Apply(m)
}

// surface shows the page's images on a bridge.Canvas.
type surface struct{ c *bridge.Canvas }

func (s surface) Show(holder vugujs.Value, img *image.RGBA, version uint64) {
	s.c.Show(js.Value(holder), img, version)
}
