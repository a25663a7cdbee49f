#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock timing for the benchmarks: monotonic, nanosecond resolution, no allocation.
enum Stopwatch {
    /// Seconds on the monotonic clock since an arbitrary origin.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// CPU seconds used by all threads of this process since it started. Unlike wall time it does not grow
    /// while another process holds the core, so on a shared machine it shows the work itself.
    static func processCPUTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// The seconds `body` took.
    @inline(__always)
    static func seconds(_ body: () -> Void) -> Double {
        let start = now()
        body()
        return now() - start
    }

    /// The wall-clock and process CPU seconds `body` took.
    @inline(__always)
    static func wallAndCPUSeconds(_ body: () -> Void) -> (wall: Double, cpu: Double) {
        let cpuStart = processCPUTime(), start = now()
        body()
        let end = now(), cpuEnd = processCPUTime()
        return (end - start, cpuEnd - cpuStart)
    }

    /// The `fraction` quantile (0…1) of `samples`, linearly interpolated; the median for 0.5.
    static func quantile(_ samples: [Double], _ fraction: Double) -> Double {
        precondition(!samples.isEmpty, "quantile of no samples")
        let sorted = samples.sorted()
        let position = fraction * Double(sorted.count - 1)
        let lower = Int(position), upper = min(lower + 1, sorted.count - 1)
        let weight = position - Double(lower)
        return sorted[lower] * (1 - weight) + sorted[upper] * weight
    }
}
