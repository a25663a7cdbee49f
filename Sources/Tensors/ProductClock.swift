#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The thread CPU time spent inside matrix products, for benchmarks that report what share of a training step
/// the products take ("ms per step and the share of it spent in sgemm") measured inside the step itself, with
/// the step's own operands and cache state. Off (one branch per product) unless `measure` is running.
package enum ProductClock {
    // nonisolated(unsafe): written only by `measure`, which benchmarks call from one thread with nothing else
    // running; products on worker threads (conv2d's parts) read `isRunning` as false outside it. Not reentrant,
    // and not for use while other threads multiply: issue #12 moves it out of the library behind a hook.
    nonisolated(unsafe) private static var isRunning = false
    nonisolated(unsafe) private static var total = 0.0

    /// Runs `body` and returns the thread CPU seconds it spent inside matrix products (not reentrant).
    package static func measure(_ body: () -> Void) -> Double {
        total = 0
        isRunning = true
        defer { isRunning = false }
        body()
        return total
    }

    /// Runs one product, adding its thread CPU time to the running measurement if there is one.
    @inline(__always)
    static func timing(_ product: () -> Void) {
        guard isRunning else { return product() }
        let start = threadCPUTime()
        product()
        total += threadCPUTime() - start
    }

    /// CPU seconds this thread has used.
    package static func threadCPUTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
