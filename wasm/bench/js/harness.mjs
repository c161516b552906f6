// The dispatcher shared by the Chromium page (page.mjs) and the Node runner
// (node-runner.mjs): a gobench.Spec goes to genplay's wasm (genplayBench,
// defined by ../cmd/benchwasm) or to a TF.js backend (models.mjs).

import { runTF } from './models.mjs';

const backends = { 'tfjs-wasm': 'wasm', 'tfjs-cpu': 'cpu' };

// makeRunner returns run(spec) → Promise<result>. tf (the @tensorflow/tfjs
// union) and tfWasm (the @tensorflow/tfjs-backend-wasm exports) may be null
// when TF.js is not loaded; then only the Go implementations run.
export function makeRunner({ tf, tfWasm, goBench }) {
  if (tf) {
    // Only the backends under test: nothing may pick or start WebGL.
    for (const b of ['webgl', 'webgpu']) if (tf.findBackendFactory(b)) tf.removeBackend(b);
  }
  return async function run(spec) {
    try {
      const backend = backends[spec.impl];
      if (backend === undefined) {
        return JSON.parse(await goBench(JSON.stringify(spec)));
      }
      if (!tf) throw new Error('TF.js is not loaded here');
      // engine().backendName, unlike getBackend(), starts no backend.
      if (tf.engine().backendName !== backend && !(await tf.setBackend(backend))) {
        throw new Error(`TF.js backend ${backend} did not initialise`);
      }
      await tf.ready();
      const res = runTF(tf, spec);
      res.runtime = await describeTF(tf, tfWasm);
      return res;
    } catch (err) {
      return { error: String(err && err.stack ? err.stack : err) };
    }
  };
}

// describeTF names the TF.js version and backend, and for wasm its SIMD
// and thread flags, so the table shows what actually ran.
async function describeTF(tf, tfWasm) {
  const b = tf.getBackend();
  let s = `tfjs ${tf.version_core} ${b}`;
  if (b === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const mt = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    s += ` simd=${simd} multithread=${mt} threads=${tfWasm.getThreadsCount()}`;
  }
  return s;
}
