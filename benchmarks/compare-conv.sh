#!/usr/bin/env bash
# Side by side: one image coupler network's training step, `lgf bench conv` against the PyTorch reference
# (image_bench.py --model resnet --blocks 4: the same ResNet(1 -> 2, 4 x 64) on 100 x 1 x 28 x 28
# images, forward, sum-of-squares loss, backward, Adam), at each thread count, in ONE run.
#
# Builds `lgf` in release mode, then for every round and every thread count runs both sides back to back
# (alternating which goes first), so that noise from other processes hits both alike. Prints per thread count each
# side's median images/s over rounds, by process CPU time (all threads; the steadier figure on a shared machine)
# and by wall clock, the median of the per-round ratios ours/torch with their range, and both sides' peak
# resident memory. Our side also reports its convolution and sgemm rates (use `lgf bench conv` for those alone), for
# the convolution algorithm in force (`--convolution-algorithm`, automatic by default).
#
# The PyTorch interpreter is $LGF_TORCH_PYTHON (default python3); the reference scripts are in the folder
# $LGF_TORCH_REFERENCE names (no default; they are not part of this repository).
#
# Usage: benchmarks/compare-conv.sh [--threads "1 2"] [--rounds 3] [--steps 5] [--warmup 2] [--blocks 4]
#          [--convolution-algorithm automatic|direct|winograd] [--scratch-path DIR] [--skip-build] [--keep DIR]
set -euo pipefail

COMPARE_NAME=compare-conv
source "$(dirname "$0")/compare-common.sh"

thread_counts="1 2" rounds=3 steps=5 warmup=2 blocks=4 algorithm=automatic scratch="" skip_build=0 keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --threads) thread_counts="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --steps) steps="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --blocks) blocks="$2"; shift 2 ;;
        --convolution-algorithm) algorithm="$2"; shift 2 ;;
        --scratch-path) scratch="$2"; shift 2 ;;
        --skip-build) skip_build=1; shift ;;
        --keep) keep="$2"; shift 2 ;;
        -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "compare-conv: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

compare_reference image_bench.py
compare_build "$scratch" "$skip_build"
compare_workdir

for round in $(seq 1 "$rounds"); do
    for threads in $thread_counts; do
        ours=("$LGF" bench conv --threads "$threads" --steps "$steps" --warmup "$warmup" --blocks "$blocks" --convolution-algorithm "$algorithm" --json)
        torch=("$PYTHON" "$BENCH_PY" --model resnet --blocks "$blocks" --threads "$threads" --steps "$steps" --warmup "$warmup")
        compare_pair "$round" "$threads"
    done
done
compare_keep "$keep"

"$PYTHON" - "$results" <<'PYTHON'
import json, statistics, sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
for r in rows:
    r["threads"] = int(r["key"])
def median(values): return statistics.median(values) if values else float("nan")
def in_force(o):
    """Our figures for the convolution algorithm the run had in force (lgf bench conv measures direct and Winograd)."""
    return o["direct"] if o["algorithm"] == "direct" else o["winograd"]
def images_per_second(o, basis):
    return o["batch"] / (in_force(o)["couplerStep"][basis + "Milliseconds"] / 1e3)
def conv_gflops(o):
    f = in_force(o)
    flops = 3 * 2 * o["batch"] * o["inputChannels"] * o["channels"] * 9 * o["size"] ** 2
    return flops / sum(f[p]["cpuMilliseconds"] for p in ("forward", "inputGradient", "weightGradient")) / 1e6
print(f"ResNet(1 -> 2, 4 x 64) coupler step, batch 100: ours (lgf bench conv, {rows[0]['result'].get('algorithm', '?')} convolutions) against PyTorch (image_bench.py), {max(r['round'] for r in rows)} interleaved rounds")
print("threads  basis  ours img/s  torch img/s  ratio (range)          ours conv fwd+bwd / sgemm  peak MiB ours / torch")
for threads in sorted({r["threads"] for r in rows}):
    ours = {r["round"]: r["result"] for r in rows if r["side"] == "ours" and r["threads"] == threads}
    torch = {r["round"]: r["result"] for r in rows if r["side"] == "torch" and r["threads"] == threads}
    rounds = sorted(set(ours) & set(torch))
    for basis, torch_key in (("cpu", "images_per_cpu_second"), ("wall", "images_per_second")):
        ratios = [images_per_second(ours[k], basis) / torch[k][torch_key] for k in rounds]
        share = median([conv_gflops(ours[k]) for k in rounds]), median([ours[k]["sgemmCPUGflops"] for k in rounds])
        print(f"{threads:>7}  {basis.upper() if basis == 'cpu' else basis:>5}  {median([images_per_second(ours[k], basis) for k in rounds]):>10.1f}"
              f"  {median([torch[k][torch_key] for k in rounds]):>11.1f}"
              f"  {median(ratios):.2f}x ({min(ratios, default=float('nan')):.2f}-{max(ratios, default=float('nan')):.2f})"
              f"      {share[0]:>6.1f} / {share[1]:.1f} GFLOP/s (CPU)"
              f"   {median([ours[k]['peakResidentMiB'] for k in rounds]):>6.0f} / {median([torch[k]['peak_rss_mb'] for k in rounds]):.0f}")
PYTHON
