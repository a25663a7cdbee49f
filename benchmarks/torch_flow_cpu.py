"""Process-CPU-time companion of the PyTorch reference benchmark (bench.py), for a shared, busy machine.

bench.py measures wall-clock time and discards steps during which other processes used the CPU; when the machine
is never idle it has no clean step left (and stops with an error). This script builds the SAME models from the
reference's `lgf_models.py` (CONFIGS, build_model, get_data) and runs the same work -- Adam (lr 1e-3) steps on
batches of 1000 with objective -mean(model.objective(x)); exact log p(x) in batches of 5000 (MAF) or the
importance-sampled log p(x) with K draws, chunk_points points per forward pass (LGF) -- but times each step or call
with BOTH the wall clock and the process CPU clock (time.process_time, all threads). With one thread the CPU
figure is what the step costs when it has a core to itself; `lgf bench train|evaluate` reports the same pair
(cpuMsPerStep), so `compare-flows.sh --cpu-time` can put them side by side.

Prints one JSON line. The reference scripts' folder is $LGF_TORCH_REFERENCE (no default; the scripts are not part
of this repository).

Usage: python benchmarks/torch_flow_cpu.py --config 2d --model lgf --phase train --threads 1 --repeats 5 --steps 20
"""
import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REFERENCE = os.environ.get("LGF_TORCH_REFERENCE", "")
if not REFERENCE or not (Path(REFERENCE) / "lgf_models.py").is_file():
    sys.exit(f"torch_flow_cpu.py: set LGF_TORCH_REFERENCE to the folder holding the PyTorch reference's lgf_models.py "
             f"(now {REFERENCE!r})")
sys.path.insert(0, REFERENCE)

import torch  # noqa: E402

from lgf_models import CONFIGS, build_model, get_data, n_params  # noqa: E402


def peak_rss_mib():
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def quantile(samples, fraction):
    """Linear interpolation between order statistics (as the Swift side's Stopwatch.quantile). On a shared core,
    contention only slows a step or call down, so the fast tail (cpu_ms_per_step_fastest_tenth,
    cpu_points_per_s_fastest_tenth) estimates the uncontended cost more steadily than the median."""
    ordered = sorted(samples)
    position = fraction * (len(ordered) - 1)
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    weight = position - lower
    return ordered[lower] * (1 - weight) + ordered[upper] * weight


def timed(fn):
    c0, t0 = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True, choices=list(CONFIGS))
    ap.add_argument("--model", required=True, choices=["maf", "lgf"])
    ap.add_argument("--phase", default="train", choices=["train", "eval"])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=5, help="timed repeats (train)")
    ap.add_argument("--steps", type=int, default=20, help="steps per timed repeat (train)")
    ap.add_argument("--warmup", type=int, default=5, help="untimed steps (train)")
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--K", type=int, default=1000)
    ap.add_argument("--eval-points", type=int, default=100)
    ap.add_argument("--chunk-points", type=int, default=10)
    ap.add_argument("--eval-batch", type=int, default=5000)
    ap.add_argument("--eval-reps", type=int, default=3)
    ap.add_argument("--train-steps-before-eval", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtr, xte = get_data(a.config, seed=a.seed)
    model = build_model(a.config, a.model)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    res = dict(config=a.config, model=a.model, phase=a.phase, threads=a.threads, params=n_params(model),
               torch=torch.__version__, batch=a.batch)

    perm, pos = torch.randperm(xtr.shape[0]), [0]

    def step():
        if pos[0] + a.batch > xtr.shape[0]:
            perm.copy_(torch.randperm(xtr.shape[0]))
            pos[0] = 0
        xb = xtr[perm[pos[0]:pos[0] + a.batch]]
        pos[0] += a.batch
        loss = -model.objective(xb).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.item()

    model.train()
    if a.phase == "train":
        for _ in range(a.warmup):
            step()
        wall_rates, cpu_rates, walls, cpus = [], [], [], []
        for _ in range(a.repeats):
            w_sum = c_sum = 0.0
            for _ in range(a.steps):
                _, w, c = timed(step)
                walls.append(w)
                cpus.append(c)
                w_sum += w
                c_sum += c
            wall_rates.append(a.steps * a.batch / w_sum)
            cpu_rates.append(a.steps * a.batch / c_sum)
        res.update(train_samples_per_s=statistics.median(wall_rates), cpu_samples_per_s=statistics.median(cpu_rates),
                   step_median_ms=1e3 * statistics.median(walls), cpu_ms_per_step=1e3 * statistics.median(cpus),
                   cpu_ms_per_step_fastest_tenth=1e3 * quantile(cpus, 0.1),
                   repeats=a.repeats, steps_per_repeat=a.steps, warmup_steps=a.warmup)
    else:
        for _ in range(a.train_steps_before_eval):
            step()
        model.eval()
        with torch.inference_mode():
            if a.model == "maf":
                chunks = list(torch.split(xte, a.eval_batch))
                fn = model.log_prob
            else:
                chunks = list(torch.split(xte[:a.eval_points], a.chunk_points))
                fn = lambda c: model.log_prob_is(c, K=a.K, chunk_points=a.chunk_points)  # noqa: E731
                res.update(K=a.K, chunk_points=a.chunk_points, eval_points=a.eval_points)
            fn(chunks[0])
            points, wall, cpu, lls, cpu_rates = 0, 0.0, 0.0, [], []
            for _ in range(a.eval_reps):
                lls = []
                for c in chunks:
                    out, w, cp = timed(lambda: fn(c))
                    lls.append(out)
                    points += c.shape[0]
                    wall += w
                    cpu += cp
                    cpu_rates.append(c.shape[0] / max(cp, 1e-12))
            res.update(eval_points_per_s=points / wall, cpu_points_per_s=points / cpu,
                       cpu_points_per_s_fastest_tenth=quantile(cpu_rates, 0.9),
                       eval_mean_ll=float(torch.cat(lls).mean()))
    res["peak_rss_mb"] = peak_rss_mib()
    print(json.dumps(res))


if __name__ == "__main__":
    main()
