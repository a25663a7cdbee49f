# Shared by the compare-*.sh scripts (sourced, not run): paths, building lgf, the results file, and running the two
# sides of one comparison back to back. Set COMPARE_NAME (used in messages) before sourcing.
#
#   ROOT, PYTHON, REFERENCE        the repository root, the PyTorch interpreter ($LGF_TORCH_PYTHON, default python3)
#                                  and the folder of the PyTorch reference scripts ($LGF_TORCH_REFERENCE, no default:
#                                  bench.py, image_bench.py, lgf_models.py, image_models.py; not part of this repository)
#   compare_reference SCRIPT       sets BENCH_PY to $REFERENCE/SCRIPT, or stops with a message saying what to set
#   COMPARE_ENV                    an array prefixed to both sides' commands (e.g. env -u OPENBLAS_CORETYPE); empty
#   compare_build SCRATCH SKIP     builds lgf in release mode (not when SKIP is 1) and sets LGF to its path
#   compare_workdir                makes $work (removed at a normal exit, kept and named on SIGINT/SIGTERM) and an
#                                  empty $results file
#   compare_keep DIR               copies $results into DIR (nothing when DIR is empty)
#   compare_record SIDE ROUND KEY COMMAND...
#                                  runs COMMAND and appends {"side", "round", "key", "result"} to $results, the result
#                                  being the last line of its output that starts with {; a failure is reported and skipped
#   compare_pair ROUND KEY         runs the arrays `ours` and `torch` with compare_record, ours first in odd rounds and
#                                  torch first in even ones, so that noise from other processes hits both sides alike

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${LGF_TORCH_PYTHON:-python3}"
REFERENCE="${LGF_TORCH_REFERENCE:-}"
COMPARE_ENV=()

compare_reference() {  # script
    if [ -z "$REFERENCE" ]; then
        echo "$COMPARE_NAME: set LGF_TORCH_REFERENCE to the folder holding the PyTorch reference's $1" >&2; exit 1
    fi
    BENCH_PY="$REFERENCE/$1"
    [ -f "$BENCH_PY" ] || { echo "$COMPARE_NAME: $BENCH_PY not found (LGF_TORCH_REFERENCE=$REFERENCE)" >&2; exit 1; }
}

compare_build() {  # scratch skip
    local build=(swift build -c release --product lgf)
    [ -n "$1" ] && build+=(--scratch-path "$1")
    if [ "$2" != 1 ]; then
        echo "building lgf (release)…" >&2
        (cd "$ROOT" && "${build[@]}" >/dev/null)
    fi
    LGF="$(cd "$ROOT" && "${build[@]}" --show-bin-path)/lgf"
}

compare_workdir() {
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    # An interrupted comparison keeps the rounds it finished (minutes of measurement) and says where they are.
    trap 'echo "$COMPARE_NAME: interrupted; the rounds finished so far are in $results" >&2; trap - EXIT; exit 130' INT TERM
    results="$work/results.jsonl"
    : > "$results"
}

compare_keep() {  # dir
    [ -z "$1" ] && return 0
    mkdir -p "$1" && cp "$results" "$1/"
}

compare_record() {  # side round key command...
    local side="$1" round="$2" key="$3"; shift 3
    local log="$work/log.txt"
    echo "  round $round: $side $key ($(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo ?))" >&2
    if ! "${COMPARE_ENV[@]}" "$@" >"$log" 2>&1; then
        echo "$COMPARE_NAME: $side $key failed:" >&2; tail -5 "$log" >&2; return 0
    fi
    grep '^{' "$log" | tail -1 | "$PYTHON" -c '
import json, sys
print(json.dumps(dict(side=sys.argv[1], round=int(sys.argv[2]), key=sys.argv[3], result=json.loads(sys.stdin.read()))))' \
        "$side" "$round" "$key" >> "$results"
}

compare_pair() {  # round key
    if [ $(($1 % 2)) = 1 ]; then
        compare_record ours "$1" "$2" "${ours[@]}"
        compare_record torch "$1" "$2" "${torch[@]}"
    else
        compare_record torch "$1" "$2" "${torch[@]}"
        compare_record ours "$1" "$2" "${ours[@]}"
    fi
}
