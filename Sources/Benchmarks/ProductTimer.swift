#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Tensors

/// The CPU time spent inside matrix products, for benchmarks that report what share of a training step the products
/// take ("ms per step and the share of it spent in sgemm"), measured inside the step itself, with the step's own
/// operands and cache state (installed through `ProductClock`, which costs the library nothing when no timer is).
///
/// Every thread that works on a product counts its own thread CPU time: the thread that calls the product (its
/// parts, and its wait for the helpers), and each `WorkerPool` helper that runs parts of it. A thread already inside
/// a timed product (the caller running its own parts) does not count them again, so at any thread count the sum is
/// the CPU time the products cost, comparable with the step's process CPU time. Products that a region's parts call
/// on helper threads (conv2d's, a chunk of the importance-sampling estimator's) are counted on those threads.
final class ProductTimer: ProductObserver {
    /// Nanoseconds of CPU time counted so far, added to by every thread that times a product.
    private let nanoseconds = Atomic<Int>(0)
    /// Whether this task or thread is inside a timed product already (so its parts are not counted twice).
    @TaskLocal private static var isInsideProduct = false

    /// Runs `body` and returns the CPU seconds that it and the pool's helpers spent inside matrix products.
    static func measure(_ body: () -> Void) -> Double {
        let timer = ProductTimer()
        ProductClock.observing(with: timer, body)
        return Double(timer.nanoseconds.load(ordering: .acquiring)) * 1e-9
    }

    func observe(_ product: () -> Void) {
        guard !Self.isInsideProduct else { return product() }
        let start = Self.threadCPUNanoseconds()
        Self.$isInsideProduct.withValue(true) { product() }
        nanoseconds.add(Self.threadCPUNanoseconds() - start, ordering: .relaxed)
    }

    private static func threadCPUNanoseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }
}
