//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "benchwasm: build with GOOS=js GOARCH=wasm; go run ./wasm/bench/cmd/benchtable runs it")
	os.Exit(2)
}
