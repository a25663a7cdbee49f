#!/usr/bin/env bash
# Side by side: `lgf bench train|evaluate` against the PyTorch reference benchmark (bench.py) on the same
# machine, in ONE run.
#
# Builds `lgf` in release mode, then for every round and every (config, model, phase) runs our benchmark and
# `bench.py --config C --model {maf,lgf} --phase {train,eval}` back to back (alternating which goes first), so
# that noise from other processes hits both sides alike. Prints per (config, model, phase) the median over
# rounds of each side's figure (training samples/s; evaluation test points/s: exact log-likelihood for MAF,
# importance sampling with K draws for LGF), the ratio ours/torch, peak resident memory and parameter counts.
# Both sides use the same thread count, the same clean-step rule (--foreign-thresh) and the same idle wait.
# --threads takes a list ("1 2"): every thread count runs inside every round, interleaved like the sides, and a
# second table gives each side's scaling from the first count to the others.
#
# With --cpu-time it also runs benchmarks/torch_flow_cpu.py (the same models from the reference's
# lgf_models.py, timed by process CPU time) and compares it with our CPU figures: on a busy machine where no
# step is clean this is the informative comparison (meaningful for --threads 1 only).
#
# BLAS: our side uses OpenBLAS, PyTorch its bundled MKL (OPENBLAS_* variables do not affect it). By default the
# environment is passed on unchanged. --autodetect-blas runs BOTH sides under
# `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE`; --blas-coretype NAME sets OPENBLAS_CORETYPE=NAME instead (for a
# CPU that OpenBLAS' autodetection does not know and runs on its generic "Prescott" kernels). Benchmarks only.
# --matrix-kernel NAME passes `--matrix-kernel NAME` (automatic, openblas, own) to our side alone, without touching
# the environment: `own` puts our float32 products on our threaded kernel where OpenBLAS recognises the CPU.
#
# The PyTorch interpreter is $LGF_TORCH_PYTHON (default python3); the reference scripts are in the folder
# $LGF_TORCH_REFERENCE names (no default; they are not part of this repository).
#
# Usage: benchmarks/compare-flows.sh [--threads "1 2"] [--rounds 3] [--configs "2d power gas miniboone"]
#          [--models "maf lgf"] [--phases "train eval"] [--K 1000] [--eval-points 100] [--chunk-points 10]
#          [--rows-per-pass 2000] [--repeats 5] [--steps-per-repeat 20] [--epochs 5] [--foreign-thresh 0.10]
#          [--idle-wait 30] [--cpu-time] [--autodetect-blas | --blas-coretype NAME] [--matrix-kernel NAME] [--scratch-path DIR]
#          [--skip-build] [--keep DIR]
set -euo pipefail

COMPARE_NAME=compare-flows
source "$(dirname "$0")/compare-common.sh"

thread_counts=1 rounds=3 configs="2d power gas miniboone" models="maf lgf" phases="train eval"
K=1000 eval_points=100 chunk_points=10 rows_per_pass=2000 repeats=5 steps_per_repeat=20 epochs=5
foreign_thresh=0.10 idle_wait=30 cpu_time=0 blas_mode=inherit blas_coretype="" matrix_kernel=automatic scratch="" skip_build=0 keep=""

while [ $# -gt 0 ]; do
    case "$1" in
        --threads) thread_counts="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --configs) configs="$2"; shift 2 ;;
        --models) models="$2"; shift 2 ;;
        --phases) phases="$2"; shift 2 ;;
        --K) K="$2"; shift 2 ;;
        --eval-points) eval_points="$2"; shift 2 ;;
        --chunk-points) chunk_points="$2"; shift 2 ;;
        --rows-per-pass) rows_per_pass="$2"; shift 2 ;;
        --repeats) repeats="$2"; shift 2 ;;
        --steps-per-repeat) steps_per_repeat="$2"; shift 2 ;;
        --epochs) epochs="$2"; shift 2 ;;
        --foreign-thresh) foreign_thresh="$2"; shift 2 ;;
        --idle-wait) idle_wait="$2"; shift 2 ;;
        --cpu-time) cpu_time=1; shift ;;
        --autodetect-blas) blas_mode=autodetect; shift ;;
        --blas-coretype) blas_mode=coretype; blas_coretype="$2"; shift 2 ;;
        --matrix-kernel) matrix_kernel="$2"; shift 2 ;;
        --scratch-path) scratch="$2"; shift 2 ;;
        --skip-build) skip_build=1; shift ;;
        --keep) keep="$2"; shift 2 ;;
        -h|--help) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "compare-flows: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

