//go:build js && wasm

package main

import (
	"image"
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

	worker, inbox := bridge.StartWorker("worker.js")
	send := func(c protocol.Command) { bridge.Post(worker, protocol.Encode(c)) }
	newSurface := func(id string) ui.Surface { return surface{bridge.NewCanvas(id + "-canvas")} }
	root := ui.NewRoot(send, newSurface)

	go func() {
		for {
			r := inbox.Next()
			// Apply everything that has arrived, then render once.
			ee.Lock()
			for ok := true; ok; r, ok = inbox.TryNext() {
				apply(root, r)
			}
			ee.UnlockRender()
		}
	}()

	for ok := true; ok; ok = renderer.EventWait() {
		ee.RLock()
		results := buildEnv.RunBuild(root)
		ee.RUnlock()
		if err := renderer.Render(results); err != nil {
			panic(err)
		}
	}
}

// apply hands a message from the worker to the page.
func apply(root *ui.Root, r bridge.Received) {
	if r.Err != nil {
		root.Fail(r.Err)
		return
	}
	m, err := protocol.Decode(r.Plain)
	if err != nil {
		root.Fail(err)
		return
	}
	root.Apply(m)
}

// surface shows the page's images on a bridge.Canvas.
type surface struct{ c *bridge.Canvas }

func (s surface) Show(holder vugujs.Value, img *image.RGBA, version uint64) {
	s.c.Show(js.Value(holder), img, version)
}
