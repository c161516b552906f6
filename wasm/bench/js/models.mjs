// The TF.js competitors of genplay's `make bench`: GEMM, the 2D DDPM
// denoiser MLP and the MNIST-size MLP VAE, written the idiomatic TF.js way
// (tf.variable + tf.train.adam + optimizer.minimize), and the timing method.
//
// Keep in sync with ../gobench (train.go, gemm.go, measure.go): same sizes,
// same losses, same optimizer, same method. Every function takes the `tf`
// namespace, so the browser page (UMD globals) and Node (require) share it.

// measure runs step as gobench.Window.Measure does: warm-up for at least
// w.warmupMs and w.minWarmup calls, then w.windows windows of at least
// w.windowMs each. It returns each window's rate in calls per second.
export function measure(step, w) {
  const now = () => performance.now();
  const start = now();
  for (let n = 0; n < (w.minWarmup || 0) || now() - start < (w.warmupMs || 0); n++) step();
  const rates = [];
  for (let i = 0; i < Math.max(w.windows || 0, 1); i++) {
    const t0 = now();
    let n = 0;
    let el = 0;
    while (el < (w.windowMs || 0) || n === 0) {
      step();
      n++;
      el = now() - t0;
    }
    rates.push(n / (el / 1000));
  }
  return rates;
}

// median is gobench.Median.
export function median(xs) {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

// linear is PyTorch's nn.Linear initialisation, as genplay's nn.NewLinear:
// W (in, out) and b (out) uniform in [-1/√in, 1/√in].
// tidy frees the initial values, which tf.variable does not take over.
function linear(tf, nIn, nOut) {
  const lim = 1 / Math.sqrt(nIn);
  return tf.tidy(() => ({
    W: tf.variable(tf.randomUniform([nIn, nOut], -lim, lim)),
    b: tf.variable(tf.randomUniform([nOut], -lim, lim)),
  }));
}

const affine = (tf, l, x) => tf.add(tf.matMul(x, l.W), l.b);
const varsOf = (layers) => layers.flatMap((l) => [l.W, l.b]);

// ddpm: 3→128→128→128→2, ReLU, batch 256, MSE against a fixed target, Adam 1e-3.
function ddpm(tf) {
  const layers = [linear(tf, 3, 128), linear(tf, 128, 128), linear(tf, 128, 128), linear(tf, 128, 2)];
  const x = tf.randomNormal([256, 3]);
  const y = tf.randomNormal([256, 2]);
  const loss = () => {
    let h = x;
    layers.forEach((l, i) => {
      h = affine(tf, l, h);
      if (i < layers.length - 1) h = tf.relu(h);
    });
    return tf.losses.meanSquaredError(y, h);
  };
  return { loss, vars: varsOf(layers), data: [x, y] };
}

// diffusion: the page's default diffusion model (genplay's
// diffusion.Default() on 2D points): ε-prediction network [xₜ, emb(t)]
// (2 + 16) → 64 → 64 → 64 → 2 with ReLU, batch 256, Adam 3e-3. Every step
// draws t ~ U{0…999} and ε ~ N(0, I) per point, forms
// xₜ = √ᾱₜ·x₀ + √(1−ᾱₜ)·ε with the linear schedule of Ho et al. (β from
// 1e-4 to 0.02) and the sinusoidal embedding of t (dimension 16, as
// nn.Sinusoidal), and takes the MSE against ε. x₀ is a fixed batch.
function diffusion(tf) {
  const T = 1000;
  const B = 256;
  const E = 16;
  const layers = [linear(tf, 2 + E, 64), linear(tf, 64, 64), linear(tf, 64, 64), linear(tf, 64, 2)];
  const sa = new Float32Array(T);
  const sb = new Float32Array(T);
  const emb = new Float32Array(T * E);
  let ab = 1;
  for (let t = 0; t < T; t++) {
    ab *= 1 - (1e-4 + ((0.02 - 1e-4) * t) / (T - 1));
    sa[t] = Math.sqrt(ab);
    sb[t] = Math.sqrt(1 - ab);
    for (let i = 0; i < E / 2; i++) {
      const w = Math.exp((-Math.log(10000) * i) / (E / 2));
      emb[t * E + i] = Math.sin(t * w);
      emb[t * E + E / 2 + i] = Math.cos(t * w);
    }
  }
  const sqrtAB = tf.tensor1d(sa);
  const sqrt1mAB = tf.tensor1d(sb);
  const embT = tf.tensor2d(emb, [T, E]);
  const x0 = tf.randomNormal([B, 2]);
  const loss = () => {
    const t = tf.randomUniform([B], 0, T, 'int32');
    const eps = tf.randomNormal([B, 2]);
    const xt = tf.add(tf.mul(x0, tf.reshape(tf.gather(sqrtAB, t), [B, 1])), tf.mul(eps, tf.reshape(tf.gather(sqrt1mAB, t), [B, 1])));
    let h = tf.concat([xt, tf.gather(embT, t)], 1);
    layers.forEach((l, i) => {
      h = affine(tf, l, h);
      if (i < layers.length - 1) h = tf.relu(h);
    });
    return tf.losses.meanSquaredError(eps, h);
  };
  return { loss, vars: varsOf(layers), data: [x0, sqrtAB, sqrt1mAB, embT], lr: 3e-3 };
}

// vae: encoder 784→400 ReLU, heads 400→20 (μ, log σ²), z = μ + e^(½ log σ²)⊙ε
// with ε drawn every step, decoder 20→400 ReLU→784 logits; loss =
// Σ BCE-with-logits / batch + Σ KL(N(μ, σ²) ‖ N(0, I)) / batch; Adam 1e-3.
// x is a fixed binary batch with 20 % of the pixels on.
function vae(tf) {
  const B = 128;
  const enc = linear(tf, 784, 400);
  const mu = linear(tf, 400, 20);
  const lv = linear(tf, 400, 20);
  const dec1 = linear(tf, 20, 400);
  const dec2 = linear(tf, 400, 784);
  const x = tf.tidy(() => tf.cast(tf.less(tf.randomUniform([B, 784]), 0.2), 'float32'));
  const loss = () => {
    const h = tf.relu(affine(tf, enc, x));
    const m = affine(tf, mu, h);
    const v = affine(tf, lv, h);
    const eps = tf.randomNormal([B, 20]);
    const z = tf.add(m, tf.mul(tf.exp(tf.mul(v, 0.5)), eps));
    const logits = affine(tf, dec2, tf.relu(affine(tf, dec1, z)));
    const rec = tf.losses.sigmoidCrossEntropy(x, logits, undefined, 0, tf.Reduction.SUM);
    // KL(N(μ, σ²) ‖ N(0, 1)) = −½ Σ (1 + log σ² − μ² − σ²) (Kingma & Welling 2014, appendix B).
    const kl = tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, v), tf.square(m)), tf.exp(v))));
    return tf.div(tf.add(rec, kl), B);
  };
  return { loss, vars: varsOf([enc, mu, lv, dec1, dec2]), data: [x] };
}

