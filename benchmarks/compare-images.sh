#!/usr/bin/env bash
# Side by side: the multiscale image flows (RealNVP, LGF-RealNVP), `lgf bench train|evaluate --dataset D --model M`
# against the PyTorch reference image_bench.py (the same models in PyTorch), at each thread count, in
# ONE run.
#
# Training: one Adam step (lr 1e-4) on a dequantised batch of --batch images (default 100): −mean one-draw ELBO for
# LGF-RealNVP, −mean log-likelihood for RealNVP. Evaluation (evaluation mode, no gradients): --batch / K images per
# call, K importance samples each in one pass of --batch rows (LGF), or the exact log-likelihood of --batch images
# (RealNVP). Coupler blocks: the reference's defaults (8 RealNVP, 4 LGF-RealNVP) unless --blocks N. Our side reads
# real images (the dataset's test file under $LGF_DATA_DIR, or --cifar-images FILE for CIFAR-10); the reference draws random
# integer pixels: speed does not depend on them.
#
# For every round, dataset, model, phase and thread count both sides run back to back (alternating which goes
# first), so that noise from other processes hits both alike. Prints per row the medians over rounds of images/s by
# wall clock and by process CPU time (all threads; the steadier figure on a shared machine), the medians of the
# per-round ratios ours/torch, both sides' peak resident memory and parameter counts, and the load average seen.
#
# The PyTorch interpreter is $LGF_TORCH_PYTHON (default python3); the reference scripts are in the folder
# $LGF_TORCH_REFERENCE names (no default; they are not part of this repository).
#
# Usage: benchmarks/compare-images.sh [--threads "1 2"] [--rounds 2] [--datasets "fashion-mnist cifar10"]
#          [--models "realnvp lgf-realnvp"] [--phases "train eval"] [--steps 3] [--warmup 1] [--batch 100] [--K 10]
#          [--blocks N] [--cifar-images FILE] [--scratch-path DIR] [--skip-build] [--keep DIR]
set -euo pipefail

COMPARE_NAME=compare-images
source "$(dirname "$0")/compare-common.sh"

thread_counts="1 2" rounds=2 datasets="fashion-mnist cifar10" models="realnvp lgf-realnvp" phases="train eval"
steps=3 warmup=1 batch=100 K=10 blocks="" cifar_images="" scratch="" skip_build=0 keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --threads) thread_counts="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --datasets) datasets="$2"; shift 2 ;;
        --models) models="$2"; shift 2 ;;
        --phases) phases="$2"; shift 2 ;;
        --steps) steps="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --batch) batch="$2"; shift 2 ;;
        --K) K="$2"; shift 2 ;;
        --blocks) blocks="$2"; shift 2 ;;
        --cifar-images) cifar_images="$2"; shift 2 ;;
        --scratch-path) scratch="$2"; shift 2 ;;
        --skip-build) skip_build=1; shift ;;
        --keep) keep="$2"; shift 2 ;;
        -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "compare-images: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

compare_reference image_bench.py
compare_build "$scratch" "$skip_build"
compare_workdir

for round in $(seq 1 "$rounds"); do
    for dataset in $datasets; do
        for model in $models; do
            for phase in $phases; do
                for threads in $thread_counts; do
                    block_options=() torch_blocks=()
                    [ -n "$blocks" ] && block_options=(--coupler-blocks "$blocks") torch_blocks=(--blocks "$blocks")
                    [ "$dataset" = cifar10 ] && [ -n "$cifar_images" ] && block_options+=(--images "$cifar_images")
                    if [ "$phase" = train ]; then
                        ours=("$LGF" bench train --dataset "$dataset" --model "$model" --threads "$threads" --batch "$batch"
                              --repeats "$steps" --warmup-steps "$warmup" "${block_options[@]}" --json)
                    else
                        ours=("$LGF" bench evaluate --dataset "$dataset" --model "$model" --threads "$threads" --batch "$batch"
                              --k "$K" --repeats "$steps" --warmup-calls "$warmup" "${block_options[@]}" --json)
                    fi
                    torch=("$PYTHON" "$BENCH_PY" --dataset "$dataset" --model "$model" --threads "$threads" --phase "$phase"
                           --steps "$steps" --warmup "$warmup" --batch "$batch" --K "$K" "${torch_blocks[@]}")
                    compare_pair "$round" "$dataset/$model/$phase/$threads"
                done
            done
        done
    done
