// Node side of genplay's `make bench`.
//
//   node node-runner.mjs WASM_EXEC_JS BENCH_WASM [--tfjs]
//
// Loads genplay's benchmark wasm (and with --tfjs, TF.js with its cpu and
// wasm backends), prints "READY <info JSON>", then reads one gobench.Spec
// JSON per line on stdin and answers each with "RESULT <result JSON>" on
// stdout. Other stdout lines (there should be none) are not results.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { makeRunner } from './harness.mjs';

const require = createRequire(import.meta.url);
const [wasmExec, wasmPath, ...flags] = process.argv.slice(2);
if (!wasmExec || !wasmPath) {
  console.error('usage: node node-runner.mjs WASM_EXEC_JS BENCH_WASM [--tfjs]');
  process.exit(2);
}

// What $(go env GOROOT)/lib/wasm/wasm_exec_node.js sets up before wasm_exec.js.
globalThis.require = require;
globalThis.fs = require('fs');
globalThis.path = require('path');
globalThis.TextEncoder = require('util').TextEncoder;
globalThis.TextDecoder = require('util').TextDecoder;
globalThis.performance ??= require('perf_hooks').performance;
globalThis.crypto ??= require('crypto');
require(wasmExec);

const go = new globalThis.Go();
go.env = { TMPDIR: require('os').tmpdir() };
go.exit = (code) => process.exit(code);
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), go.importObject);
go.run(instance).then(() => {
  console.error('node-runner: genplay wasm exited');
  process.exit(1);
});

let tf = null;
let tfWasm = null;
if (flags.includes('--tfjs')) {
  tf = require('@tensorflow/tfjs');
  tfWasm = require('@tensorflow/tfjs-backend-wasm');
  tfWasm.setThreadsCount(1);
}

const run = makeRunner({ tf, tfWasm, goBench: globalThis.genplayBench });
process.stdout.write(`READY ${JSON.stringify({ node: process.version, v8: process.versions.v8, tfjs: tf ? tf.version_core : null })}\n`);

// Specs run one at a time, in order.
let queue = Promise.resolve();
const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (line.trim() === '') return;
  queue = queue.then(async () => {
    let res;
    try {
      res = await run(JSON.parse(line));
    } catch (err) {
      res = { error: String(err) };
    }
    process.stdout.write(`RESULT ${JSON.stringify(res)}\n`);
  });
});
rl.on('close', () => queue.then(() => process.exit(0)));
