"""PyTorch reference for `lgf bench core`: the same MADE training step, timed the same way.

One step = forward, loss.backward(), Adam (lr 1e-3) on a Gaussian MADE with two tanh hidden layers built
from masked linear layers (weight * mask every step, as the MAF reference code), float32, batch rows fixed:
    u = (x - mu) * exp(-alpha),  loss = mean over rows of sum_i (u_i^2 / 2 + alpha_i).
Degrees: inputs 1..D, hidden units cycle 1..D-1, outputs two copies of 1..D (mu, then alpha).

Prints one JSON line: per configuration the median / p10 / p90 milliseconds per step over --repeats timed
steps after --warmup untimed ones, and the same step's matrix products alone (torch.mm with the same
shapes and transposes), alternated with the steps so that machine noise hits both; also in process CPU
time (time.process_time), which preemption by other processes does not inflate.

Usage: python benchmarks/torch_core_step.py --threads 1 --repeats 50
"""
import argparse
import json
import platform
import re
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from step_timing import quantile


class MaskedLinear(nn.Linear):
    def __init__(self, n_in, n_out, mask):
        super().__init__(n_in, n_out)
        self.register_buffer("mask", mask.to(self.weight.dtype))

    def forward(self, x):
        return F.linear(x, self.weight * self.mask, self.bias)


class MADE(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.d = d
        deg_in = torch.arange(1, d + 1)
        deg_h = torch.arange(h) % (d - 1) + 1
        deg_out = torch.cat([deg_in, deg_in])
        self.l1 = MaskedLinear(d, h, deg_h[:, None] >= deg_in[None, :])
        self.l2 = MaskedLinear(h, h, deg_h[:, None] >= deg_h[None, :])
        self.l3 = MaskedLinear(h, 2 * d, deg_out[:, None] > deg_h[None, :])

    def loss(self, x):
        out = self.l3(torch.tanh(self.l2(torch.tanh(self.l1(x)))))
        mu, alpha = out.chunk(2, dim=-1)
        u = (x - mu) * torch.exp(-alpha)
        return (0.5 * u * u + alpha).sum() / x.shape[0]


def product_operands(d, h, batch):
    """(a, b, transpose_a, transpose_b) of one step's matrix products, in call order (as `lgf bench core`)."""
    widths = [(d, h), (h, h), (h, 2 * d)]
    shapes = [(batch, i, o, False, True) for (i, o) in widths]           # x @ W^T
    for index in reversed(range(3)):
        i, o = widths[index]
        if index > 0:
            shapes.append((batch, o, i, False, False))                   # dX = g @ W
        shapes.append((o, batch, i, True, False))                        # dW = g^T @ x
    ops = []
    for (m, k, n, ta, tb) in shapes:
        a = torch.randn(k, m) if ta else torch.randn(m, k)
        b = torch.randn(n, k) if tb else torch.randn(k, n)
        ops.append((a, b, ta, tb, 2.0 * m * k * n))
    return ops


def measure(d, h, batch, repeats, warmup):
    model = MADE(d, h)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(batch, d)
    last = [float("nan")]

    def step():
        loss = model.loss(x)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        last[0] = loss.item()

    ops = product_operands(d, h, batch)

    def products():
        with torch.no_grad():
            for (a, b, ta, tb, _) in ops:
                torch.mm(a.t() if ta else a, b.t() if tb else b)

    for _ in range(warmup):
        step()
        products()
    steps, prods, steps_cpu, prods_cpu = [], [], [], []
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        step()
        t1, c1 = time.perf_counter(), time.process_time()
        products()
        t2, c2 = time.perf_counter(), time.process_time()
        steps.append(t1 - t0)
        prods.append(t2 - t1)
        steps_cpu.append(c1 - c0)
        prods_cpu.append(c2 - c1)
    ms, gms = 1e3 * statistics.median(steps), 1e3 * statistics.median(prods)
    cpu_ms, cpu_gms = 1e3 * statistics.median(steps_cpu), 1e3 * statistics.median(prods_cpu)
    return dict(d=d, h=h, batch=batch, parameterCount=sum(p.numel() for p in model.parameters()),
                gemmFlopsPerStep=sum(op[4] for op in ops), msPerStep=ms, gemmMsPerStep=gms,
                ratioToGemm=ms / gms, samplesPerSecond=batch / (ms / 1e3),
                msPerStepP10=1e3 * quantile(steps, 0.1), msPerStepP90=1e3 * quantile(steps, 0.9),
                cpuMsPerStep=cpu_ms, cpuGemmMsPerStep=cpu_gms, cpuRatioToGemm=cpu_ms / cpu_gms,
                finalLoss=last[0])


def blas_description():
    config = torch.__config__.show()
    mkl = re.search(r"Math Kernel Library Version ([^\s]+)", config)
    dnn = re.search(r"MKL-DNN v([^\s]+)", config)
    capability = re.search(r"CPU capability usage: (\S+)", config)
    parts = []
    if torch.backends.mkl.is_available():
        parts.append("MKL " + (mkl.group(1) if mkl else "?"))
    if torch.backends.mkldnn.is_available():
        parts.append("oneDNN " + (dnn.group(1) if dnn else "?"))
    if capability:
        parts.append("ATen " + capability.group(1))
    return ", ".join(parts) or "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--configs", default="6x200,43x512", help="comma-separated DxH list")
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    steps = []
    for config in a.configs.split(","):
        d, h = (int(v) for v in config.split("x"))
        steps.append(measure(d, h, a.batch, a.repeats, a.warmup))
    largest = max(steps, key=lambda s: s["gemmFlopsPerStep"])
    print(json.dumps(dict(torch=torch.__version__, python=platform.python_version(), threads=torch.get_num_threads(),
                          blas=blas_description(), repeats=a.repeats, warmupRepeats=a.warmup, steps=steps,
                          samplesPerSecond=largest["samplesPerSecond"]), sort_keys=True))


if __name__ == "__main__":
    main()
