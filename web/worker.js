// genplay's training worker: loads the Go runtime glue and runs worker.wasm.
// Messages that arrive before Go has installed its own onmessage handler are
// queued and replayed to it. If Go stops or cannot start, the worker throws
// where nothing catches it, which the page receives as the worker's error
// event and shows as a crash with a restart button.
importScripts("wasm_exec.js");

const early = [];
self.onmessage = (e) => early.push(e);
// Opened as worker.js?module=post, the worker waits for the page to post
// worker.wasm compiled ({genplayModule: module}), so that many workers
// share one compilation; a null module means compile it here.
const posted = new URLSearchParams(self.location.search).get("module") === "post";

const crash = (message) => setTimeout(() => { throw new Error(message); });

const go = new Go();
const own = () => WebAssembly.instantiateStreaming(fetch("worker.wasm"), go.importObject).then((r) => r.instance);
const shared = () => new Promise((resolve) => {
  self.onmessage = (e) => {
    if (e.data && typeof e.data === "object" && "genplayModule" in e.data) {
      self.onmessage = (e) => early.push(e);
      resolve(e.data.genplayModule);
    } else {
      early.push(e);
    }
  };
}).then((m) => (m ? WebAssembly.instantiate(m, go.importObject) : own()));
(posted ? shared() : own())
  .then((instance) => {
    // go.run runs Go's main until it first waits, and so sets self.onmessage;
    // its promise settles only if the Go program exits, which it never should.
    const exited = go.run(instance);
    for (const e of early) self.onmessage(e);
    return exited.then(() => crash("The training worker stopped unexpectedly."));
  })
  .catch((err) => crash("The training worker could not start: " + err));
