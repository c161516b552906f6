#!/usr/bin/env python3
"""PyTorch side of genplay's `make bench`: the training steps of ../gobench
on the CPU, on one thread.

Reads one gobench.Spec as JSON on stdin and prints one gobench.Result as
JSON on stdout. It uses Debian's python3-torch (apt-get install
python3-torch libopenblas0: without an optimised BLAS, Debian's torch
falls back to the reference one, several times slower; the result's
runtime names the BLAS torch loaded); when torch cannot be imported, the
result says so in its "error" field, and the table shows that line
instead of a number.

Keep in sync with ../gobench/train.go and ../js/models.mjs: same sizes,
same losses, same optimizer, same timing method (warm-up for at least
warmupMs and minWarmup steps, then `windows` windows of at least windowMs,
each window's rate in steps/s; the value is their median).
"""

import json
import math
import os
import statistics
import sys
import time

# One thread in every library torch may call, set before torch loads them:
# torch.set_num_threads covers its own pool and OpenMP, not OpenBLAS's.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")


def main():
    spec = json.loads(sys.stdin.read())
    try:
        import torch
    except ImportError as e:
        print(json.dumps({"error": "python3-torch is not installed (apt-get install python3-torch): %s" % e}))
        return
    torch.set_num_threads(1)
    torch.manual_seed(spec.get("seed", 1))
    builders = {"ddpm": ddpm, "diffusion": diffusion, "vae": vae}
    if spec.get("bench") not in builders:
        print(json.dumps({"error": "torch: no benchmark %r" % spec.get("bench")}))
        return
    step = builders[spec["bench"]](torch)
    res = {"unit": "steps/s", "runtime": "torch %s cpu threads=%d blas=%s" % (torch.__version__, torch.get_num_threads(), blas())}
    first = [True]

    def body():
        loss = step()
        if first[0]:
            res["lossFirst"] = loss.item()
            first[0] = False
        return loss

    rates = measure(body, spec)
    res["lossLast"] = step().item()
    res["samples"] = rates
    res["value"] = statistics.median(rates)
    print(json.dumps(res))


def blas():
    """The file of the BLAS library this process loaded, if any."""
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                if "blas" in line:
                    return os.path.realpath(line.split()[-1])
    except OSError:
        pass
    return "?"


def measure(step, w):
    now = time.perf_counter
    start = now()
    n = 0
    while n < w.get("minWarmup", 0) or (now() - start) * 1000 < w.get("warmupMs", 0):
        step()
        n += 1
    rates = []
    for _ in range(max(w.get("windows", 0), 1)):
        t0 = now()
        n = 0
        el = 0.0
        while el * 1000 < w.get("windowMs", 0) or n == 0:
            step()
            n += 1
            el = now() - t0
        rates.append(n / el)
    return rates


def mlp(torch, sizes):
    layers = []
    for i in range(1, len(sizes)):
        layers.append(torch.nn.Linear(sizes[i - 1], sizes[i]))
        if i < len(sizes) - 1:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def ddpm(torch):
    """3→128→128→128→2, ReLU, batch 256, MSE against a fixed target, Adam 1e-3."""
    net = mlp(torch, [3, 128, 128, 128, 2])
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x, y = torch.randn(256, 3), torch.randn(256, 2)

    def step():
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(x), y)
        loss.backward()
        opt.step()
        return loss

    return step


def diffusion(torch):
    """The page's default diffusion model: [xₜ, emb(t)] (2+16)→64→64→64→2,
    ReLU, batch 256, Adam 3e-3, t and ε drawn every step, linear schedule
    of Ho et al. with T = 1000, sinusoidal embedding of dimension 16."""
    T, B, E = 1000, 256, 16
    betas = torch.linspace(1e-4, 0.02, T, dtype=torch.float64)
    ab = torch.cumprod(1 - betas, 0)
    sa, sb = ab.sqrt().float(), (1 - ab).sqrt().float()
    t = torch.arange(T, dtype=torch.float64)[:, None]
    w = torch.exp(-math.log(10000) * torch.arange(E // 2, dtype=torch.float64) / (E // 2))[None, :]
    emb = torch.cat([torch.sin(t * w), torch.cos(t * w)], 1).float()
    net = mlp(torch, [2 + E, 64, 64, 64, 2])
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    x0 = torch.randn(B, 2)

    def step():
        ts = torch.randint(0, T, (B,))
        eps = torch.randn(B, 2)
        xt = sa[ts, None] * x0 + sb[ts, None] * eps
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(torch.cat([xt, emb[ts]], 1)), eps)
        loss.backward()
        opt.step()
        return loss

    return step


def vae(torch):
    """Encoder 784→400 ReLU, heads 400→20 (μ, log σ²), z = μ + e^(½ log σ²)⊙ε,
    decoder 20→400 ReLU→784 logits, batch 128; loss = Σ BCE-with-logits /
    batch + Σ KL / batch; Adam 1e-3. x is a fixed binary batch, 20 % on."""
    B = 128
    enc, mu, lv = torch.nn.Linear(784, 400), torch.nn.Linear(400, 20), torch.nn.Linear(400, 20)
    dec = mlp(torch, [20, 400, 784])
    params = [*enc.parameters(), *mu.parameters(), *lv.parameters(), *dec.parameters()]
    opt = torch.optim.Adam(params, lr=1e-3)
    x = (torch.rand(B, 784) < 0.2).float()

    def step():
        opt.zero_grad()
        h = torch.relu(enc(x))
        m, v = mu(h), lv(h)
        z = m + torch.exp(0.5 * v) * torch.randn(B, 20)
        rec = torch.nn.functional.binary_cross_entropy_with_logits(dec(z), x, reduction="sum")
        kl = -0.5 * torch.sum(1 + v - m * m - torch.exp(v))
        loss = (rec + kl) / B
        loss.backward()
        opt.step()
        return loss

    return step


if __name__ == "__main__":
    main()
