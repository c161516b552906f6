// genplay's training worker: loads the Go runtime glue and runs app.wasm,
// the page's own binary, which runs as the training worker when it finds no
// document (wasm/app). The page's first message to the worker is
// {genplayWasm: module}: the WebAssembly.Module the page compiled while it
// loaded (see index.html), or null, in which case the worker fetches and
// compiles app.wasm itself.
// Messages that arrive before Go has installed its own onmessage handler are
// queued and replayed to it. If Go stops or cannot start, the worker throws
// where nothing catches it, which the page receives as the worker's error
// event and shows as a crash with a restart button.
importScripts("wasm_exec.js");

const early = [];
let started = false;

const crash = (message) => setTimeout(() => { throw new Error(message); });

const run = (instance, go) => {
  // go.run runs Go's main until it first waits, and so sets self.onmessage;
  // its promise settles only if the Go program exits, which it never should.
  const exited = go.run(instance);
  for (const e of early) self.onmessage(e);
  return exited.then(() => crash("The training worker stopped unexpectedly."));
};

const start = (module) => {
  const go = new Go();
  const running = module
    ? WebAssembly.instantiate(module, go.importObject).then((instance) => run(instance, go))
    : WebAssembly.instantiateStreaming(fetch("app.wasm"), go.importObject).then((r) => run(r.instance, go));
  running.catch((err) => crash("The training worker could not start: " + err));
};

self.onmessage = (e) => {
  const d = e.data;
  if (!started && d !== null && typeof d === "object" && "genplayWasm" in d) {
    started = true;
    start(d.genplayWasm instanceof WebAssembly.Module ? d.genplayWasm : null);
    return;
  }
  early.push(e);
};