done
compare_keep "$keep"

"$PYTHON" - "$results" <<'PYTHON'
import json, statistics, sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
def median(values): return statistics.median(values) if values else float("nan")
keys = list(dict.fromkeys(r["key"] for r in rows))
torch_version = next((r["result"].get("torch") for r in rows if r["side"] == "torch"), "?")
kernels = sorted({r["result"].get("matrixKernel", "?") for r in rows if r["side"] == "ours"})
conv_kernels = sorted({r["result"].get("convolutionKernel", "?") for r in rows if r["side"] == "ours"})
print(f"ours: lgf bench train|evaluate (products by {'/'.join(kernels)}, convolutions by {'/'.join(conv_kernels)}); torch {torch_version}: image_bench.py; "
      f"{max((r['round'] for r in rows), default=0)} interleaved rounds; medians over rounds, ratios = ours/torch")
print(f"{'dataset':<14} {'model':<12} {'phase':<6} {'thr':>3} {'blocks':>6}  {'img/s ours':>10} {'torch':>8} {'ratio':>6}"
      f"  {'img/CPU-s ours':>14} {'torch':>8} {'ratio':>6}  {'MiB ours':>8} {'torch':>6}  {'params ours / torch':>21}")
summary = []
for key in keys:
    dataset, model, phase, threads = key.split("/")
    ours = {r["round"]: r["result"] for r in rows if r["key"] == key and r["side"] == "ours"}
    torch = {r["round"]: r["result"] for r in rows if r["key"] == key and r["side"] == "torch"}
    rounds = sorted(set(ours) & set(torch))
    if not rounds:
        print(f"{dataset:<14} {model:<12} {phase:<6} {threads:>3}  (no round with both sides)")
        continue
    row = dict(dataset=dataset, model=model, phase=phase, threads=int(threads), rounds=len(rounds),
               blocks=ours[rounds[0]]["couplerBlocks"], torchBlocks=torch[rounds[0]]["blocks"],
               oursParameters=ours[rounds[0]]["parameters"], torchParameters=torch[rounds[0]]["params"])
    for basis, our_key, torch_key in (("Wall", "imagesPerSecond", "images_per_second"), ("CPU", "imagesPerCPUSecond", "images_per_cpu_second")):
        row["ours" + basis] = median([ours[k][our_key] for k in rounds])
        row["torch" + basis] = median([torch[k][torch_key] for k in rounds])
        row["ratio" + basis] = median([ours[k][our_key] / torch[k][torch_key] for k in rounds])
    row["oursPeakMiB"] = median([ours[k]["peakResidentMiB"] for k in rounds])
    row["torchPeakMiB"] = median([torch[k]["peak_rss_mb"] for k in rounds])
    summary.append(row)
    print(f"{dataset:<14} {model:<12} {phase:<6} {threads:>3} {row['blocks']:>6}  {row['oursWall']:>10.2f} {row['torchWall']:>8.2f} {row['ratioWall']:>5.2f}x"
          f"  {row['oursCPU']:>14.2f} {row['torchCPU']:>8.2f} {row['ratioCPU']:>5.2f}x  {row['oursPeakMiB']:>8.0f} {row['torchPeakMiB']:>6.0f}"
          f"  {row['oursParameters']:>10,} / {row['torchParameters']:,}")
print(json.dumps(dict(torch=torch_version, oursBLAS=kernels, rows=summary), sort_keys=True))
PYTHON
