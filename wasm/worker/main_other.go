//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main exists so that the package builds and vets natively; the worker only
// runs in a browser.
func main() {
	fmt.Fprintln(os.Stderr, "worker: runs in a Web Worker only; build it with GOOS=js GOARCH=wasm")
	os.Exit(2)
}
