#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The CPU time spent inside matrix products, for benchmarks that report what share of a training step
/// the products take ("ms per step and the share of it spent in sgemm") measured inside the step itself, with
/// the step's own operands and cache state. Off (one relaxed load per product) unless `measure` is running.
///
/// Every thread that works on a product counts its own thread CPU time: the thread that calls the product (its
/// parts, and its wait for the helpers), and each `WorkerPool` helper that runs parts of it (`ParallelGEMM` times
/// each part). A thread already inside a timed product (the caller running its own parts) does not count them
/// again, so at any thread count the sum is the CPU time the products cost, comparable with the step's process
/// CPU time. Products that a region's parts call on helper threads (conv2d's, a chunk of the importance-sampling
/// estimator's) are counted on those threads.
package enum ProductClock {
    /// Whether `measure` is running. Atomic: products on helper threads read it while `measure` writes it.
    private static let isRunning = Atomic<Bool>(false)
    /// Nanoseconds of CPU time counted so far, added to by every thread that times a product.
    private static let nanoseconds = Atomic<Int>(0)
    /// Whether this task or thread is inside a timed product already (so its parts are not counted twice).
    @TaskLocal private static var isInsideProduct = false

    /// Runs `body` and returns the CPU seconds that it and the pool's helpers spent inside matrix products (not
    /// reentrant, and not for use while other computations multiply: it would count their products too).
    package static func measure(_ body: () -> Void) -> Double {
        nanoseconds.store(0, ordering: .relaxed)
        isRunning.store(true, ordering: .releasing)
        body()
        isRunning.store(false, ordering: .releasing)
        return Double(nanoseconds.load(ordering: .acquiring)) * 1e-9
    }

    /// Runs one product, or one part of a product on whichever thread runs it, adding the thread CPU time it takes
    /// to the running measurement if there is one and this thread is not already inside a timed product.
    @inline(__always)
    static func timing(_ product: () -> Void) {
        guard isRunning.load(ordering: .relaxed), !isInsideProduct else { return product() }
        let start = threadCPUNanoseconds()
        $isInsideProduct.withValue(true) { product() }
        nanoseconds.add(threadCPUNanoseconds() - start, ordering: .relaxed)
    }

    /// CPU seconds this thread has used.
    package static func threadCPUTime() -> Double {
        Double(threadCPUNanoseconds()) * 1e-9
    }

    private static func threadCPUNanoseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }
}
