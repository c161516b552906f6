// Command benchwasm is genplay's side of `make bench` in JavaScript hosts.
// Built with GOOS=js GOARCH=wasm and started by ../../js/page.mjs
// (Chromium) or ../../js/node-runner.mjs (Node), it defines
//
//	genplayBench(specJSON) → Promise<resultJSON>
//
// on the global object, which runs gobench.Run on a gobench.Spec and
// resolves with the gobench.Result (a failure is the Result's error field).
// The benchmark runs to completion inside the promise, holding the host's
// event loop; nothing else is meant to run meanwhile.
//
// Built natively it only says how to build it.
package main
