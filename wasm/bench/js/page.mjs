// Chromium side of genplay's `make bench`: loads genplay's benchmark wasm
// and TF.js, then exposes benchRun(spec) → Promise<result> for the driver
// (../cmd/benchtable), and sets benchReady (or benchError).

import { makeRunner } from './harness.mjs';

const status = (s) => { document.getElementById('status').textContent = s; };

try {
  const tf = globalThis.tf;
  tf.wasm.setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
  // One thread, like genplay's wasm. The page is not cross-origin isolated,
  // so the threaded build could not load anyway.
  tf.wasm.setThreadsCount(1);
  const go = new Go();
  const { instance } = await WebAssembly.instantiateStreaming(fetch('/build/bench.wasm'), go.importObject);
  // run executes Go's main up to its select{}, which defines genplayBench.
  go.run(instance).then(() => { globalThis.benchError = 'genplay wasm exited'; });
  if (typeof globalThis.genplayBench !== 'function') throw new Error('genplayBench is not defined');
  globalThis.benchRun = makeRunner({ tf, tfWasm: tf.wasm, goBench: globalThis.genplayBench });
  globalThis.benchInfo = { userAgent: navigator.userAgent, crossOriginIsolated: globalThis.crossOriginIsolated, tfjs: tf.version_core };
  globalThis.benchReady = true;
  status('ready');
} catch (err) {
  globalThis.benchError = String(err && err.stack ? err.stack : err);
  status(globalThis.benchError);
}