compare_reference bench.py

# Benchmark-only environment for both sides.
case "$blas_mode" in
    inherit) COMPARE_ENV=() ;;
    autodetect) COMPARE_ENV=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE) ;;
    coretype) COMPARE_ENV=(env -u OPENBLAS_L2_SIZE "OPENBLAS_CORETYPE=$blas_coretype") ;;
esac

compare_build "$scratch" "$skip_build"
compare_workdir

for round in $(seq 1 "$rounds"); do
    for config in $configs; do
        for model in $models; do
            ours_model=maf; [ "$model" = lgf ] && ours_model=lgf-maf
            for phase in $phases; do
              for threads in $thread_counts; do
                key="$config/$model/$phase/t$threads"
                if [ "$phase" = train ]; then
                    ours=("$LGF" bench train --dataset "$config" --model "$ours_model" --threads "$threads" --matrix-kernel "$matrix_kernel"
                          --repeats "$repeats" --steps-per-repeat "$steps_per_repeat" --foreign-threshold "$foreign_thresh" --json)
                    torch=("$PYTHON" "$BENCH_PY" --config "$config" --model "$model" --threads "$threads" --phase train
                           --epochs "$epochs" --foreign-thresh "$foreign_thresh" --idle-wait "$idle_wait" --out "$work/torch.jsonl")
                    cpu=("$PYTHON" "$ROOT/benchmarks/torch_flow_cpu.py" --config "$config" --model "$model" --threads "$threads"
                         --phase train --repeats "$repeats" --steps "$steps_per_repeat")
                else
                    ours=("$LGF" bench evaluate --dataset "$config" --model "$ours_model" --threads "$threads" --matrix-kernel "$matrix_kernel"
                          --importance-samples "$K" --evaluation-points "$eval_points" --points-per-call "$chunk_points"
                          --rows-per-pass "$rows_per_pass" --foreign-threshold "$foreign_thresh" --json)
                    torch=("$PYTHON" "$BENCH_PY" --config "$config" --model "$model" --threads "$threads" --phase eval
                           --K "$K" --eval-points "$eval_points" --chunk-points "$chunk_points"
                           --foreign-thresh "$foreign_thresh" --idle-wait "$idle_wait" --out "$work/torch.jsonl")
                    cpu=("$PYTHON" "$ROOT/benchmarks/torch_flow_cpu.py" --config "$config" --model "$model" --threads "$threads"
                         --phase eval --K "$K" --eval-points "$eval_points" --chunk-points "$chunk_points")
                fi
                compare_pair "$round" "$key"
                if [ "$cpu_time" = 1 ]; then
                    compare_record torch-cpu "$round" "$key" "${cpu[@]}"
                fi
              done
            done
        done
    done
done

compare_keep "$keep"

"$PYTHON" - "$results" "$thread_counts" "$rounds" "$blas_mode" "$blas_coretype" "$K" <<'PYTHON'
import json, statistics, sys
path, threads, rounds, blas_mode, coretype, K = sys.argv[1:7]
rows = [json.loads(line) for line in open(path) if line.strip()]
keys = []
for r in rows:
    if r["key"] not in keys:
        keys.append(r["key"])

def values(key, side, field):
    out = []
    for r in rows:
        if r["key"] == key and r["side"] == side and r["result"].get(field) is not None:
            v = r["result"][field]
            if isinstance(v, (int, float)) and v == v:
                out.append(float(v))
    return out

