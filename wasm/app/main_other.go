//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main exists so that the package builds and vets natively; the app only
// runs in a browser.
func main() {
	fmt.Fprintln(os.Stderr, "app: runs in a browser only; build it with GOOS=js GOARCH=wasm")
	os.Exit(2)
}