const models = { ddpm, diffusion, vae };

// runTF measures spec (see gobench.Spec) on the current TF.js backend and
// returns a gobench.Result-shaped object. It disposes everything it made
// and reports leaked tensors as an error.
export function runTF(tf, spec) {
  const before = tf.memory().numTensors;
  const res = { samples: [] };
  if (spec.bench === 'gemm') {
    const { m, n, k } = spec;
    const a = tf.randomNormal([m, k]);
    const b = tf.randomNormal([k, n]);
    try {
      checkGemm(tf, a, b);
      res.unit = 'GFLOPS';
      res.samples = measure(() => tf.matMul(a, b).dispose(), spec).map((r) => (r * 2 * m * n * k) / 1e9);
    } finally {
      a.dispose();
      b.dispose();
    }
  } else if (models[spec.bench]) {
    const mdl = models[spec.bench](tf);
    const opt = tf.train.adam(mdl.lr ?? 1e-3);
    try {
      // The loss is read back only outside the timed windows: the first
      // warm-up step and one step after the last window.
      let first = true;
      res.unit = 'steps/s';
      res.samples = measure(() => {
        if (first) {
          const l = opt.minimize(mdl.loss, true, mdl.vars);
          res.lossFirst = l.dataSync()[0];
          l.dispose();
          first = false;
        } else {
          opt.minimize(mdl.loss, false, mdl.vars);
        }
      }, spec);
      const l = opt.minimize(mdl.loss, true, mdl.vars);
      res.lossLast = l.dataSync()[0];
      l.dispose();
    } finally {
      opt.dispose();
      tf.dispose([...mdl.vars, ...mdl.data]);
    }
  } else {
    throw new Error(`no TF.js benchmark ${spec.bench}`);
  }
  res.value = median(res.samples);
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) res.error = `TF.js ${spec.bench}: ${leaked} tensors leaked`;
  return res;
}

// checkGemm compares a few entries of a·b with a float64 dot product, as
// gobench's GEMM.Check does.
function checkGemm(tf, a, b) {
  const [m, k] = a.shape;
  const n = b.shape[1];
  const c = tf.matMul(a, b);
  const [av, bv, cv] = [a.dataSync(), b.dataSync(), c.dataSync()];
  c.dispose();
  for (let t = 0; t < 64; t++) {
    const i = (t * 7919) % m;
    const j = (t * 104729 + t) % n;
    let s = 0;
    let abs = 0;
    for (let p = 0; p < k; p++) {
      const x = av[i * k + p] * bv[p * n + j];
      s += x;
      abs += Math.abs(x);
    }
    if (Math.abs(cv[i * n + j] - s) > 1e-4 * abs + 1e-6) {
      throw new Error(`TF.js GEMM ${m}×${n}×${k}: C[${i},${j}] = ${cv[i * n + j]}, want ${s}`);
    }
  }
}