def med(xs):
    return statistics.median(xs) if xs else float("nan")

def fmt(x, digits=1):
    return "n/a" if x != x else f"{x:,.{digits}f}"

cores = sorted({r["result"].get("matrixKernel", r["result"].get("coreName", "?")) for r in rows if r["side"] == "ours"})
torch_version = next((r["result"].get("torch") for r in rows if r["side"] == "torch"), "?")
env = {"inherit": "environment as inherited", "autodetect": "OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset",
       "coretype": f"OPENBLAS_CORETYPE={coretype}"}[blas_mode]
print(f"threads {threads} (the same on both sides); {rounds} interleaved rounds; medians over rounds; {env}")
print(f"ours: float32 products by {'/'.join(cores)};  torch {torch_version} (MKL)")
print()
print(f"{'config':<10} {'model':<5} {'phase':<6} {'thr':>3} {'unit':<9} {'ours':>11} {'torch':>11} {'ours/torch':>10}"
      f" {'ours MiB':>9} {'torch MiB':>9} {'params ours/torch':>19}")
summary = []
for key in keys:
    config, model, phase, tkey = key.split("/")
    nthreads = int(tkey[1:])
    if phase == "train":
        ours, torch, unit = med(values(key, "ours", "samplesPerSecond")), med(values(key, "torch", "train_samples_per_s")), "samples/s"
    else:
        ours, torch, unit = med(values(key, "ours", "pointsPerSecond")), med(values(key, "torch", "eval_points_per_s")), "points/s"
    ours_mem, torch_mem = med(values(key, "ours", "peakMemoryMiB")), med(values(key, "torch", "peak_rss_mb"))
    ours_params, torch_params = med(values(key, "ours", "parameters")), med(values(key, "torch", "params"))
    ratio = ours / torch if torch == torch and torch > 0 else float("nan")
    digits = 2 if max(ours if ours == ours else 0, torch if torch == torch else 0) < 100 else 0
    print(f"{config:<10} {model:<5} {phase:<6} {nthreads:>3} {unit:<9} {fmt(ours, digits):>11} {fmt(torch, digits):>11} {fmt(ratio, 2):>10}"
          f" {fmt(ours_mem):>9} {fmt(torch_mem):>9} {fmt(ours_params, 0) + ' / ' + fmt(torch_params, 0):>19}")
    row = dict(config=config, model=model, phase=phase, threads=nthreads, ours=ours, torch=torch, ratio=ratio,
               oursPeakMiB=ours_mem, torchPeakMiB=torch_mem, oursParameters=ours_params, torchParameters=torch_params,
               oursRuns=len(values(key, "ours", "parameters")), torchRuns=len(values(key, "torch", "params")))
    if phase == "train":
        row["oursMsPerStep"] = med(values(key, "ours", "msPerStep"))
        row["torchMsPerStep"] = med(values(key, "torch", "train_ms_per_step"))
        row["oursCleanFraction"] = med(values(key, "ours", "cleanFraction"))
    else:
        row["oursSamplingSeconds"] = med(values(key, "ours", "samplingSeconds"))
        row["oursSampleCount"] = med(values(key, "ours", "sampleCount"))
    cpu_torch = values(key, "torch-cpu", "cpu_ms_per_step" if phase == "train" else "cpu_points_per_s")
    if cpu_torch:
        if phase == "train":
            o, t = med(values(key, "ours", "cpuMsPerStep")), med(cpu_torch)
            row.update(oursCPUMsPerStep=o, torchCPUMsPerStep=t, cpuRatio=t / o if o > 0 else float("nan"))
            o, t = med(values(key, "ours", "cpuMsPerStepFastestTenth")), med(values(key, "torch-cpu", "cpu_ms_per_step_fastest_tenth"))
            row.update(oursCPUMsPerStepFast=o, torchCPUMsPerStepFast=t, cpuRatioFast=t / o if o > 0 else float("nan"))
        else:
            o, t = med(values(key, "ours", "cpuPointsPerSecond")), med(cpu_torch)
            row.update(oursCPUPointsPerSecond=o, torchCPUPointsPerSecond=t, cpuRatio=o / t if t > 0 else float("nan"))
            o, t = med(values(key, "ours", "cpuPointsPerSecondFastestTenth")), med(values(key, "torch-cpu", "cpu_points_per_s_fastest_tenth"))
            row.update(oursCPUPointsPerSecondFast=o, torchCPUPointsPerSecondFast=t, cpuRatioFast=o / t if t > 0 else float("nan"))
    summary.append(row)

