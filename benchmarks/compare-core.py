#!/usr/bin/env python3
"""Side by side: `lgf bench core` against the same MADE training step in PyTorch (torch_core_step.py).

Builds `lgf` in release mode, then runs both benchmarks --rounds times, interleaved (and alternating which
goes first) so that noise from other processes hits both sides alike, and prints per configuration the
median over rounds of each side's median ms/step, their ratio, and each side's step/gemm ratio (a step's
time over its matrix products' time: ours measured inside the step, PyTorch's products timed alone). Both sides use the same thread count (default 1).

BLAS: our side uses OpenBLAS (its kernel family, e.g. Haswell or Cooperlake, is printed); PyTorch uses its
bundled MKL / oneDNN, which OPENBLAS_* variables do not affect. By default the environment is passed on
unchanged. --autodetect-blas runs BOTH sides with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (env -u),
so OpenBLAS picks kernels for the CPU itself; --blas-coretype NAME sets OPENBLAS_CORETYPE=NAME for both
sides instead (for a CPU that OpenBLAS' autodetection does not know). Use these in benchmarks only.

The PyTorch interpreter is $LGF_TORCH_PYTHON (default: python3).

Usage: benchmarks/compare-core.py [--threads 1] [--rounds 3] [--repeats 30] [--autodetect-blas]
                                  [--blas-coretype Cooperlake] [--scratch-path .build] [--skip-build]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def last_json_line(text, what):
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line)
    sys.exit(f"compare-core: no JSON line in the output of {what}:\n{text}")


def run(command, env, what):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"compare-core: {what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return last_json_line(result.stdout, what)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=1, help="threads for both sides (OpenBLAS / torch.set_num_threads)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved runs of each side")
    ap.add_argument("--repeats", type=int, default=30, help="timed steps per configuration per run")
    ap.add_argument("--warmup", type=int, default=5, help="untimed steps per configuration per run")
    blas = ap.add_mutually_exclusive_group()
    blas.add_argument("--autodetect-blas", action="store_true",
                      help="unset OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for both sides")
    blas.add_argument("--blas-coretype", metavar="NAME",
                      help="set OPENBLAS_CORETYPE=NAME (and unset OPENBLAS_L2_SIZE) for both sides")
    ap.add_argument("--scratch-path", help="SwiftPM scratch folder for the release build")
    ap.add_argument("--skip-build", action="store_true", help="use the lgf already built")
    ap.add_argument("--json", action="store_true", help="also print the summary as one JSON line at the end")
    a = ap.parse_args()

    env = dict(os.environ)
    if a.autodetect_blas or a.blas_coretype:
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
    if a.blas_coretype:
        env["OPENBLAS_CORETYPE"] = a.blas_coretype

    build = ["swift", "build", "-c", "release", "--product", "lgf"]
    if a.scratch_path:
        build += ["--scratch-path", a.scratch_path]
    if not a.skip_build:
        print("building lgf (release)…", file=sys.stderr, flush=True)
        subprocess.run(build, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    bin_path = subprocess.run(build + ["--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    lgf = str(Path(bin_path) / "lgf")
    python = env.get("LGF_TORCH_PYTHON", "python3")

    ours_cmd = [lgf, "bench", "core", "--json", "--threads", str(a.threads), "--repeats", str(a.repeats), "--warmup", str(a.warmup)]
    torch_cmd = [python, str(ROOT / "benchmarks" / "torch_core_step.py"), "--threads", str(a.threads),
                 "--repeats", str(a.repeats), "--warmup", str(a.warmup)]
    ours, torch = [], []
    for r in range(a.rounds):
        order = [("ours", ours_cmd, ours), ("torch", torch_cmd, torch)]
        if r % 2:
            order.reverse()
        for name, command, results in order:
            print(f"round {r + 1}/{a.rounds}: {name}…", file=sys.stderr, flush=True)
            results.append(run(command, env, name))

    def median_of(results, key, d, h, field):
        return statistics.median(next(s[field] for s in res[key] if s["d"] == d and s["h"] == h) for res in results)

    rows = []
    for step in ours[0]["steps"]:
        d, h, b = step["d"], step["h"], step["batch"]
        row = dict(d=d, h=h, batch=b,
                   oursMsPerStep=median_of(ours, "steps", d, h, "msPerStep"),
                   torchMsPerStep=median_of(torch, "steps", d, h, "msPerStep"),
                   oursRatioToGemm=median_of(ours, "steps", d, h, "ratioToGemm"),
                   oursCPURatioToGemm=median_of(ours, "steps", d, h, "cpuRatioToGemm"),
                   torchRatioToGemm=median_of(torch, "steps", d, h, "ratioToGemm"),
                   oursCPUMsPerStep=median_of(ours, "steps", d, h, "cpuMsPerStep"),
                   torchCPUMsPerStep=median_of(torch, "steps", d, h, "cpuMsPerStep"),
                   torchCPURatioToGemm=median_of(torch, "steps", d, h, "cpuRatioToGemm"),
                   oursGemmMsPerStep=median_of(ours, "steps", d, h, "gemmMsPerStep"),
                   torchGemmMsPerStep=median_of(torch, "steps", d, h, "gemmMsPerStep"))
        row["torchOverOurs"] = row["torchMsPerStep"] / row["oursMsPerStep"]
        row["torchOverOursCPU"] = row["torchCPUMsPerStep"] / row["oursCPUMsPerStep"]
        rows.append(row)
    gemm = []
    for g in ours[0]["gemm"]:
        key = (g["m"], g["k"], g["n"], g["transposeA"], g["transposeB"])
        values = [next(x["gflops"] for x in res["gemm"] if (x["m"], x["k"], x["n"], x["transposeA"], x["transposeB"]) == key) for res in ours]
        gemm.append(dict(m=g["m"], k=g["k"], n=g["n"], transposeA=g["transposeA"], transposeB=g["transposeB"], gflops=statistics.median(values)))

    cores = sorted({res["coreName"] for res in ours})
    coretype = ours[0].get("openblasCoreTypeEnvironment")
    print(f"threads: {a.threads}   rounds: {a.rounds} interleaved   repeats per run: {a.repeats}")
    kernels = sorted({res.get("matrixKernel", "OpenBLAS " + res["coreName"]) for res in ours})
    print(f"ours : {'/'.join(kernels)}; OpenBLAS core {'/'.join(cores)} (OPENBLAS_CORETYPE={coretype or 'unset'}"
          f"{', autodetect requested' if a.autodetect_blas else ''})")
    print(f"torch: {torch[0]['torch']}, {torch[0]['blas']} (OPENBLAS_* do not apply)")
    print()
    print("                  ---------------- wall clock ----------------   ----------- process CPU time -----------")
    print("config            ours ms/step  torch ms/step  torch/ours  ours step/gemm  torch step/gemm   ours ms  torch ms  torch/ours  ours step/gemm  torch step/gemm")
    for row in rows:
        config = f"D={row['d']} H={row['h']} B={row['batch']}"
        print(f"{config:<17} {row['oursMsPerStep']:>12.3f} {row['torchMsPerStep']:>13.3f} {row['torchOverOurs']:>11.2f}"
              f" {row['oursRatioToGemm']:>15.3f} {row['torchRatioToGemm']:>16.3f}"
              f" {row['oursCPUMsPerStep']:>9.3f} {row['torchCPUMsPerStep']:>9.3f} {row['torchOverOursCPU']:>11.2f}"
              f" {row['oursCPURatioToGemm']:>15.3f} {row['torchCPURatioToGemm']:>16.3f}")
    print()
    print("ours sgemm GFLOP/s: " + ", ".join(
        f"{g['m']}·{g['k']}·{g['n']} {'T' if g['transposeA'] else 'N'}{'T' if g['transposeB'] else 'N'} {g['gflops']:.0f}" for g in gemm))
    if a.json:
        print(json.dumps(dict(threads=a.threads, rounds=a.rounds, repeats=a.repeats, oursBLAS='/'.join(kernels), openblasCore='/'.join(cores),
                              openblasCoreType=coretype, torchBLAS=torch[0]["blas"], torch=torch[0]["torch"],
                              steps=rows, gemm=gemm), sort_keys=True))


if __name__ == "__main__":
    main()
