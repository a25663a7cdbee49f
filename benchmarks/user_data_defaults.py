#!/usr/bin/env python3
"""Measures `lgf train`'s defaults for users' files: trains and evaluates one model per line of a plan, two at a
time, and appends one JSON object per run to a results file (the run's summary, its test log-likelihood and
standard error, its wall and CPU seconds).

    python3 benchmarks/user_data_defaults.py PLAN RESULTS [--lgf .build/release/lgf] [--jobs 2] [--runs runs/defaults]

A plan line is `LABEL | MODEL | TRAIN-FILE[,VALIDATION-FILE,TEST-FILE] | FLAGS...` (FLAGS are passed to `lgf train`
as they are; `#` starts a comment; `$VARIABLES` in files and flags are expanded). The test estimate of a localised model uses `--importance-samples`, 100 unless
a line's FLAGS end with `|| K`. Runs already in RESULTS are skipped, so a plan can be extended and run again. The 2-D
files come from `benchmarks/two_d_densities.py`, whose `optima.json` gives each test file's optimum.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor


def parse_plan(path):
    runs = []
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = [field.strip() for field in line.split("|")]
        samples = 100
        if len(fields) >= 6 and fields[-2] == "" and fields[-1]:
            samples = int(fields[-1])
            fields = fields[:-2]
        label, model, files = fields[0], fields[1], [os.path.expandvars(file) for file in fields[2].split(",")]
        flags = [os.path.expandvars(flag) for flag in fields[3].split()] if len(fields) > 3 else []
        runs.append({"label": label, "model": model, "files": files, "flags": flags, "samples": samples})
    return runs


def command_output(command):
    """The command's last stdout line as JSON, its wall seconds and its own CPU seconds (from wait4, so that runs
    going on beside it in other threads are not counted)."""
    started = time.time()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): {stderr[-2000:]}")
    return json.loads(stdout.strip().splitlines()[-1]), time.time() - started, usage.ru_utime + usage.ru_stime


def run_one(run, lgf, folder):
    output = os.path.join(folder, run["label"].replace("/", "_") + "-" + run["model"])
    if os.path.exists(output):
        subprocess.run(["rm", "-rf", output], check=True)
    files = run["files"]
    data = ["--train-file", files[0]] + (["--validation-file", files[1], "--test-file", files[2]] if len(files) == 3 else [])
    summary, train_wall, train_cpu = command_output(["nice", "-n", "10", lgf, "train", *data, "--model", run["model"], *run["flags"],
                                                     "--output", output, "--json"])
    report, eval_wall, eval_cpu = command_output(["nice", "-n", "10", lgf, "evaluate", output, "--importance-samples", str(run["samples"]),
                                                  "--json"])
    configuration = json.load(open(os.path.join(output, "configuration.json")))
    return {**run, "summary": summary, "test": report["logLikelihood"], "testStandardError": report["standardError"],
            "importanceSamples": run["samples"], "trainWallSeconds": round(train_wall, 1), "trainCPUSeconds": round(train_cpu, 1),
            "evaluateWallSeconds": round(eval_wall, 1), "training": configuration.get("training")}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("plan")
    parser.add_argument("results")
    parser.add_argument("--lgf", default=".build/release/lgf")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", default="runs/defaults")
    arguments = parser.parse_args()
    done = set()
    if os.path.exists(arguments.results):
        for line in open(arguments.results):
            record = json.loads(line)
            done.add((record["label"], record["model"]))
    plan = [run for run in parse_plan(arguments.plan) if (run["label"], run["model"]) not in done]
    os.makedirs(arguments.runs, exist_ok=True)

    def work(run):
        try:
            record = run_one(run, arguments.lgf, arguments.runs)
        except (RuntimeError, json.JSONDecodeError) as error:
            print(f"{run['label']} {run['model']}: {error}", file=sys.stderr, flush=True)
            return
        with open(arguments.results, "a") as results:
            results.write(json.dumps(record) + "\n")
        summary = record["summary"]
        print(f"{run['label']:32} {run['model']:8} test {record['test']:9.4f} ± {record['testStandardError']:.4f}  "
              f"epochs {summary['epochs']} (best {summary['bestEpoch']})  {record['trainWallSeconds']} s", flush=True)

    with ThreadPoolExecutor(max_workers=arguments.jobs) as pool:
        list(pool.map(work, plan))


if __name__ == "__main__":
    main()