if any("cpuRatio" in r for r in summary):
    print()
    print("process CPU time (torch side: benchmarks/torch_flow_cpu.py; ratio = torch cost / our cost); median steps or")
    print("calls, and the fast tail (the fastest tenth: contention on a shared core only ever slows a step down)")
    print(f"{'config':<10} {'model':<5} {'phase':<6} {'ours':>16} {'torch':>16} {'ratio':>7} {'ours fast':>16} {'torch fast':>16} {'ratio':>7}")
    for r in summary:
        if "cpuRatio" not in r:
            continue
        if r["phase"] == "train":
            o, t = f"{r['oursCPUMsPerStep']:.2f} ms/step", f"{r['torchCPUMsPerStep']:.2f} ms/step"
            of, tf = f"{r['oursCPUMsPerStepFast']:.2f} ms/step", f"{r['torchCPUMsPerStepFast']:.2f} ms/step"
        else:
            o, t = f"{r['oursCPUPointsPerSecond']:.2f} pts/s", f"{r['torchCPUPointsPerSecond']:.2f} pts/s"
            of, tf = f"{r['oursCPUPointsPerSecondFast']:.2f} pts/s", f"{r['torchCPUPointsPerSecondFast']:.2f} pts/s"
        print(f"{r['config']:<10} {r['model']:<5} {r['phase']:<6} {o:>16} {t:>16} {r['cpuRatio']:>7.2f} {of:>16} {tf:>16} {r['cpuRatioFast']:>7.2f}")

counts = sorted({r["threads"] for r in summary})
if len(counts) > 1:
    print()
    print(f"scaling from {counts[0]} thread(s): each side's figure at N threads / its figure at {counts[0]}")
    print(f"{'config':<10} {'model':<5} {'phase':<6} " + " ".join(f"{'ours ' + str(c):>8} {'torch ' + str(c):>8}" for c in counts[1:]))
    base = {(r["config"], r["model"], r["phase"]): r for r in summary if r["threads"] == counts[0]}
    for (config, model, phase), r0 in base.items():
        cells = []
        for c in counts[1:]:
            rc = next((r for r in summary if (r["config"], r["model"], r["phase"], r["threads"]) == (config, model, phase, c)), None)
            o = rc["ours"] / r0["ours"] if rc and r0["ours"] > 0 else float("nan")
            t = rc["torch"] / r0["torch"] if rc and r0["torch"] > 0 else float("nan")
            cells.append(f"{fmt(o, 2):>8} {fmt(t, 2):>8}")
            if rc:
                rc["oursScaling"], rc["torchScaling"] = o, t
        print(f"{config:<10} {model:<5} {phase:<6} " + " ".join(cells))

sampling = [r for r in summary if r["phase"] == "eval" and r.get("oursSamplingSeconds") == r.get("oursSamplingSeconds")]
if sampling:
    print()
    print("ours, sampling: " + "; ".join(
        f"{r['config']} {r['model']}: {int(r['oursSampleCount']):,} points in {r['oursSamplingSeconds']:.3f} s" for r in sampling))
print()
print(json.dumps(dict(threads=[int(t) for t in threads.split()], rounds=int(rounds), blas=env, oursBLAS=cores, K=int(K), rows=summary), sort_keys=True))
PYTHON
