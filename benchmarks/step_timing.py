"""Timing of PyTorch training steps shared by the comparison scripts (compare-splines.py, compare-conditional.py):
warm-up, then every step timed by wall clock and by process CPU time, summarised as `lgf bench train` summarises
ours (medians, and the fastest tenth of the CPU times, which contention from other processes can only lengthen)."""
import resource
import statistics
import time


def quantile(samples, fraction):
    """Linear interpolation between order statistics (as the Swift side's Stopwatch.quantile)."""
    ordered = sorted(samples)
    position = fraction * (len(ordered) - 1)
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] * (1 - (position - lower)) + ordered[upper] * (position - lower)


def add_timing_arguments(parser):
    """The options of a timed training run: threads, batch, timed repeats of steps, warm-up steps and seed."""
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--steps", type=int, default=20, help="steps per repeat; the figures are medians over all timed steps")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)


def timed_steps(step, warmup, repeats, steps, batch):
    """Runs `step` (which returns the loss) at least `warmup` times and for at least 0.3 s, then `repeats * steps` timed
    times; returns the JSON fields of the timing: samples per second, median wall and CPU milliseconds per step, the
    fastest tenth of the CPU times, the mean loss of the last `steps` steps, and the peak resident memory."""
    start, warmed = time.perf_counter(), 0
    while warmed < warmup or time.perf_counter() - start < 0.3:
        step()
        warmed += 1
    walls, cpus, losses = [], [], []
    for _ in range(repeats * steps):
        c0, t0 = time.process_time(), time.perf_counter()
        losses.append(step())
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    cpu_ms = 1e3 * statistics.median(cpus)
    return dict(train_samples_per_s=batch / statistics.median(walls), step_median_ms=1e3 * statistics.median(walls),
                cpu_ms_per_step=cpu_ms, cpu_samples_per_s=1e3 * batch / cpu_ms,
                cpu_ms_per_step_fastest_tenth=1e3 * quantile(cpus, 0.1), final_loss=statistics.fmean(losses[-steps:]),
                warmup_steps=warmed, steps=len(cpus), peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
