//go:build js && wasm

package main

import (
	"encoding/json"
	"strconv"
	"syscall/js"
	"time"

	"genplay/wasm/bench/gobench"
)

func main() {
	js.Global().Set("genplayBench", js.FuncOf(func(_ js.Value, args []js.Value) any {
		spec := ""
		if len(args) > 0 {
			spec = args[0].String()
		}
		executor := js.FuncOf(func(_ js.Value, p []js.Value) any {
			resolve := p[0]
			go func() { resolve.Invoke(run(spec)) }()
			return nil
		})
		// The Promise constructor calls the executor before returning.
		defer executor.Release()
		return js.Global().Get("Promise").New(executor)
	}))
	select {}
}

// run decodes a gobench.Spec, runs it and encodes the gobench.Result.
func run(spec string) string {
	var s gobench.Spec
	var res gobench.Result
	if err := json.Unmarshal([]byte(spec), &s); err != nil {
		res.Error = "benchwasm: " + err.Error()
	} else if res, err = gobench.Run(s, time.Now); err != nil {
		res.Error = err.Error()
	}
	out, err := json.Marshal(res)
	if err != nil {
		return `{"error":` + strconv.Quote("benchwasm: "+err.Error()) + `}`
	}
	return string(out)
}
