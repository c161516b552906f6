// genplay's training worker: loads the Go runtime glue and runs worker.wasm.
// Messages that arrive before Go has installed its own onmessage handler are
// queued and replayed to it.
importScripts("wasm_exec.js");

const early = [];
self.onmessage = (e) => early.push(e);

const fail = (message) => self.postMessage({ kind: "error", step: 0, message, stopped: true });

const go = new Go();
WebAssembly.instantiateStreaming(fetch("worker.wasm"), go.importObject)
  .then((r) => {
    // go.run runs Go's main until it first waits, and so sets self.onmessage;
    // its promise settles only if the Go program exits, which it never should.
    const exited = go.run(r.instance);
    for (const e of early) self.onmessage(e);
    return exited.then(() => fail("The training worker stopped unexpectedly; reload the page."));
  })
  .catch((err) => fail("The training worker could not start: " + err));
