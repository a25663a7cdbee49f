#!/usr/bin/env bash
# Our neural spline flows against nflows' and zuko's on the same machine, in ONE run.
#
#   1. Agreement: `lgf bench spline-reference` writes fresh NSFs (autoregressive and coupling, 2-D and
#      MINIBOONE-shaped, tanh and relu, K = 1…10, inputs inside [-B, B], on ±B and in the tails) with our float64
#      log-densities; `compare-splines.py check` copies the weights into nflows and compares point by point
#      (--tolerance, default 1e-6 nats) and the parameter counts. A failure stops the script.
#   2. Speed: for every round, shape (--configs) and thread count (--threads), `lgf bench train --model nsf` and
#      `compare-splines.py train --library nflows|zuko` back to back, the order rotated between rounds so that noise from
#      other processes hits every side alike. Adam steps of batch --batch on synthetic N(0, I) rows; each side reports
#      the median wall and process-CPU milliseconds per step. Prints the medians over rounds, samples per second of
#      wall clock and of CPU time, and ours / theirs. On a machine other processes share, the CPU figures at one thread
#      are the steady ones; at 2 threads CPU time counts both threads, so compare wall clocks there (noisy when busy).
#
# The Python is $LGF_TORCH_PYTHON (default python3): a virtual environment with torch, numpy, safetensors, nflows and
# zuko (see docs/benchmarks-splines.md for the versions used).
#
# Usage: benchmarks/compare-splines.sh [--threads "1 2"] [--rounds 3] [--configs "2d miniboone"] [--batch 1000]
#          [--repeats 3] [--steps-per-repeat 20] [--matrix-kernel automatic|openblas|own] [--tolerance 1e-6]
#          [--skip-check] [--skip-speed] [--scratch-path DIR] [--skip-build] [--keep DIR]
set -euo pipefail

COMPARE_NAME=compare-splines
source "$(dirname "$0")/compare-common.sh"
SCRIPT="$ROOT/benchmarks/compare-splines.py"

thread_counts="1 2" rounds=3 configs="2d miniboone" batch=1000 repeats=3 steps_per_repeat=20 matrix_kernel=automatic
tolerance=1e-6 skip_check=0 skip_speed=0 scratch="" skip_build=0 keep=""

while [ $# -gt 0 ]; do
    case "$1" in
        --threads) thread_counts="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --configs) configs="$2"; shift 2 ;;
        --batch) batch="$2"; shift 2 ;;
        --repeats) repeats="$2"; shift 2 ;;
        --steps-per-repeat) steps_per_repeat="$2"; shift 2 ;;
        --matrix-kernel) matrix_kernel="$2"; shift 2 ;;
        --tolerance) tolerance="$2"; shift 2 ;;
        --skip-check) skip_check=1; shift ;;
        --skip-speed) skip_speed=1; shift ;;
        --scratch-path) scratch="$2"; shift 2 ;;
        --skip-build) skip_build=1; shift ;;
        --keep) keep="$2"; shift 2 ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "compare-splines: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

"$PYTHON" -c "import torch, numpy, safetensors, nflows, zuko" 2>/dev/null || {
    echo "compare-splines: $PYTHON lacks torch, numpy, safetensors, nflows or zuko (set LGF_TORCH_PYTHON to a venv's python)" >&2; exit 1; }

compare_build "$scratch" "$skip_build"
compare_workdir

