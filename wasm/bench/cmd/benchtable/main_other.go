//go:build js

package main

func main() { panic("benchtable: run natively; it drives wasm itself") }
