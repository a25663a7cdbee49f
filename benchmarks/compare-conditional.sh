#!/usr/bin/env bash
# Our conditional MAF p(x | c) against nflows' on the same machine, in ONE run: for every round and matrix kernel
# (--matrix-kernels), `lgf bench train --dataset 2d --model maf --context-dimension C` and `compare-conditional.py
# train` back to back, the order alternating between rounds so that noise from other processes hits both sides alike.
# Both train the issue's shape: 5 MADE layers [128, 128] (tanh, order reversed between layers, no batch norm), 2-D x,
# C-D context fed to every MADE's first hidden layer, Adam on batches of --batch synthetic N(0, I) rows, 1 thread. Each
# side reports the median wall and process-CPU milliseconds per step; printed are the medians over rounds, samples per
# second of wall clock and of CPU time, and theirs / ours (the speed-up). On a machine other processes share, the CPU
# figures are the steady ones.
#
# The Python is $LGF_TORCH_PYTHON (default python3): a virtual environment with torch and nflows.
#
# Usage: benchmarks/compare-conditional.sh [--rounds 5] [--context 4] [--batch 1000] [--threads 1] [--repeats 3]
#          [--steps-per-repeat 20] [--matrix-kernels "automatic own"] [--scratch-path DIR] [--skip-build] [--keep DIR]
set -euo pipefail

COMPARE_NAME=compare-conditional
source "$(dirname "$0")/compare-common.sh"
SCRIPT="$ROOT/benchmarks/compare-conditional.py"

rounds=5 context=4 batch=1000 threads=1 repeats=3 steps_per_repeat=20 kernels="automatic own" scratch="" skip_build=0 keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --context) context="$2"; shift 2 ;;
        --batch) batch="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --repeats) repeats="$2"; shift 2 ;;
        --steps-per-repeat) steps_per_repeat="$2"; shift 2 ;;
        --matrix-kernels) kernels="$2"; shift 2 ;;
        --scratch-path) scratch="$2"; shift 2 ;;
        --skip-build) skip_build=1; shift ;;
        --keep) keep="$2"; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "compare-conditional: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

"$PYTHON" -c "import torch, nflows" 2>/dev/null || {
    echo "compare-conditional: $PYTHON lacks torch or nflows (set LGF_TORCH_PYTHON to a venv's python)" >&2; exit 1; }

compare_build "$scratch" "$skip_build"
compare_workdir

for round in $(seq 1 "$rounds"); do
    for kernel in $kernels; do
        ours=("$LGF" bench train --dataset 2d --model maf --context-dimension "$context" --threads "$threads" --matrix-kernel "$kernel"
              --batch "$batch" --repeats "$repeats" --steps-per-repeat "$steps_per_repeat" --json)
        torch=("$PYTHON" "$SCRIPT" train --context "$context" --threads "$threads" --batch "$batch" --repeats "$repeats"
               --steps "$steps_per_repeat")
        compare_pair "$round" "$kernel"
    done
done

compare_keep "$keep"

"$PYTHON" - "$results" "$rounds" <<'PYTHON'
import json, statistics, sys
path, rounds = sys.argv[1:3]
rows = [json.loads(line) for line in open(path) if line.strip()]
FIELDS = {"ours": ("stepMedianMs", "cpuMsPerStep", "parameters", "batch"), "torch": ("step_median_ms", "cpu_ms_per_step", "params", "batch")}

def med(key, side, index):
    values = [float(r["result"][FIELDS[side][index]]) for r in rows if r["key"] == key and r["side"] == side]
    return statistics.median(values) if values else float("nan")

versions = next((r["result"] for r in rows if r["side"] == "torch"), {})
print(f"{rounds} interleaved rounds, medians over rounds of each run's median step; torch {versions.get('torch', '?')}, nflows {versions.get('nflows', '?')}")
print(f"{'ours with':<20} {'side':<7} {'params':>8} {'wall ms':>9} {'CPU ms':>9} {'samples/s':>10} {'per CPU-s':>10} {'speed-up wall':>13} "
      f"{'speed-up CPU':>12}  {'per-round CPU speed-ups: median (range)'}")
summary = []

def per_round(kernel):
    """nflows' CPU ms / ours of each round."""
    ratios = []
    for round_ in sorted({r["round"] for r in rows}):
        sides = {r["side"]: float(r["result"][FIELDS[r["side"]][1]]) for r in rows if r["key"] == kernel and r["round"] == round_}
        if "ours" in sides and "torch" in sides:
            ratios.append(sides["torch"] / sides["ours"])
    return ratios

for kernel in dict.fromkeys(r["key"] for r in rows):
    kernel_name = next((r["result"].get("matrixKernel") for r in rows if r["key"] == kernel and r["side"] == "ours"), kernel)
    ours_wall, ours_cpu = med(kernel, "ours", 0), med(kernel, "ours", 1)
    ratios = per_round(kernel)
    for side in ("ours", "torch"):
        wall, cpu, params, batch = (med(kernel, side, i) for i in range(4))
        speed_wall, speed_cpu = (wall / ours_wall, cpu / ours_cpu) if side == "torch" else (float("nan"), float("nan"))
        fmt = lambda x: "" if x != x else f"{x:.2f}"
        rounds_text = f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})" if side == "torch" and ratios else ""
        print(f"{kernel_name:<20} {'nflows' if side == 'torch' else 'ours':<7} {int(params):>8,} {wall:>9.2f} {cpu:>9.2f} {1e3 * batch / wall:>10,.0f} "
              f"{1e3 * batch / cpu:>10,.0f} {fmt(speed_wall):>13} {fmt(speed_cpu):>12}  {rounds_text}")
        summary.append(dict(kernel=kernel_name, side=side, parameters=int(params), wallMsPerStep=wall, cpuMsPerStep=cpu,
                            speedupWall=speed_wall, speedupCPU=speed_cpu, perRoundSpeedupsCPU=ratios if side == "torch" else None))
print(json.dumps(dict(rounds=int(rounds), versions={k: versions.get(k) for k in ("torch", "nflows", "python")}, rows=summary)))
PYTHON