if [ "$skip_check" = 0 ]; then
    echo "agreement with nflows (float64):" >&2
    reference() { "$LGF" bench spline-reference --output "$work/$1.safetensors" "${@:2}"; }
    reference nsf-2d --model nsf --dimension 2 --layers 5 --hidden 50,50 --bins 8 --seed 1
    reference nsf-miniboone --model nsf --dimension 43 --layers 3 --hidden 64,64 --bins 4 --seed 2
    reference nsf-relu --model nsf --dimension 3 --layers 2 --hidden 8,8,8 --bins 1 --activation relu --seed 3
    reference coupling-2d --model nsf-coupling --dimension 2 --layers 3 --hidden 16 --bins 10 --tail-bound 1.5 --seed 4
    reference coupling-odd --model nsf-coupling --dimension 5 --layers 4 --hidden 20,20,20 --bins 6 --seed 5
    "$PYTHON" "$SCRIPT" check --tolerance "$tolerance" "$work"/*.safetensors | tee "$work/check.txt"
    echo
fi
[ "$skip_speed" = 1 ] && exit 0

for round in $(seq 1 "$rounds"); do
    for config in $configs; do
        for threads in $thread_counts; do
            key="$config/t$threads"
            ours=("$LGF" bench train --dataset "$config" --model nsf --threads "$threads" --matrix-kernel "$matrix_kernel" --batch "$batch"
                  --repeats "$repeats" --steps-per-repeat "$steps_per_repeat" --json)
            nflows=("$PYTHON" "$SCRIPT" train --library nflows --config "$config" --threads "$threads" --batch "$batch"
                    --repeats "$repeats" --steps "$steps_per_repeat")
            zuko=("$PYTHON" "$SCRIPT" train --library zuko --config "$config" --threads "$threads" --batch "$batch"
                  --repeats "$repeats" --steps "$steps_per_repeat")
            case $((round % 3)) in
                1) order="ours nflows zuko" ;;
                2) order="nflows zuko ours" ;;
                0) order="zuko ours nflows" ;;
            esac
            for side in $order; do
                case "$side" in
                    ours) compare_record ours "$round" "$key" "${ours[@]}" ;;
                    nflows) compare_record nflows "$round" "$key" "${nflows[@]}" ;;
                    zuko) compare_record zuko "$round" "$key" "${zuko[@]}" ;;
                esac
            done
        done
    done
done

compare_keep "$keep"

"$PYTHON" - "$results" "$rounds" "$matrix_kernel" <<'PYTHON'
import json, statistics, sys
path, rounds, kernel = sys.argv[1:4]
rows = [json.loads(line) for line in open(path) if line.strip()]
keys = list(dict.fromkeys(r["key"] for r in rows))
FIELDS = {"ours": ("stepMedianMs", "cpuMsPerStep", "parameters", "batch"),
          "nflows": ("step_median_ms", "cpu_ms_per_step", "params", "batch"),
          "zuko": ("step_median_ms", "cpu_ms_per_step", "params", "batch")}

def med(key, side, index):
    values = [float(r["result"][FIELDS[side][index]]) for r in rows if r["key"] == key and r["side"] == side]
    return statistics.median(values) if values else float("nan")

ours_kernel = next((r["result"].get("matrixKernel") for r in rows if r["side"] == "ours"), "?")
versions = next((r["result"] for r in rows if r["side"] != "ours"), {})
print(f"{rounds} interleaved rounds, medians over rounds of each run's median step; ours: --matrix-kernel {kernel} ({ours_kernel}); "
      f"torch {versions.get('torch', '?')}, nflows {versions.get('nflows', '?')}, zuko {versions.get('zuko', '?')}")
print(f"{'shape':<10} {'thr':>3} {'side':<7} {'params':>8} {'wall ms':>9} {'CPU ms':>9} {'samples/s':>10} {'per CPU-s':>10} "
      f"{'ours/it wall':>12} {'ours/it CPU':>11}")
summary = []
for key in keys:
    config, t = key.split("/")
    ours_wall, ours_cpu = med(key, "ours", 0), med(key, "ours", 1)
    for side in ("ours", "nflows", "zuko"):
        wall, cpu, params, batch = (med(key, side, i) for i in range(4))
        if wall != wall:
            continue
        rate, cpu_rate = 1e3 * batch / wall, 1e3 * batch / cpu
        ratio_wall, ratio_cpu = (wall / ours_wall, cpu / ours_cpu) if side != "ours" else (float("nan"), float("nan"))
        fmt = lambda x: "" if x != x else f"{x:.2f}"
        print(f"{config:<10} {t[1:]:>3} {side:<7} {int(params):>8,} {wall:>9.2f} {cpu:>9.2f} {rate:>10,.0f} {cpu_rate:>10,.0f} "
              f"{fmt(ratio_wall):>12} {fmt(ratio_cpu):>11}")
        summary.append(dict(config=config, threads=int(t[1:]), side=side, parameters=int(params), wallMsPerStep=wall, cpuMsPerStep=cpu,
                            samplesPerSecond=rate, samplesPerCPUSecond=cpu_rate, oursSpeedupWall=ratio_wall, oursSpeedupCPU=ratio_cpu))
print(json.dumps(dict(rounds=int(rounds), matrixKernel=kernel, oursKernel=ours_kernel, versions=versions and
                      {k: versions.get(k) for k in ("torch", "numpy", "nflows", "zuko", "python")}, rows=summary)))
PYTHON
